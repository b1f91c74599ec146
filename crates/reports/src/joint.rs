//! Joint disclosure control over every report the association layer can ask for
//! (SPEC 7.4). An association's report is the sum of its interventions' reports; a
//! year's flows are the sum of its tertials and of its half-years, a run of years
//! the sum of its years; and what is active at the end of one period is what the
//! next one carries over. A figure withheld in one report could be worked out from
//! the others by subtraction, so the reports of the grid are suppressed together:
//! first each table and each of these sums until nothing changes, then a linear
//! programme checks every small count and withholds more until none can be pinned.

use crate::disclosure::{Mask, Table, small, suppress_from};
use crate::joint_audit::{Memory, Sum, audit};
use crate::period::Preset;
use crate::standard::StandardReport;
#[cfg(doc)]
use crate::withheld::Withheld;
use crate::withheld::{Mark, Named, tables};
use std::collections::{BTreeMap, HashMap};

/// One report of the association layer's grid.
#[derive(Debug, Clone, Copy)]
pub struct GridReport<'a> {
    /// The scope, as written in the report (`intervention:NK`).
    pub scope: &'a str,
    /// The period.
    pub period: Preset,
    /// The exact figures.
    pub report: &'a StandardReport,
}

/// A scope whose report is the sum of other scopes' reports (an association and
/// its interventions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parent {
    /// The summed scope.
    pub scope: String,
    /// The scopes it sums.
    pub children: Vec<String>,
}

/// A table of one report with each place's figure.
struct Placed {
    table: Table,
    cells: Vec<Vec<usize>>,
    rows: Vec<usize>,
    columns: Vec<usize>,
    grand: usize,
}

/// Every count of every report, numbered, with the sums that tie them together.
#[derive(Default)]
struct Figures {
    values: Vec<u64>,
    /// Per report: figure path → number.
    names: Vec<HashMap<String, usize>>,
    placed: Vec<Placed>,
    sums: Vec<Sum>,
}

/// The withheld counts of each of `reports` (in their order) with their marks,
/// suppressed jointly over the sums between them that `parents` and the periods
/// give. [`Withheld::with_derived`] completes them for a report.
pub fn jointly(reports: &[GridReport], parents: &[Parent]) -> Vec<BTreeMap<String, Mark>> {
    let mut f = Figures::default();
    for r in reports {
        f.add_report(r.report);
    }
    f.hierarchy_sums(reports, parents);
    f.time_sums(reports);
    let hidden = f.suppress();
    f.names
        .iter()
        .map(|names| {
            names
                .iter()
                .filter(|(_, id)| hidden[**id])
                .map(|(path, id)| (path.clone(), Mark::of(f.values[*id])))
                .collect()
        })
        .collect()
}

/// Paths of figures that add up over time (what happened in the period, not what
/// was so at its end).
fn is_flow(path: &str) -> bool {
    const FLOWS: [&str; 8] = [
        "started.",
        "exited.",
        "exit_reasons.",
        "occupation_at_exit.",
        "employment_forms.",
        "employment_extents.",
        "study_forms.",
        "income_before_after.",
    ];
    FLOWS.iter().any(|p| path.starts_with(p))
        || (path.starts_with("age_band_flows.")
            && (path.ends_with(".started") || path.ends_with(".exited")))
}

impl Figures {
    fn figure(&mut self, report: usize, path: &str, value: u64) -> usize {
        if let Some(id) = self.names[report].get(path) {
            return *id;
        }
        let id = self.values.len();
        self.values.push(value);
        self.names[report].insert(path.to_string(), id);
        id
    }

    fn add_report(&mut self, r: &StandardReport) {
        let report = self.names.len();
        self.names.push(HashMap::new());
        for t in tables(r) {
            let placed = self.place(report, &t);
            self.table_sums(&placed);
            self.placed.push(placed);
        }
        for (before, after) in &r.income_before_after {
            for (code, n) in after {
                self.figure(report, &format!("income_before_after.{before}.{code}"), *n);
            }
        }
        for (stage, s) in &r.days_per_stage {
            self.figure(report, &format!("days_per_stage.{stage}.n"), s.n);
        }
    }

