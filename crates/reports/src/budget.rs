//! The budget report (SPEC 8): an intervention's or association's budget lines per
//! year, summed by category, financier and type, against their outcome per tertial,
//! with members' contributions in kind, the rehabpott, and the cost per participant,
//! participant-month and exit to work or studies. Every sum is computed from the
//! lines; nothing is typed. The report covers whole calendar years; a year or tertial
//! is compared with its budget only once it is over and its outcome is registered,
//! and cost ratios count only the years that have lines (SPEC 7.8).

use crate::disclosure::small;
use crate::standard::Period;
use crate::withheld::{Mark, Withheld};
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
    /// True when every line of the year has an outcome for the whole year (given
    /// for the year, or for all three tertials).
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
    /// Per tertial: over before the report's day and its outcome registered on
    /// every line (or the whole year closed). An open tertial has "no outcome yet".
    pub closed_tertials: [bool; 3],
    /// The year is over before the report's day and its outcome is complete.
    pub closed: bool,
    /// (outcome − budget) / budget, only for a closed year.
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

/// What the money bought: results and cost per result, over the years that have
/// budget or outcome lines (SPEC 7.8), not over every year of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostPerResult {
    /// The whole calendar years counted: those of the period with lines.
    pub years: Vec<i32>,
    /// Participations that count in the years.
    pub participants: u64,
    /// Their days in the years, in months.
    pub participant_months: f64,
    /// Exits in the years with occupation at exit work or studies.
    pub exits_to_work_or_studies: u64,
    /// The same exits per year, for disclosure control only.
    #[serde(skip)]
    pub exits_by_year: BTreeMap<i32, u64>,
    /// `outcome` when every year is closed, else `budget`.
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

