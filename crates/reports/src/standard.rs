//! The standard participant report (SPEC 7.3, the figures of the JSON contract in
//! 7.6) computed from participations with the period semantics of 7.2. Every count
//! is split by sex. Registration errors count nowhere.

use crate::questionnaire::{Answers, PairedChange};
use crate::tally::Tally;
use crate::wilson::interval95;
use samverka_domain::codes::Sex;
use samverka_domain::goal::Goal;
use samverka_domain::journey::Participation;
use samverka_domain::journey::goal_count::{count, needed_among_open};
use samverka_domain::journey::recorded::Recorded;
use samverka_i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// A count split by sex, as the JSON contract writes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Women.
    pub kvinna: u64,
    /// Men.
    pub man: u64,
    /// Sex not known.
    pub okand: u64,
    /// Everyone.
    pub total: u64,
}

impl Counts {
    /// Counts one person of `sex`.
    pub(crate) fn add(&mut self, sex: Sex) {
        match sex {
            Sex::Kvinna => self.kvinna += 1,
            Sex::Man => self.man += 1,
            Sex::Okand => self.okand += 1,
        }
        self.total += 1;
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: &Counts) {
        self.kvinna += other.kvinna;
        self.man += other.man;
        self.okand += other.okand;
        self.total += other.total;
    }
}

/// The period reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub from: String,
    /// Last day (the as-of date).
    pub to: String,
}

/// A goal as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalFigure {
    /// Goal code.
    pub code: String,
    /// Label.
    pub label: String,
    /// The goal in words (Swedish).
    pub definition: String,
    /// Successes.
    pub numerator: u64,
    /// Counted.
    pub denominator: u64,
    /// Participations that would be counted but could not be judged, because the
    /// goal asks for an income source before start and theirs is not known; not in
    /// the denominator.
    pub not_judged: u64,
    /// Share, or `null` when nobody is counted.
    pub value: Option<f64>,
    /// Target share.
    pub target: f64,
    /// 95 % Wilson interval.
    pub ci95: Option<[f64; 2]>,
    /// True when the value reaches the target.
    pub met: bool,
    /// Share of the still open participations that must succeed to reach the target
    /// (`null` when none is open; above 1 when out of reach).
    pub needed_among_open: Option<f64>,
}

/// How many of a group started in the period, exited in it, or were still active
/// at its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flows {
    /// Started in the period.
    pub started: u64,
    /// Exited by the period's last day.
    pub exited: u64,
    /// Not exited by the period's last day.
    pub active_at_end: u64,
}

impl Flows {
    /// Adds another group's flows to these.
    pub fn merge(&mut self, other: &Flows) {
        self.started += other.started;
        self.exited += other.exited;
        self.active_at_end += other.active_at_end;
    }

    pub(crate) fn add(&mut self, started: bool, exited: bool) {
        self.started += u64::from(started);
        if exited {
            self.exited += 1;
        } else {
            self.active_at_end += 1;
        }
    }
}

/// The standard report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardReport {
    /// What the report covers, e.g. `intervention:NK`.
    pub scope: String,
    /// The period.
    pub period: Period,
    /// Participations that count in the period.
    pub participants: Counts,
    /// Started in the period.
    pub started: Counts,
    /// Exited in the period.
    pub exited: Counts,
    /// Not exited by the period's last day.
    pub active_at_end: Counts,
    /// Exits in the period by reason.
    pub exit_reasons: BTreeMap<String, Counts>,
    /// Exits in the period by occupation at exit, grouped as SUS did
    /// (`forvarvsarbete`, `studier`, `aktivt_arbetssokande`, `ovriga`; `okand` when
    /// not given).
    pub occupation_at_exit: BTreeMap<String, Counts>,
    /// Goals over the period (or their own period).
    pub goals: Vec<GoalFigure>,
    /// Participants by age band at start (`16-19` … `65+`, `under_16`).
    pub age_bands: BTreeMap<String, Counts>,
    /// Started, exited and active at end per age band (all sexes together).
    pub age_band_flows: BTreeMap<String, Flows>,
    /// Exits to work in the period by employment form.
    pub employment_forms: BTreeMap<String, Counts>,
    /// Exits to work in the period by extent (`1-24`, `25-49`, `50-74`, `75-99`, `100`).
    pub employment_extents: BTreeMap<String, Counts>,
    /// Exits to studies in the period by study form.
    pub study_forms: BTreeMap<String, Counts>,
    /// Exits in the period: income source before → income source after, people counted
    /// once per pair (`okand` when none was registered).
    pub income_before_after: BTreeMap<String, BTreeMap<String, u64>>,
    /// Days from start to exit for exits in the period.
    pub days_in_intervention: Spread,
    /// Participants by the organisation that proposed them (aktualiserad av;
    /// `okand` when empty): the subtotals of `referral_units`.
    pub referral_sources: BTreeMap<String, Counts>,
    /// Participants by organisation, then by unit within it (`okand` when the unit
    /// is not known).
    pub referral_units: BTreeMap<String, BTreeMap<String, Counts>>,
    /// Days in each stage (summed over revisits) for participants with stages.
    pub days_per_stage: BTreeMap<String, Spread>,
    /// Participations open at the period's end per coach (account id).
    pub caseload_per_coach: BTreeMap<i64, u64>,
    /// Start → exit change per 1–5 question of the questionnaires, by question code.
    pub experience_change: BTreeMap<String, PairedChange>,
    /// The spread of questionnaire answers at `start` and at `exit`: per question,
    /// per answer, by sex (free text never).
    pub experience_answers: BTreeMap<String, BTreeMap<String, BTreeMap<String, Counts>>>,
}

