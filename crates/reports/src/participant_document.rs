//! The standard participant report as a [`Document`]: one section per figure of
//! SPEC 7.3, each with its definition from the catalogue (`report.def.*`), with
//! withheld figures written as their marks: `<5` for 1–4 people, `..` for a count
//! withheld to protect another, and `–` for a share or days drawn from a withheld count.

use crate::document::{Cell, Chart, Document, Grid, Row, Section};
use crate::standard::{Counts, Spread, StandardReport};
use crate::withheld::Withheld;
use samverka_domain::goal::Goal;
use samverka_domain::questionnaire::instrument::{Question, QuestionKind};
use samverka_i18n::{Tr, capitalised, has};
use std::collections::BTreeMap;

/// What the report's figures alone do not say: names and targets.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// What the report covers, in words.
    pub scope: String,
    /// The goals behind `report.goals`, in the same order (for their sentences).
    pub goals: Vec<Goal>,
    /// Coaches' names by account id.
    pub coaches: BTreeMap<i64, String>,
    /// The caseload target per coach (lowest, highest), when the scope has one.
    pub caseload_target: Option<(u32, u32)>,
    /// Stage names by stage code.
    pub stage_names: BTreeMap<String, String>,
    /// Member organisations' names by code, for who referred the participants.
    pub source_names: BTreeMap<String, String>,
    /// The questionnaire questions, in the order they are asked (for their texts).
    pub questions: Vec<Question>,
}

/// The sections in reading order: (key, list of code labels or `None`).
const SEX_TABLES: [(&str, Option<&str>); 7] = [
    ("exit_reasons", Some("exit_reason")),
    ("occupation_at_exit", Some("occupation_group")),
    ("age_bands", None),
    ("referral_sources", Some("source")),
    ("employment_forms", Some("employment_form")),
    ("employment_extents", None),
    ("study_forms", Some("study_form")),
];

struct Builder<'a> {
    tr: Tr,
    w: &'a Withheld,
    source_names: &'a BTreeMap<String, String>,
}

