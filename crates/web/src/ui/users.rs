//! The account list for system administrators.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use samverka_i18n::Tr;

struct UserRow {
    username: String,
    display_name: String,
    roles: String,
    totp: bool,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
}

/// GET /admin/users
pub async fn page(State(state): State<AppState>, Auth(auth): Auth) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let users = state
        .services
        .list_users(&auth.caller())
        .await?
        .into_iter()
        .map(|(u, roles)| UserRow {
            roles: roles
                .iter()
                .map(|r| match r.scope.code() {
                    "" => tr.t(r.role.label_key()).to_string(),
                    code => format!("{} ({code})", tr.t(r.role.label_key())),
                })
                .collect::<Vec<_>>()
                .join(", "),
            username: u.username,
            display_name: u.display_name,
            totp: u.totp_secret.is_some(),
            disabled: u.disabled,
        })
        .collect();
    let page = UsersPage {
        layout: Layout::for_user(tr, "users.title", &auth, "/admin/users"),
        users,
    };
    Ok(Html(page.render().map_err(|_| AppError::bad_request())?).into_response())
}
