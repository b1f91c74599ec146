//! The Uppföljning Finsam export (SPEC 7.9): participants per individual intervention
//! by sex per calendar year, with the year's budget and outcome. It is what the
//! association reports to Försäkringskassan, so its figures are exact: no disclosure
//! control (who may see it is decided by the service). A participation counts in a
//! year as in any period (SPEC 7.2), within the report's own from–to.

use crate::document::{Cell, Document, Grid, Row, Section};
use crate::standard::Counts;
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

/// One row of the grid: the year, the counts by sex, the budget and the outcome.
fn row(
    label: String,
    year: i32,
    c: &Counts,
    budget: i64,
    outcome: Option<i64>,
    total: bool,
) -> Row {
    let mut cells = vec![Cell::Text(year.to_string())];
    cells.extend([c.kvinna, c.man, c.okand, c.total].map(Cell::Count));
    cells.push(Cell::Kronor(budget));
    cells.push(outcome.map_or(Cell::Empty, Cell::Kronor));
    Row {
        label,
        cells,
        total,
    }
}

impl FinsamYear {
    /// The year's rows: one per intervention, then the year's total.
    fn rows(&self, tr: Tr) -> Vec<Row> {
        let mut total = Counts::default();
        let (mut budget, mut outcome) = (0, None::<i64>);
        let mut rows = Vec::new();
        for r in &self.interventions {
            let label = format!("{} ({})", r.name, r.code);
            rows.push(row(
                label,
                self.year,
                &r.participants,
                r.budget,
                r.outcome,
                false,
            ));
            total.kvinna += r.participants.kvinna;
            total.man += r.participants.man;
            total.okand += r.participants.okand;
            total.total += r.participants.total;
            budget += r.budget;
            if let Some(o) = r.outcome {
                outcome = Some(outcome.unwrap_or(0) + o);
            }
        }
        let label = tr.t("report.row.total").to_string();
        rows.push(row(label, self.year, &total, budget, outcome, true));
        rows
    }
}

impl Finsam {
    /// The export as one section: a row per intervention and year, and a total row
    /// per year, every figure exact.
    pub fn document(&self, tr: Tr, scope: &str) -> Document {
        let rows = self.years.iter().flat_map(|y| y.rows(tr)).collect();
        let mut columns = vec![tr.t("finsam.column.intervention").to_string()];
        columns.push(tr.t("finsam.column.year").to_string());
        for key in ["women", "men", "unknown_sex", "total"] {
            columns.push(tr.t(&format!("report.column.{key}")).to_string());
        }
        columns.push(tr.t("finsam.column.budget").to_string());
        columns.push(tr.t("finsam.column.outcome").to_string());
        Document {
            title: tr.t("finsam.title").to_string(),
            scope: scope.to_string(),
            period: match (self.years.first(), self.years.last()) {
                (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
                (Some(a), _) => a.year.to_string(),
                _ => String::new(),
            },
            disclosure: tr.t("finsam.exact").to_string(),
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
