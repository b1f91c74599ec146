//! The budget report as a [`Document`]: the seeds' budget table (category, line,
//! years, total) computed from the lines, budget against outcome per year and
//! tertial, financiers, contributions in kind, the rehabpott and cost per result.

use crate::budget::{BudgetReport, BudgetYear, years_text};
use crate::document::{Cell, Chart, Document, Grid, Row, Section};
use crate::withheld::Withheld;
use samverka_i18n::Tr;
use std::collections::BTreeMap;

/// Names the report's codes do not carry.
#[derive(Debug, Clone, Default)]
pub struct BudgetContext {
    /// What the report covers, in words.
    pub scope: String,
    /// Member organisations' names by code.
    pub financier_names: BTreeMap<String, String>,
}

struct Builder<'a> {
    tr: Tr,
    r: &'a BudgetReport,
    cx: &'a BudgetContext,
    withheld: &'a Withheld,
}

impl Builder<'_> {
    fn section(&self, key: &str, grid: Grid, chart: Option<Chart>) -> Section {
        Section {
            key: key.to_string(),
            heading: self
                .tr
                .t(&format!("budget_report.section.{key}"))
                .to_string(),
            definition: self.tr.t(&format!("budget_report.def.{key}")).to_string(),
            grid,
            chart,
        }
    }

    fn column(&self, key: &str) -> String {
        self.tr
            .t(&format!("budget_report.column.{key}"))
            .to_string()
    }

    fn years(&self) -> Vec<i32> {
        self.r.years.iter().map(|y| y.year).collect()
    }

    /// Columns: the first, one per year, and the total.
    fn year_columns(&self, first: &str) -> Vec<String> {
        let mut c = vec![self.column(first)];
        c.extend(self.years().iter().map(i32::to_string));
        c.push(self.column("total"));
        c
    }

    fn per_year(&self, amounts: &BTreeMap<i32, i64>) -> Vec<Cell> {
        let mut cells: Vec<Cell> = self
            .years()
            .iter()
            .map(|y| amounts.get(y).map_or(Cell::Empty, |a| Cell::Kronor(*a)))
            .collect();
        cells.push(Cell::Kronor(amounts.values().sum()));
        cells
    }

    fn financier(&self, code: &str) -> String {
        match code {
            "okand" => self.tr.t("budget_report.no_financier").to_string(),
            c => self
                .cx
                .financier_names
                .get(c)
                .cloned()
                .unwrap_or_else(|| c.to_string()),
        }
    }

    /// Category subtotals in bold with their lines below, and the sum of all.
    fn lines(&self) -> Section {
        let mut rows = Vec::new();
        for (category, posts) in &self.r.posts {
            let mut subtotal: BTreeMap<i32, i64> = BTreeMap::new();
            for amounts in posts.values() {
                for (y, a) in amounts {
                    *subtotal.entry(*y).or_default() += a;
                }
            }
            rows.push(Row {
                label: category.clone(),
                cells: self.per_year(&subtotal),
                total: true,
            });
            for (post, amounts) in posts {
                rows.push(Row {
                    label: if post.is_empty() {
                        self.tr.t("budget_report.no_post").to_string()
                    } else {
                        post.clone()
                    },
                    cells: self.per_year(amounts),
                    total: false,
                });
            }
        }
        let all: BTreeMap<i32, i64> = self.r.years.iter().map(|y| (y.year, y.budget)).collect();
        rows.push(Row {
            label: self.column("sum"),
            cells: self.per_year(&all),
            total: true,
        });
        let grid = Grid {
            columns: self.year_columns("post"),
            rows,
        };
        self.section("lines", grid, None)
    }

    /// The assessment of a year: within or over 10 % once the year is closed, else
    /// which tertials have no outcome yet.
    fn verdict(&self, y: &BudgetYear) -> String {
        if y.closed {
            let key = if y.flagged { "flagged" } else { "within" };
            return self.tr.t(&format!("budget_report.{key}")).to_string();
        }
        let open: Vec<String> = (0..3)
            .filter(|k| !y.closed_tertials[*k])
            .map(|k| format!("T{}", k + 1))
            .collect();
        match open.len() {
            0 | 3 => self.tr.t("budget_report.open_year").to_string(),
            _ => self.tr.f(
                "budget_report.open_tertials",
                &[("tertials", &open.join(", "))],
            ),
        }
    }

    /// A tertial's outcome once closed; "no outcome yet" while open.
    fn tertial(&self, y: &BudgetYear, k: usize) -> Cell {
        match (y.closed_tertials[k], y.tertials[k]) {
            (false, _) => Cell::Text(self.tr.t("budget_report.no_outcome_yet").to_string()),
            (true, Some(t)) => Cell::Kronor(t),
            (true, None) => Cell::Empty,
        }
    }

    fn against_outcome(&self) -> Section {
        let mut rows: Vec<Row> = self
            .r
            .years
            .iter()
            .map(|y| {
                let mut cells = vec![Cell::Kronor(y.budget), Cell::Kronor(y.outcome)];
                cells.extend((0..3).map(|k| self.tertial(y, k)));
                cells.push(y.deviation.map_or(Cell::Empty, Cell::Share));
                cells.push(Cell::Text(self.verdict(y)));
                Row {
                    label: y.year.to_string(),
                    cells,
                    total: false,
                }
            })
            .collect();
        rows.push(Row {
            label: self.column("total"),
            cells: vec![
                Cell::Kronor(self.r.total_budget),
                Cell::Kronor(self.r.total_outcome),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
            total: true,
        });
        let mut columns = vec![self.column("year")];
        for key in [
            "budget",
            "outcome",
            "t1",
            "t2",
            "t3",
            "deviation",
            "verdict",
        ] {
            columns.push(self.column(key));
        }
        self.section(
            "against_outcome",
            Grid { columns, rows },
            Some(Chart::Bars { column: 0 }),
        )
    }

    fn financiers(&self) -> Section {
        let mut by: BTreeMap<&str, BTreeMap<i32, i64>> = BTreeMap::new();
        for y in &self.r.years {
            for (f, a) in &y.by_financier {
                *by.entry(f).or_default().entry(y.year).or_default() += a;
            }
        }
        let rows = by
            .iter()
            .map(|(f, amounts)| Row {
                label: self.financier(f),
                cells: self.per_year(amounts),
                total: false,
            })
            .collect();
        let grid = Grid {
            columns: self.year_columns("financier"),
            rows,
        };
        self.section("financiers", grid, None)
    }

    fn in_kind(&self) -> Section {
        let mut rows: Vec<Row> = self
            .r
            .in_kind
            .iter()
            .map(|k| Row {
                label: self.financier(&k.financier),
                cells: vec![
                    Cell::Text(k.post.clone()),
                    Cell::Text(k.year.to_string()),
                    Cell::Kronor(k.value),
                ],
                total: false,
            })
            .collect();
        if !rows.is_empty() {
            rows.push(Row {
                label: self.column("total"),
                cells: vec![Cell::Empty, Cell::Empty, Cell::Kronor(self.r.in_kind_total)],
                total: true,
            });
        }
        let columns = ["financier", "what", "year", "value"]
            .iter()
            .map(|k| self.column(k))
            .collect();
        self.section("in_kind", Grid { columns, rows }, None)
    }

    fn rehab_fund(&self) -> Section {
        let f = self.r.rehab_fund;
        let rows = vec![Row {
            label: self.tr.t("budget_report.rehab_fund").to_string(),
            cells: vec![
                Cell::Kronor(f.budget),
                Cell::Kronor(f.spent),
                Cell::Kronor(f.budget - f.spent),
            ],
            total: false,
        }];
        let columns = ["post", "budget", "spent", "left"]
            .iter()
            .map(|k| self.column(k))
            .collect();
        self.section("rehab_fund", Grid { columns, rows }, None)
    }

    /// `cell`, or its mark when the figure at `path` is withheld.
    fn shown(&self, path: &str, cell: Cell) -> Cell {
        self.withheld.mark(path).map_or(cell, Cell::Withheld)
    }

    /// The socio-economic estimate with its assumptions, or a note that none are
    /// stated.
    fn estimate(&self) -> Section {
        let row = |key: &str, cell: Cell| Row {
            label: self
                .tr
                .t(&format!("budget_report.estimate.{key}"))
                .to_string(),
            cells: vec![self.shown(&format!("estimate.{key}"), cell)],
            total: false,
        };
        let rows = match &self.r.estimate {
            None => vec![row("none", Cell::Empty)],
            Some(e) => vec![
                row(
                    "cost_per_person_year",
                    Cell::Kronor(e.parameters.cost_per_person_year),
                ),
                row("years", Cell::Count(u64::from(e.parameters.years))),
                row("includes", Cell::Text(e.parameters.includes.clone())),
                row("exits", Cell::Count(e.exits)),
                row("gain", Cell::Kronor(e.gain)),
                row("cost", Cell::Kronor(e.cost)),
                Row {
                    total: true,
                    ..row("net", Cell::Kronor(e.net))
                },
                row(
                    "return_per_krona",
                    e.return_per_krona.map_or(Cell::Empty, Cell::Decimal),
                ),
            ],
        };
        let columns = vec![self.column("assumption"), self.column("estimate")];
        self.section("estimate", Grid { columns, rows }, None)
    }

    /// Results and cost per result over the years with lines, and a row naming
    /// those years and why.
    fn results(&self) -> Section {
        let c = &self.r.results;
        let per = |v: Option<i64>| v.map_or(Cell::Empty, Cell::Kronor);
        let row = |key: &str, n: Cell, per_key: &str, per_one: Cell| Row {
            label: self
                .tr
                .t(&format!("budget_report.result.{key}"))
                .to_string(),
            cells: vec![
                self.shown(&format!("results.{key}"), n),
                self.shown(&format!("results.{per_key}"), per_one),
            ],
            total: false,
        };
        let years = match years_text(&c.years) {
            t if t.is_empty() => self.tr.t("budget_report.no_years").to_string(),
            t => t,
        };
        let mut rows = vec![Row {
            label: self.tr.t("budget_report.result.years").to_string(),
            cells: vec![
                Cell::Text(years.clone()),
                Cell::Text(self.tr.t("budget_report.years_why").to_string()),
            ],
            total: false,
        }];
        rows.push(row(
            "participants",
            Cell::Count(c.participants),
            "per_participant",
            per(c.per_participant),
        ));
        rows.push(row(
            "participant_months",
            Cell::Decimal(c.participant_months),
            "per_participant_month",
            per(c.per_participant_month),
        ));
        rows.push(row(
            "exits_to_work_or_studies",
            Cell::Count(c.exits_to_work_or_studies),
            "per_exit_to_work_or_studies",
            per(c.per_exit_to_work_or_studies),
        ));
        let basis = self.tr.f(
            &format!("budget_report.basis.{}", c.cost_basis),
            &[("cost", &crate::format::kronor(c.cost))],
        );
        let columns = vec![self.column("result"), self.column("count"), basis];
        let mut s = self.section("results", Grid { columns, rows }, None);
        s.definition = self.tr.f("budget_report.def.results", &[("years", &years)]);
        s
    }
}

/// The budget report as sections, with the figures in `withheld` shown as their
/// marks.
pub fn budget_document(
    r: &BudgetReport,
    withheld: &Withheld,
    tr: Tr,
    cx: &BudgetContext,
) -> Document {
    let b = Builder {
        tr,
        r,
        cx,
        withheld,
    };
    let sections = vec![
        b.lines(),
        b.against_outcome(),
        b.financiers(),
        b.in_kind(),
        b.rehab_fund(),
        b.results(),
        b.estimate(),
    ];
    Document {
        title: tr.t("budget_report.title").to_string(),
        scope: cx.scope.clone(),
        period: match (r.years.first(), r.years.last()) {
            (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
            (Some(a), _) => a.year.to_string(),
            _ => format!("{} – {}", r.period.from, r.period.to),
        },
        disclosure: if withheld.applied() {
            format!(
                "{} {}",
                tr.t("budget_report.computed"),
                tr.t("budget_report.disclosure")
            )
        } else {
            tr.t("budget_report.computed").to_string()
        },
        sections,
    }
}