impl Builder<'_> {
    fn count(&self, path: &str, n: u64) -> Cell {
        match self.w.mark(path) {
            Some(mark) => Cell::Withheld(mark),
            None => Cell::Count(n),
        }
    }

    fn sexes(&self, path: &str, c: &Counts) -> Vec<Cell> {
        [
            ("kvinna", c.kvinna),
            ("man", c.man),
            ("okand", c.okand),
            ("total", c.total),
        ]
        .iter()
        .map(|(sex, n)| self.count(&format!("{path}.{sex}"), *n))
        .collect()
    }

    fn sex_columns(&self, first: &str) -> Vec<String> {
        let mut columns = vec![self.tr.t(first).to_string()];
        for key in ["women", "men", "unknown_sex", "total"] {
            columns.push(self.tr.t(&format!("report.column.{key}")).to_string());
        }
        columns
    }

    fn section(&self, key: &str, grid: Grid, chart: Option<Chart>) -> Section {
        Section {
            key: key.to_string(),
            heading: self.tr.t(&format!("report.section.{key}")).to_string(),
            definition: self.tr.t(&format!("report.def.{key}")).to_string(),
            grid,
            chart,
        }
    }

    fn code_label(&self, list: Option<&str>, code: &str) -> String {
        if code == "okand" {
            return self.tr.t("report.unknown").to_string();
        }
        if list == Some("source") {
            return self.source_label(code);
        }
        match list {
            Some(list) => {
                let key = format!("code.{list}.{code}");
                if has(&key) {
                    capitalised(self.tr.t(&key))
                } else {
                    code.to_string()
                }
            }
            None => match code {
                "under_16" => self.tr.t("report.age.under_16").to_string(),
                "65+" => self.tr.t("report.age.65_plus").to_string(),
                c => c.replace('-', "–"),
            },
        }
    }

    /// `25–29 år`, `Under 16 år`, `65 år eller äldre`.
    fn age_label(&self, band: &str) -> String {
        match band {
            "under_16" | "65+" => self.code_label(None, band),
            _ => self
                .tr
                .f("report.age.band", &[("band", &band.replace('-', "–"))]),
        }
    }

    fn headline(&self, r: &StandardReport) -> Section {
        let rows = [
            ("participants", &r.participants, true),
            ("started", &r.started, false),
            ("exited", &r.exited, false),
            ("active_at_end", &r.active_at_end, false),
        ];
        let grid = Grid {
            columns: self.sex_columns("report.column.figure"),
            rows: rows
                .iter()
                .map(|(key, c, total)| Row {
                    label: self.tr.t(&format!("report.row.{key}")).to_string(),
                    cells: self.sexes(key, c),
                    total: *total,
                })
                .collect(),
        };
        self.section("participants", grid, Some(Chart::Bars { column: 3 }))
    }

    fn by_sex(&self, key: &str, list: Option<&str>, map: &BTreeMap<String, Counts>) -> Section {
        let mut codes: Vec<(&String, &Counts)> = map.iter().collect();
        codes.sort_by_key(|(code, _)| band_start(code));
        let mut rows: Vec<Row> = codes
            .into_iter()
            .map(|(code, c)| Row {
                label: match key {
                    "age_bands" => self.age_label(code),
                    "employment_extents" => format!("{} %", code.replace('-', "–")),
                    _ => self.code_label(list, code),
                },
                cells: self.sexes(&format!("{key}.{code}"), c),
                total: false,
            })
            .collect();
        let mut total = Counts::default();
        for c in map.values() {
            total.kvinna += c.kvinna;
            total.man += c.man;
            total.okand += c.okand;
            total.total += c.total;
        }
        let total_path = match key {
            "exit_reasons" | "occupation_at_exit" => "exited".to_string(),
            "age_bands" | "referral_sources" => "participants".to_string(),
            _ => format!("{key}._total"),
        };
        if !rows.is_empty() {
            rows.push(Row {
                label: self.tr.t("report.row.total").to_string(),
                cells: self.sexes(&total_path, &total),
                total: true,
            });
        }
        let first = format!("report.first.{key}");
        let grid = Grid {
            columns: self.sex_columns(&first),
            rows,
        };
        self.section(key, grid, Some(Chart::Bars { column: 3 }))
    }

    /// A referring organisation by name: a member's name, a catalogue label
    /// (`eget_initiativ`) or the text as imported.
    fn source_label(&self, code: &str) -> String {
        if let Some(name) = self.source_names.get(code) {
            return name.clone();
        }
        let key = format!("source.{code}");
        if has(&key) {
            self.tr.t(&key).to_string()
        } else {
            code.to_string()
        }
    }

    /// Each referring organisation's subtotal, then its units; only organisations
    /// with at least one named unit are listed.
    fn referral_units(&self, r: &StandardReport) -> Option<Section> {
        let mut rows = Vec::new();
        for (source, units) in &r.referral_units {
            if units.keys().all(|u| u == "okand") {
                continue;
            }
            rows.push(Row {
                label: self.tr.f(
                    "report.row.source_total",
                    &[("source", &self.code_label(Some("source"), source))],
                ),
                cells: self.sexes(
                    &format!("referral_sources.{source}"),
                    &r.referral_sources[source],
                ),
                total: true,
            });
            for (unit, c) in units {
                rows.push(Row {
                    label: if unit == "okand" {
                        self.tr.t("report.unit_unknown").to_string()
                    } else {
                        unit.clone()
                    },
                    cells: self.sexes(&format!("referral_units.{source}.{unit}"), c),
                    total: false,
                });
            }
        }
        if rows.is_empty() {
            return None;
        }
        let grid = Grid {
            columns: self.sex_columns("report.first.referral_units"),
            rows,
        };
        Some(self.section("referral_units", grid, None))
    }

    /// Participants, started, exited and active at end per age band.
    fn age_band_flows(&self, r: &StandardReport) -> Section {
        let mut bands: Vec<&String> = r.age_band_flows.keys().collect();
        bands.sort_by_key(|b| band_start(b));
        let mut rows: Vec<Row> = bands
            .into_iter()
            .map(|band| {
                let f = &r.age_band_flows[band];
                let path = |part: &str| format!("age_band_flows.{band}.{part}");
                Row {
                    label: self.age_label(band),
                    cells: vec![
                        self.count(&format!("age_bands.{band}.total"), r.age_bands[band].total),
                        self.count(&path("started"), f.started),
                        self.count(&path("exited"), f.exited),
                        self.count(&path("active_at_end"), f.active_at_end),
                    ],
                    total: false,
                }
            })
            .collect();
        rows.push(Row {
            label: self.tr.t("report.row.total").to_string(),
            cells: vec![
                self.count("participants.total", r.participants.total),
                self.count("started.total", r.started.total),
                self.count("exited.total", r.exited.total),
                self.count("active_at_end.total", r.active_at_end.total),
            ],
            total: true,
        });
        let mut columns = vec![self.tr.t("report.first.age_bands").to_string()];
        for key in ["participants", "started", "exited", "active_at_end"] {
            columns.push(self.tr.t(&format!("report.row.{key}")).to_string());
        }
        self.section("age_band_flows", Grid { columns, rows }, None)
    }

    fn income(&self, r: &StandardReport) -> Section {
        let mut after: Vec<&String> = r
            .income_before_after
            .values()
            .flat_map(|m| m.keys())
            .collect();
        after.sort();
        after.dedup();
        let mut columns = vec![self.tr.t("report.first.income_before_after").to_string()];
        columns.extend(
            after
                .iter()
                .map(|c| self.code_label(Some("income_source"), c)),
        );
        let rows = r
            .income_before_after
            .iter()
            .map(|(before, m)| Row {
                label: self.code_label(Some("income_source"), before),
                cells: after
                    .iter()
                    .map(|a| match m.get(*a) {
                        Some(n) => self.count(&format!("income_before_after.{before}.{a}"), *n),
                        None => Cell::Count(0),
                    })
                    .collect(),
                total: false,
            })
            .collect();
        self.section("income_before_after", Grid { columns, rows }, None)
    }

    fn spread_cells(&self, path: &str, s: &Spread) -> Vec<Cell> {
        // Days drawn from a withheld count are no count of people: they read "–".
        let days = |part: &str, v: Option<i64>| {
            if self.w.hides(&format!("{path}.{part}")) {
                Cell::Empty
            } else {
                v.map_or(Cell::Empty, Cell::Days)
            }
        };
        vec![
            self.count(&format!("{path}.n"), s.n),
            days("q1", s.q1),
            days("median", s.median),
            days("q3", s.q3),
        ]
    }

    fn days(&self, r: &StandardReport, cx: &Context) -> Section {
        let mut rows = vec![Row {
            label: self.tr.t("report.row.whole_intervention").to_string(),
            cells: self.spread_cells("days_in_intervention", &r.days_in_intervention),
            total: false,
        }];
        for (stage, s) in &r.days_per_stage {
            let label = cx.stage_names.get(stage).cloned().unwrap_or_else(|| {
                let key = format!("stage.{stage}");
                if has(&key) {
                    self.tr.t(&key).to_string()
                } else {
                    stage.clone()
                }
            });
            rows.push(Row {
                label,
                cells: self.spread_cells(&format!("days_per_stage.{stage}"), s),
                total: false,
            });
        }
        let mut columns = vec![self.tr.t("report.first.days").to_string()];
        for key in ["n", "q1", "median", "q3"] {
            columns.push(self.tr.t(&format!("report.column.{key}")).to_string());
        }
        self.section(
            "days",
            Grid { columns, rows },
            Some(Chart::Bars { column: 2 }),
        )
    }

    fn caseload(&self, r: &StandardReport, cx: &Context) -> Section {
        let target = cx
            .caseload_target
            .map_or(Cell::Empty, |(lo, hi)| Cell::Text(format!("{lo}–{hi}")));
        let verdict = |n: u64| match cx.caseload_target {
            Some((lo, _)) if n < u64::from(lo) => self.tr.t("report.caseload.below"),
            Some((_, hi)) if n > u64::from(hi) => self.tr.t("report.caseload.above"),
            Some(_) => self.tr.t("report.caseload.within"),
            None => "–",
        };
        let rows = r
            .caseload_per_coach
            .iter()
            .map(|(coach, n)| {
                let path = format!("caseload_per_coach.{coach}");
                let withheld = self.w.hides(&path);
                Row {
                    label: cx
                        .coaches
                        .get(coach)
                        .cloned()
                        .unwrap_or_else(|| format!("#{coach}")),
                    cells: vec![
                        self.count(&path, *n),
                        target.clone(),
                        Cell::Text(if withheld { "–" } else { verdict(*n) }.to_string()),
                    ],
                    total: false,
                }
            })
            .collect();
        let mut columns = vec![self.tr.t("report.first.caseload").to_string()];
        for key in ["open", "target", "verdict"] {
            columns.push(
                self.tr
                    .t(&format!("report.column.caseload_{key}"))
                    .to_string(),
            );
        }
        self.section(
            "caseload",
            Grid { columns, rows },
            Some(Chart::Bars { column: 0 }),
        )
    }

    fn goals(&self, r: &StandardReport, cx: &Context) -> Section {
        let rows = r
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| {
                // A withheld count reads as its mark; a share or verdict drawn from it
                // reads "–".
                let mark = |part: &str| self.w.mark(&format!("goals.{i}.{part}"));
                let or_withheld = |part: &str, c: Cell| match (mark(part), &c) {
                    (None, _) => c,
                    (Some(m), Cell::Count(_)) => Cell::Withheld(m),
                    (Some(_), _) => Cell::Empty,
                };
                let yes_no = if g.met { "report.yes" } else { "report.no" };
                Row {
                    label: g.label.clone(),
                    cells: vec![
                        or_withheld("numerator", Cell::Count(g.numerator)),
                        or_withheld("denominator", Cell::Count(g.denominator)),
                        or_withheld("value", g.value.map_or(Cell::Empty, Cell::Share)),
                        or_withheld(
                            "ci95",
                            g.ci95
                                .map_or(Cell::Empty, |[lo, hi]| Cell::Interval(lo, hi)),
                        ),
                        Cell::Share(g.target),
                        or_withheld("met", Cell::Text(self.tr.t(yes_no).to_string())),
                        or_withheld(
                            "needed_among_open",
                            g.needed_among_open.map_or(Cell::Empty, Cell::Share),
                        ),
                        or_withheld("not_judged", Cell::Count(g.not_judged)),
                    ],
                    total: false,
                }
            })
            .collect();
        let mut columns = vec![self.tr.t("report.first.goals").to_string()];
        for key in [
            "numerator",
            "denominator",
            "value",
            "ci95",
            "target",
            "met",
            "needed",
            "not_judged",
        ] {
            columns.push(self.tr.t(&format!("report.column.goal_{key}")).to_string());
        }
        let mut s = self.section(
            "goals",
            Grid { columns, rows },
            Some(Chart::Goals {
                value: 2,
                interval: 3,
                target: 4,
            }),
        );
        for g in &cx.goals {
            s.definition
                .push_str(&format!("\n{}: {}.", g.label, g.sentence(self.tr.lang())));
        }
        s
    }
}