    fn place(&mut self, report: usize, t: &Named) -> Placed {
        let table = t.table();
        let values: HashMap<String, u64> = t.values().into_iter().collect();
        let mut id = |name: &String| self.figure(report, name, values[name]);
        Placed {
            cells: t
                .cells
                .iter()
                .map(|row| row.iter().map(|(n, _)| id(n)).collect())
                .collect(),
            rows: t.row_totals.iter().map(&mut id).collect(),
            columns: t.column_totals.iter().map(&mut id).collect(),
            grand: id(&t.grand_total),
            table,
        }
    }

    fn table_sums(&mut self, p: &Placed) {
        for (i, row) in p.cells.iter().enumerate() {
            self.sum(p.rows[i], row.clone());
        }
        for (j, total) in p.columns.iter().enumerate() {
            self.sum(*total, p.cells.iter().map(|r| r[j]).collect());
        }
        self.sum(p.grand, p.rows.clone());
        self.sum(p.grand, p.columns.clone());
    }

    /// Records `total = Σ parts`, unless it says nothing (a figure equal to itself).
    fn sum(&mut self, total: usize, parts: Vec<usize>) {
        if parts.contains(&total) || (parts.is_empty() && self.values[total] == 0) {
            return;
        }
        self.sums.push(Sum { total, parts });
    }

    /// A parent's every count is the sum of its children's, period by period.
    fn hierarchy_sums(&mut self, reports: &[GridReport], parents: &[Parent]) {
        let at: HashMap<(&str, Preset), usize> = reports
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.scope, r.period), i))
            .collect();
        for (i, r) in reports.iter().enumerate() {
            let Some(parent) = parents.iter().find(|p| p.scope == r.scope) else {
                continue;
            };
            let children: Vec<usize> = parent
                .children
                .iter()
                .filter_map(|c| at.get(&(c.as_str(), r.period)).copied())
                .collect();
            self.add_up(i, &children, |_| true);
        }
    }

    /// Adds `total = Σ parts` for every path of report `whole` that `which` picks;
    /// a path missing from a part is zero there.
    fn add_up(&mut self, whole: usize, parts: &[usize], which: impl Fn(&str) -> bool) {
        let mut paths: Vec<(&String, &usize)> = self.names[whole].iter().collect();
        paths.sort();
        let found: Vec<(usize, Vec<usize>)> = paths
            .into_iter()
            .filter(|(path, _)| which(path))
            .map(|(path, id)| {
                let ids = parts
                    .iter()
                    .filter_map(|p| self.names[*p].get(path).copied())
                    .collect();
                (*id, ids)
            })
            .collect();
        for (total, ids) in found {
            self.sum(total, ids);
        }
    }

    /// Flows of a year are the sum of its tertials and of its half-years, a run of
    /// years the sum of its years; stocks carry over from one period to the next.
    fn time_sums(&mut self, reports: &[GridReport]) {
        let at: HashMap<(&str, Preset), usize> = reports
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.scope, r.period), i))
            .collect();
        for (i, r) in reports.iter().enumerate() {
            for parts in parts_of(r.period) {
                let found: Option<Vec<usize>> = parts
                    .iter()
                    .map(|p| at.get(&(r.scope, *p)).copied())
                    .collect();
                if let Some(found) = found {
                    self.add_up(i, &found, is_flow);
                }
            }
            for (j, other) in reports.iter().enumerate() {
                if other.scope == r.scope && i != j {
                    self.carry(i, r.period, j, other.period);
                }
            }
        }
    }

    /// Ties the stocks of report `a` over `pa` and report `b` over `pb`.
    fn carry(&mut self, a: usize, pa: Preset, b: usize, pb: Preset) {
        let ((a_from, a_to), (b_from, b_to)) = (pa.bounds(), pb.bounds());
        let pairs: &[(&str, &str)] = if a_to.next_day() == Some(b_from) {
            &[("active_at_end", "carried_over")]
        } else if a_from == b_from && a < b {
            &[("carried_over", "carried_over")]
        } else if a_to == b_to && a < b {
            &[("active_at_end", "active_at_end")]
        } else {
            &[]
        };
        for (mine, theirs) in pairs {
            let mut found = Vec::new();
            for (path, id) in &self.names[a] {
                let other = match path.strip_prefix(mine) {
                    Some(rest) if rest.starts_with('.') => format!("{theirs}{rest}"),
                    _ => match path.strip_prefix("age_band_flows.") {
                        Some(band) if band.ends_with(&format!(".{mine}")) => {
                            let band = &band[..band.len() - mine.len() - 1];
                            format!("age_band_flows.{band}.{theirs}")
                        }
                        _ => continue,
                    },
                };
                if let Some(other) = self.names[b].get(&other) {
                    found.push((*id, *other));
                }
            }
            for (x, y) in found {
                self.sum(x, vec![y]);
            }
        }
    }

    /// Figures that no report shows: what a period carries over, and the totals
    /// that only close a table.
    fn unpublished(&self) -> Vec<bool> {
        let mut out = vec![false; self.values.len()];
        for (path, id) in self.names.iter().flatten() {
            out[*id] |= path.contains("carried_over") || path.contains("._total");
        }
        out
    }

    /// Decides what to withhold: every small count, then whatever the tables and
    /// sums need, until the linear programme finds no small count that the shown
    /// figures narrow beyond its marks.
    fn suppress(&self) -> Vec<bool> {
        let mut hidden: Vec<bool> = self.values.iter().map(|v| small(*v)).collect();
        let unpublished = self.unpublished();
        let mut memory = Memory::default();
        loop {
            self.propagate(&mut hidden);
            let more = audit(&self.values, &self.sums, &hidden, &unpublished, &mut memory);
            if more.is_empty() {
                return hidden;
            }
            for id in more {
                hidden[id] = true;
            }
        }
    }

    /// Suppresses each table (seeded with what is withheld already) and each sum
    /// with exactly one withheld part, again and again until nothing changes.
    fn propagate(&self, hidden: &mut [bool]) {
        loop {
            let mut changed = false;
            for p in &self.placed {
                let seed = Mask {
                    cells: p
                        .cells
                        .iter()
                        .map(|r| r.iter().map(|id| hidden[*id]).collect())
                        .collect(),
                    row_totals: p.rows.iter().map(|id| hidden[*id]).collect(),
                    column_totals: p.columns.iter().map(|id| hidden[*id]).collect(),
                    grand_total: hidden[p.grand],
                };
                let m = suppress_from(&p.table, &seed);
                changed |= apply(p, &m, hidden);
            }
            for s in &self.sums {
                changed |= s.protect(&self.values, hidden);
            }
            if !changed {
                return;
            }
        }
    }
}

