//! Which figures of a standard report the association layer may not see (SPEC 7.4).
//! Figures are named by their place in the JSON report (`exit_reasons.arbete.kvinna`).
//! The report's tables share totals (exit reasons and occupation at exit both add
//! up to the exited), so a figure withheld in one table is withheld in every table
//! that shows it, and the tables are suppressed again until nothing changes.

use crate::disclosure::{Mask, Table, goal_may_show, small, suppress_from};
use crate::standard::{Counts, StandardReport};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Why a figure is withheld, and so how it is marked (SPEC 7.4): a mark never
/// states something false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// A count of 1 to 4 people (a primary cell): `<5`.
    Small,
    /// Withheld only so that a small count cannot be worked out by subtraction
    /// (a secondary cell), whatever its size: `..`.
    Protective,
}

impl Mark {
    /// The mark as every output writes it.
    pub fn text(self) -> &'static str {
        match self {
            Mark::Small => "<5",
            Mark::Protective => "..",
        }
    }

    /// The mark of a withheld count of `value`.
    pub fn of(value: u64) -> Self {
        if small(value) {
            Mark::Small
        } else {
            Mark::Protective
        }
    }
}

/// The withheld figures of one report, each with its mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Withheld {
    marks: BTreeMap<String, Mark>,
    applied: bool,
}

/// A table whose every place is named, so that the same figure can be found in
/// other tables.
pub(crate) struct Named {
    /// `(name, value)` of each interior cell, row by row.
    pub(crate) cells: Vec<Vec<(String, u64)>>,
    /// The name of each row's total.
    pub(crate) row_totals: Vec<String>,
    /// The name of each column's total.
    pub(crate) column_totals: Vec<String>,
    /// The name of the grand total.
    pub(crate) grand_total: String,
}

const SEXES: [&str; 3] = ["kvinna", "man", "okand"];

fn by_sex(c: &Counts) -> [u64; 3] {
    [c.kvinna, c.man, c.okand]
}

impl Named {
    /// Rows of sex-split counts named `{prefix}.{row}.{sex}`, whose column totals
    /// are the figures `{totals}.{sex}` and `{totals}.total`.
    pub(crate) fn by_sex<'a>(
        prefix: &str,
        rows: impl IntoIterator<Item = (&'a str, &'a Counts)>,
        totals: &str,
    ) -> Self {
        let mut cells = Vec::new();
        let mut row_totals = Vec::new();
        for (row, counts) in rows {
            let name = if prefix.is_empty() {
                row.to_string()
            } else {
                format!("{prefix}.{row}")
            };
            cells.push(
                SEXES
                    .iter()
                    .zip(by_sex(counts))
                    .map(|(sex, v)| (format!("{name}.{sex}"), v))
                    .collect(),
            );
            row_totals.push(format!("{name}.total"));
        }
        Named {
            cells,
            row_totals,
            column_totals: SEXES.iter().map(|s| format!("{totals}.{s}")).collect(),
            grand_total: format!("{totals}.total"),
        }
    }

    pub(crate) fn table(&self) -> Table {
        Table {
            cells: self
                .cells
                .iter()
                .map(|r| r.iter().map(|(_, v)| *v).collect())
                .collect(),
        }
    }

    fn seed(&self, known: &BTreeSet<String>) -> Mask {
        let has = |n: &String| known.contains(n);
        Mask {
            cells: self
                .cells
                .iter()
                .map(|r| r.iter().map(|(n, _)| has(n)).collect())
                .collect(),
            row_totals: self.row_totals.iter().map(has).collect(),
            column_totals: self.column_totals.iter().map(has).collect(),
            grand_total: has(&self.grand_total),
        }
    }

    /// Every named figure of the table with its value.
    pub(crate) fn values(&self) -> Vec<(String, u64)> {
        let t = self.table();
        let mut out: Vec<(String, u64)> = self.cells.iter().flatten().cloned().collect();
        for (i, name) in self.row_totals.iter().enumerate() {
            out.push((name.clone(), t.row_total(i)));
        }
        for (j, name) in self.column_totals.iter().enumerate() {
            out.push((name.clone(), t.column_total(j)));
        }
        out.push((self.grand_total.clone(), t.grand_total()));
        out
    }

    fn withheld(&self, m: &Mask, out: &mut BTreeSet<String>) {
        for (row, hidden) in self.cells.iter().zip(&m.cells) {
            for ((name, _), h) in row.iter().zip(hidden) {
                if *h {
                    out.insert(name.clone());
                }
            }
        }
        for (name, h) in self.row_totals.iter().zip(&m.row_totals) {
            if *h {
                out.insert(name.clone());
            }
        }
        for (name, h) in self.column_totals.iter().zip(&m.column_totals) {
            if *h {
                out.insert(name.clone());
            }
        }
        if m.grand_total {
            out.insert(self.grand_total.clone());
        }
    }
}

