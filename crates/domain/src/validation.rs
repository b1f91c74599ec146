//! A validation failure that names the field and carries a message key.

use serde::Serialize;

/// One wrong value: which field, a key into the translation catalogue, and the
/// values for the message's placeholders. Every message names its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field, as named in forms, files and the API (`username`, `orgnr` …).
    pub field: &'static str,
    /// The catalogue key of the message, e.g. `error.password.too_short`.
    pub message_key: &'static str,
    /// Placeholder values, e.g. `("detail", "12")`; `{field}` is always available too.
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    /// A field error without placeholders.
    pub fn new(field: &'static str, message_key: &'static str) -> Self {
        Self {
            field,
            message_key,
            args: Vec::new(),
        }
    }

    /// A field error whose message has a `{detail}`.
    pub fn with_detail(
        field: &'static str,
        message_key: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            field,
            message_key,
            args: vec![("detail", detail.into())],
        }
    }

    /// A field error with named placeholders.
    pub fn with_args(
        field: &'static str,
        message_key: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        Self {
            field,
            message_key,
            args,
        }
    }

    /// The value of a placeholder, if set.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All placeholders including `{field}`, ready for the catalogue's `fill`.
    pub fn placeholders(&self) -> Vec<(&str, &str)> {
        let mut all: Vec<(&str, &str)> = vec![("field", self.field)];
        all.extend(self.args.iter().map(|(k, v)| (*k, v.as_str())));
        all
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message_key)
    }
}

impl std::error::Error for FieldError {}
