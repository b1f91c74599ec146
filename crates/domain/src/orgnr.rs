//! Organisationsnummer: ten digits, written NNNNNN-NNNN, the last a Luhn check digit.

use crate::FieldError;
use serde::Serialize;

/// A validated organisationsnummer, stored as `NNNNNN-NNNN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OrgNumber(String);

/// True when the digits pass the Luhn (modulus 10) check.
pub fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl OrgNumber {
    /// Parses `NNNNNN-NNNN` or ten digits, naming `field` when wrong.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, FieldError> {
        let trimmed = text.trim();
        let digits: Vec<u8> = trimmed
            .chars()
            .filter(|c| *c != '-')
            .filter_map(|c| c.to_digit(10).map(|d| d as u8))
            .collect();
        let only_digits_and_dash = trimmed.chars().all(|c| c.is_ascii_digit() || c == '-');
        if digits.len() != 10 || !only_digits_and_dash || trimmed.matches('-').count() > 1 {
            return Err(FieldError::with_detail(
                field,
                "error.orgnr.format",
                trimmed,
            ));
        }
        if !luhn_ok(&digits) {
            return Err(FieldError::with_detail(
                field,
                "error.orgnr.check_digit",
                trimmed,
            ));
        }
        let s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        Ok(Self(format!("{}-{}", &s[..6], &s[6..])))
    }

    /// The number as `NNNNNN-NNNN`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_pass_and_are_normalised() {
        assert_eq!(
            OrgNumber::parse("orgnr", "2120000142").unwrap().as_str(),
            "212000-0142"
        );
        assert_eq!(
            OrgNumber::parse("orgnr", "212000-0142").unwrap().as_str(),
            "212000-0142"
        );
    }

    #[test]
    fn wrong_numbers_are_refused() {
        assert_eq!(
            OrgNumber::parse("orgnr", "212000-0143")
                .unwrap_err()
                .message_key,
            "error.orgnr.check_digit"
        );
        assert_eq!(
            OrgNumber::parse("orgnr", "21200-0142")
                .unwrap_err()
                .message_key,
            "error.orgnr.format"
        );
        assert_eq!(
            OrgNumber::parse("orgnr", "abcdef-ghij")
                .unwrap_err()
                .message_key,
            "error.orgnr.format"
        );
    }
}