/// Withholds a spread of days (`name.n` and its quartiles) with `mark`.
fn hide_spread(name: &str, mark: Mark, marks: &mut BTreeMap<String, Mark>) {
    for part in ["n", "q1", "median", "q3"] {
        marks.insert(format!("{name}.{part}"), mark);
    }
}

fn rows(map: &BTreeMap<String, Counts>) -> impl Iterator<Item = (&str, &Counts)> {
    map.iter().map(|(k, v)| (k.as_str(), v))
}

/// Age bands against exited/active and against started/carried over: each band's
/// two figures add up to its participants, each column to the report's figure.
fn age_band_flows(r: &StandardReport) -> [Named; 2] {
    let table =
        |parts: [&str; 2], value: &dyn Fn(&crate::standard::Flows, &Counts) -> [u64; 2]| Named {
            cells: r
                .age_band_flows
                .iter()
                .map(|(band, f)| {
                    let v = value(f, &r.age_bands[band]);
                    parts
                        .iter()
                        .zip(v)
                        .map(|(part, n)| (format!("age_band_flows.{band}.{part}"), n))
                        .collect()
                })
                .collect(),
            row_totals: r
                .age_band_flows
                .keys()
                .map(|band| format!("age_bands.{band}.total"))
                .collect(),
            column_totals: parts.iter().map(|p| format!("{p}.total")).collect(),
            grand_total: "participants.total".into(),
        };
    [
        table(["exited", "active_at_end"], &|f, _| {
            [f.exited, f.active_at_end]
        }),
        table(["started", "carried_over"], &|f, c| {
            [f.started, c.total - f.started]
        }),
    ]
}

/// The report's tables with their shared totals.
pub(crate) fn tables(r: &StandardReport) -> Vec<Named> {
    let carried = Counts {
        kvinna: r.participants.kvinna - r.started.kvinna,
        man: r.participants.man - r.started.man,
        okand: r.participants.okand - r.started.okand,
        total: r.participants.total - r.started.total,
    };
    let mut out = vec![
        Named::by_sex(
            "",
            [("started", &r.started), ("carried_over", &carried)],
            "participants",
        ),
        Named::by_sex(
            "",
            [("exited", &r.exited), ("active_at_end", &r.active_at_end)],
            "participants",
        ),
        Named::by_sex("age_bands", rows(&r.age_bands), "participants"),
        Named::by_sex(
            "referral_sources",
            rows(&r.referral_sources),
            "participants",
        ),
        Named::by_sex("exit_reasons", rows(&r.exit_reasons), "exited"),
        Named::by_sex("occupation_at_exit", rows(&r.occupation_at_exit), "exited"),
    ];
    out.extend(age_band_flows(r));
    for (source, units) in &r.referral_units {
        out.push(Named::by_sex(
            &format!("referral_units.{source}"),
            rows(units),
            &format!("referral_sources.{source}"),
        ));
    }
    for (key, map) in [
        ("employment_forms", &r.employment_forms),
        ("employment_extents", &r.employment_extents),
        ("study_forms", &r.study_forms),
    ] {
        out.push(Named::by_sex(key, rows(map), &format!("{key}._total")));
    }
    for (question, c) in &r.experience_change {
        out.push(Named::by_sex(
            &format!("experience_change.{question}"),
            [
                ("improved", &c.improved),
                ("unchanged", &c.unchanged),
                ("worse", &c.worse),
            ],
            &format!("experience_change.{question}.pairs"),
        ));
    }
    for (occasion, questions) in &r.experience_answers {
        for (question, answers) in questions {
            let name = format!("experience_answers.{occasion}.{question}");
            out.push(Named::by_sex(
                &name,
                rows(answers),
                &format!("{name}._total"),
            ));
        }
    }
    out.push(Named {
        cells: r
            .caseload_per_coach
            .iter()
            .map(|(coach, n)| vec![(format!("caseload_per_coach.{coach}"), *n)])
            .collect(),
        row_totals: r
            .caseload_per_coach
            .keys()
            .map(|coach| format!("caseload_per_coach.{coach}"))
            .collect(),
        column_totals: vec!["caseload_per_coach._total".into()],
        grand_total: "caseload_per_coach._total".into(),
    });
    out
}

