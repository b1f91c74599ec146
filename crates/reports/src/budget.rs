//! The budget report (SPEC 8): an intervention's or association's budget lines per
//! year, summed by category, financier and type, against their outcome per tertial,
//! with members' contributions in kind, the rehabpott, and the cost per participant,
//! participant-month and exit to work or studies. Every sum is computed from the
//! lines; nothing is typed. The report covers whole calendar years.

use crate::standard::Period;
use samverka_domain::estimate::{Estimate, EstimateParameters};
use samverka_domain::import::budget_row::BudgetLine;
use samverka_domain::journey::Participation;
use samverka_domain::journey::goal_count::counts_in;
use serde::Serialize;
use std::collections::BTreeMap;
use time::{Date, Month};

/// A deviation larger than this share of the budget is flagged.
pub const FLAGGED_DEVIATION: f64 = 0.10;

/// Average days per month, for participant-months.
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// One year of the budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetYear {
    /// The year.
    pub year: i32,
    /// Sum of the year's lines (contributions in kind left out).
    pub budget: i64,
    /// Sum of the outcomes registered so far.
    pub outcome: i64,
    /// True when every line of the year has an outcome.
    pub outcome_complete: bool,
    /// Budget per category (`Personal`, `Externa tjänster`, …).
    pub by_category: BTreeMap<String, i64>,
    /// Outcome per category.
    pub outcome_by_category: BTreeMap<String, i64>,
    /// Budget per financier (member code; `okand` when not given).
    pub by_financier: BTreeMap<String, i64>,
    /// Budget per budget type (`insatskostnad`, `esf_insatskostnad`).
    pub by_type: BTreeMap<String, i64>,
    /// Outcome per tertial, `null` when no line has one for the tertial.
    pub tertials: [Option<i64>; 3],
    /// (outcome − budget) / budget, for a year whose outcome is complete.
    pub deviation: Option<f64>,
    /// True when the deviation is larger than [`FLAGGED_DEVIATION`] either way.
    pub flagged: bool,
}

/// A member's own contribution in kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InKind {
    /// Intervention code.
    pub intervention: String,
    /// Year.
    pub year: i32,
    /// Member code.
    pub financier: String,
    /// What, e.g. "Chef arbetsförmedlingen, 7 dagar".
    pub post: String,
    /// Estimated value in whole kronor.
    pub value: i64,
}

/// The rehabpott: budget against approved spending registered in the journey.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RehabFund {
    /// Budget of the rehabpott lines.
    pub budget: i64,
    /// Approved spending in the years.
    pub spent: i64,
}

/// What the money bought: results and cost per result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostPerResult {
    /// Participations that count in the years.
    pub participants: u64,
    /// Their days in the years, in months.
    pub participant_months: f64,
    /// Exits in the years with occupation at exit work or studies.
    pub exits_to_work_or_studies: u64,
    /// `outcome` when every year's outcome is complete, else `budget`.
    pub cost_basis: &'static str,
    /// The cost divided below.
    pub cost: i64,
    /// Cost per participant (`null` without participants or without a budget).
    pub per_participant: Option<i64>,
    /// Cost per participant-month.
    pub per_participant_month: Option<i64>,
    /// Cost per exit to work or studies.
    pub per_exit_to_work_or_studies: Option<i64>,
}

/// The budget report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetReport {
    /// What the report covers, e.g. `intervention:NK`.
    pub scope: String,
    /// The whole years covered.
    pub period: Period,
    /// Each year with lines, oldest first.
    pub years: Vec<BudgetYear>,
    /// Sum of the years' budgets.
    pub total_budget: i64,
    /// Sum of the years' outcomes.
    pub total_outcome: i64,
    /// Budget per category over all years.
    pub by_category: BTreeMap<String, i64>,
    /// Budget per financier over all years.
    pub by_financier: BTreeMap<String, i64>,
    /// Budget per category, line (post) and year, as the seeds' budget tables; when
    /// the scope has several interventions a line reads `NK: SE-handledare 1`.
    pub posts: BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>>,
    /// Members' contributions in kind.
    pub in_kind: Vec<InKind>,
    /// Their estimated value in all.
    pub in_kind_total: i64,
    /// The rehabpott.
    pub rehab_fund: RehabFund,
    /// Cost per result.
    pub results: CostPerResult,
    /// The socio-economic estimate, when the association has stated its assumptions.
    pub estimate: Option<Estimate>,
}

