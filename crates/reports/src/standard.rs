//! The standard participant report (SPEC 7.3, the figures of the JSON contract in
//! 7.6) computed from participations with the period semantics of 7.2. Every count
//! is split by sex. Registration errors count nowhere.

use crate::wilson::interval95;
use samverka_domain::codes::{Reached, Sex};
use samverka_domain::goal::Goal;
use samverka_domain::journey::Participation;
use samverka_domain::journey::goal_count::{count, counts_in};
use serde::Serialize;
use std::collections::BTreeMap;
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
    fn add(&mut self, sex: Sex) {
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
}

/// Computes the report for `participations` over `from`–`to`; `recorded` tells which
/// employment or study entries a participation holds (for `reached_during` goals).
pub fn standard(
    scope: &str,
    participations: &[Participation],
    goals: &[Goal],
    (from, to): (Date, Date),
    recorded: &dyn Fn(&Participation) -> Vec<Reached>,
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
    };
    for p in &counted {
        if !counts_in(p, from, to) {
            continue;
        }
        r.participants.add(p.sex);
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
            }
            None => r.active_at_end.add(p.sex),
        }
    }
    let all: Vec<Participation> = counted.into_iter().cloned().collect();
    r.goals = goals
        .iter()
        .map(|g| {
            let c = count(g, &all, from, to, recorded);
            let target = f64::from(g.target) / 10_000.0;
            let value = c.value();
            GoalFigure {
                code: g.code.clone(),
                label: g.label.clone(),
                numerator: c.numerator,
                denominator: c.denominator,
                value,
                target,
                ci95: interval95(c.numerator, c.denominator).map(|(lo, hi)| [lo, hi]),
                met: value.is_some_and(|v| v >= target),
            }
        })
        .collect();
    r
}
