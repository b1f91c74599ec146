//! The Kostnadsrapport as a [`Document`]: funds and equity, costs, and the result,
//! with a budget and an outcome column per year.

use crate::cost_report::{Amounts, CostReport, CostYear, FINANCIER_TYPES};
use crate::document::{Cell, Document, Grid, Row, Section};
use samverka_i18n::Tr;
use std::collections::BTreeMap;

/// Names the report's codes do not carry.
#[derive(Debug, Clone, Default)]
pub struct CostContext {
    /// What the report covers, in words.
    pub scope: String,
    /// Intervention names by code.
    pub intervention_names: BTreeMap<String, String>,
    /// Member names by code.
    pub member_names: BTreeMap<String, String>,
}

struct Builder<'a> {
    tr: Tr,
    r: &'a CostReport,
}

impl Builder<'_> {
    fn t(&self, key: &str) -> String {
        self.tr.t(&format!("cost_report.{key}")).to_string()
    }

    fn columns(&self) -> Vec<String> {
        let mut c = vec![self.t("column.post")];
        for y in &self.r.years {
            let year = y.year.to_string();
            c.push(self.tr.f("cost_report.column.budget", &[("year", &year)]));
            c.push(self.tr.f("cost_report.column.outcome", &[("year", &year)]));
        }
        c
    }

    /// A row with a budget and an outcome cell per year from `pick`.
    fn row(&self, label: String, total: bool, pick: &dyn Fn(&CostYear) -> Option<Amounts>) -> Row {
        let cells = self
            .r
            .years
            .iter()
            .flat_map(|y| match pick(y) {
                Some(a) => [
                    Cell::Kronor(a.budget),
                    if a.outcome_complete || a.outcome != 0 {
                        Cell::Kronor(a.outcome)
                    } else {
                        Cell::Empty
                    },
                ],
                None => [Cell::Empty, Cell::Empty],
            })
            .collect();
        Row {
            label,
            cells,
            total,
        }
    }

    fn section(&self, key: &str, rows: Vec<Row>) -> Section {
        Section {
            key: key.to_string(),
            heading: self.t(&format!("section.{key}")),
            definition: self.t(&format!("def.{key}")),
            grid: Grid {
                columns: self.columns(),
                rows,
            },
            chart: None,
        }
    }

    fn funds(&self) -> Section {
        let mut rows: Vec<Row> = FINANCIER_TYPES
            .iter()
            .map(|t| {
                self.row(self.t(&format!("financier.{t}")), false, &|y| {
                    y.funds.get(*t).copied()
                })
            })
            .collect();
        rows.push(self.row(self.t("row.funds_total"), true, &|y| Some(y.funds_total)));
        let equity = |y: &CostYear| {
            Some(Amounts {
                budget: y.equity_in,
                outcome: y.equity_in,
                outcome_complete: true,
            })
        };
        rows.push(self.row(self.t("row.equity_in"), false, &equity));
        self.section("funds", rows)
    }

    /// Funds per financier: each member, ESF and other income.
    fn financiers(&self, cx: &CostContext) -> Section {
        let mut codes: Vec<&String> = self
            .r
            .years
            .iter()
            .flat_map(|y| y.funds_by_financier.keys())
            .collect();
        codes.sort();
        codes.dedup();
        let rows = codes
            .iter()
            .map(|c| {
                let name = match c.as_str() {
                    "ESF" => self.t("financier.esf"),
                    "OVRIGT" => self.t("financier.ovrigt"),
                    code => cx
                        .member_names
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| code.to_string()),
                };
                self.row(name, false, &|y| y.funds_by_financier.get(*c).copied())
            })
            .collect();
        self.section("financiers", rows)
    }

    fn costs(&self, cx: &CostContext) -> Section {
        let mut codes: Vec<&String> = self
            .r
            .years
            .iter()
            .flat_map(|y| y.interventions.keys())
            .collect();
        codes.sort();
        codes.dedup();
        let mut rows: Vec<Row> = codes
            .iter()
            .map(|c| {
                let name = cx
                    .intervention_names
                    .get(*c)
                    .map_or_else(|| c.to_string(), |n| format!("{n} ({c})"));
                self.row(name, false, &|y| y.interventions.get(*c).copied())
            })
            .collect();
        rows.push(self.row(self.t("row.intervention_costs"), true, &|y| {
            Some(y.intervention_costs)
        }));
        let mut posts: Vec<(&String, &String)> = self
            .r
            .years
            .iter()
            .flat_map(|y| {
                y.admin
                    .iter()
                    .flat_map(|(k, m)| m.keys().map(move |p| (k, p)))
            })
            .collect();
        posts.sort();
        posts.dedup();
        for (kind, post) in posts {
            let label = format!("{}: {post}", self.t(&format!("admin.{kind}")));
            rows.push(self.row(label, false, &|y| {
                y.admin.get(kind).and_then(|m| m.get(post)).copied()
            }));
        }
        rows.push(self.row(self.t("row.admin_costs"), true, &|y| Some(y.admin_costs)));
        self.section("costs", rows)
    }

    fn result(&self) -> Section {
        // A result's outcome is shown only when every outcome behind it is in.
        let known = |budget: i64, outcome: i64, complete: bool| Amounts {
            budget,
            outcome: if complete { outcome } else { 0 },
            outcome_complete: complete,
        };
        let mut rows = vec![
            self.row(self.t("row.result"), true, &|y| {
                Some(known(
                    y.result.budget,
                    y.result.outcome,
                    y.result.outcome_complete,
                ))
            }),
            self.row(self.t("row.equity_out"), true, &|y| {
                Some(known(
                    y.equity_in + y.result.budget,
                    y.equity_out,
                    y.result.outcome_complete,
                ))
            }),
        ];
        rows.push(Row {
            label: self.t("row.admin_share"),
            cells: self
                .r
                .years
                .iter()
                .flat_map(|y| [y.admin_share.map_or(Cell::Empty, Cell::Share), Cell::Empty])
                .collect(),
            total: false,
        });
        self.section("result", rows)
    }
}

/// The Kostnadsrapport as sections.
pub fn cost_document(r: &CostReport, tr: Tr, cx: &CostContext) -> Document {
    let b = Builder { tr, r };
    Document {
        title: tr.t("cost_report.title").to_string(),
        scope: cx.scope.clone(),
        period: match (r.years.first(), r.years.last()) {
            (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
            (Some(a), _) => a.year.to_string(),
            _ => format!("{} – {}", r.period.from, r.period.to),
        },
        disclosure: tr.t("cost_report.computed").to_string(),
        sections: vec![b.funds(), b.financiers(cx), b.costs(cx), b.result()],
    }
}
