//! The standard participant report (SPEC 7.3, the figures of the JSON contract in
//! 7.6) computed from participations with the period semantics of 7.2. Every count
//! is split by sex. Registration errors count nowhere.

use crate::questionnaire::{Answers, PairedChange, distribution, paired_change};
use crate::wilson::interval95;
use samverka_domain::codes::{IncomeSource, Occupation, Sex};
use samverka_domain::goal::Goal;
use samverka_domain::journey::Participation;
use samverka_domain::journey::goal_count::{count, counts_in, needed_among_open};
use samverka_domain::journey::recorded::Recorded;
use samverka_domain::questionnaire::instrument::InstrumentKind;
use samverka_i18n::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// A count split by sex, as the JSON contract writes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flows {
    /// Started in the period.
    pub started: u64,
    /// Exited by the period's last day.
    pub exited: u64,
    /// Not exited by the period's last day.
    pub active_at_end: u64,
}

impl Flows {
    fn add(&mut self, started: bool, exited: bool) {
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
    /// Exits in the period by occupation at exit (`okand` when not given).
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

/// Employment form and extent, study form and income before → after of one exit.
fn exit_details(
    r: &mut StandardReport,
    p: &Participation,
    x: &samverka_domain::journey::exit::Exit,
) {
    if let Some(form) = x.employment_form {
        r.employment_forms
            .entry(form.code().to_string())
            .or_default()
            .add(p.sex);
    }
    if let Some(e) = x
        .extent
        .filter(|_| x.occupation == Some(Occupation::Arbete))
    {
        r.employment_extents
            .entry(extent_band(e).to_string())
            .or_default()
            .add(p.sex);
    }
    if let Some(form) = x.study_form {
        r.study_forms
            .entry(form.code().to_string())
            .or_default()
            .add(p.sex);
    }
    let codes = |list: &[IncomeSource]| -> Vec<String> {
        if list.is_empty() {
            vec!["okand".into()]
        } else {
            list.iter().map(|c| c.code().to_string()).collect()
        }
    };
    for before in codes(&p.baseline.income) {
        for after in codes(&x.income) {
            *r.income_before_after
                .entry(before.clone())
                .or_default()
                .entry(after)
                .or_default() += 1;
        }
    }
}

fn extent_band(extent: u8) -> &'static str {
    match extent {
        0..=24 => "1-24",
        25..=49 => "25-49",
        50..=74 => "50-74",
        75..=99 => "75-99",
        _ => "100",
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
    let counted: Vec<&Participation> = participations
        .iter()
        .filter(|p| !p.is_registration_error())
        .collect();
    let mut r = StandardReport {
        scope: scope.to_string(),
        period: Period {
            from: from.to_string(),
            to: to.to_string(),
        },
        participants: Counts::default(),
        started: Counts::default(),
        exited: Counts::default(),
        active_at_end: Counts::default(),
        exit_reasons: BTreeMap::new(),
        occupation_at_exit: BTreeMap::new(),
        goals: Vec::new(),
        age_bands: BTreeMap::new(),
        age_band_flows: BTreeMap::new(),
        employment_forms: BTreeMap::new(),
        employment_extents: BTreeMap::new(),
        study_forms: BTreeMap::new(),
        income_before_after: BTreeMap::new(),
        days_in_intervention: Spread::default(),
        referral_sources: BTreeMap::new(),
        referral_units: BTreeMap::new(),
        days_per_stage: BTreeMap::new(),
        caseload_per_coach: BTreeMap::new(),
        experience_change: BTreeMap::new(),
        experience_answers: BTreeMap::new(),
    };
    let mut counted_ids = BTreeSet::new();
    let mut stage_days: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut days = Vec::new();
    for p in &counted {
        if !counts_in(p, from, to) {
            continue;
        }
        r.participants.add(p.sex);
        counted_ids.insert(p.id);
        let end = p.exit.as_ref().map_or(to, |x| x.on.min(to));
        for (stage, d) in samverka_domain::journey::stage::days_per_stage(&p.stages, end) {
            stage_days.entry(stage).or_default().push(d);
        }
        let band = age_band(p.age_at_start()).to_string();
        let exited = p.exit.as_ref().is_some_and(|x| x.on <= to);
        r.age_band_flows
            .entry(band.clone())
            .or_default()
            .add(p.start_on >= from, exited);
        r.age_bands.entry(band).or_default().add(p.sex);
        let source = if p.referred_by.trim().is_empty() {
            "okand"
        } else {
            p.referred_by.trim()
        };
        r.referral_sources
            .entry(source.to_string())
            .or_default()
            .add(p.sex);
        let unit = match p.referred_unit.trim() {
            "" => "okand",
            u => u,
        };
        r.referral_units
            .entry(source.to_string())
            .or_default()
            .entry(unit.to_string())
            .or_default()
            .add(p.sex);
        if p.start_on >= from {
            r.started.add(p.sex);
        }
        match p.exit.as_ref().filter(|x| x.on <= to) {
            Some(x) => {
                r.exited.add(p.sex);
                r.exit_reasons
                    .entry(x.reason.code().to_string())
                    .or_default()
                    .add(p.sex);
                let occupation = x.occupation.map_or("okand", |o| o.code());
                r.occupation_at_exit
                    .entry(occupation.to_string())
                    .or_default()
                    .add(p.sex);
                exit_details(&mut r, p, x);
                if x.on >= from {
                    days.push((x.on - p.start_on).whole_days());
                }
            }
            None => {
                r.active_at_end.add(p.sex);
                if let Some(coach) = p.coach {
                    *r.caseload_per_coach.entry(coach).or_default() += 1;
                }
            }
        }
    }
    r.days_in_intervention = Spread::of(days);
    r.experience_change = paired_change(&answers.questions, &answers.responses, &counted_ids);
    for occasion in [InstrumentKind::Start, InstrumentKind::Exit] {
        let spread = distribution(
            &answers.questions,
            &answers.responses,
            occasion,
            &counted_ids,
        );
        if !spread.is_empty() {
            r.experience_answers
                .insert(occasion.code().to_string(), spread);
        }
    }
    r.days_per_stage = stage_days
        .into_iter()
        .map(|(k, v)| (k, Spread::of(v)))
        .collect();
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
