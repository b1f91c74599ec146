//! Rules for passwords: long enough and not among the commonly used ones.

use crate::FieldError;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Commonly used passwords, shipped with the product and refused.
const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a new password, naming the field `password` on failure.
pub fn check(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(FieldError::with_detail(
            "password",
            "error.password.too_short",
            MIN_LENGTH.to_string(),
        ));
    }
    if password.chars().count() > 256 {
        return Err(FieldError::new("password", "error.password.too_long"));
    }
    let lowered = password.to_lowercase();
    if COMMON
        .lines()
        .map(str::trim)
        .any(|c| !c.is_empty() && c == lowered)
    {
        return Err(FieldError::new("password", "error.password.common"));
    }
    if lowered.chars().all(|c| lowered.starts_with(c)) {
        return Err(FieldError::new("password", "error.password.common"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(
            check("kort").unwrap_err().message_key,
            "error.password.too_short"
        );
    }

    #[test]
    fn common_passwords_are_refused() {
        assert_eq!(
            check("Password1234").unwrap_err().message_key,
            "error.password.common"
        );
        assert_eq!(
            check("sommar2024!!").unwrap_err().message_key,
            "error.password.common"
        );
        assert_eq!(
            check("aaaaaaaaaaaaaa").unwrap_err().message_key,
            "error.password.common"
        );
    }

    #[test]
    fn a_good_password_passes() {
        assert!(check("blå-tåg-över-umeälven").is_ok());
    }
}
