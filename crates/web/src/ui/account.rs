//! The person's own account: facts, second factor and sessions (list and revoke).

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::layout::{Layout, local_time};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_i18n::Tr;
use serde::Deserialize;

struct SessionRow {
    id: i64,
    started: String,
    last_seen: String,
    client: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    notice: Option<String>,
    username: String,
    display_name: String,
    totp_enrolled: bool,
    sessions: Vec<SessionRow>,
}

/// `?revoked=1` after a session was revoked.
#[derive(Deserialize)]
pub struct AccountQuery {
    revoked: Option<String>,
}

/// GET /account
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let sessions = state
        .services
        .my_sessions(&auth)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            started: local_time(s.created_at),
            last_seen: local_time(s.last_seen_at),
            client: s.client,
            current: s.id == auth.session.id,
        })
        .collect();
    let page = AccountPage {
        layout: Layout::for_user(tr, "account.title", &auth, "/account"),
        notice: q.revoked.map(|_| tr.t("account.revoked").to_string()),
        username: auth.user.username.clone(),
        display_name: auth.user.display_name.clone(),
        totp_enrolled: auth.user.totp_secret.is_some(),
        sessions,
    };
    Ok(Html(page.render().map_err(|_| AppError::bad_request())?).into_response())
}

/// POST /account/sessions/{id}/revoke
pub async fn revoke(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if state.services.revoke_session(&auth, id).await? {
        Ok(Redirect::to("/account?revoked=1").into_response())
    } else {
        Err(AppError::not_found())
    }
}
