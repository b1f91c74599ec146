//! Extractors: the request's language, the client address, forms that fail
//! politely, and the logged-in person.

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use samverka_i18n::Lang;
use samverka_service::sessions::{Authenticated, SessionState};
use std::net::SocketAddr;

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being handled (Swedish outside a request).
pub fn current_lang() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// The name of the language cookie.
pub const LANG_COOKIE: &str = "samverka_lang";

/// Reads a cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Runs the request with its language (from the language cookie, default Swedish).
pub async fn with_lang(req: Request, next: Next) -> Response {
    let lang = cookie(req.headers(), LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_default();
    LANG.scope(lang, next.run(req)).await
}

/// The client's IP address as text (`unknown` when the server was not told).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientAddr(addr.unwrap_or_else(|| "unknown".into())))
    }
}

/// A short description of the browser, from User-Agent, for the session list.
pub fn client_label(headers: &HeaderMap) -> String {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let browser = ["Edg", "Firefox", "Chrome", "Safari", "curl"]
        .into_iter()
        .find(|b| ua.contains(b));
    let system = ["Windows", "Android", "iPhone", "Mac OS", "Linux"]
        .into_iter()
        .find(|s| ua.contains(s));
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b}, {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => s.to_string(),
        (None, None) => "?".into(),
    }
}

/// A form body; a malformed one gives a friendly 400 page instead of a bare error.
pub struct ValidForm<T>(pub T);

impl<T, S> FromRequest<S> for ValidForm<T>
where
    axum::Form<T>: FromRequest<S, Rejection = FormRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes =
            axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
                .await
                .map_err(|_| too_large())?;
        if let Some(bad) = crate::clean_text::in_form(&bytes) {
            return Err(bad_text(bad));
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(ValidForm(v)),
            Err(FormRejection::BytesRejection(_)) => Err(too_large()),
            Err(_) => Err(AppError::bad_request()),
        }
    }
}

/// A JSON body; a malformed one gives a JSON 400 with a stable code.
pub struct ValidJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes =
            axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
                .await
                .map_err(|_| ApiError(too_large()))?;
        if std::str::from_utf8(&bytes).is_err() {
            let field = "(innehållet)".to_string();
            return Err(ApiError(bad_text(crate::clean_text::BadText {
                field,
                message_key: "error.text.encoding",
            })));
        }
        if let Some(bad) = serde_json::from_slice(&bytes)
            .ok()
            .and_then(|v| crate::clean_text::in_json(&v, ""))
        {
            return Err(ApiError(bad_text(bad)));
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ValidJson(v)),
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError(too_large())),
            Err(_) => Err(ApiError(AppError::bad_request())),
        }
    }
}

/// 422 for text that is not clean, naming its field.
fn bad_text(bad: crate::clean_text::BadText) -> AppError {
    let mut e = AppError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        bad.message_key,
    );
    e.args.push(("field", bad.field));
    e
}

fn too_large() -> AppError {
    AppError::new(
        axum::http::StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "error.too_large",
    )
}

/// The session cookie's name: `__Host-` prefixed when cookies are Secure.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-samverka_session"
    } else {
        "samverka_session"
    }
}

/// Why a request has no usable session, and where a browser should go.
#[derive(Debug)]
pub enum AuthRejection {
    /// Not logged in: to the login page.
    Login,
    /// The session timed out: to the login page with a notice.
    Expired,
    /// Password passed, code pending: to the code page.
    VerifyTotp,
    /// Password passed, the role needs TOTP and none is enrolled: to enrolment.
    EnrolTotp,
    /// Storage failed.
    Failed(AppError),
    /// An API request without a usable session.
    Api(ApiError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Login => Redirect::to("/login").into_response(),
            AuthRejection::Expired => Redirect::to("/login?expired=1").into_response(),
            AuthRejection::VerifyTotp => Redirect::to("/login/totp").into_response(),
            AuthRejection::EnrolTotp => Redirect::to("/account/totp").into_response(),
            AuthRejection::Failed(e) => e.into_response(),
            AuthRejection::Api(e) => e.into_response(),
        }
    }
}

/// True for requests to the JSON API (routers nested under `/api/v1` see a stripped path).
fn is_api(parts: &Parts) -> bool {
    let original = parts
        .extensions
        .get::<OriginalUri>()
        .map(|o| &o.0)
        .unwrap_or(&parts.uri);
    original.path().starts_with("/api/")
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Authenticated, AuthRejection> {
    let is_api = is_api(parts);
    let reject = |r: AuthRejection| {
        if is_api {
            AuthRejection::Api(ApiError(AppError::unauthenticated()))
        } else {
            r
        }
    };
    let Some(token) = cookie(&parts.headers, session_cookie_name(state)) else {
        return Err(reject(AuthRejection::Login));
    };
    match state.services.resolve_session(token).await {
        Ok(SessionState::Active(auth)) => Ok(*auth),
        Ok(SessionState::Expired) => Err(reject(AuthRejection::Expired)),
        Ok(SessionState::Missing) => Err(reject(AuthRejection::Login)),
        Err(e) => Err(AuthRejection::Failed(e.into())),
    }
}

/// A logged-in person who may still owe the second factor: for the TOTP pages.
pub struct PendingAuth(pub Authenticated);

impl FromRequestParts<AppState> for PendingAuth {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, state).await.map(PendingAuth)
    }
}

/// A fully logged-in person (password and, where required, second factor).
pub struct Auth(pub Authenticated);

impl FromRequestParts<AppState> for Auth {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let auth = authenticate(parts, state).await?;
        if auth.second_factor_pending() {
            if is_api(parts) {
                return Err(AuthRejection::Api(ApiError(AppError::unauthenticated())));
            }
            return Err(if auth.user.totp_secret.is_some() {
                AuthRejection::VerifyTotp
            } else {
                AuthRejection::EnrolTotp
            });
        }
        Ok(Auth(auth))
    }
}
