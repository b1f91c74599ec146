//! Turns sqlx errors into store errors without leaking database text to users.

use samverka_store::StoreError;

/// Maps any sqlx error; unique violations become `Conflict` on the given field.
pub fn db_err(e: sqlx::Error) -> StoreError {
    if e.as_database_error()
        .is_some_and(|db| db.is_unique_violation())
    {
        return StoreError::Conflict("unique");
    }
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => StoreError::Database(other.to_string()),
    }
}

/// Like [`db_err`], naming the field a unique violation concerns.
pub fn conflict_on(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match db_err(e) {
        StoreError::Conflict(_) => StoreError::Conflict(field),
        other => other,
    }
}
