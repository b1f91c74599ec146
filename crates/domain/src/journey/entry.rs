//! The work during a participation, written as dated entries: the vocational
//! profile (each save a new version of the living document), plan items, monthly
//! follow-ups, checkpoint meetings, placements, employments, studies, rehab-fund
//! spending, and the follow-ups 6, 12 and 24 months after exit.

use crate::FieldError;
use crate::codes::{EmploymentForm, IncomeSource, Occupation, StudyForm};
use serde::{Deserialize, Serialize};
use time::Date;

/// Someone at a checkpoint meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// The organisation: a member code, or `deltagare` / `anordnare`.
    pub organisation: String,
    /// The person's name.
    pub name: String,
    /// Their staff account, when they have one (partner officers see such meetings).
    pub user_id: Option<i64>,
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryBody {
    /// Yrkesprofil / kartläggning: one version of the living document.
    Profile {
        /// Interests and wishes.
        interests: String,
        /// Abilities and experience.
        abilities: String,
        /// Needs and limitations.
        needs: String,
        /// The support that helps.
        support: String,
    },
    /// One line of the handlingsplan.
    PlanItem {
        /// The goal.
        goal: String,
        /// A sub-goal.
        sub_goal: String,
        /// The activity.
        activity: String,
        /// Who is responsible (participant, coach, an officer …).
        responsible: String,
        /// When it is followed up.
        follow_up_on: Option<Date>,
        /// True when reached or closed.
        done: bool,
    },
    /// The monthly follow-up of the plan.
    MonthlyFollowUp {
        /// What was found.
        note: String,
    },
    /// Avstämningsmöte / flerpartssamtal.
    Checkpoint {
        /// Who took part.
        attendees: Vec<Attendee>,
        /// What was agreed.
        note: String,
        /// The next meeting, if set.
        next_on: Option<Date>,
    },
    /// Arbetsträning / praktik (unpaid) at an employer.
    Placement {
        /// The employer in the register.
        employer_id: i64,
        /// Last day, if ended or planned.
        until: Option<Date>,
        /// Hours per week.
        hours_per_week: u8,
        /// Tasks.
        tasks: String,
        /// Adaptations at the workplace.
        adaptations: String,
        /// Supervisor at the workplace.
        supervisor: String,
        /// Goals of the placement.
        goals: String,
    },
    /// A paid job.
    Employment {
        /// The employer in the register.
        employer_id: i64,
        /// Last day, if ended.
        until: Option<Date>,
        /// Anställningsform.
        form: EmploymentForm,
        /// Extent in percent (100 % = 40 h/week).
        extent: u8,
    },
    /// Studies.
    Study {
        /// Last day, if ended.
        until: Option<Date>,
        /// Studieform.
        form: StudyForm,
        /// Extent in percent.
        extent: u8,
    },
    /// Spending from the rehabpott.
    RehabFund {
        /// What was bought or paid.
        what: String,
        /// Cost in whole kronor.
        cost: i64,
        /// Why.
        motivation: String,
        /// The coordinator who approved it (login name), once approved.
        approved_by: Option<String>,
    },
    /// Follow-up 6, 12 or 24 months after exit.
    AfterExit {
        /// 6, 12 or 24.
        months: u8,
        /// Sysselsättning at follow-up.
        occupation: Option<Occupation>,
        /// Försörjning at follow-up.
        income: Vec<IncomeSource>,
    },
}

