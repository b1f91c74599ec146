//! Pages of the participant journey before and around a participation: the
//! coach's caseload and search, an intervention's participants, referrals,
//! selection meetings, cohorts, enrolment and the employer register.

mod cohort;
mod employers;
mod enrol;
pub mod labels;
mod meeting;
pub(crate) mod officer;
mod participants;
mod person_fields;
mod referral;
mod referral_list;
pub mod rows;
mod search;
mod upload;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The journey's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/search", get(search::page))
        .route(
            "/interventions/{code}/participants",
            get(participants::page),
        )
        .route("/interventions/{code}/referrals", get(referral_list::page))
        .route(
            "/interventions/{code}/referrals/new",
            get(referral::new).post(referral::create),
        )
        .route("/referrals/{id}", get(referral::page))
        .route("/referrals/{id}/status", post(referral::status))
        .route("/interventions/{code}/meetings", get(meeting::list))
        .route(
            "/interventions/{code}/meetings/new",
            get(meeting::new).post(meeting::create),
        )
        .route("/meetings/{id}", get(meeting::page))
        .route(
            "/interventions/{code}/cohorts",
            get(cohort::page).post(cohort::create),
        )
        .route(
            "/interventions/{code}/enrol",
            get(enrol::new).post(enrol::create),
        )
        .route(
            "/interventions/{code}/import",
            get(upload::form)
                .post(upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route("/employers", get(employers::list))
        .route(
            "/employers/new",
            get(employers::new).post(employers::create),
        )
        .route("/employers/{id}", get(employers::page))
        .route(
            "/employers/{id}/edit",
            get(employers::edit).post(employers::update),
        )
        .route("/employers/{id}/contacts", post(employers::add_contact))
}
