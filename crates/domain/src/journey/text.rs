//! Free text and small numbers from forms and files, checked with the field named.

use crate::FieldError;

/// A character no text field takes: a control character other than tab and line
/// breaks (issue 20, M3). Forms, the API and import files all ask this.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Longest free text accepted in one field (a page of notes).
pub const MAX_TEXT: usize = 4000;

/// Trims `text`; refuses it when longer than [`MAX_TEXT`] characters.
pub fn optional(field: &'static str, text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(FieldError::with_detail(
            field,
            "error.text.too_long",
            MAX_TEXT.to_string(),
        ));
    }
    Ok(text.to_string())
}

/// Like [`optional`], but refuses an empty text.
pub fn required(field: &'static str, text: &str) -> Result<String, FieldError> {
    let text = optional(field, text)?;
    if text.is_empty() {
        return Err(FieldError::new(field, "error.required"));
    }
    Ok(text)
}

/// An extent in percent of full time (100 % = 40 h/week): 1 to 100.
pub fn extent(field: &'static str, value: i64) -> Result<u8, FieldError> {
    if (1..=100).contains(&value) {
        Ok(value as u8)
    } else {
        Err(FieldError::with_detail(
            field,
            "error.extent.range",
            value.to_string(),
        ))
    }
}

/// Parses an extent typed as text (`75`, `75 %`).
pub fn extent_text(field: &'static str, text: &str) -> Result<u8, FieldError> {
    let digits = text.trim().trim_end_matches('%').trim();
    let value: i64 = digits
        .parse()
        .map_err(|_| FieldError::with_detail(field, "error.number.format", text.trim()))?;
    extent(field, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_is_one_to_hundred_percent() {
        assert_eq!(extent_text("omfattning", "75 %").unwrap(), 75);
        let e = extent_text("omfattning", "130").unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("omfattning", "error.extent.range")
        );
        assert!(extent("omfattning", 0).is_err());
        assert_eq!(
            extent_text("omfattning", "mycket").unwrap_err().message_key,
            "error.number.format"
        );
    }

    #[test]
    fn text_is_trimmed_and_limited() {
        assert_eq!(required("syfte", "  hej ").unwrap(), "hej");
        assert_eq!(
            required("syfte", " ").unwrap_err().message_key,
            "error.required"
        );
        assert!(optional("syfte", &"x".repeat(MAX_TEXT + 1)).is_err());
    }
}
