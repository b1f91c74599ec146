//! Server-rendered pages.

mod access_log;
mod account;
mod estimate;
mod form;
mod goal_form;
mod home;
pub(crate) mod intervention;
mod intervention_form;
pub(crate) mod journey;
mod lang;
pub mod layout;
mod login;
mod oidc;
pub mod organisation;
mod participation;
mod payments;
mod qr;
mod questionnaire;
mod report;
mod start;
mod supplementary;
mod template_form;
mod totp;
mod user;
mod users;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/login", get(login::form).post(login::submit))
        .route("/login/oidc", get(oidc::start))
        .route("/login/oidc/callback", get(oidc::callback))
        .route(
            "/q/{token}",
            get(questionnaire::page).post(questionnaire::save),
        )
        .route("/q/{token}/tack", get(questionnaire::thanks))
        .route(
            "/login/totp",
            get(totp::verify_form).post(totp::verify_submit),
        )
        .route("/account", get(account::page))
        .route(
            "/account/totp",
            get(totp::enrol_form).post(totp::enrol_submit),
        )
        .route("/account/sessions/{id}/revoke", post(account::revoke))
        .route("/logout", post(login::logout))
        .route("/admin/users", get(users::page))
        .route("/admin/users/{username}", get(user::page))
        .route("/admin/users/{username}/roles", post(user::grant))
        .route("/admin/users/{username}/roles/revoke", post(user::revoke))
        .route("/admin/users/{username}/{action}", post(user::set_disabled))
        .route(
            "/templates/new",
            get(template_form::new).post(template_form::create),
        )
        .route("/lang/{code}", get(lang::switch))
        .route("/organisation", get(organisation::overview))
        .route("/associations/{code}", get(organisation::page))
        .route(
            "/associations/{code}/edit",
            get(organisation::edit).post(organisation::save),
        )
        .route(
            "/interventions/new",
            get(intervention_form::new).post(intervention_form::create),
        )
        .route("/reports", get(report::page))
        .route(
            "/associations/{code}/estimate",
            get(estimate::page).post(estimate::save),
        )
        .route("/audit", get(access_log::page))
        .route("/audit/export", get(access_log::export))
        .route("/associations/{code}/questions", get(supplementary::list))
        .route(
            "/associations/{code}/questions/new",
            get(supplementary::new).post(supplementary::create),
        )
        .route(
            "/associations/{code}/questions/{id}/end",
            post(supplementary::end),
        )
        .route(
            "/interventions/{code}/payments",
            get(payments::page).post(payments::plan),
        )
        .route(
            "/interventions/{code}/payments/{id}/certificate",
            post(payments::certify),
        )
        .route(
            "/interventions/{code}/payments/{id}/release",
            post(payments::release),
        )
        .route("/reports/download", get(report::download))
        .route("/interventions/{code}", get(intervention::page))
        .route(
            "/interventions/{code}/edit",
            get(intervention_form::edit).post(intervention_form::save),
        )
        .route(
            "/interventions/{code}/goals/new",
            get(goal_form::new).post(goal_form::create),
        )
        .route(
            "/interventions/{code}/goals/{goal}/delete",
            post(goal_form::delete),
        )
        .merge(journey::routes())
        .merge(participation::routes())
}
