//! The second factor: typing a code at login, and enrolling an authenticator app.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{ClientAddr, PendingAuth, ValidForm, current_lang};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::totp::TotpSecret;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::token::new_totp_bytes;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "totp_verify.html")]
struct VerifyPage {
    layout: Layout,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "totp_enrol.html")]
struct EnrolPage {
    layout: Layout,
    secret: String,
    qr_svg: String,
    error: Option<String>,
}

fn html(status: StatusCode, body: Result<String, askama::Error>) -> Result<Response, AppError> {
    Ok((status, Html(body.map_err(|_| AppError::bad_request())?)).into_response())
}

/// The code form's field.
#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

/// GET /login/totp
pub async fn verify_form(PendingAuth(auth): PendingAuth) -> Result<Response, AppError> {
    if !auth.second_factor_pending() {
        return Ok(Redirect::to("/").into_response());
    }
    if auth.user.totp_secret.is_none() {
        return Ok(Redirect::to("/account/totp").into_response());
    }
    let tr = Tr(current_lang());
    html(
        StatusCode::OK,
        VerifyPage {
            layout: Layout::public(tr, "totp.verify.title"),
            error: None,
        }
        .render(),
    )
}

/// POST /login/totp
pub async fn verify_submit(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    PendingAuth(auth): PendingAuth,
    ValidForm(form): ValidForm<CodeForm>,
) -> Result<Response, AppError> {
    match state
        .services
        .verify_second_factor(&auth, &form.code, &address)
        .await
    {
        Ok(()) => Ok(Redirect::to("/").into_response()),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Throttled(_))) => {
            let err = AppError::from(e);
            let tr = Tr(current_lang());
            let page = VerifyPage {
                layout: Layout::public(tr, "totp.verify.title"),
                error: Some(err.message()),
            };
            html(err.status, page.render())
        }
        Err(e) => Err(e.into()),
    }
}

fn enrol_page(auth_name: &str, secret: &TotpSecret, error: Option<String>) -> EnrolPage {
    let tr = Tr(current_lang());
    let uri = secret.provisioning_uri("Samverka", auth_name);
    let qr_svg = crate::ui::qr::qr_svg(&uri, tr.t("totp.enrol.qr_alt"));
    EnrolPage {
        layout: Layout::public(tr, "totp.enrol.title"),
        secret: secret.to_base32(),
        qr_svg,
        error,
    }
}

/// GET /account/totp: a new secret with its QR code.
pub async fn enrol_form(PendingAuth(auth): PendingAuth) -> Result<Response, AppError> {
    if auth.user.totp_secret.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    let secret = TotpSecret::from_bytes(new_totp_bytes());
    html(
        StatusCode::OK,
        enrol_page(&auth.user.username, &secret, None).render(),
    )
}

/// The enrolment form: the secret shown and the first code.
#[derive(Deserialize)]
pub struct EnrolForm {
    secret: String,
    code: String,
}

/// POST /account/totp
pub async fn enrol_submit(
    State(state): State<AppState>,
    PendingAuth(auth): PendingAuth,
    ValidForm(form): ValidForm<EnrolForm>,
) -> Result<Response, AppError> {
    if auth.user.totp_secret.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    match state
        .services
        .enrol_totp(&auth, &form.secret, &form.code)
        .await
    {
        Ok(()) => Ok(Redirect::to("/").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let err = AppError::invalid(e);
            let secret = TotpSecret::from_base32(&form.secret)
                .unwrap_or_else(|| TotpSecret::from_bytes(new_totp_bytes()));
            html(
                err.status,
                enrol_page(&auth.user.username, &secret, Some(err.message())).render(),
            )
        }
        Err(e) => Err(e.into()),
    }
}
