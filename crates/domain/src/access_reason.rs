//! Break the glass (SPEC 10): a coach who opens a participant outside their own
//! caseload states why. The reason goes to the access log and opens the door for a
//! few hours only.

use crate::FieldError;
use time::{Duration, OffsetDateTime};

/// How long a stated reason lets the coach in.
pub const VALID_FOR: Duration = Duration::hours(4);

/// A stated reason for opening one participation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReason {
    /// The account.
    pub user_id: i64,
    /// The participation.
    pub participation_id: i64,
    /// Why, in the coach's words.
    pub reason: String,
    /// When it was given.
    pub given_at: OffsetDateTime,
    /// When it stops letting the coach in.
    pub until: OffsetDateTime,
}

/// A stated reason, trimmed: 10–500 characters, or an error naming `field`.
pub fn check_reason(field: &'static str, text: &str) -> Result<String, FieldError> {
    let reason = text.trim();
    if !(10..=500).contains(&reason.chars().count()) {
        return Err(FieldError::new(field, "error.access_reason.length"));
    }
    Ok(reason.to_string())
}

impl AccessReason {
    /// A reason given `now`, checked: 10–500 characters.
    pub fn new(
        user_id: i64,
        participation_id: i64,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            user_id,
            participation_id,
            reason: check_reason("skal", reason)?,
            given_at: now,
            until: now + VALID_FOR,
        })
    }

    /// True while it lets the coach in.
    pub fn open_at(&self, now: OffsetDateTime) -> bool {
        self.given_at <= now && now < self.until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_reason_is_needed_and_expires() {
        let now = datetime!(2026-11-22 08:00 UTC);
        assert!(AccessReason::new(1, 2, "  kort ", now).is_err());
        let r =
            AccessReason::new(1, 2, "Johanna är sjuk; jag tar hennes möte i dag.", now).unwrap();
        assert!(r.open_at(now + Duration::hours(3)));
        assert!(!r.open_at(now + Duration::hours(4)));
    }
}
