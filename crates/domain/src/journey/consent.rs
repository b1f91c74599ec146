//! Samtycke: written consent per participation, naming which organisations may
//! exchange information. Without consent the participation is anonymous.

use crate::FieldError;
use time::Date;

/// A consent given for one participation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// Day the consent was signed.
    pub given_on: Date,
    /// Member codes of the organisations that may exchange information.
    pub scope: Vec<String>,
    /// Day it was withdrawn, if it was.
    pub withdrawn_on: Option<Date>,
}

impl Consent {
    /// True when the consent lets `organisation` (a member code) see the participation on `day`.
    pub fn shares_with(&self, organisation: &str, day: Date) -> bool {
        self.withdrawn_on.is_none_or(|w| w > day) && self.scope.iter().any(|s| s == organisation)
    }

    /// Checks dates and that every scope code is one of `members`.
    pub fn check(&self, members: &[String], today: Date) -> Result<(), FieldError> {
        if self.given_on > today {
            return Err(FieldError::new("samtycke_datum", "error.date.future"));
        }
        if self.withdrawn_on.is_some_and(|w| w > today) {
            return Err(FieldError::new("aterkallat", "error.date.future"));
        }
        if let Some(w) = self.withdrawn_on
            && w < self.given_on
        {
            return Err(FieldError::new(
                "aterkallat",
                "error.consent.withdrawn_before_given",
            ));
        }
        for s in &self.scope {
            if !members.contains(s) {
                return Err(crate::codes::unknown_code(
                    "samtycke_omfattning",
                    s,
                    members.iter().map(String::as_str),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn withdrawn_consent_stops_sharing() {
        let mut c = Consent {
            given_on: date!(2026 - 01 - 10),
            scope: vec!["FK".into()],
            withdrawn_on: None,
        };
        assert!(
            c.shares_with("FK", date!(2026 - 05 - 01))
                && !c.shares_with("AF", date!(2026 - 05 - 01))
        );
        c.withdrawn_on = Some(date!(2026 - 04 - 01));
        assert!(!c.shares_with("FK", date!(2026 - 05 - 01)));
        let members = vec!["FK".to_string()];
        c.check(&members, date!(2026 - 11 - 22)).unwrap();
        c.withdrawn_on = Some(date!(2025 - 01 - 01));
        assert_eq!(
            c.check(&members, date!(2026 - 11 - 22)).unwrap_err().field,
            "aterkallat"
        );
    }
}
