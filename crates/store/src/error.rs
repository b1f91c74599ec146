//! Errors a repository reports. Database messages stay inside; callers get a kind.

/// What went wrong in storage, in terms the service layer can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist (or is not visible to the caller).
    #[error("not found")]
    NotFound,
    /// A unique value is taken; names the field (e.g. `username`).
    #[error("conflict on {0}")]
    Conflict(&'static str),
    /// A domain rule refused the change inside the transaction.
    #[error("rule refused: {0}")]
    Rule(samverka_domain::FieldError),
    /// The operation does not exist on this backend; the text says what to do instead.
    #[error("{0}")]
    Unsupported(String),
    /// The database could not be reached or failed. The text is for operators' logs only.
    #[error("database error: {0}")]
    Database(String),
}

/// Shorthand for repository results.
pub type StoreResult<T> = Result<T, StoreError>;
