//! Joint selection: record a selection-group or preparatory-group meeting with a
//! decision per proposed person, applied to the referrals in the same transaction.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::codes::{Decision, GroupKind};
use samverka_domain::journey::Person;
use samverka_domain::journey::referral::Referral;
use samverka_domain::journey::selection::{Meeting, Proposal, apply, check};
use samverka_domain::journey::{dates, text};
use samverka_store::ReferralFilter;

/// A meeting as typed: the group, the day, who took part (one per line) and the
/// decisions as (referral id, decision code, unanimous).
#[derive(Debug, Clone, Default)]
pub struct MeetingInput {
    /// `rekryteringsgrupp` or `beredningsgrupp`.
    pub group: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// Attendees, one per line.
    pub attendees: String,
    /// Decisions; referrals not listed are left for a later meeting.
    pub decisions: Vec<(i64, String, bool)>,
}

impl Services {
    /// Referrals of intervention `code` waiting for `group`, with their persons.
    pub async fn awaiting_decision(
        &self,
        caller: &Caller,
        code: &str,
        group: GroupKind,
    ) -> ServiceResult<Vec<(Referral, Person)>> {
        let iv = self.journey_intervention(caller, code).await?;
        let waiting: Vec<Referral> = self
            .store
            .referrals(&ReferralFilter {
                interventions: vec![iv.code],
                ..ReferralFilter::default()
            })
            .await?
            .into_iter()
            .filter(|r| r.awaits(group))
            .collect();
        let out = self.with_persons(waiting).await?;
        for (r, _) in &out {
            let d = self
                .journey_draft(
                    caller,
                    AuditEvent::ParticipantDataRead,
                    "referral",
                    r.id,
                    None,
                )
                .details("view=selection");
            self.store.append_audit(&d).await?;
        }
        Ok(out)
    }

    /// Records a meeting and applies its decisions; returns the meeting id.
    pub async fn record_meeting(
        &self,
        caller: &Caller,
        code: &str,
        input: &MeetingInput,
    ) -> ServiceResult<i64> {
        let iv = self.journey_intervention(caller, code).await?;
        let group = GroupKind::parse("grupp", &input.group)?;
        let held_on = dates::parse("datum", &input.held_on)?;
        text::optional("narvarande", &input.attendees)?;
        let attendees: Vec<String> = input
            .attendees
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        let mut proposals = Vec::new();
        let mut decided = Vec::new();
        for (referral_id, decision, unanimous) in &input.decisions {
            let decision = Decision::parse("beslut", decision)?;
            let mut referral = self
                .store
                .referral(*referral_id)
                .await?
                .filter(|r| r.intervention == iv.code)
                .ok_or(ServiceError::Invalid(FieldError::with_detail(
                    "forslag",
                    "error.reference.unknown",
                    referral_id.to_string(),
                )))?;
            let proposal = Proposal {
                referral_id: *referral_id,
                decision,
                unanimous: *unanimous || group == GroupKind::PreparatoryGroup,
            };
            apply(group, &proposal, &mut referral)?;
            proposals.push(proposal);
            decided.push(referral);
        }
        let meeting = Meeting {
            id: 0,
            intervention: iv.code.clone(),
            group,
            held_on,
            attendees,
            proposals,
        };
        check(&meeting, self.clock.today())?;
        let mut audit = vec![
            self.journey_draft(caller, AuditEvent::SelectionRecorded, "meeting", "", None)
                .details(format!(
                    "group={} decisions={}",
                    group.code(),
                    decided.len()
                )),
        ];
        for r in &decided {
            audit.push(
                self.journey_draft(caller, AuditEvent::ReferralSaved, "referral", r.id, None)
                    .details(format!(
                        "status={} escalated={}",
                        r.status.code(),
                        r.escalated
                    )),
            );
        }
        Ok(self.store.save_meeting(&meeting, &decided, &audit).await?)
    }

    /// An intervention's meetings, newest first.
    pub async fn meetings_of(&self, caller: &Caller, code: &str) -> ServiceResult<Vec<Meeting>> {
        let iv = self.journey_intervention(caller, code).await?;
        Ok(self.store.meetings(&iv.code).await?)
    }

    /// One meeting with the referrals it decided and their persons; reading is logged.
    pub async fn meeting_view(
        &self,
        caller: &Caller,
        id: i64,
    ) -> ServiceResult<(Meeting, Vec<(Referral, Person)>)> {
        let meeting = self
            .store
            .meeting(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.journey_intervention(caller, &meeting.intervention)
            .await?;
        let mut referrals = Vec::new();
        for p in &meeting.proposals {
            if let Some(r) = self.store.referral(p.referral_id).await? {
                referrals.push(r);
            }
        }
        let out = self.with_persons(referrals).await?;
        let d = self
            .journey_draft(caller, AuditEvent::ParticipantDataRead, "meeting", id, None)
            .details("view=meeting");
        self.store.append_audit(&d).await?;
        Ok((meeting, out))
    }
}
