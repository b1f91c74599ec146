//! What a use case can refuse, in terms the interfaces translate for people.

use samverka_domain::FieldError;
use samverka_store::StoreError;

/// A use case's failure.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A value is wrong; names the field and the message key.
    #[error("invalid {0}")]
    Invalid(FieldError),
    /// The thing does not exist, or the caller may not know it does.
    #[error("not found")]
    NotFound,
    /// The caller may not do this.
    #[error("forbidden")]
    Forbidden,
    /// A unique value is already taken (the field).
    #[error("conflict on {0}")]
    Conflict(&'static str),
    /// Wrong account name or password: deliberately vague.
    #[error("bad credentials")]
    BadCredentials,
    /// Passwords are off for this account name: log in through the identity provider.
    #[error("passwords are off")]
    PasswordsOff,
    /// Too many failures: try again after this many seconds.
    #[error("throttled for {0} s")]
    Throttled(i64),
    /// The participation is outside the caller's caseload: a reason must be stated
    /// first ("break the glass").
    #[error("a reason is needed to open participation {0}")]
    ReasonRequired(i64),
    /// The operation is not available; the text tells what to do instead.
    #[error("{0}")]
    Unsupported(String),
    /// Storage failed; details go to the operator's log only.
    #[error("storage: {0}")]
    Storage(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict(f) => ServiceError::Conflict(f),
            StoreError::Rule(f) => ServiceError::Invalid(f),
            StoreError::Unsupported(t) => ServiceError::Unsupported(t),
            StoreError::Database(t) => ServiceError::Storage(t),
        }
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        ServiceError::Invalid(e)
    }
}

/// Shorthand for use-case results.
pub type ServiceResult<T> = Result<T, ServiceError>;
