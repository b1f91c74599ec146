//! Login names of staff accounts.

use crate::FieldError;
use serde::Serialize;

/// A validated login name: 2–64 characters of a–z, 0–9, `.`, `-`, `_`, stored lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    /// Checks and normalises a login name typed by a person.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim().to_lowercase();
        if name.chars().count() < 2 || name.chars().count() > 64 {
            return Err(FieldError::new("username", "error.username.length"));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        {
            return Err(FieldError::new("username", "error.username.chars"));
        }
        Ok(Self(name))
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(Username::parse(" Anna.L ").unwrap().as_str(), "anna.l");
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(
            Username::parse("a").unwrap_err().message_key,
            "error.username.length"
        );
        assert_eq!(
            Username::parse("anna lund").unwrap_err().message_key,
            "error.username.chars"
        );
        assert_eq!(
            Username::parse("åsa").unwrap_err().message_key,
            "error.username.chars"
        );
    }
}