/// The first and last day of the whole years `from` and `to` fall in, the last
/// capped at `today`.
pub fn whole_years(from: Date, to: Date, today: Date) -> (Date, Date) {
    let first = Date::from_calendar_date(from.year(), Month::January, 1).unwrap_or(from);
    let last = Date::from_calendar_date(to.year(), Month::December, 31).unwrap_or(to);
    (first, last.min(today).max(first))
}

fn add(map: &mut BTreeMap<String, i64>, key: &str, v: i64) {
    *map.entry(key.to_string()).or_default() += v;
}

fn year_of(lines: &[&BudgetLine], year: i32) -> BudgetYear {
    let mut y = BudgetYear {
        year,
        budget: 0,
        outcome: 0,
        outcome_complete: true,
        by_category: BTreeMap::new(),
        outcome_by_category: BTreeMap::new(),
        by_financier: BTreeMap::new(),
        by_type: BTreeMap::new(),
        tertials: [None; 3],
        deviation: None,
        flagged: false,
    };
    for l in lines.iter().filter(|l| l.year == year) {
        y.budget += l.amount;
        add(&mut y.by_category, l.category.code(), l.amount);
        add(
            &mut y.by_financier,
            l.financier.as_deref().unwrap_or("okand"),
            l.amount,
        );
        add(&mut y.by_type, l.budget_type.code(), l.amount);
        match l.outcome {
            Some(o) => {
                y.outcome += o;
                add(&mut y.outcome_by_category, l.category.code(), o);
            }
            None => y.outcome_complete = false,
        }
        for (sum, t) in y.tertials.iter_mut().zip(l.tertials) {
            if let Some(t) = t {
                *sum = Some(sum.unwrap_or(0) + t);
            }
        }
    }
    if y.outcome_complete && y.budget > 0 {
        let d = (y.outcome - y.budget) as f64 / y.budget as f64;
        y.deviation = Some(d);
        y.flagged = d.abs() > FLAGGED_DEVIATION;
    }
    y
}

