//! Pages of the participant journey before and around a participation: the
//! coach's caseload and search, an intervention's participants, referrals,
//! selection meetings, cohorts, enrolment, the employer register and the
//! partner officer's overview.

use crate::AppState;
use axum::Router;

/// The journey's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
