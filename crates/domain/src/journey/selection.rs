//! Joint selection: a selection-group meeting lists proposed people and records a
//! decision per person. A decision needs every member's agreement; without it the
//! case goes to the preparatory group, whose decision is final.

use super::referral::Referral;
use crate::FieldError;
use crate::codes::{Decision, GroupKind, ReferralStatus};
use time::Date;

/// One person's case at a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The referral decided on.
    pub referral_id: i64,
    /// What the group decided.
    pub decision: Decision,
    /// True when every member agreed (always true for the preparatory group).
    pub unanimous: bool,
}

/// A meeting of a selection group or the preparatory group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The intervention, by code.
    pub intervention: String,
    /// Which group met.
    pub group: GroupKind,
    /// The day of the meeting.
    pub held_on: Date,
    /// Who took part: organisations and names, as one line each (no participant data).
    pub attendees: Vec<String>,
    /// The decisions.
    pub proposals: Vec<Proposal>,
}

/// Applies a decision to its referral: a selection group without unanimity escalates;
/// otherwise the decision sets the status.
pub fn apply(
    group: GroupKind,
    proposal: &Proposal,
    referral: &mut Referral,
) -> Result<(), FieldError> {
    if !referral.awaits(group) {
        return Err(FieldError::new("forslag", "error.selection.not_awaiting"));
    }
    if group == GroupKind::SelectionGroup && !proposal.unanimous {
        referral.escalated = true;
        return Ok(());
    }
    referral.status = match proposal.decision {
        Decision::Accept => ReferralStatus::Accepted,
        Decision::Decline => ReferralStatus::Declined,
        Decision::Wait => ReferralStatus::Waiting,
    };
    if referral.status == ReferralStatus::Waiting {
        referral.escalated = false;
    }
    Ok(())
}

/// A meeting cannot be held in the future, and decides each referral once.
pub fn check(meeting: &Meeting, today: Date) -> Result<(), FieldError> {
    if meeting.held_on > today {
        return Err(FieldError::new("datum", "error.date.future"));
    }
    let mut seen = std::collections::HashSet::new();
    if !meeting.proposals.iter().all(|p| seen.insert(p.referral_id)) {
        return Err(FieldError::new("forslag", "error.selection.twice"));
    }
    if meeting.proposals.is_empty() {
        return Err(FieldError::new("forslag", "error.selection.empty"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::referral::sample;

    #[test]
    fn without_unanimity_the_case_is_escalated_and_then_decided() {
        let mut r = sample();
        r.status = ReferralStatus::Proposed;
        let split = Proposal {
            referral_id: 1,
            decision: Decision::Accept,
            unanimous: false,
        };
        apply(GroupKind::SelectionGroup, &split, &mut r).unwrap();
        assert_eq!((r.status, r.escalated), (ReferralStatus::Proposed, true));
        assert!(
            apply(GroupKind::SelectionGroup, &split, &mut r).is_err(),
            "now only the preparatory group"
        );
        let decided = Proposal {
            referral_id: 1,
            decision: Decision::Accept,
            unanimous: true,
        };
        apply(GroupKind::PreparatoryGroup, &decided, &mut r).unwrap();
        assert_eq!(r.status, ReferralStatus::Accepted);
    }

    #[test]
    fn unanimous_decline_is_final() {
        let mut r = sample();
        r.status = ReferralStatus::Proposed;
        let p = Proposal {
            referral_id: 1,
            decision: Decision::Decline,
            unanimous: true,
        };
        apply(GroupKind::SelectionGroup, &p, &mut r).unwrap();
        assert_eq!(r.status, ReferralStatus::Declined);
    }
}