impl Builder<'_> {
    /// Start → exit per 1–5 question: improved, unchanged and worse, for everyone
    /// and by sex, with the share improved.
    fn experience_change(&self, r: &StandardReport, cx: &Context) -> Section {
        let mut rows = Vec::new();
        for q in &cx.questions {
            let Some(c) = r.experience_change.get(&q.code) else {
                continue;
            };
            let path = |part: &str, sex: &str| format!("experience_change.{}.{part}.{sex}", q.code);
            for (sex, label) in [
                ("total", q.text.clone()),
                ("kvinna", self.tr.t("report.column.women").to_string()),
                ("man", self.tr.t("report.column.men").to_string()),
                ("okand", self.tr.t("report.column.unknown_sex").to_string()),
            ] {
                let pick = |c: &Counts| match sex {
                    "kvinna" => c.kvinna,
                    "man" => c.man,
                    "okand" => c.okand,
                    _ => c.total,
                };
                if sex == "okand" && c.pairs.okand == 0 {
                    continue;
                }
                let hidden =
                    self.w.hides(&path("improved", sex)) || self.w.hides(&path("pairs", sex));
                let share = if hidden || pick(&c.pairs) == 0 {
                    Cell::Empty
                } else {
                    Cell::Share(pick(&c.improved) as f64 / pick(&c.pairs) as f64)
                };
                rows.push(Row {
                    label,
                    cells: vec![
                        self.count(&path("improved", sex), pick(&c.improved)),
                        self.count(&path("unchanged", sex), pick(&c.unchanged)),
                        self.count(&path("worse", sex), pick(&c.worse)),
                        self.count(&path("pairs", sex), pick(&c.pairs)),
                        share,
                    ],
                    total: sex == "total",
                });
            }
        }
        let mut columns = vec![self.tr.t("report.first.experience_change").to_string()];
        for key in ["improved", "unchanged", "worse", "pairs", "share_improved"] {
            columns.push(self.tr.t(&format!("report.column.{key}")).to_string());
        }
        self.section("experience_change", Grid { columns, rows }, None)
    }

    /// The spread of answers on one occasion: each question, then its answers by sex.
    fn experience_answers(
        &self,
        r: &StandardReport,
        cx: &Context,
        occasion: &str,
    ) -> Option<Section> {
        let spread = r.experience_answers.get(occasion)?;
        let mut rows = Vec::new();
        for q in &cx.questions {
            let Some(answers) = spread.get(&q.code) else {
                continue;
            };
            rows.push(Row {
                label: q.text.clone(),
                cells: vec![Cell::Text(String::new()); 4],
                total: true,
            });
            let mut keys: Vec<&String> = answers.keys().collect();
            keys.sort_by_key(|k| band_start(k));
            for key in keys {
                rows.push(Row {
                    label: self.answer_label(q, key),
                    cells: self.sexes(
                        &format!("experience_answers.{occasion}.{}.{key}", q.code),
                        &answers[key],
                    ),
                    total: false,
                });
            }
        }
        let grid = Grid {
            columns: self.sex_columns("report.first.experience_answers"),
            rows,
        };
        Some(self.section(&format!("experience_answers_{occasion}"), grid, None))
    }

    /// An answer as the participant saw it: `4 – Mycket nöjd` only at the ends.
    fn answer_label(&self, q: &Question, key: &str) -> String {
        match (&q.kind, key) {
            (QuestionKind::Likert { low, .. }, "1") => format!("1 – {low}"),
            (QuestionKind::Likert { high, .. }, "5") => format!("5 – {high}"),
            (QuestionKind::YesNo, "ja") => self.tr.t("report.answer.yes").to_string(),
            (QuestionKind::YesNo, "nej") => self.tr.t("report.answer.no").to_string(),
            (QuestionKind::Single { options } | QuestionKind::Multiple { options }, k) => k
                .parse::<usize>()
                .ok()
                .and_then(|i| options.get(i))
                .cloned()
                .unwrap_or_else(|| k.to_string()),
            (_, k) => k.to_string(),
        }
    }
}

