//! The participation page and everything done on it: stages, consent, coach,
//! entries of every kind, exit and the follow-ups after exit.

use crate::AppState;
use axum::Router;

/// The participation page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