impl Withheld {
    /// Nothing withheld: the exact report for the provider.
    pub fn none() -> Self {
        Withheld::default()
    }

    /// What may not be seen of `tables`: each suppressed, again and again, until a
    /// figure withheld in one is withheld in all.
    pub(crate) fn of_tables(tables: &[Named]) -> Self {
        let mut set = BTreeSet::new();
        loop {
            let before = set.len();
            for t in tables {
                let m = suppress_from(&t.table(), &t.seed(&set));
                t.withheld(&m, &mut set);
            }
            if set.len() == before {
                break;
            }
        }
        let values: BTreeMap<String, u64> = tables.iter().flat_map(Named::values).collect();
        let marks = set
            .into_iter()
            .map(|path| {
                let mark = Mark::of(values.get(&path).copied().unwrap_or(0));
                (path, mark)
            })
            .collect();
        Withheld {
            marks,
            applied: true,
        }
    }

    /// A report's withheld figures from their marks (joint disclosure control).
    pub fn from_marks(marks: BTreeMap<String, Mark>) -> Self {
        Withheld {
            marks,
            applied: true,
        }
    }

    /// What the association layer may not see of `r` on its own (without the
    /// reports it could be combined with; see [`crate::joint`]).
    pub fn of(r: &StandardReport) -> Self {
        let mut marks = Self::of_tables(&tables(r)).marks;
        for (before, after) in &r.income_before_after {
            for (code, n) in after {
                if small(*n) {
                    marks.insert(format!("income_before_after.{before}.{code}"), Mark::Small);
                }
            }
        }
        for (stage, s) in &r.days_per_stage {
            if small(s.n) {
                marks.insert(format!("days_per_stage.{stage}.n"), Mark::Small);
            }
        }
        Self::with_derived(r, marks)
    }

    /// `marks` of `r`'s counts completed with what is drawn from them: the spread
    /// of days goes with its count, and a goal's share with its numerator.
    pub fn with_derived(r: &StandardReport, mut marks: BTreeMap<String, Mark>) -> Self {
        let exits = marks.get("exited.total").copied();
        let days = match exits {
            Some(mark) => Some(mark),
            None => small(r.days_in_intervention.n).then_some(Mark::Small),
        };
        if let Some(mark) = days {
            hide_spread("days_in_intervention", mark, &mut marks);
        }
        let stages: Vec<(String, Mark)> = r
            .days_per_stage
            .keys()
            .filter_map(|stage| {
                let name = format!("days_per_stage.{stage}");
                marks.get(&format!("{name}.n")).map(|m| (name, *m))
            })
            .collect();
        for (name, mark) in stages {
            hide_spread(&name, mark, &mut marks);
        }
        for (i, g) in r.goals.iter().enumerate() {
            if small(g.not_judged) {
                marks.insert(format!("goals.{i}.not_judged"), Mark::Small);
            }
            if !goal_may_show(g.numerator, g.denominator) {
                marks.insert(format!("goals.{i}.numerator"), Mark::of(g.numerator));
                for part in ["value", "ci95", "met", "needed_among_open"] {
                    marks.insert(format!("goals.{i}.{part}"), Mark::Small);
                }
                if small(g.denominator) {
                    marks.insert(format!("goals.{i}.denominator"), Mark::Small);
                }
            }
        }
        Withheld {
            marks,
            applied: true,
        }
    }

