//! The login page, logging in and logging out.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{
    ClientAddr, PendingAuth, ValidForm, client_label, current_lang, session_cookie_name,
};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::login::{LoginRequest, NextStep};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    notice: Option<String>,
    error: Option<String>,
    username: String,
    /// The text of the "Logga in med …" button, when OIDC is configured.
    oidc_button: Option<String>,
}

/// The OIDC button's text: "Logga in med LABEL", or the catalogue's wording without a label.
fn oidc_button(state: &AppState, tr: Tr) -> Option<String> {
    let client = state.config.oidc.as_ref()?;
    Some(match client.settings().label.as_deref() {
        Some(label) if !label.trim().is_empty() => {
            tr.f("login.oidc.button", &[("label", label.trim())])
        }
        _ => tr.t("login.oidc.button_default").to_string(),
    })
}

/// The login page with an error message (after a refused OIDC login).
pub(super) fn page_with_error(
    state: &AppState,
    error: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    render(
        LoginPage {
            layout: Layout::public(tr, "login.title"),
            notice: None,
            error: Some(error),
            username: String::new(),
            oidc_button: oidc_button(state, tr),
        },
        status,
    )
}

/// Query of the login page: `?expired=1` after a timeout.
#[derive(Deserialize)]
pub struct LoginQuery {
    expired: Option<String>,
}

fn render(page: LoginPage, status: StatusCode) -> Result<Response, AppError> {
    let html = page.render().map_err(|_| AppError::bad_request())?;
    Ok((status, Html(html)).into_response())
}

/// GET /login
pub async fn form(
    State(state): State<AppState>,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let notice = q.expired.map(|_| tr.t("login.expired").to_string());
    render(
        LoginPage {
            layout: Layout::public(tr, "login.title"),
            notice,
            error: None,
            username: String::new(),
            oidc_button: oidc_button(&state, tr),
        },
        StatusCode::OK,
    )
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

/// Builds the Set-Cookie value for a session token (or for removing it, with an empty token).
pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = if token.is_empty() { "; Max-Age=0" } else { "" };
    let value = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}{max_age}",
        session_cookie_name(state)
    );
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(
        "samverka_session=; Path=/; Max-Age=0",
    ))
}

/// POST /login
pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ValidForm(form): ValidForm<LoginForm>,
) -> Result<Response, AppError> {
    let request = LoginRequest {
        username: form.username.clone(),
        password: form.password,
        address,
        client: client_label(&headers),
    };
    match state.services.login(request).await {
        Ok(success) => {
            let to = match success.next {
                NextStep::Done => "/",
                NextStep::VerifyTotp => "/login/totp",
                NextStep::EnrolTotp => "/account/totp",
            };
            let cookie = session_cookie(&state, &success.token);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response())
        }
        Err(
            e @ (ServiceError::BadCredentials
            | ServiceError::PasswordsOff
            | ServiceError::Throttled(_)),
        ) => {
            let err = AppError::from(e);
            let tr = Tr(current_lang());
            let page = LoginPage {
                layout: Layout::public(tr, "login.title"),
                notice: None,
                error: Some(err.message()),
                username: form.username.chars().take(64).collect(),
                oidc_button: oidc_button(&state, tr),
            };
            render(page, err.status)
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /logout
pub async fn logout(
    State(state): State<AppState>,
    PendingAuth(auth): PendingAuth,
) -> Result<Response, AppError> {
    state.services.logout(&auth).await?;
    Ok((
        [(header::SET_COOKIE, session_cookie(&state, ""))],
        Redirect::to("/login"),
    )
        .into_response())
}
