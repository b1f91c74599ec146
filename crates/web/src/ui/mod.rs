//! Server-rendered pages.

mod account;
mod home;
mod lang;
pub mod layout;
mod login;
mod totp;
mod users;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/login", get(login::form).post(login::submit))
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
        .route("/lang/{code}", get(lang::switch))
}