/// Sets what `m` withholds of `p`; true when something new was withheld.
fn apply(p: &Placed, m: &Mask, hidden: &mut [bool]) -> bool {
    let mut changed = false;
    let mut set = |id: usize, h: bool| {
        if h && !hidden[id] {
            hidden[id] = true;
            changed = true;
        }
    };
    for (row, mask) in p.cells.iter().zip(&m.cells) {
        for (id, h) in row.iter().zip(mask) {
            set(*id, *h);
        }
    }
    for (id, h) in p.rows.iter().zip(&m.row_totals) {
        set(*id, *h);
    }
    for (id, h) in p.columns.iter().zip(&m.column_totals) {
        set(*id, *h);
    }
    set(p.grand, m.grand_total);
    changed
}

/// The ways a period is made of smaller periods of the grid.
fn parts_of(p: Preset) -> Vec<Vec<Preset>> {
    match p {
        Preset::Year(y) => vec![
            (1..=3).map(|n| Preset::Tertial(y, n)).collect(),
            (1..=2).map(|n| Preset::HalfYear(y, n)).collect(),
        ],
        Preset::Years(a, b) => vec![(a..=b).map(Preset::Year).collect()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::Counts;
    use crate::tally::Tally;
    use crate::withheld::Withheld;
    use time::macros::date;

    fn counts(kvinna: u64, man: u64) -> Counts {
        Counts {
            kvinna,
            man,
            okand: 0,
            total: kvinna + man,
        }
    }

    /// Everyone started and exited in the period, for the reasons given.
    fn tally(reasons: &[(&str, u64, u64)]) -> Tally {
        let mut t = Tally::default();
        for (reason, kvinna, man) in reasons {
            let c = counts(*kvinna, *man);
            t.exit_reasons.insert(reason.to_string(), c);
            t.occupation_at_exit.insert("okand".into(), {
                let mut all = t
                    .occupation_at_exit
                    .get("okand")
                    .copied()
                    .unwrap_or_default();
                all.merge(&c);
                all
            });
            for f in [&mut t.participants, &mut t.started, &mut t.exited] {
                f.merge(&c);
            }
        }
        t.age_bands.insert("25-29".into(), t.participants);
        t.referral_sources.insert("okand".into(), t.participants);
        t.age_band_flows.insert(
            "25-29".into(),
            crate::standard::Flows {
                started: t.started.total,
                exited: t.exited.total,
                active_at_end: 0,
            },
        );
        t
    }

    fn report(scope: &str, t: &Tally) -> StandardReport {
        t.clone()
            .finish(scope, (date!(2024 - 01 - 01), date!(2024 - 12 - 31)))
    }

    #[test]
    fn an_association_minus_its_other_interventions_gives_nothing_away() {
        let nk = tally(&[("flytt", 0, 2), ("arbete", 10, 10)]);
        let gt = tally(&[("flytt", 0, 7), ("arbete", 8, 9)]);
        let mut all = nk.clone();
        all.merge(&gt);
        let reports = [
            report("association:SFU", &all),
            report("intervention:NK", &nk),
            report("intervention:GT", &gt),
        ];
        let grid: Vec<GridReport> = ["association:SFU", "intervention:NK", "intervention:GT"]
            .iter()
            .zip(&reports)
            .map(|(scope, report)| GridReport {
                scope,
                period: Preset::Year(2024),
                report,
            })
            .collect();
        let parents = [Parent {
            scope: "association:SFU".into(),
            children: vec!["intervention:NK".into(), "intervention:GT".into()],
        }];
        let path = "exit_reasons.flytt.man";
        // Each report on its own shows the association's 9 and GT's 7.
        assert!(!Withheld::of(&reports[0]).hides(path));
        assert!(!Withheld::of(&reports[2]).hides(path));
        let marks = jointly(&grid, &parents);
        assert_eq!(marks[1].get(path), Some(&Mark::Small), "NK's 2 men");
        assert!(
            marks[0].contains_key(path) || marks[2].contains_key(path),
            "9 − 7 would give NK's 2 away: {marks:?}"
        );
        for (report, m) in reports.iter().zip(&marks) {
            let json = serde_json::to_value(report).unwrap();
            for (p, mark) in m {
                let value = p.split('.').try_fold(&json, |v, k| v.get(k));
                if let Some(v) = value.and_then(|v| v.as_u64()) {
                    assert_eq!(*mark == Mark::Small, small(v), "{p} = {v} marked {mark:?}");
                }
            }
        }
    }

    #[test]
    fn a_year_minus_two_tertials_gives_nothing_away() {
        let t1 = tally(&[("flytt", 0, 3), ("arbete", 9, 9)]);
        let t2 = tally(&[("arbete", 6, 7)]);
        let t3 = tally(&[("arbete", 5, 6), ("flytt", 0, 6)]);
        let mut year = t1.clone();
        year.merge(&t2);
        year.merge(&t3);
        let periods = [
            (Preset::Tertial(2024, 1), &t1),
            (Preset::Tertial(2024, 2), &t2),
            (Preset::Tertial(2024, 3), &t3),
            (Preset::Year(2024), &year),
        ];
        let reports: Vec<StandardReport> = periods
            .iter()
            .map(|(p, t)| (*t).clone().finish("intervention:NK", p.bounds()))
            .collect();
        let grid: Vec<GridReport> = periods
            .iter()
            .zip(&reports)
            .map(|((period, _), report)| GridReport {
                scope: "intervention:NK",
                period: *period,
                report,
            })
            .collect();
        let marks = jointly(&grid, &[]);
        let path = "exit_reasons.flytt.man";
        assert_eq!(marks[0].get(path), Some(&Mark::Small), "T1's 3 men");
        let shown = [1, 2, 3]
            .iter()
            .filter(|i| !marks[**i].contains_key(path))
            .count();
        assert!(shown < 3, "9 − 0 − 6 would give T1's 3 away: {marks:?}");
        assert!(
            marks
                .iter()
                .flat_map(|m| m.values())
                .any(|m| *m == Mark::Protective),
            "a protective cell is marked '..'"
        );
    }
}
