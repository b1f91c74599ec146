//! The Kostnadsrapport, as SUS had it: per year, the association's funds by
//! financier type (state, region, municipalities, ESF, other), the equity brought
//! in, the interventions' costs, the administrative costs, the year's result and
//! the equity carried out. Every sum is computed from lines; nothing is typed.

use crate::budget::year_outcome;
use crate::standard::Period;
use samverka_domain::association::MemberKind;
use samverka_domain::codes::AssociationLineKind;
use samverka_domain::import::association_row::AssociationLine;
use samverka_domain::import::budget_row::BudgetLine;
use serde::Serialize;
use std::collections::BTreeMap;

/// The financier types funds are grouped by, in reading order.
pub const FINANCIER_TYPES: [&str; 5] = ["stat", "region", "kommun", "esf", "ovrigt"];

/// A budget and its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Amounts {
    /// Budgeted (for funds: granted).
    pub budget: i64,
    /// Outcome registered so far (for funds: paid in).
    pub outcome: i64,
    /// True when every line behind it has an outcome.
    pub outcome_complete: bool,
}

impl Default for Amounts {
    /// Nothing yet, and so nothing missing.
    fn default() -> Self {
        Amounts {
            budget: 0,
            outcome: 0,
            outcome_complete: true,
        }
    }
}

impl Amounts {
    fn add(&mut self, budget: i64, outcome: Option<i64>) {
        self.add_partial(budget, outcome, outcome.is_some());
    }

    /// Adds a line whose outcome so far may not be the whole year's (`complete`).
    fn add_partial(&mut self, budget: i64, outcome: Option<i64>, complete: bool) {
        self.budget += budget;
        self.outcome += outcome.unwrap_or(0);
        self.outcome_complete &= complete;
    }

    fn plus(self, other: Amounts) -> Amounts {
        Amounts {
            budget: self.budget + other.budget,
            outcome: self.outcome + other.outcome,
            outcome_complete: self.outcome_complete && other.outcome_complete,
        }
    }

    fn minus(self, other: Amounts) -> Amounts {
        Amounts {
            budget: self.budget - other.budget,
            outcome: self.outcome - other.outcome,
            outcome_complete: self.outcome_complete && other.outcome_complete,
        }
    }
}

/// One year of the Kostnadsrapport.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostYear {
    /// The year.
    pub year: i32,
    /// Funds by financier type (`stat`, `region`, `kommun`, `esf`, `ovrigt`).
    pub funds: BTreeMap<String, Amounts>,
    /// Funds by financier (member code, `ESF` or `OVRIGT`).
    pub funds_by_financier: BTreeMap<String, Amounts>,
    /// All funds.
    pub funds_total: Amounts,
    /// Equity brought into the year: the year's eget kapital lines, or else the
    /// equity carried out of the year before.
    pub equity_in: i64,
    /// Each intervention's costs (budget lines, contributions in kind left out).
    pub interventions: BTreeMap<String, Amounts>,
    /// All intervention costs.
    pub intervention_costs: Amounts,
    /// Administrative costs by kind (`kring`, `personal`), then by line.
    pub admin: BTreeMap<String, BTreeMap<String, Amounts>>,
    /// All administrative costs.
    pub admin_costs: Amounts,
    /// Funds less intervention and administrative costs.
    pub result: Amounts,
    /// Equity carried out: equity brought in plus the result (outcome when the
    /// result's outcome is complete, else budget).
    pub equity_out: i64,
    /// Administrative costs' share of all costs (budget).
    pub admin_share: Option<f64>,
}

/// The Kostnadsrapport.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    /// What the report covers, e.g. `association:SFU`.
    pub scope: String,
    /// The whole years covered.
    pub period: Period,
    /// Each year with any line, oldest first.
    pub years: Vec<CostYear>,
}

/// The financier type of a funds line: a member's kind, `esf` or `ovrigt`.
fn financier_type(financier: &str, kinds: &BTreeMap<String, MemberKind>) -> &'static str {
    match (financier, kinds.get(financier)) {
        ("ESF", _) => "esf",
        (_, Some(MemberKind::Stat)) => "stat",
        (_, Some(MemberKind::Region)) => "region",
        (_, Some(MemberKind::Kommun)) => "kommun",
        _ => "ovrigt",
    }
}

