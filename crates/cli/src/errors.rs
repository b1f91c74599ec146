//! Errors of the command line, always a Swedish sentence and a non-zero exit.

use samverka_i18n::{Lang, conflict, fill};
use samverka_service::ServiceError;
use samverka_store::StoreError;

/// A failed command: the message to print.
#[derive(Debug)]
pub struct CliError(pub String);

impl CliError {
    /// An error with a message.
    pub fn msg(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

impl From<ServiceError> for CliError {
    fn from(e: ServiceError) -> Self {
        CliError(service_text(&e))
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError(store_text(&e))
    }
}

/// A field error's Swedish message from the catalogue.
pub fn field_text(e: &samverka_domain::FieldError) -> String {
    fill(Lang::Sv, e.message_key, &e.placeholders())
}

/// A use-case failure as a Swedish sentence.
pub fn service_text(e: &ServiceError) -> String {
    match e {
        ServiceError::Invalid(f) => field_text(f),
        ServiceError::NotFound => "Finns inte.".into(),
        ServiceError::Forbidden => "Ingen behörighet.".into(),
        ServiceError::ReasonRequired(_) => fill(Lang::Sv, "error.reason_required", &[]),
        ServiceError::Conflict(field) => conflict(Lang::Sv, field),
        ServiceError::BadCredentials => fill(Lang::Sv, "error.login.failed", &[]),
        ServiceError::PasswordsOff => fill(Lang::Sv, "error.login.passwords_off", &[]),
        ServiceError::Throttled(s) => fill(
            Lang::Sv,
            "error.login.throttled",
            &[("seconds", &s.to_string())],
        ),
        ServiceError::Unsupported(text) => text.clone(),
        ServiceError::Storage(text) => format!("Databasfel: {text}"),
    }
}

/// A storage failure as a Swedish sentence.
pub fn store_text(e: &StoreError) -> String {
    match e {
        StoreError::Rule(f) => field_text(f),
        StoreError::Unsupported(text) => text.clone(),
        StoreError::Database(text) => format!("Databasfel: {text}"),
        StoreError::NotFound => "Finns inte.".into(),
        StoreError::Conflict(field) => conflict(Lang::Sv, field),
    }
}