impl EntryBody {
    /// The stored kind, also the catalogue key suffix (`entry.KIND`).
    pub fn kind(&self) -> &'static str {
        match self {
            EntryBody::Profile { .. } => "profile",
            EntryBody::PlanItem { .. } => "plan_item",
            EntryBody::MonthlyFollowUp { .. } => "monthly_follow_up",
            EntryBody::Checkpoint { .. } => "checkpoint",
            EntryBody::Placement { .. } => "placement",
            EntryBody::Employment { .. } => "employment",
            EntryBody::Study { .. } => "study",
            EntryBody::RehabFund { .. } => "rehab_fund",
            EntryBody::AfterExit { .. } => "after_exit",
        }
    }

    /// The entry as an anonymous participation keeps it: employment, studies and
    /// follow-ups after exit stay (the statistics count them), a rehabpott spending
    /// keeps its cost without its text; everything written in words goes (`None`).
    pub fn anonymised(&self) -> Option<EntryBody> {
        match self {
            EntryBody::Employment { .. }
            | EntryBody::Study { .. }
            | EntryBody::AfterExit { .. } => Some(self.clone()),
            EntryBody::RehabFund {
                cost, approved_by, ..
            } => Some(EntryBody::RehabFund {
                what: String::new(),
                cost: *cost,
                motivation: String::new(),
                approved_by: approved_by.clone(),
            }),
            EntryBody::Profile { .. }
            | EntryBody::PlanItem { .. }
            | EntryBody::MonthlyFollowUp { .. }
            | EntryBody::Checkpoint { .. }
            | EntryBody::Placement { .. } => None,
        }
    }

    /// True for kinds an anonymous participation may hold (no free text).
    pub fn allowed_when_anonymous(&self) -> bool {
        matches!(self, EntryBody::AfterExit { .. })
    }

    /// The last day of a placement, employment or study.
    pub fn until(&self) -> Option<Date> {
        match self {
            EntryBody::Placement { until, .. }
            | EntryBody::Employment { until, .. }
            | EntryBody::Study { until, .. } => *until,
            _ => None,
        }
    }
}

/// One dated entry in a participation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The participation.
    pub participation_id: i64,
    /// The day it happened or began.
    pub on: Date,
    /// What it records.
    pub body: EntryBody,
    /// The login name of whoever wrote it.
    pub written_by: String,
}

