//! Intresseanmälan: someone proposes a person for an intervention. The source is
//! hierarchical (organisation → unit); the status moves received → proposed →
//! accepted | declined | waiting, and a waiting person may be proposed again.

use crate::FieldError;
use crate::codes::ReferralStatus;
use time::Date;

/// Sources that are not member organisations.
pub const OTHER_SOURCES: [&str; 3] = ["eget_initiativ", "anhorig", "annan"];

/// One referral of one person to one intervention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The intervention, by code.
    pub intervention: String,
    /// The person referred.
    pub person_id: i64,
    /// Day the referral arrived.
    pub received_on: Date,
    /// The referring organisation: a member code of the intervention's associations,
    /// or one of [`OTHER_SOURCES`].
    pub source: String,
    /// The unit within it, e.g. `Psykiatriska mottagningen`.
    pub source_unit: String,
    /// The referring officer's name as written.
    pub officer_name: String,
    /// The referring officer's account, when they use Samverka.
    pub officer_user: Option<i64>,
    /// Why the person is referred.
    pub reason: String,
    /// Where the referral stands.
    pub status: ReferralStatus,
    /// True when a selection group could not agree and the preparatory group decides.
    pub escalated: bool,
}

impl Referral {
    /// Checks a status change asked for by hand (decisions at meetings use [`decide`](Self::decide)).
    pub fn move_to(&mut self, next: ReferralStatus) -> Result<(), FieldError> {
        use ReferralStatus::*;
        let allowed = matches!(
            (self.status, next),
            (Received, Proposed) | (Received, Declined) | (Waiting, Proposed) | (Proposed, Waiting)
        );
        if !allowed {
            return Err(FieldError::with_args(
                "status",
                "error.referral.transition",
                vec![
                    ("from", self.status.code().into()),
                    ("to", next.code().into()),
                ],
            ));
        }
        self.status = next;
        Ok(())
    }

    /// True when the referral waits for a decision at a meeting of `group`.
    pub fn awaits(&self, group: crate::codes::GroupKind) -> bool {
        use crate::codes::GroupKind::*;
        self.status == ReferralStatus::Proposed
            && match group {
                SelectionGroup => !self.escalated,
                PreparatoryGroup => self.escalated,
            }
    }
}

/// Checks the source: a member of the intervention's associations or another source.
pub fn check_source(source: &str, members: &[String]) -> Result<String, FieldError> {
    let s = source.trim();
    if members.iter().any(|m| m == s) || OTHER_SOURCES.contains(&s) {
        return Ok(s.to_string());
    }
    let valid = members.iter().map(String::as_str).chain(OTHER_SOURCES);
    Err(crate::codes::unknown_code("kalla", s, valid))
}

/// A referral cannot arrive in the future.
pub fn check_received(on: Date, today: Date) -> Result<Date, FieldError> {
    if on > today {
        return Err(FieldError::new("mottagen", "error.date.future"));
    }
    Ok(on)
}

#[cfg(test)]
pub(crate) fn sample() -> Referral {
    Referral {
        id: 1,
        intervention: "NK".into(),
        person_id: 1,
        received_on: time::macros::date!(2026 - 09 - 01),
        source: "RVB".into(),
        source_unit: "Psykiatriska mottagningen".into(),
        officer_name: "Karin Lund".into(),
        officer_user: None,
        reason: "Vill pröva arbete".into(),
        status: ReferralStatus::Received,
        escalated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_moves_only_forward_by_hand() {
        let mut r = sample();
        r.move_to(ReferralStatus::Proposed).unwrap();
        let e = r.move_to(ReferralStatus::Accepted).unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("status", "error.referral.transition")
        );
        r.move_to(ReferralStatus::Waiting).unwrap();
        r.move_to(ReferralStatus::Proposed).unwrap();
    }

    #[test]
    fn source_is_a_member_or_another_source() {
        let members = vec!["FK".to_string(), "RVB".to_string()];
        assert_eq!(check_source("RVB", &members).unwrap(), "RVB");
        assert_eq!(check_source("anhorig", &members).unwrap(), "anhorig");
        let e = check_source("rvb", &members).unwrap_err();
        assert_eq!(e.field, "kalla");
    }
}
