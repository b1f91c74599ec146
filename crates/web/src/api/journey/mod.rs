//! The participant journey in the API: caseload and search, referrals, meetings,
//! cohorts, participations with their entries, and the employer register. Every
//! call goes through the journey use cases, which check reach and log access.

pub mod dto;
pub mod employers;
pub mod lists;
pub mod participations;
pub mod referrals;
pub mod requests;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post, put};
use serde::Serialize;
use utoipa::ToSchema;

/// The id of something created.
#[derive(Serialize, ToSchema)]
pub struct IdBody {
    /// The new id.
    pub id: i64,
}

/// The journey's API routes (under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/caseload", get(lists::caseload))
        .route("/search", get(lists::search))
        .route("/partner/overview", get(lists::partner))
        .route(
            "/interventions/{code}/participations",
            get(lists::participations).post(participations::enrol),
        )
        .route(
            "/interventions/{code}/referrals",
            get(referrals::list).post(referrals::create),
        )
        .route("/referrals/{id}", get(referrals::get))
        .route("/referrals/{id}/status", post(referrals::status))
        .route("/interventions/{code}/meetings", post(referrals::meeting))
        .route("/meetings/{id}", get(referrals::get_meeting))
        .route(
            "/interventions/{code}/cohorts",
            get(referrals::cohorts).post(referrals::create_cohort),
        )
        .route("/participations/{id}", get(lists::participation))
        .route("/participations/{id}/stage", post(participations::stage))
        .route(
            "/participations/{id}/consent/withdraw",
            post(participations::withdraw),
        )
        .route("/participations/{id}/coach", post(participations::coach))
        .route("/participations/{id}/exit", post(participations::exit))
        .route(
            "/participations/{id}/entries",
            post(participations::add_entry),
        )
        .route(
            "/participations/{id}/entries/{entry}",
            put(participations::update_entry).delete(participations::delete_entry),
        )
        .route(
            "/participations/{id}/entries/{entry}/approve",
            post(participations::approve),
        )
        .route("/employers", get(employers::list).post(employers::create))
        .route("/employers/{id}", get(employers::get))
        .route("/employers/{id}/contacts", post(employers::contact))
}
