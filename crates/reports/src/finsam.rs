//! The Uppföljning Finsam export (SPEC 7.5): participants per individual intervention
//! by sex per calendar year, with the year's budget and outcome, as associations
//! reported them to SUS. A participation counts in a year as in any period (SPEC 7.2),
//! within the report's own from–to.

use crate::document::{Cell, Document, Grid, Row, Section};
use crate::standard::Counts;
use crate::withheld::{Named, Withheld};
use samverka_domain::codes::Sex;
use samverka_domain::import::budget_row::BudgetLine;
use samverka_domain::journey::Participation;
use samverka_domain::journey::goal_count::counts_in;
use samverka_i18n::Tr;
use serde::Serialize;
use time::{Date, Month};

/// One intervention in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinsamRow {
    /// Intervention code.
    pub code: String,
    /// Intervention name.
    pub name: String,
    /// Participants who count in the year.
    pub participants: Counts,
    /// The year's budget in whole kronor (sum of the budget lines).
    pub budget: i64,
    /// The year's outcome in whole kronor (`null` when no line has one).
    pub outcome: Option<i64>,
}

/// One year of the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinsamYear {
    /// The year.
    pub year: i32,
    /// Every individual intervention of the scope.
    pub interventions: Vec<FinsamRow>,
}

/// The export: years in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finsam {
    /// Years from the period's first to its last.
    pub years: Vec<FinsamYear>,
}

/// Counts `participations` of `interventions` (code, name) per year of `from`–`to`.
pub fn finsam(
    interventions: &[(String, String)],
    participations: &[Participation],
    budget: &[BudgetLine],
    (from, to): (Date, Date),
) -> Finsam {
    let years = (from.year()..=to.year())
        .map(|year| {
            let first = Date::from_calendar_date(year, Month::January, 1).unwrap_or(from);
            let last = Date::from_calendar_date(year, Month::December, 31).unwrap_or(to);
            let (a, b) = (first.max(from), last.min(to));
            let rows = interventions
                .iter()
                .map(|(code, name)| {
                    let mut c = Counts::default();
                    for p in participations.iter().filter(|p| {
                        &p.intervention == code && !p.is_registration_error() && counts_in(p, a, b)
                    }) {
                        add(&mut c, p.sex);
                    }
                    let lines: Vec<&BudgetLine> = budget
                        .iter()
                        .filter(|l| &l.intervention == code && l.year == year && !l.in_kind())
                        .collect();
                    let outcomes: Vec<i64> = lines.iter().filter_map(|l| l.outcome).collect();
                    FinsamRow {
                        code: code.clone(),
                        name: name.clone(),
                        participants: c,
                        budget: lines.iter().map(|l| l.amount).sum(),
                        outcome: (!outcomes.is_empty()).then(|| outcomes.iter().sum()),
                    }
                })
                .collect();
            FinsamYear {
                year,
                interventions: rows,
            }
        })
        .collect();
    Finsam { years }
}

fn add(c: &mut Counts, sex: Sex) {
    match sex {
        Sex::Kvinna => c.kvinna += 1,
        Sex::Man => c.man += 1,
        Sex::Okand => c.okand += 1,
    }
    c.total += 1;
}

impl Finsam {
    /// What the association layer may not see: per year, the interventions × sex
    /// table with its totals, suppressed (paths as in the JSON: `years.0.interventions.1.participants.man`).
    pub fn withheld(&self) -> Withheld {
        let tables: Vec<Named> = self
            .years
            .iter()
            .enumerate()
            .map(|(y, year)| {
                let names: Vec<String> = (0..year.interventions.len())
                    .map(|i| format!("{i}.participants"))
                    .collect();
                Named::by_sex(
                    &format!("years.{y}.interventions"),
                    names
                        .iter()
                        .map(String::as_str)
                        .zip(year.interventions.iter().map(|r| &r.participants)),
                    &format!("years.{y}._total"),
                )
            })
            .collect();
        Withheld::of_tables(&tables)
    }

    /// The export as one section: a row per intervention and year, and a total row
    /// per year.
    pub fn document(&self, w: &Withheld, tr: Tr, scope: &str) -> Document {
        let count = |path: String, n: u64| {
            if w.hides(&path) {
                Cell::Withheld
            } else {
                Cell::Count(n)
            }
        };
        let sexes = |path: &str, c: &Counts| -> Vec<Cell> {
            [
                ("kvinna", c.kvinna),
                ("man", c.man),
                ("okand", c.okand),
                ("total", c.total),
            ]
            .into_iter()
            .map(|(s, n)| count(format!("{path}.{s}"), n))
            .collect()
        };
        let mut rows = Vec::new();
        for (y, year) in self.years.iter().enumerate() {
            let mut total = Counts::default();
            let (mut budget, mut outcome) = (0, None::<i64>);
            for (i, r) in year.interventions.iter().enumerate() {
                let mut cells = vec![Cell::Text(year.year.to_string())];
                cells.extend(sexes(
                    &format!("years.{y}.interventions.{i}.participants"),
                    &r.participants,
                ));
                cells.push(Cell::Kronor(r.budget));
                cells.push(r.outcome.map_or(Cell::Empty, Cell::Kronor));
                rows.push(Row {
                    label: format!("{} ({})", r.name, r.code),
                    cells,
                    total: false,
                });
                total.kvinna += r.participants.kvinna;
                total.man += r.participants.man;
                total.okand += r.participants.okand;
                total.total += r.participants.total;
                budget += r.budget;
                if let Some(o) = r.outcome {
                    outcome = Some(outcome.unwrap_or(0) + o);
                }
            }
            let mut cells = vec![Cell::Text(year.year.to_string())];
            cells.extend(sexes(&format!("years.{y}._total"), &total));
            cells.push(Cell::Kronor(budget));
            cells.push(outcome.map_or(Cell::Empty, Cell::Kronor));
            rows.push(Row {
                label: tr.t("report.row.total").to_string(),
                cells,
                total: true,
            });
        }
        let mut columns = vec![tr.t("finsam.column.intervention").to_string()];
        columns.push(tr.t("finsam.column.year").to_string());
        for key in ["women", "men", "unknown_sex", "total"] {
            columns.push(tr.t(&format!("report.column.{key}")).to_string());
        }
        columns.push(tr.t("finsam.column.budget").to_string());
        columns.push(tr.t("finsam.column.outcome").to_string());
        let disclosure = if w.applied() {
            "report.disclosed"
        } else {
            "report.exact"
        };
        Document {
            title: tr.t("finsam.title").to_string(),
            scope: scope.to_string(),
            period: match (self.years.first(), self.years.last()) {
                (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
                (Some(a), _) => a.year.to_string(),
                _ => String::new(),
            },
            disclosure: tr.t(disclosure).to_string(),
            sections: vec![Section {
                key: "finsam".into(),
                heading: tr.t("finsam.heading").to_string(),
                definition: tr.t("finsam.definition").to_string(),
                grid: Grid { columns, rows },
                chart: None,
            }],
        }
    }
}
