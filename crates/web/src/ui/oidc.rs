//! Logging in through the organisation's identity provider (OpenID Connect, code
//! flow with PKCE). `/login/oidc` sends the browser to the provider with a short-lived
//! cookie naming the login under way; `/login/oidc/callback` checks what comes back
//! and starts a session exactly as a password login does, second factor included.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{client_label, cookie, current_lang};
use crate::ui::layout::Layout;
use crate::ui::login::{page_with_error, session_cookie};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_i18n::Tr;
use samverka_oidc::{Callback, OidcClient, OidcError, PENDING_LIFETIME};
use samverka_service::login::{ExternalLogin, ExternalOutcome, NextStep};
use serde::Deserialize;
use std::sync::Arc;

/// The method named in the access log.
const METHOD: &str = "oidc";

/// The page between the callback and Samverka. The session cookie is SameSite=Strict,
/// and a browser does not send it on the redirect that ends a chain begun on the
/// provider's site; a page of our own that moves on (meta refresh, or the link) makes
/// the next request a same-site one.
#[derive(Template)]
#[template(path = "login_continue.html")]
struct ContinuePage {
    layout: Layout,
    next: &'static str,
}

fn client(state: &AppState) -> Result<Arc<OidcClient>, AppError> {
    state.config.oidc.clone().ok_or_else(AppError::not_found)
}

/// The cookie that names the login under way: only sent back to `/login/oidc…`,
/// `SameSite=Lax` so that it comes along on the provider's redirect, gone in 10 minutes.
fn cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Secure-samverka_oidc"
    } else {
        "samverka_oidc"
    }
}

fn login_cookie(state: &AppState, handle: &str) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = if handle.is_empty() {
        0
    } else {
        PENDING_LIFETIME.whole_seconds()
    };
    let value = format!(
        "{}={handle}; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(state)
    );
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("samverka_oidc=; Max-Age=0"))
}

/// The button's name for the provider, in messages.
fn provider_name(client: &OidcClient, tr: Tr) -> String {
    match client.settings().label.as_deref() {
        Some(label) if !label.trim().is_empty() => label.trim().to_string(),
        _ => tr.t("login.oidc.default_label").to_string(),
    }
}

/// The login page with a message, and the login cookie removed.
fn refused(
    state: &AppState,
    client: &OidcClient,
    key: &str,
    status: StatusCode,
    name: &str,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let message = tr.f(
        key,
        &[("provider", &provider_name(client, tr)), ("name", name)],
    );
    let mut response = page_with_error(state, message, status)?;
    response
        .headers_mut()
        .append(header::SET_COOKIE, login_cookie(state, ""));
    Ok(response)
}

/// The message and status for a refused login.
fn explain(e: &OidcError) -> (&'static str, StatusCode) {
    match e {
        e if e.is_unavailable() => ("error.oidc.unavailable", StatusCode::BAD_GATEWAY),
        OidcError::State(_) => ("error.oidc.state", StatusCode::BAD_REQUEST),
        OidcError::Denied(_) => ("error.oidc.denied", StatusCode::UNAUTHORIZED),
        _ => ("error.oidc.rejected", StatusCode::UNAUTHORIZED),
    }
}

/// GET /login/oidc: to the provider, with state, nonce and PKCE.
pub async fn start(State(state): State<AppState>) -> Result<Response, AppError> {
    let client = client(&state)?;
    match client.begin(state.services.clock.now()).await {
        Ok(begin) => Ok((
            [(header::SET_COOKIE, login_cookie(&state, &begin.handle))],
            Redirect::to(&begin.authorization_url),
        )
            .into_response()),
        Err(e) => {
            tracing::warn!(reason = %e.code(), "oidc: login could not begin");
            let (key, status) = explain(&e);
            refused(&state, &client, key, status, "")
        }
    }
}

/// What the provider sends back.
#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// GET /login/oidc/callback: checks state, code and ID token, then starts the session.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<CallbackQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let client = client(&state)?;
    let callback = match query {
        Ok(Query(q)) => Callback {
            code: q.code,
            state: q.state,
            error: q.error,
        },
        Err(_) => Callback::default(),
    };
    let handle = cookie(&headers, cookie_name(&state));
    let now = state.services.clock.now();
    let username = match client.finish(handle, &callback, now).await {
        Ok(username) => username,
        Err(e) => {
            tracing::info!(reason = %e.code(), "oidc: login refused");
            state
                .services
                .record_external_failure(METHOD, "", &e.code())
                .await?;
            let (key, status) = explain(&e);
            return refused(&state, &client, key, status, "");
        }
    };
    let login = ExternalLogin {
        username: username.clone(),
        method: METHOD,
        client: client_label(&headers),
    };
    match state.services.login_external(login).await? {
        ExternalOutcome::NoActiveAccount => {
            let shown: String = username.chars().take(64).collect();
            refused(
                &state,
                &client,
                "error.oidc.no_account",
                StatusCode::FORBIDDEN,
                &shown,
            )
        }
        ExternalOutcome::Started(success) => {
            let next = match success.next {
                NextStep::Done => "/",
                NextStep::VerifyTotp => "/login/totp",
                NextStep::EnrolTotp => "/account/totp",
            };
            let tr = Tr(current_lang());
            let page = ContinuePage {
                layout: Layout::public(tr, "login.oidc.confirmed_title"),
                next,
            };
            let html = page.render().map_err(|_| AppError::internal())?;
            let mut response = Html(html).into_response();
            let h = response.headers_mut();
            h.append(header::SET_COOKIE, session_cookie(&state, &success.token));
            h.append(header::SET_COOKIE, login_cookie(&state, ""));
            Ok(response)
        }
    }
}
