//! The participation page and everything done on it: stages, consent, coach,
//! entries of every kind, exit and the follow-ups after exit.

mod actions;
mod entry_form;
mod erase;
mod exit_form;
mod extract;
mod page;
mod questionnaires;
mod reason;
mod summary;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The participation page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/participations/{id}", get(page::page))
        .route(
            "/participations/{id}/questionnaires",
            get(questionnaires::page).post(questionnaires::send),
        )
        .route(
            "/participations/{id}/questionnaires/{invitation}/paper",
            get(questionnaires::paper).post(questionnaires::save_paper),
        )
        .route("/participations/{id}/stage", post(actions::stage))
        .route("/participations/{id}/reason", post(reason::give))
        .route(
            "/participations/{id}/erase",
            get(erase::page).post(erase::erase),
        )
        .route(
            "/participations/{id}/extract",
            get(extract::page).post(extract::make),
        )
        .route(
            "/participations/{id}/consent/withdraw",
            post(actions::withdraw_consent),
        )
        .route("/participations/{id}/coach", post(actions::coach))
        .route(
            "/participations/{id}/exit",
            get(exit_form::form).post(exit_form::save),
        )
        .route(
            "/participations/{id}/entries/new",
            get(entry_form::new).post(entry_form::create),
        )
        .route(
            "/participations/{id}/entries/{entry}/delete",
            post(actions::delete_entry),
        )
        .route(
            "/participations/{id}/entries/{entry}/approve",
            post(actions::approve),
        )
        .route(
            "/participations/{id}/entries/{entry}/done",
            post(actions::toggle_done),
        )
}