impl Entry {
    /// Checks the entry's own values against the participation's dates.
    pub fn check(
        &self,
        start_on: Date,
        exit_on: Option<Date>,
        today: Date,
    ) -> Result<(), FieldError> {
        use super::text::{extent, optional, required};
        if self.on < start_on {
            return Err(FieldError::with_detail(
                "datum",
                "error.entry.before_start",
                start_on.to_string(),
            ));
        }
        let is_after_exit = matches!(self.body, EntryBody::AfterExit { .. });
        let may_be_future = matches!(self.body, EntryBody::PlanItem { .. });
        if self.on > today && !may_be_future {
            return Err(FieldError::new("datum", "error.date.future"));
        }
        if let Some(until) = self.body.until()
            && until < self.on
        {
            return Err(FieldError::new(
                "slutdatum",
                "error.entry.until_before_start",
            ));
        }
        match &self.body {
            EntryBody::Profile {
                interests,
                abilities,
                needs,
                support,
            } => {
                for (f, t) in [
                    ("intressen", interests),
                    ("formagor", abilities),
                    ("behov", needs),
                    ("stod", support),
                ] {
                    optional(f, t)?;
                }
                if [interests, abilities, needs, support]
                    .iter()
                    .all(|t| t.trim().is_empty())
                {
                    return Err(FieldError::new("intressen", "error.profile.empty"));
                }
            }
            EntryBody::PlanItem {
                goal,
                sub_goal,
                activity,
                responsible,
                ..
            } => {
                required("mal", goal)?;
                optional("delmal", sub_goal)?;
                optional("aktivitet", activity)?;
                required("ansvarig", responsible)?;
            }
            EntryBody::MonthlyFollowUp { note } => {
                required("anteckning", note)?;
            }
            EntryBody::Checkpoint {
                attendees,
                note,
                next_on,
            } => {
                if attendees.is_empty() {
                    return Err(FieldError::new("narvarande", "error.checkpoint.attendees"));
                }
                optional("anteckning", note)?;
                if next_on.is_some_and(|n| n <= self.on) {
                    return Err(FieldError::new(
                        "nasta_mote",
                        "error.checkpoint.next_before",
                    ));
                }
            }
            EntryBody::Placement {
                hours_per_week,
                tasks,
                adaptations,
                supervisor,
                goals,
                ..
            } => {
                if !(1..=40).contains(hours_per_week) {
                    return Err(FieldError::with_detail(
                        "timmar_per_vecka",
                        "error.placement.hours",
                        hours_per_week.to_string(),
                    ));
                }
                required("arbetsuppgifter", tasks)?;
                optional("anpassningar", adaptations)?;
                optional("handledare", supervisor)?;
                optional("mal", goals)?;
            }
            EntryBody::Employment { extent: e, .. } | EntryBody::Study { extent: e, .. } => {
                extent("omfattning_procent", i64::from(*e))?;
            }
            EntryBody::RehabFund {
                what,
                cost,
                motivation,
                ..
            } => {
                required("vad", what)?;
                required("motivering", motivation)?;
                if !(1..=1_000_000).contains(cost) {
                    return Err(FieldError::with_detail(
                        "kostnad",
                        "error.rehab_fund.cost",
                        cost.to_string(),
                    ));
                }
            }
            EntryBody::AfterExit { months, .. } => {
                let Some(exit_on) = exit_on else {
                    return Err(FieldError::new("manader", "error.after_exit.not_exited"));
                };
                if ![6, 12, 24].contains(months) {
                    return Err(FieldError::with_detail(
                        "manader",
                        "error.after_exit.months",
                        months.to_string(),
                    ));
                }
                if self.on < exit_on {
                    return Err(FieldError::new("datum", "error.after_exit.before_exit"));
                }
            }
        }
        if !is_after_exit && exit_on.is_some_and(|x| self.on > x) {
            return Err(FieldError::new("datum", "error.entry.after_exit"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn entry(on: Date, body: EntryBody) -> Entry {
        Entry {
            id: 0,
            participation_id: 1,
            on,
            body,
            written_by: "coach".into(),
        }
    }

    const START: Date = date!(2026 - 02 - 01);
    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn employment_extent_over_hundred_is_refused() {
        let e = entry(
            date!(2026 - 05 - 01),
            EntryBody::Employment {
                employer_id: 1,
                until: None,
                form: EmploymentForm::Lonebidrag,
                extent: 130,
            },
        );
        let err = e.check(START, None, TODAY).unwrap_err();
        assert_eq!(
            (err.field, err.message_key),
            ("omfattning_procent", "error.extent.range")
        );
    }

    #[test]
    fn after_exit_follow_up_needs_an_exit_and_a_known_interval() {
        let body = EntryBody::AfterExit {
            months: 6,
            occupation: Some(Occupation::Arbete),
            income: vec![IncomeSource::Lon],
        };
        let e = entry(date!(2026 - 11 - 01), body.clone());
        assert_eq!(e.check(START, None, TODAY).unwrap_err().field, "manader");
        e.check(START, Some(date!(2026 - 05 - 01)), TODAY).unwrap();
        let odd = entry(
            date!(2026 - 11 - 01),
            EntryBody::AfterExit {
                months: 7,
                occupation: None,
                income: vec![],
            },
        );
        assert_eq!(
            odd.check(START, Some(date!(2026 - 05 - 01)), TODAY)
                .unwrap_err()
                .message_key,
            "error.after_exit.months"
        );
    }

    #[test]
    fn work_entries_must_fall_inside_the_participation() {
        let note = EntryBody::MonthlyFollowUp {
            note: "Går bra".into(),
        };
        assert_eq!(
            entry(date!(2026 - 01 - 01), note.clone())
                .check(START, None, TODAY)
                .unwrap_err()
                .field,
            "datum"
        );
        let after =
            entry(date!(2026 - 10 - 01), note).check(START, Some(date!(2026 - 09 - 01)), TODAY);
        assert_eq!(after.unwrap_err().message_key, "error.entry.after_exit");
    }

    #[test]
    fn body_round_trips_as_tagged_json_shape() {
        let b = EntryBody::Study {
            until: None,
            form: StudyForm::Komvux,
            extent: 50,
        };
        assert_eq!(b.kind(), "study");
        assert!(!b.allowed_when_anonymous());
    }
}