    /// True when the figure named `path` is withheld.
    pub fn hides(&self, path: &str) -> bool {
        self.marks.contains_key(path)
    }

    /// The mark of the figure named `path`, when it is withheld.
    pub fn mark(&self, path: &str) -> Option<Mark> {
        self.marks.get(path).copied()
    }

    /// Every withheld figure with its mark.
    pub fn marks(&self) -> &BTreeMap<String, Mark> {
        &self.marks
    }

    /// True when disclosure control was applied (even if nothing had to be withheld).
    pub fn applied(&self) -> bool {
        self.applied
    }

    /// The report as JSON with every withheld count written as its mark (`"<5"` or
    /// `".."`) and every
    /// withheld share, interval or verdict written `null`.
    pub fn apply(&self, report: &impl serde::Serialize) -> Value {
        let mut v = serde_json::to_value(report).unwrap_or(Value::Null);
        self.mask(&mut v, "");
        v
    }

    fn mask(&self, v: &mut Value, path: &str) {
        let child = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let p = child(key);
                    if let Some(mark) = self.mark(&p) {
                        *value = match key.as_str() {
                            "value" | "ci95" | "met" | "needed_among_open" | "q1" | "median"
                            | "q3" => Value::Null,
                            _ => Value::String(mark.text().into()),
                        };
                    } else {
                        self.mask(value, &p);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.mask(item, &child(&i.to_string()));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::{Period, Spread};

    struct Dice(u64);

    impl Dice {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }

        /// Splits `total` into random counts no larger than `sizes`.
        fn fill(&mut self, total: u64, sizes: &[u64]) -> Vec<u64> {
            let mut out = vec![0; sizes.len()];
            for _ in 0..total {
                let open: Vec<usize> = (0..sizes.len()).filter(|&i| out[i] < sizes[i]).collect();
                out[open[self.next(open.len() as u64) as usize]] += 1;
            }
            out
        }

        /// Splits `total` into `parts` random counts.
        fn split(&mut self, total: u64, parts: usize) -> Vec<u64> {
            let mut out = vec![0; parts];
            for _ in 0..total {
                out[self.next(parts as u64) as usize] += 1;
            }
            out
        }
    }

    fn counts(k: u64, m: u64, o: u64) -> Counts {
        Counts {
            kvinna: k,
            man: m,
            okand: o,
            total: k + m + o,
        }
    }

    /// A map of categories whose counts add up to `total` for each sex.
    fn partition(d: &mut Dice, names: &[&str], total: &Counts) -> BTreeMap<String, Counts> {
        let k = d.split(total.kvinna, names.len());
        let m = d.split(total.man, names.len());
        let o = d.split(total.okand, names.len());
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), counts(k[i], m[i], o[i])))
            .collect()
    }

    fn report(d: &mut Dice) -> StandardReport {
        let exited = counts(d.next(25), d.next(25), d.next(4));
        let active = counts(d.next(20), d.next(20), d.next(3));
        let participants = counts(
            exited.kvinna + active.kvinna,
            exited.man + active.man,
            exited.okand + active.okand,
        );
        let started = counts(
            d.next(participants.kvinna + 1),
            d.next(participants.man + 1),
            d.next(participants.okand + 1),
        );
        let employed = counts(d.next(9), d.next(9), 0);
        let age_bands = partition(d, &["20-24", "25-29", "30-39", "40-49"], &participants);
        let sizes: Vec<u64> = age_bands.values().map(|c| c.total).collect();
        let exited_by_band = d.fill(exited.total, &sizes);
        let started_by_band = d.fill(started.total, &sizes);
        let age_band_flows = age_bands
            .keys()
            .enumerate()
            .map(|(i, band)| {
                let flows = crate::standard::Flows {
                    started: started_by_band[i],
                    exited: exited_by_band[i],
                    active_at_end: sizes[i] - exited_by_band[i],
                };
                (band.clone(), flows)
            })
            .collect();
        let referral_sources = partition(d, &["FK", "AF", "okand"], &participants);
        let referral_units = referral_sources
            .iter()
            .map(|(source, c)| {
                let units: &[&str] = match source.as_str() {
                    "FK" => &["Sjukförsäkringen", "Rehab", "okand"],
                    "AF" => &["Umeå", "Vännäs"],
                    _ => &["okand"],
                };
                (source.clone(), partition(d, units, c))
            })
            .collect();
        let pairs = counts(d.next(15), d.next(15), d.next(2));
        let mut change = partition(d, &["improved", "unchanged", "worse"], &pairs);
        let experience_change = [(
            "livet".to_string(),
            crate::questionnaire::PairedChange {
                improved: change.remove("improved").unwrap(),
                unchanged: change.remove("unchanged").unwrap(),
                worse: change.remove("worse").unwrap(),
                pairs,
            },
        )]
        .into_iter()
        .collect();
        let spread = partition(d, &["1", "2", "3", "4", "5"], &pairs);
        let experience_answers = [(
            "exit".to_string(),
            [("livet".to_string(), spread)].into_iter().collect(),
        )]
        .into_iter()
        .collect();
        StandardReport {
            experience_change,
            experience_answers,
            scope: "association:SFU".into(),
            period: Period {
                from: "2026-01-01".into(),
                to: "2026-04-30".into(),
            },
            exit_reasons: partition(d, &["arbete", "studier", "ohalsa", "flytt"], &exited),
            occupation_at_exit: partition(d, &["arbete", "studier", "sjukskriven"], &exited),
            age_bands,
            age_band_flows,
            referral_sources,
            referral_units,
            employment_forms: partition(d, &["tillsvidare", "visstid"], &employed),
            employment_extents: BTreeMap::new(),
            study_forms: BTreeMap::new(),
            income_before_after: BTreeMap::new(),
            days_in_intervention: Spread::of(vec![30, 60, 90]),
            days_per_stage: BTreeMap::new(),
            caseload_per_coach: [(1, d.next(12)), (2, d.next(12))].into_iter().collect(),
            goals: Vec::new(),
            participants,
            started,
            exited,
            active_at_end: active,
        }
    }

    #[test]
    fn a_figure_withheld_in_one_table_is_withheld_in_every_table_that_shows_it() {
        let mut d = Dice(11);
        for _ in 0..300 {
            let r = report(&mut d);
            let w = Withheld::of(&r);
            for t in tables(&r).into_iter().filter(|t| !t.cells.is_empty()) {
                let seed = t.seed(&w.marks.keys().cloned().collect());
                // Nothing more to withhold: every small cell is hidden and no known sum
                // has exactly one hidden part, in any table, with the shared totals.
                assert_eq!(
                    suppress_from(&t.table(), &seed),
                    seed,
                    "{:?}",
                    t.grand_total
                );
                for (row, hidden) in t.cells.iter().zip(&seed.cells) {
                    for ((name, v), h) in row.iter().zip(hidden) {
                        assert!(!small(*v) || *h, "{name} = {v} is shown");
                    }
                }
            }
            assert!(
                w.hides("days_in_intervention.median"),
                "a spread of 3 is withheld"
            );
        }
    }

    #[test]
    fn the_json_shows_withheld_counts_as_less_than_five() {
        let mut r = report(&mut Dice(3));
        r.exit_reasons.insert("flytt".into(), counts(0, 2, 0));
        let w = Withheld::of(&r);
        let json = w.apply(&r);
        assert_eq!(json["exit_reasons"]["flytt"]["man"], "<5");
        assert_eq!(json["days_in_intervention"]["median"], Value::Null);
        assert!(Withheld::none().apply(&r)["exit_reasons"]["flytt"]["man"] == 2);
    }
}