/// The last day of tertial `k` (0: January–April, 1: May–August, 2:
/// September–December) of `year`.
pub fn tertial_end(year: i32, k: usize) -> Date {
    let (month, day) = match k {
        0 => (Month::April, 30),
        1 => (Month::August, 31),
        _ => (Month::December, 31),
    };
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// A line's outcome for the whole year, when it is known: all three tertials, or a
/// year outcome given without tertials (or differing from the tertials given, so
/// typed for the year). Two tertials of three are not a year's outcome.
pub fn year_outcome(l: &BudgetLine) -> Option<i64> {
    let given: Vec<i64> = l.tertials.iter().flatten().copied().collect();
    match (l.outcome, given.len()) {
        (Some(o), 0 | 3) => Some(o),
        (Some(o), _) if o != given.iter().sum::<i64>() => Some(o),
        _ => None,
    }
}

/// The years, written short: `2012–2013`, `2008, 2010–2011`.
pub fn years_text(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for y in years {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == *y => *last = *y,
            _ => runs.push((*y, *y)),
        }
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn add(map: &mut BTreeMap<String, i64>, key: &str, v: i64) {
    *map.entry(key.to_string()).or_default() += v;
}

fn empty_year(year: i32) -> BudgetYear {
    BudgetYear {
        year,
        budget: 0,
        outcome: 0,
        outcome_complete: true,
        by_category: BTreeMap::new(),
        outcome_by_category: BTreeMap::new(),
        by_financier: BTreeMap::new(),
        by_type: BTreeMap::new(),
        tertials: [None; 3],
        closed_tertials: [false; 3],
        closed: false,
        deviation: None,
        flagged: false,
    }
}

/// The year's sums, and which of it is closed as of `today`: a year or tertial
/// whose last day is today or later is open whatever is registered.
fn year_of(lines: &[&BudgetLine], year: i32, today: Date) -> BudgetYear {
    let mut y = empty_year(year);
    let mut every_line_has = [true; 3];
    for l in lines.iter().filter(|l| l.year == year) {
        y.budget += l.amount;
        add(&mut y.by_category, l.category.code(), l.amount);
        add(
            &mut y.by_financier,
            l.financier.as_deref().unwrap_or("okand"),
            l.amount,
        );
        add(&mut y.by_type, l.budget_type.code(), l.amount);
        if let Some(o) = l.outcome {
            y.outcome += o;
            add(&mut y.outcome_by_category, l.category.code(), o);
        }
        y.outcome_complete &= year_outcome(l).is_some();
        for (k, t) in l.tertials.iter().enumerate() {
            match t {
                Some(t) => y.tertials[k] = Some(y.tertials[k].unwrap_or(0) + t),
                None => every_line_has[k] = false,
            }
        }
    }
    y.closed = y.outcome_complete && tertial_end(year, 2) < today;
    for (k, (closed, has)) in y.closed_tertials.iter_mut().zip(every_line_has).enumerate() {
        *closed = y.closed || (has && tertial_end(year, k) < today);
    }
    if y.closed && y.budget > 0 {
        let d = (y.outcome - y.budget) as f64 / y.budget as f64;
        y.deviation = Some(d);
        y.flagged = d.abs() > FLAGGED_DEVIATION;
    }
    y
}

/// The days of `years` (each capped at `last`) as first and last day.
fn windows(years: &[i32], last: Date) -> Vec<(Date, Date)> {
    years
        .iter()
        .filter_map(|y| {
            let from = Date::from_calendar_date(*y, Month::January, 1).ok()?;
            let to = tertial_end(*y, 2).min(last);
            (from <= to).then_some((from, to))
        })
        .collect()
}

/// Results of `participations` in the whole calendar `years` (up to `last`), and the
/// cost per result: participants and exits of other years are not counted.
fn results(
    participations: &[Participation],
    years: &[i32],
    last: Date,
    cost: (i64, &'static str),
) -> CostPerResult {
    let windows = windows(years, last);
    let mut participants = 0u64;
    let mut days = 0i64;
    let mut exits_by_year: BTreeMap<i32, u64> = windows.iter().map(|w| (w.0.year(), 0)).collect();
    for p in participations.iter().filter(|p| !p.is_registration_error()) {
        let mut counted = false;
        for &(from, to) in windows.iter().filter(|(f, t)| counts_in(p, *f, *t)) {
            counted = true;
            let end = p.exit.as_ref().map_or(to, |x| x.on.min(to));
            days += (end - p.start_on.max(from)).whole_days() + 1;
            if p.exit
                .as_ref()
                .is_some_and(|x| x.on <= to && x.on >= from && x.to_work_or_studies())
            {
                *exits_by_year.entry(from.year()).or_default() += 1;
            }
        }
        participants += u64::from(counted);
    }
    let exits: u64 = exits_by_year.values().sum();
    let months = days as f64 / DAYS_PER_MONTH;
    // Without any budget there is nothing to divide.
    let per = |n: f64| (n > 0.0 && cost.0 > 0).then(|| (cost.0 as f64 / n).round() as i64);
    CostPerResult {
        years: windows.iter().map(|w| w.0.year()).collect(),
        participants,
        participant_months: (months * 10.0).round() / 10.0,
        exits_to_work_or_studies: exits,
        exits_by_year,
        cost_basis: cost.1,
        cost: cost.0,
        per_participant: per(participants as f64),
        per_participant_month: per(months),
        per_exit_to_work_or_studies: per(exits as f64),
    }
}

/// What the report needs besides its lines and participations.
#[derive(Debug, Clone, Copy)]
pub struct BudgetInput<'a> {
    /// The whole years covered (see [`whole_years`]).
    pub period: (Date, Date),
    /// The report's day: years and tertials ending on it or later are open.
    pub today: Date,
    /// Approved rehabpott spending in the years.
    pub rehab_spent: i64,
    /// The association's assumptions for the socio-economic estimate.
    pub assumptions: Option<&'a EstimateParameters>,
}

/// Budget lines per category, post and year; across interventions a post is named
/// with its intervention's code.
fn posts_of(paid: &[&BudgetLine]) -> BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>> {
    let several = paid.iter().any(|l| l.intervention != paid[0].intervention);
    let mut posts: BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>> = BTreeMap::new();
    for l in paid {
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
    posts
}

/// Sums per key over the years.
fn over_years(
    years: &[BudgetYear],
    pick: fn(&BudgetYear) -> &BTreeMap<String, i64>,
) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for y in years {
        for (k, v) in pick(y) {
            add(&mut out, k, *v);
        }
    }
    out
}

/// The budget report of `lines` and `participations` over the whole years of
/// `input.period`.
pub fn budget_report(
    scope: &str,
    lines: &[BudgetLine],
    participations: &[Participation],
    input: BudgetInput<'_>,
) -> BudgetReport {
    let (from, to) = input.period;
    let in_years = |l: &&BudgetLine| (from.year()..=to.year()).contains(&l.year);
    let paid: Vec<&BudgetLine> = lines
        .iter()
        .filter(in_years)
        .filter(|l| !l.in_kind())
        .collect();
    let mut year_list: Vec<i32> = paid.iter().map(|l| l.year).collect();
    year_list.sort_unstable();
    year_list.dedup();
    let years: Vec<BudgetYear> = year_list
        .iter()
        .map(|y| year_of(&paid, *y, input.today))
        .collect();
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
    let closed = !years.is_empty() && years.iter().all(|y| y.closed);
    let cost = if closed {
        (total_outcome, "outcome")
    } else {
        (total_budget, "budget")
    };
    let results = results(participations, &year_list, to, cost);
    BudgetReport {
        scope: scope.to_string(),
        period: Period {
            from: from.to_string(),
            to: to.to_string(),
        },
        total_budget,
        total_outcome,
        by_category: over_years(&years, |y| &y.by_category),
        by_financier: over_years(&years, |y| &y.by_financier),
        posts: posts_of(&paid),
        in_kind_total: in_kind.iter().map(|k| k.value).sum(),
        in_kind,
        rehab_fund: RehabFund {
            budget: paid
                .iter()
                .filter(|l| l.rehab_fund())
                .map(|l| l.amount)
                .sum(),
            spent: input.rehab_spent,
        },
        estimate: input
            .assumptions
            .map(|a| Estimate::of(a, results.exits_to_work_or_studies, results.cost)),
        results,
        years,
    }
}

impl BudgetReport {
    /// What the association layer may not see (SPEC 7.4): a count of participants or
    /// exits from 1 to 4 (`<5`), and every figure it could be worked back from (`..`):
    /// the costs per result, the participant-months and the estimate built on the
    /// exits. Exits of several years are withheld as well when one year's count is
    /// small, since that year's count could be had by subtracting the others.
    pub fn withheld(&self) -> Withheld {
        let c = &self.results;
        let mut marks = BTreeMap::new();
        if small(c.participants) {
            marks.insert("results.participants".to_string(), Mark::Small);
            for p in [
                "participant_months",
                "per_participant",
                "per_participant_month",
            ] {
                marks.insert(format!("results.{p}"), Mark::Protective);
            }
        }
        let exits = c.exits_to_work_or_studies;
        let one_year_small =
            c.exits_by_year.len() > 1 && c.exits_by_year.values().any(|n| small(*n));
        let mark = match (small(exits), one_year_small) {
            (true, _) => Some(Mark::Small),
            (false, true) => Some(Mark::Protective),
            _ => None,
        };
        if let Some(mark) = mark {
            marks.insert("results.exits_to_work_or_studies".into(), mark);
            marks.insert(
                "results.per_exit_to_work_or_studies".into(),
                Mark::Protective,
            );
            if self.estimate.is_some() {
                marks.insert("estimate.exits".into(), mark);
                for p in ["gain", "net", "return_per_krona"] {
                    marks.insert(format!("estimate.{p}"), Mark::Protective);
                }
            }
        }
        Withheld::from_marks(marks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::codes::{ExitReason, Occupation};
    use samverka_domain::import::budget_row::read_row;
    use samverka_domain::journey::exit::Exit;
    use time::macros::date;

    /// The day the tests are run on, as the issue saw it: December of an open year.
    const TODAY: Date = date!(2026 - 12 - 02);

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

    fn input(from: Date, to: Date, today: Date) -> BudgetInput<'static> {
        BudgetInput {
            period: whole_years(from, to, today),
            today,
            rehab_spent: 0,
            assumptions: None,
        }
    }

    fn report_of(code: &str, from: Date, to: Date) -> BudgetReport {
        let lines: Vec<BudgetLine> = seed_lines()
            .into_iter()
            .filter(|l| l.intervention == code)
            .collect();
        budget_report(code, &lines, &[], input(from, to, TODAY))
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

    #[test]
    fn the_demo_year_in_december_is_open_and_not_flagged() {
        let nk = report_of("NK", date!(2025 - 01 - 01), date!(2026 - 12 - 31));
        let (y2025, y2026) = (&nk.years[0], &nk.years[1]);
        assert!(y2025.closed && !y2025.flagged);
        assert_eq!(y2025.closed_tertials, [true; 3]);
        assert_eq!(
            (y2026.outcome, y2026.outcome_complete, y2026.closed),
            (
                190_100 + 194_300 + 192_800 + 191_000 + 14_000 + 18_500 + 4_100 + 16_800,
                false,
                false
            ),
            "two tertials of three are not the year's outcome"
        );
        assert_eq!(y2026.closed_tertials, [true, true, false]);
        assert_eq!((y2026.deviation, y2026.flagged), (None, false));
        assert_eq!(nk.results.cost_basis, "budget");
    }

    fn line(year: i32, amount: i64, outcome: Option<i64>) -> BudgetLine {
        let mut l = seed_lines().remove(0);
        l.year = year;
        l.amount = amount;
        l.outcome = outcome;
        l
    }

    fn with_tertials(year: i32, amount: i64, tertials: [Option<i64>; 3]) -> BudgetLine {
        let mut l = line(year, amount, None);
        l.tertials = tertials;
        l.outcome = tertials
            .iter()
            .any(Option::is_some)
            .then(|| tertials.iter().flatten().sum());
        l
    }

    #[test]
    fn a_tertial_is_closed_when_it_is_over_and_registered_on_every_line() {
        let lines = [
            with_tertials(2026, 300_000, [Some(100_000), Some(100_000), None]),
            with_tertials(2026, 300_000, [Some(100_000), None, None]),
        ];
        let year = |today: Date| {
            budget_report("x", &lines, &[], input(date!(2026 - 01 - 01), today, today)).years[0]
                .clone()
        };
        let december = year(date!(2026 - 12 - 15));
        assert_eq!(december.closed_tertials, [true, false, false]);
        assert_eq!(december.tertials, [Some(200_000), Some(100_000), None]);
        assert_eq!((december.closed, december.deviation), (false, None));
        let april = year(date!(2026 - 04 - 30));
        assert_eq!(
            april.closed_tertials, [false; 3],
            "a tertial is open on its last day"
        );
        let complete = [
            with_tertials(2026, 300_000, [Some(100_000), Some(100_000), Some(30_000)]),
            with_tertials(2026, 300_000, [Some(100_000), Some(100_000), Some(100_000)]),
        ];
        let on = |today: Date| {
            budget_report(
                "x",
                &complete,
                &[],
                input(date!(2026 - 01 - 01), today, today),
            )
            .years[0]
                .clone()
        };
        let last_day = on(date!(2026 - 12 - 31));
        assert_eq!(last_day.closed_tertials, [true, true, false]);
        assert_eq!((last_day.deviation, last_day.flagged), (None, false));
        let after = on(date!(2027 - 01 - 01));
        assert!(
            after.closed && after.flagged,
            "11,7 % under budget is flagged"
        );
        assert!((after.deviation.unwrap() - (530_000.0 - 600_000.0) / 600_000.0).abs() < 1e-9);
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
        let after = date!(2027 - 02 - 01);
        let r = budget_report(
            "x",
            &lines,
            &[],
            input(date!(2025 - 01 - 01), date!(2026 - 12 - 31), after),
        );
        assert_eq!(
            r.total_budget, 300_000,
            "the contribution in kind is not budget"
        );
        assert_eq!(r.in_kind_total, 50_000);
        assert_eq!(r.in_kind[0].financier, "AF");
        let y2025 = &r.years[0];
        assert!(y2025.closed && !y2025.flagged, "9 % is within 10 %");
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
            input(date!(2026 - 01 - 01), date!(2026 - 12 - 31), after),
        );
        assert!(flagged.years[0].flagged, "20 % over budget is flagged");
        assert_eq!(flagged.results.cost_basis, "outcome");
        let early = budget_report(
            "x",
            &lines[1..2],
            &[],
            input(date!(2026 - 01 - 01), date!(2026 - 12 - 31), TODAY),
        );
        assert!(
            !early.years[0].flagged && early.years[0].deviation.is_none(),
            "a year outcome typed before the year is over is not compared"
        );
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

    fn exit(on: Date, occupation: Occupation) -> Option<Exit> {
        Some(Exit {
            on,
            reason: ExitReason::Arbete,
            occupation: Some(occupation),
            employment_form: None,
            extent: None,
            study_form: None,
            income: Vec::new(),
            analysis: String::new(),
            receiving_org: String::new(),
        })
    }

    #[test]
    fn cost_per_result_divides_the_cost_by_what_was_achieved() {
        let work = participation(
            date!(2025 - 01 - 01),
            exit(date!(2025 - 12 - 31), Occupation::Arbete),
        );
        let open = participation(date!(2025 - 07 - 01), None);
        let lines = [line(2025, 600_000, Some(600_000))];
        let assumptions = EstimateParameters {
            association: "SFU".into(),
            cost_per_person_year: 230_000,
            years: 2,
            includes: "Försörjningsstöd och vård".into(),
        };
        let r = budget_report(
            "x",
            &lines,
            &[work, open],
            BudgetInput {
                assumptions: Some(&assumptions),
                ..input(date!(2025 - 01 - 01), date!(2025 - 12 - 31), TODAY)
            },
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
            input(date!(2025 - 01 - 01), date!(2025 - 12 - 31), TODAY),
        );
        assert_eq!(
            unbudgeted.results.per_participant, None,
            "no budget, no cost per participant"
        );
        assert!(unbudgeted.results.years.is_empty());
    }

    /// Participations before, across and after the budgeted years 2012–2013.
    fn eight_years() -> Vec<Participation> {
        vec![
            // Before the budget: not counted.
            participation(
                date!(2007 - 03 - 01),
                exit(date!(2009 - 06 - 30), Occupation::Arbete),
            ),
            participation(
                date!(2010 - 01 - 01),
                exit(date!(2011 - 12 - 31), Occupation::Studier),
            ),
            // Across the start: counted from 2012-01-01; the exit counts.
            participation(
                date!(2011 - 07 - 01),
                exit(date!(2012 - 01 - 31), Occupation::Arbete),
            ),
            // Inside: counted.
            participation(
                date!(2013 - 01 - 01),
                exit(date!(2013 - 12 - 31), Occupation::Studier),
            ),
            participation(
                date!(2012 - 06 - 01),
                exit(date!(2013 - 06 - 30), Occupation::Sjukskriven),
            ),
        ]
    }

    #[test]
    fn cost_ratios_count_only_the_years_with_lines() {
        let lines = [line(2012, 443_800, None), line(2013, 885_592, None)];
        let r = budget_report(
            "x",
            &lines,
            &eight_years(),
            input(date!(2006 - 05 - 01), date!(2013 - 12 - 31), TODAY),
        );
        let c = &r.results;
        assert_eq!(c.years, [2012, 2013]);
        assert_eq!((c.participants, c.exits_to_work_or_studies), (3, 2));
        assert_eq!(
            c.per_participant,
            Some((1_329_392.0_f64 / 3.0).round() as i64)
        );
        assert_eq!(c.per_exit_to_work_or_studies, Some(664_696));
        let days = 31 + 365 + (214 + 181);
        assert_eq!(
            c.participant_months,
            (days as f64 / DAYS_PER_MONTH * 10.0).round() / 10.0
        );
        assert_eq!(c.exits_by_year, BTreeMap::from([(2012, 1), (2013, 1)]));
        // Years apart are counted apart: 2008 and 2012 lines, nothing between.
        let apart = [line(2008, 100, None), line(2012, 100, None)];
        let r = budget_report(
            "x",
            &apart,
            &eight_years(),
            input(date!(2006 - 05 - 01), date!(2013 - 12 - 31), TODAY),
        );
        assert_eq!(r.results.years, [2008, 2012]);
        assert_eq!(r.results.participants, 3, "2007–2009 in 2008; two in 2012");
        assert_eq!(years_text(&r.results.years), "2008, 2012");
        assert_eq!(years_text(&[2010, 2012, 2013, 2014]), "2010, 2012–2014");
    }

    #[test]
    fn small_counts_and_what_gives_them_away_are_withheld() {
        let lines = [line(2012, 443_800, None), line(2013, 885_592, None)];
        let assumptions = EstimateParameters {
            association: "SFU".into(),
            cost_per_person_year: 230_000,
            years: 1,
            includes: "x".into(),
        };
        let r = budget_report(
            "x",
            &lines,
            &eight_years(),
            BudgetInput {
                assumptions: Some(&assumptions),
                ..input(date!(2012 - 01 - 01), date!(2013 - 12 - 31), TODAY)
            },
        );
        let w = r.withheld();
        assert_eq!(w.mark("results.participants"), Some(Mark::Small));
        assert_eq!(w.mark("results.per_participant"), Some(Mark::Protective));
        assert_eq!(
            w.mark("results.exits_to_work_or_studies"),
            Some(Mark::Small)
        );
        assert_eq!(w.mark("estimate.exits"), Some(Mark::Small));
        assert_eq!(w.mark("estimate.gain"), Some(Mark::Protective));
        let json = w.apply(&r);
        assert_eq!(json["results"]["participants"], "<5");
        assert_eq!(json["results"]["per_exit_to_work_or_studies"], "..");
        assert_eq!(json["results"]["years"], serde_json::json!([2012, 2013]));
        assert_eq!(json["results"]["cost"], 1_329_392, "money is not withheld");

        // Many participants, but one year with 1–4 exits among several years:
        // the sum is withheld so that the other years cannot be subtracted from it.
        let mut many = eight_years();
        for i in 0..12u8 {
            let start = date!(2013 - 01 - 01);
            let end = date!(2013 - 03 - 01).replace_day(1 + i).unwrap();
            many.push(participation(start, exit(end, Occupation::Arbete)));
        }
        let r = budget_report(
            "x",
            &lines,
            &many,
            input(date!(2012 - 01 - 01), date!(2013 - 12 - 31), TODAY),
        );
        assert_eq!(
            r.results.exits_by_year,
            BTreeMap::from([(2012, 1), (2013, 13)])
        );
        let w = r.withheld();
        assert_eq!(w.mark("results.participants"), None);
        assert_eq!(
            w.mark("results.exits_to_work_or_studies"),
            Some(Mark::Protective)
        );
        let one_year = budget_report(
            "x",
            &lines[1..],
            &many,
            input(date!(2013 - 01 - 01), date!(2013 - 12 - 31), TODAY),
        );
        assert!(
            one_year.withheld().marks().is_empty(),
            "13 exits in one year are shown"
        );
    }
}