/// The spread of a number of days: count, quartiles and median (nearest rank).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Spread {
    /// How many.
    pub n: u64,
    /// First quartile.
    pub q1: Option<i64>,
    /// Median.
    pub median: Option<i64>,
    /// Third quartile.
    pub q3: Option<i64>,
}

impl Spread {
    /// Quartiles by the nearest-rank method.
    pub fn of(mut values: Vec<i64>) -> Self {
        values.sort_unstable();
        let n = values.len();
        let rank = |p: f64| -> Option<i64> {
            (n > 0).then(|| values[((p * n as f64).ceil() as usize).clamp(1, n) - 1])
        };
        Spread {
            n: n as u64,
            q1: rank(0.25),
            median: rank(0.5),
            q3: rank(0.75),
        }
    }
}

impl Spread {
    /// Quartiles by the nearest-rank method from how many times each value occurs:
    /// the same as [`Spread::of`] on the values written out.
    pub fn of_histogram(histogram: &BTreeMap<i64, u64>) -> Self {
        let n: u64 = histogram.values().sum();
        let rank = |p: f64| -> Option<i64> {
            if n == 0 {
                return None;
            }
            let k = ((p * n as f64).ceil() as u64).clamp(1, n);
            let mut seen = 0;
            histogram.iter().find_map(|(v, c)| {
                seen += c;
                (seen >= k).then_some(*v)
            })
        };
        Spread {
            n,
            q1: rank(0.25),
            median: rank(0.5),
            q3: rank(0.75),
        }
    }
}

/// The age band of an age, as reports use them (SPEC 6).
pub fn age_band(age: i32) -> &'static str {
    match age {
        i32::MIN..=15 => "under_16",
        16..=19 => "16-19",
        20..=24 => "20-24",
        25..=29 => "25-29",
        30..=39 => "30-39",
        40..=49 => "40-49",
        50..=59 => "50-59",
        60..=64 => "60-64",
        _ => "65+",
    }
}

/// Computes the report for `participations` over `from`–`to`; `recorded` tells what
/// entries and questionnaire answers a participation holds (for goals), and
/// `answers` are the questionnaires counted.
pub fn standard(
    scope: &str,
    participations: &[Participation],
    goals: &[Goal],
    (from, to): (Date, Date),
    recorded: &dyn Fn(&Participation) -> Recorded,
    answers: &Answers,
) -> StandardReport {
    let mut r = Tally::count(participations, (from, to), answers).finish(scope, (from, to));
    // Goal counting leaves registration errors out by itself.
    let all = participations;
    r.goals = goals
        .iter()
        .map(|g| {
            let c = count(g, all, from, to, recorded);
            let target = f64::from(g.target) / 10_000.0;
            let value = c.value();
            GoalFigure {
                code: g.code.clone(),
                label: g.label.clone(),
                definition: g.sentence(Lang::Sv),
                numerator: c.numerator,
                denominator: c.denominator,
                not_judged: c.not_judged,
                value,
                target,
                ci95: interval95(c.numerator, c.denominator).map(|(lo, hi)| [lo, hi]),
                met: value.is_some_and(|v| v >= target),
                needed_among_open: needed_among_open(g, all, from, to, recorded),
            }
        })
        .collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_by_nearest_rank() {
        assert_eq!(
            Spread::of(vec![]),
            Spread {
                n: 0,
                q1: None,
                median: None,
                q3: None
            }
        );
        let s = Spread::of(vec![30, 10, 20, 40]);
        assert_eq!((s.q1, s.median, s.q3), (Some(10), Some(20), Some(30)));
        assert_eq!(Spread::of((1..=9).collect()).median, Some(5));
    }

    #[test]
    fn age_bands_follow_spec_6() {
        assert_eq!(
            [
                age_band(15),
                age_band(19),
                age_band(20),
                age_band(64),
                age_band(65)
            ],
            ["under_16", "16-19", "20-24", "60-64", "65+"]
        );
    }
}