/// Where a band such as `16-19`, `65+` or `under_16` starts, so that bands sort
/// by age or extent; other codes keep their order.
fn band_start(code: &str) -> i64 {
    if code == "under_16" {
        return -1;
    }
    let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// The report as sections, with `w`'s figures withheld.
pub fn participant_document(r: &StandardReport, w: &Withheld, tr: Tr, cx: &Context) -> Document {
    let b = Builder {
        tr,
        w,
        source_names: &cx.source_names,
    };
    let mut sections = vec![b.headline(r)];
    if !r.goals.is_empty() {
        sections.push(b.goals(r, cx));
    }
    for (key, list) in SEX_TABLES {
        let map = match key {
            "exit_reasons" => &r.exit_reasons,
            "occupation_at_exit" => &r.occupation_at_exit,
            "age_bands" => &r.age_bands,
            "referral_sources" => &r.referral_sources,
            "employment_forms" => &r.employment_forms,
            "employment_extents" => &r.employment_extents,
            _ => &r.study_forms,
        };
        sections.push(b.by_sex(key, list, map));
        if key == "referral_sources" {
            sections.extend(b.referral_units(r));
        }
        if key == "age_bands" && !r.age_band_flows.is_empty() {
            sections.push(b.age_band_flows(r));
        }
    }
    sections.push(b.income(r));
    sections.push(b.days(r, cx));
    if !r.caseload_per_coach.is_empty() {
        sections.push(b.caseload(r, cx));
    }
    if !r.experience_change.is_empty() {
        sections.push(b.experience_change(r, cx));
    }
    for occasion in ["start", "exit"] {
        sections.extend(b.experience_answers(r, cx, occasion));
    }
    let disclosure = if !w.applied() {
        "report.exact"
    } else {
        "report.disclosed"
    };
    Document {
        title: tr.t("report.title").to_string(),
        scope: if cx.scope.is_empty() {
            tr.t("report.scope.installation").to_string()
        } else {
            cx.scope.clone()
        },
        period: format!("{} – {}", r.period.from, r.period.to),
        disclosure: tr.t(disclosure).to_string(),
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::Flows;
    use crate::tally::Tally;
    use samverka_i18n::Lang;

    fn counts(kvinna: u64, man: u64) -> Counts {
        Counts {
            kvinna,
            man,
            okand: 0,
            total: kvinna + man,
        }
    }

    /// Everyone started and exited in the period; three women aged 16–19, and a
    /// stage that only two went through.
    fn report() -> StandardReport {
        let bands = [
            ("16-19", counts(3, 9)),
            ("20-24", counts(26, 23)),
            ("25-29", counts(24, 25)),
            ("30-39", counts(20, 15)),
        ];
        let mut t = Tally::default();
        for (band, c) in bands {
            t.age_bands.insert(band.into(), c);
            t.age_band_flows.insert(
                band.into(),
                Flows {
                    started: c.total,
                    exited: c.total,
                    active_at_end: 0,
                },
            );
            for f in [&mut t.participants, &mut t.started, &mut t.exited] {
                f.merge(&c);
            }
        }
        t.exit_reasons.insert("arbete".into(), t.participants);
        t.occupation_at_exit.insert("okand".into(), t.participants);
        t.referral_sources.insert("okand".into(), t.participants);
        t.days_in_intervention.insert(200, t.participants.total);
        t.days_per_stage
            .insert("kartlaggning".into(), [(30, 2)].into_iter().collect());
        t.finish(
            "intervention:NK",
            (
                time::macros::date!(2012 - 01 - 01),
                time::macros::date!(2012 - 12 - 31),
            ),
        )
    }

    fn section<'a>(doc: &'a Document, key: &str) -> &'a Section {
        doc.sections.iter().find(|s| s.key == key).expect(key)
    }

    fn texts(row: &Row) -> Vec<String> {
        row.cells
            .iter()
            .map(|c| c.text().replace('\u{a0}', " "))
            .collect()
    }

    #[test]
    fn a_mark_never_states_something_false() {
        let r = report();
        let w = Withheld::of(&r);
        let doc = participant_document(&r, &w, Tr(Lang::Sv), &Context::default());
        let ages = section(&doc, "age_bands");
        let row = |label: &str| {
            let row = ages.grid.rows.iter().find(|r| r.label == label);
            texts(row.unwrap_or_else(|| panic!("{label}: {:?}", ages.grid.rows)))
        };
        assert_eq!(row("16–19 år")[0], "<5", "three women: 1–4");
        let mut shown_or_marked = Vec::new();
        for (band, c) in &r.age_bands {
            let label = format!("{} år", band.replace('-', "–"));
            for (text, n) in row(&label).iter().zip([c.kvinna, c.man, c.okand, c.total]) {
                match text.as_str() {
                    "<5" => assert!((1..=4).contains(&n), "{label}: <5 for {n}"),
                    ".." => assert!(n >= 5, "{label}: .. for {n}"),
                    shown => assert_eq!(shown, n.to_string()),
                }
                shown_or_marked.push(text.clone());
            }
        }
        let marked = shown_or_marked.iter().filter(|t| *t == "<5" || *t == "..");
        assert_eq!(
            marked.count(),
            4,
            "{shown_or_marked:?}: a rectangle of four"
        );
        let days = section(&doc, "days");
        let stage = texts(&days.grid.rows[1]);
        assert_eq!(
            stage,
            ["<5", "–", "–", "–"],
            "two people: the count reads <5, the days drawn from it –"
        );
        assert!(doc.disclosure.contains("<5 betyder 1–4 personer"));
        assert!(doc.disclosure.contains(".. betyder ett tal som döljs"));
        assert!(doc.disclosure.contains("0 betyder att ingen räknas"));
        let exact = participant_document(&r, &Withheld::none(), Tr(Lang::En), &Context::default());
        assert_eq!(texts(&section(&exact, "age_bands").grid.rows[0])[0], "3");
    }
}
