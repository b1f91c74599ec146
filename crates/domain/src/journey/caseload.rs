//! The coach's view of a caseload: what each participation has coming up, what is
//! overdue, and the follow-ups after exit that are due. Computed from entries.

use super::dates::add_months;
use super::entry::{Entry, EntryBody};
use super::participation::Participation;
use time::Date;

/// Something that should happen on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    /// The monthly follow-up of the plan (a month after the last one, or after start).
    MonthlyFollowUp(Date),
    /// A plan item's follow-up date.
    PlanItem(Date),
    /// The next checkpoint meeting agreed at the last one.
    Checkpoint(Date),
    /// The follow-up 6, 12 or 24 months after exit.
    AfterExit(Date, u8),
}

impl Due {
    /// The day it is due.
    pub fn on(self) -> Date {
        match self {
            Due::MonthlyFollowUp(d)
            | Due::PlanItem(d)
            | Due::Checkpoint(d)
            | Due::AfterExit(d, _) => d,
        }
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Due::MonthlyFollowUp(_) => "due.monthly_follow_up",
            Due::PlanItem(_) => "due.plan_item",
            Due::Checkpoint(_) => "due.checkpoint",
            Due::AfterExit(..) => "due.after_exit",
        }
    }
}

/// How long after exit a participation stays in the coach's caseload for its
/// follow-ups: the last is due 24 months after exit and may be a year late.
pub const FOLLOWED_AFTER_EXIT_MONTHS: u32 = 36;

/// Everything due for one participation, earliest first. `entries` are its own.
/// Registration errors have nothing due.
pub fn due_items(p: &Participation, entries: &[Entry]) -> Vec<Due> {
    if p.is_registration_error() {
        return Vec::new();
    }
    let mut due = Vec::new();
    match &p.exit {
        None => {
            let last_monthly = entries
                .iter()
                .filter(|e| matches!(e.body, EntryBody::MonthlyFollowUp { .. }))
                .map(|e| e.on)
                .max()
                .unwrap_or(p.start_on);
            due.push(Due::MonthlyFollowUp(add_months(last_monthly, 1)));
            for e in entries {
                if let EntryBody::PlanItem {
                    follow_up_on: Some(d),
                    done: false,
                    ..
                } = e.body
                {
                    due.push(Due::PlanItem(d));
                }
            }
            let last_checkpoint = entries
                .iter()
                .filter(|e| matches!(e.body, EntryBody::Checkpoint { .. }))
                .max_by_key(|e| (e.on, e.id));
            if let Some(Entry {
                body:
                    EntryBody::Checkpoint {
                        next_on: Some(n), ..
                    },
                ..
            }) = last_checkpoint
            {
                due.push(Due::Checkpoint(*n));
            }
        }
        Some(exit) => {
            for months in [6u8, 12, 24] {
                let done = entries.iter().any(
                    |e| matches!(e.body, EntryBody::AfterExit { months: m, .. } if m == months),
                );
                if !done {
                    due.push(Due::AfterExit(
                        add_months(exit.on, u32::from(months)),
                        months,
                    ));
                }
            }
        }
    }
    due.sort_by_key(|d| d.on());
    due
}

/// How a caseload compares with the intervention's target (e.g. 15–20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseloadFit {
    /// No target set.
    NoTarget,
    /// Fewer than the lower bound.
    Below,
    /// Within the target.
    Within,
    /// More than the upper bound.
    Above,
}

/// Compares `count` active participations with the target `min`–`max`.
pub fn fit(count: usize, min: Option<u32>, max: Option<u32>) -> CaseloadFit {
    match (min, max) {
        (None, None) => CaseloadFit::NoTarget,
        (lo, hi) => {
            if lo.is_some_and(|l| count < l as usize) {
                CaseloadFit::Below
            } else if hi.is_some_and(|h| count > h as usize) {
                CaseloadFit::Above
            } else {
                CaseloadFit::Within
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::participation::sample;
    use time::macros::date;

    fn entry(on: Date, body: EntryBody) -> Entry {
        Entry {
            id: 1,
            participation_id: 1,
            on,
            body,
            written_by: "c".into(),
        }
    }

    #[test]
    fn monthly_follow_up_is_a_month_after_the_last() {
        let p = sample();
        assert_eq!(
            due_items(&p, &[]),
            vec![Due::MonthlyFollowUp(date!(2026 - 03 - 01))]
        );
        let notes = [entry(
            date!(2026 - 04 - 10),
            EntryBody::MonthlyFollowUp { note: "ok".into() },
        )];
        assert_eq!(
            due_items(&p, &notes)[0],
            Due::MonthlyFollowUp(date!(2026 - 05 - 10))
        );
    }

    #[test]
    fn after_exit_follow_ups_fall_due_at_6_12_and_24_months() {
        let mut p = sample();
        p.exit = Some(crate::journey::exit::sample(date!(2026 - 05 - 15)));
        let done = [entry(
            date!(2026 - 11 - 20),
            EntryBody::AfterExit {
                months: 6,
                occupation: None,
                income: vec![],
            },
        )];
        assert_eq!(
            due_items(&p, &done),
            vec![
                Due::AfterExit(date!(2027 - 05 - 15), 12),
                Due::AfterExit(date!(2028 - 05 - 15), 24)
            ]
        );
    }

    #[test]
    fn caseload_is_compared_with_the_target() {
        assert_eq!(fit(12, Some(15), Some(20)), CaseloadFit::Below);
        assert_eq!(fit(18, Some(15), Some(20)), CaseloadFit::Within);
        assert_eq!(fit(21, Some(15), Some(20)), CaseloadFit::Above);
        assert_eq!(fit(21, None, None), CaseloadFit::NoTarget);
    }
}
