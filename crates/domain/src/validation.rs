//! A validation failure that names the field and carries a message key.

use serde::Serialize;

/// One wrong value: which field, and a key into the translation catalogue.
/// The key's Swedish text names the field; `detail` fills in `{detail}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field, as named in forms and the API (`username`, `password` …).
    pub field: &'static str,
    /// The catalogue key of the message, e.g. `error.password.too_short`.
    pub message_key: &'static str,
    /// An optional value to put into the message.
    pub detail: Option<String>,
}

impl FieldError {
    /// A field error without detail.
    pub fn new(field: &'static str, message_key: &'static str) -> Self {
        Self {
            field,
            message_key,
            detail: None,
        }
    }

    /// A field error with a detail for the message.
    pub fn with_detail(
        field: &'static str,
        message_key: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            field,
            message_key,
            detail: Some(detail.into()),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message_key)
    }
}

impl std::error::Error for FieldError {}