fn year_of(
    year: i32,
    own: &[&AssociationLine],
    budget: &[&BudgetLine],
    kinds: &BTreeMap<String, MemberKind>,
) -> CostYear {
    let mut y = CostYear {
        year,
        funds: BTreeMap::new(),
        funds_by_financier: BTreeMap::new(),
        funds_total: Amounts::default(),
        equity_in: 0,
        interventions: BTreeMap::new(),
        intervention_costs: Amounts::default(),
        admin: BTreeMap::new(),
        admin_costs: Amounts::default(),
        result: Amounts::default(),
        equity_out: 0,
        admin_share: None,
    };
    for l in own.iter().filter(|l| l.year == year) {
        match l.kind {
            AssociationLineKind::Medel => {
                let financier = l.financier.as_deref().unwrap_or("");
                let t = financier_type(financier, kinds);
                y.funds
                    .entry(t.to_string())
                    .or_default()
                    .add(l.amount, l.outcome);
                y.funds_by_financier
                    .entry(financier.to_string())
                    .or_default()
                    .add(l.amount, l.outcome);
                y.funds_total.add(l.amount, l.outcome);
            }
            AssociationLineKind::EgetKapital => y.equity_in += l.amount,
            kind => {
                y.admin
                    .entry(kind.code().to_string())
                    .or_default()
                    .entry(l.post.trim().to_string())
                    .or_default()
                    .add(l.amount, l.outcome);
                y.admin_costs.add(l.amount, l.outcome);
            }
        }
    }
    // Two tertials of three are an outcome so far, not the year's.
    for l in budget.iter().filter(|l| l.year == year && !l.in_kind()) {
        let complete = year_outcome(l).is_some();
        y.interventions
            .entry(l.intervention.clone())
            .or_default()
            .add_partial(l.amount, l.outcome, complete);
        y.intervention_costs
            .add_partial(l.amount, l.outcome, complete);
    }
    y.result = y
        .funds_total
        .minus(y.intervention_costs.plus(y.admin_costs));
    let result = if y.result.outcome_complete {
        y.result.outcome
    } else {
        y.result.budget
    };
    y.equity_out = y.equity_in + result;
    let costs = y.admin_costs.budget + y.intervention_costs.budget;
    y.admin_share = (costs > 0).then(|| y.admin_costs.budget as f64 / costs as f64);
    y
}