/// Results of `participations` in `from`–`to`, and the cost per result.
fn results(
    participations: &[Participation],
    (from, to): (Date, Date),
    cost: (i64, &'static str),
) -> CostPerResult {
    let mut participants = 0u64;
    let mut days = 0i64;
    let mut exits = 0u64;
    for p in participations
        .iter()
        .filter(|p| !p.is_registration_error() && counts_in(p, from, to))
    {
        participants += 1;
        let end = p.exit.as_ref().map_or(to, |x| x.on.min(to));
        days += (end - p.start_on.max(from)).whole_days() + 1;
        let to_work_or_studies = p
            .exit
            .as_ref()
            .is_some_and(|x| x.on <= to && x.to_work_or_studies());
        exits += u64::from(to_work_or_studies);
    }
    let months = days as f64 / DAYS_PER_MONTH;
    // Without any budget there is nothing to divide.
    let per = |n: f64| (n > 0.0 && cost.0 > 0).then(|| (cost.0 as f64 / n).round() as i64);
    CostPerResult {
        participants,
        participant_months: (months * 10.0).round() / 10.0,
        exits_to_work_or_studies: exits,
        cost_basis: cost.1,
        cost: cost.0,
        per_participant: per(participants as f64),
        per_participant_month: per(months),
        per_exit_to_work_or_studies: per(exits as f64),
    }
}

/// The budget report of `lines` and `participations` over the whole years of
/// `period`; `rehab_spent` is the approved rehabpott spending in those years.
pub fn budget_report(
    scope: &str,
    lines: &[BudgetLine],
    participations: &[Participation],
    period: (Date, Date),
    rehab_spent: i64,
    assumptions: Option<&EstimateParameters>,
) -> BudgetReport {
    let (from, to) = period;
    let in_years = |l: &&BudgetLine| (from.year()..=to.year()).contains(&l.year);
    let paid: Vec<&BudgetLine> = lines
        .iter()
        .filter(in_years)
        .filter(|l| !l.in_kind())
        .collect();
    let mut year_list: Vec<i32> = paid.iter().map(|l| l.year).collect();
    year_list.sort_unstable();
    year_list.dedup();
    let years: Vec<BudgetYear> = year_list.iter().map(|y| year_of(&paid, *y)).collect();
    let mut by_category = BTreeMap::new();
    let mut by_financier = BTreeMap::new();
    for y in &years {
        for (k, v) in &y.by_category {
            add(&mut by_category, k, *v);
        }
        for (k, v) in &y.by_financier {
            add(&mut by_financier, k, *v);
        }
    }
    // Across interventions a line is named with its intervention's code.
    let several = paid.iter().any(|l| l.intervention != paid[0].intervention);
    let mut posts: BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>> = BTreeMap::new();
    for l in &paid {
        let post = if several {
            format!("{}: {}", l.intervention, l.post.trim())
        } else {
            l.post.trim().to_string()
        };
        *posts
            .entry(l.category.code().to_string())
            .or_default()
            .entry(post)
            .or_default()
            .entry(l.year)
            .or_default() += l.amount;
    }
    let in_kind: Vec<InKind> = lines
        .iter()
        .filter(in_years)
        .filter(|l| l.in_kind())
        .map(|l| InKind {
            intervention: l.intervention.clone(),
            year: l.year,
            financier: l.financier.clone().unwrap_or_default(),
            post: l.post.clone(),
            value: l.amount,
        })
        .collect();
    let total_budget = years.iter().map(|y| y.budget).sum();
    let total_outcome = years.iter().map(|y| y.outcome).sum();
    let complete = !years.is_empty() && years.iter().all(|y| y.outcome_complete);
    let cost = if complete {
        (total_outcome, "outcome")
    } else {
        (total_budget, "budget")
    };
    let mut r = BudgetReport {
        scope: scope.to_string(),
        period: Period {
            from: from.to_string(),
            to: to.to_string(),
        },
        total_budget,
        total_outcome,
        by_category,
        by_financier,
        posts,
        in_kind_total: in_kind.iter().map(|k| k.value).sum(),
        in_kind,
        rehab_fund: RehabFund {
            budget: paid
                .iter()
                .filter(|l| l.rehab_fund())
                .map(|l| l.amount)
                .sum(),
            spent: rehab_spent,
        },
        results: results(participations, period, cost),
        years,
        estimate: None,
    };
    r.estimate =
        assumptions.map(|a| Estimate::of(a, r.results.exits_to_work_or_studies, r.results.cost));
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::import::budget_row::read_row;
    use samverka_domain::journey::exit::Exit;
    use time::macros::date;

    /// The demo's budget file, which holds the seeds' budgets as published.
    fn seed_lines() -> Vec<BudgetLine> {
        let text = include_str!("../../../demo/budget.csv");
        let mut rows = text.lines();
        let header: Vec<&str> = rows.next().unwrap().split(';').collect();
        rows.enumerate()
            .map(|(i, row)| {
                let cells: Vec<&str> = row.split(';').collect();
                let get = |c: &str| {
                    header
                        .iter()
                        .position(|h| *h == c)
                        .and_then(|i| cells.get(i))
                        .map_or(String::new(), |v| v.to_string())
                };
                read_row(i + 2, &get).unwrap()
            })
            .collect()
    }

    fn report_of(code: &str, from: Date, to: Date) -> BudgetReport {
        let lines: Vec<BudgetLine> = seed_lines()
            .into_iter()
            .filter(|l| l.intervention == code)
            .collect();
        budget_report(code, &lines, &[], (from, to), 0, None)
    }

    #[test]
    fn the_seed_budgets_give_the_published_totals() {
        let nk = report_of("NK", date!(2012 - 09 - 01), date!(2013 - 12 - 31));
        let per_year: Vec<(i32, i64)> = nk.years.iter().map(|y| (y.year, y.budget)).collect();
        assert_eq!(per_year, [(2012, 443_800), (2013, 885_592)]);
        assert_eq!(nk.total_budget, 1_329_392);
        assert_eq!(nk.by_category["Personal"], 268_800 + 830_592);
        assert_eq!(nk.by_category["Övriga kostnader"], 230_000);
        let gt = report_of("GT", date!(2008 - 01 - 01), date!(2010 - 12 - 31));
        assert_eq!(gt.total_budget, 2_755_000);
        assert_eq!(
            gt.years.iter().map(|y| y.budget).collect::<Vec<_>>(),
            [1_198_000, 1_365_000, 192_000]
        );
        assert_eq!(gt.rehab_fund.budget, 300_000);
        let jsa = report_of("JSA", date!(2015 - 01 - 01), date!(2015 - 12 - 31));
        assert_eq!(jsa.total_budget, 6 * 465_000);
        assert_eq!(jsa.total_budget, 2_790_000);
    }

    fn line(year: i32, amount: i64, outcome: Option<i64>) -> BudgetLine {
        let mut l = seed_lines().remove(0);
        l.year = year;
        l.amount = amount;
        l.outcome = outcome;
        l
    }

    #[test]
    fn a_complete_year_is_compared_with_its_budget_and_in_kind_is_left_out() {
        let mut in_kind = line(2026, 50_000, None);
        in_kind.budget_type = samverka_domain::codes::BudgetType::EgenInsats;
        in_kind.financier = Some("AF".into());
        in_kind.post = "Chef arbetsförmedlingen, 7 dagar".into();
        let lines = [
            line(2025, 100_000, Some(109_000)),
            line(2026, 100_000, Some(120_000)),
            line(2026, 100_000, None),
            in_kind,
        ];
        let r = budget_report(
            "x",
            &lines,
            &[],
            (date!(2025 - 01 - 01), date!(2026 - 12 - 31)),
            0,
            None,
        );
        assert_eq!(
            r.total_budget, 300_000,
            "the contribution in kind is not budget"
        );
        assert_eq!(r.in_kind_total, 50_000);
        assert_eq!(r.in_kind[0].financier, "AF");
        let y2025 = &r.years[0];
        assert!(
            y2025.outcome_complete && !y2025.flagged,
            "9 % is within 10 %"
        );
        assert!((y2025.deviation.unwrap() - 0.09).abs() < 1e-9);
        let y2026 = &r.years[1];
        assert_eq!(
            (y2026.outcome, y2026.outcome_complete, y2026.deviation),
            (120_000, false, None)
        );
        assert_eq!(
            r.results.cost_basis, "budget",
            "an open year: cost is the budget"
        );
        let flagged = budget_report(
            "x",
            &lines[1..2],
            &[],
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31)),
            0,
            None,
        );
        assert!(flagged.years[0].flagged, "20 % over budget is flagged");
        assert_eq!(flagged.results.cost_basis, "outcome");
    }

    fn participation(start_on: Date, exit: Option<Exit>) -> Participation {
        Participation {
            id: 1,
            intervention: "NK".into(),
            person_id: 1,
            referral_id: None,
            cohort_id: None,
            coach: None,
            start_on,
            sex: samverka_domain::codes::Sex::Kvinna,
            birth_year: 1990,
            consent: None,
            baseline: Default::default(),
            decisive_change: String::new(),
            referred_by: String::new(),
            referred_unit: String::new(),
            stages: Vec::new(),
            exit,
        }
    }

    #[test]
    fn cost_per_result_divides_the_cost_by_what_was_achieved() {
        let work = participation(
            date!(2025 - 01 - 01),
            Some(Exit {
                on: date!(2025 - 12 - 31),
                reason: samverka_domain::codes::ExitReason::Arbete,
                occupation: Some(samverka_domain::codes::Occupation::Arbete),
                employment_form: None,
                extent: None,
                study_form: None,
                income: Vec::new(),
                analysis: String::new(),
                receiving_org: String::new(),
            }),
        );
        let open = participation(date!(2025 - 07 - 01), None);
        let lines = [line(2025, 600_000, Some(600_000))];
        let r = budget_report(
            "x",
            &lines,
            &[work, open],
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31)),
            0,
            Some(&EstimateParameters {
                association: "SFU".into(),
                cost_per_person_year: 230_000,
                years: 2,
                includes: "Försörjningsstöd och vård".into(),
            }),
        );
        let e = r.estimate.as_ref().unwrap();
        assert_eq!((e.exits, e.gain, e.net), (1, 460_000, 460_000 - 600_000));
        let c = &r.results;
        assert_eq!((c.participants, c.exits_to_work_or_studies), (2, 1));
        assert_eq!(c.participant_months, 18.0, "365 + 184 days");
        assert_eq!(c.per_participant, Some(300_000));
        assert_eq!(c.per_exit_to_work_or_studies, Some(600_000));
        assert_eq!(
            c.per_participant_month,
            Some(33_265),
            "549 days are 18.04 months"
        );
        let open = participation(date!(2025 - 07 - 01), None);
        let unbudgeted = budget_report(
            "x",
            &[],
            &[open],
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31)),
            0,
            None,
        );
        assert_eq!(
            unbudgeted.results.per_participant, None,
            "no budget, no cost per participant"
        );
    }
}