/// The Kostnadsrapport of an association's own lines and its interventions' budget
/// lines over the years `from`–`to`; `kinds` gives each member's kind.
pub fn cost_report(
    scope: &str,
    own: &[AssociationLine],
    budget: &[BudgetLine],
    kinds: &BTreeMap<String, MemberKind>,
    (from, to): (i32, i32),
) -> CostReport {
    // Equity is carried from year to year; a year with its own equity line (an
    // audited opening balance) starts from that instead.
    let first = own
        .iter()
        .map(|l| l.year)
        .chain(budget.iter().map(|l| l.year))
        .min()
        .unwrap_or(from)
        .min(from);
    let own: Vec<&AssociationLine> = own
        .iter()
        .filter(|l| (first..=to).contains(&l.year))
        .collect();
    let budget: Vec<&BudgetLine> = budget
        .iter()
        .filter(|l| (first..=to).contains(&l.year))
        .collect();
    let mut years: Vec<i32> = own
        .iter()
        .map(|l| l.year)
        .chain(budget.iter().map(|l| l.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut carried: Option<i64> = None;
    let mut out = Vec::new();
    for y in years {
        let has_equity = own
            .iter()
            .any(|l| l.year == y && l.kind == AssociationLineKind::EgetKapital);
        let mut year = year_of(y, &own, &budget, kinds);
        if let (false, Some(c)) = (has_equity, carried) {
            year.equity_out += c - year.equity_in;
            year.equity_in = c;
        }
        carried = Some(year.equity_out);
        if y >= from {
            out.push(year);
        }
    }
    CostReport {
        scope: scope.to_string(),
        period: Period {
            from: format!("{from}-01-01"),
            to: format!("{to}-12-31"),
        },
        years: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::codes::{BudgetCategory, BudgetType};

    fn own(
        kind: AssociationLineKind,
        post: &str,
        financier: Option<&str>,
        amount: i64,
        outcome: Option<i64>,
    ) -> AssociationLine {
        AssociationLine {
            id: 0,
            association: "SFU".into(),
            year: 2025,
            kind,
            post: post.into(),
            financier: financier.map(str::to_string),
            amount,
            outcome,
        }
    }

    fn cost(
        intervention: &str,
        amount: i64,
        outcome: Option<i64>,
        budget_type: BudgetType,
    ) -> BudgetLine {
        BudgetLine {
            id: 0,
            intervention: intervention.into(),
            year: 2025,
            category: BudgetCategory::Personal,
            post: String::new(),
            budget_type,
            financier: None,
            amount,
            outcome,
            tertials: [None; 3],
        }
    }

    #[test]
    fn the_result_is_funds_less_costs_and_moves_the_equity() {
        use AssociationLineKind::*;
        let kinds: BTreeMap<String, MemberKind> = [
            ("FK".to_string(), MemberKind::Stat),
            ("AF".to_string(), MemberKind::Stat),
            ("RVB".to_string(), MemberKind::Region),
            ("UMEA".to_string(), MemberKind::Kommun),
        ]
        .into_iter()
        .collect();
        let lines = [
            own(Medel, "", Some("FK"), 1_000_000, Some(1_000_000)),
            own(Medel, "", Some("AF"), 1_000_000, Some(1_000_000)),
            own(Medel, "", Some("RVB"), 1_000_000, Some(1_000_000)),
            own(Medel, "", Some("UMEA"), 1_000_000, Some(1_000_000)),
            own(Medel, "ESF-stöd", Some("ESF"), 400_000, Some(350_000)),
            own(EgetKapital, "", None, 600_000, None),
            own(Kring, "Lokaler", None, 120_000, Some(118_000)),
            own(Personal, "Förbundschef", None, 700_000, Some(690_000)),
            own(Personal, "Styrelsearvoden", None, 80_000, Some(82_000)),
        ];
        let budget = [
            cost("NK", 1_200_000, Some(1_150_000), BudgetType::Insatskostnad),
            cost("GT", 2_000_000, Some(2_100_000), BudgetType::Insatskostnad),
            cost("GT", 90_000, None, BudgetType::EgenInsats),
        ];
        let r = cost_report("association:SFU", &lines, &budget, &kinds, (2025, 2025));
        let y = &r.years[0];
        assert_eq!(y.funds["stat"].budget, 2_000_000);
        assert_eq!(y.funds_by_financier["FK"].budget, 1_000_000);
        assert_eq!(y.funds["esf"].outcome, 350_000);
        assert_eq!(y.funds_total.budget, 4_400_000);
        assert_eq!(
            y.intervention_costs.budget, 3_200_000,
            "in kind is left out"
        );
        assert_eq!(y.admin_costs.outcome, 890_000);
        assert_eq!(y.admin["personal"]["Styrelsearvoden"].outcome, 82_000);
        assert_eq!(
            (y.result.budget, y.result.outcome),
            (
                4_400_000 - 3_200_000 - 900_000,
                4_350_000 - 3_250_000 - 890_000
            )
        );
        assert!(y.result.outcome_complete);
        assert_eq!(y.equity_out, 600_000 + 210_000);
        let share = y.admin_share.unwrap();
        assert!((share - 900_000.0 / 4_100_000.0).abs() < 1e-9);
    }

    #[test]
    fn equity_is_carried_into_the_next_year() {
        let mut next = own(AssociationLineKind::Medel, "", Some("FK"), 500, Some(500));
        next.year = 2026;
        let lines = [
            own(AssociationLineKind::EgetKapital, "", None, 1_000, None),
            own(AssociationLineKind::Medel, "", Some("FK"), 300, Some(300)),
            next,
        ];
        let r = cost_report("x", &lines, &[], &BTreeMap::new(), (2026, 2026));
        assert_eq!(r.years.len(), 1, "only the years asked for are shown");
        assert_eq!(
            (r.years[0].equity_in, r.years[0].equity_out),
            (1_300, 1_800)
        );
    }

    #[test]
    fn two_tertials_of_three_are_not_the_years_outcome() {
        let mut line = cost("NK", 300, Some(200), BudgetType::Insatskostnad);
        line.tertials = [Some(100), Some(100), None];
        let r = cost_report("x", &[], &[line], &BTreeMap::new(), (2025, 2025));
        let nk = r.years[0].interventions["NK"];
        assert_eq!((nk.outcome, nk.outcome_complete), (200, false));
        assert!(!r.years[0].result.outcome_complete);
    }

    #[test]
    fn a_missing_outcome_makes_the_result_a_budget() {
        let lines = [own(
            AssociationLineKind::Medel,
            "",
            Some("OVRIGT"),
            100,
            None,
        )];
        let r = cost_report("x", &lines, &[], &BTreeMap::new(), (2025, 2025));
        let y = &r.years[0];
        assert_eq!(y.funds["ovrigt"].budget, 100);
        assert!(!y.result.outcome_complete);
        assert_eq!(y.equity_out, 100);
    }
}
