//! One error type for the whole web layer. Pages get an HTML page in the person's
//! language; the API gets `{"error": {"code", "message"}}` with a stable code.
//! Database text is never shown; it goes to the operator's log.

use crate::extract::current_lang;
use crate::ui::layout::ErrorPage;
use askama::Template;
use axum::Json;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::FieldError;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use serde::Serialize;

/// A failure to show to a person or an API client.
#[derive(Debug)]
pub struct AppError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code (`not_found`, `invalid`, …).
    pub code: &'static str,
    /// The catalogue key of the message.
    pub message_key: String,
    /// Values for the message's placeholders.
    pub args: Vec<(&'static str, String)>,
    /// The field concerned, if any.
    pub field: Option<&'static str>,
}

impl AppError {
    /// An error with a status, a code and a message key.
    pub fn new(status: StatusCode, code: &'static str, message_key: &str) -> Self {
        Self {
            status,
            code,
            message_key: message_key.into(),
            args: Vec::new(),
            field: None,
        }
    }

    /// 404.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "error.not_found")
    }

    /// 403.
    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "error.forbidden")
    }

    /// 400 for a request that could not be read.
    pub fn bad_request() -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", "error.bad_request")
    }

    /// 500 for a fault of our own (a page that could not be rendered).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "error.internal",
        )
    }

    /// 401 for a request without a valid session.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "error.unauthenticated",
        )
    }

    /// 422 for a wrong value in a named field.
    pub fn invalid(e: FieldError) -> Self {
        let mut err = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.message_key);
        err.field = Some(e.field);
        err.args.push(("field", e.field.to_string()));
        err.args.extend(e.args);
        err
    }

    /// The message in the current language.
    pub fn message(&self) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Tr(current_lang()).f(&self.message_key, &args)
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(f) => AppError::invalid(f),
            ServiceError::NotFound => AppError::not_found(),
            ServiceError::Forbidden => AppError::forbidden(),
            ServiceError::Conflict(field) => {
                let mut err = AppError::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    &samverka_i18n::conflict_key(field),
                );
                err.field = Some(field);
                err.args.push(("detail", field.to_string()));
                err
            }
            ServiceError::BadCredentials => AppError::new(
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "error.login.failed",
            ),
            ServiceError::PasswordsOff => AppError::new(
                StatusCode::UNAUTHORIZED,
                "passwords_off",
                "error.login.passwords_off",
            ),
            ServiceError::Throttled(seconds) => {
                let mut err = AppError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "throttled",
                    "error.login.throttled",
                );
                err.args.push(("seconds", seconds.to_string()));
                err
            }
            ServiceError::ReasonRequired(id) => {
                let mut err = AppError::new(
                    StatusCode::FORBIDDEN,
                    "reason_required",
                    "error.reason_required",
                );
                err.args.push(("id", id.to_string()));
                err
            }
            ServiceError::Unsupported(_) => {
                AppError::new(StatusCode::BAD_REQUEST, "unsupported", "error.unsupported")
            }
            ServiceError::Storage(detail) => {
                tracing::error!(%detail, "storage failure");
                AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "error.unavailable",
                )
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let tr = Tr(current_lang());
        let page = ErrorPage::new(tr, self.status.as_u16(), self.message());
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => (self.status, self.message()).into_response(),
        }
    }
}

/// The JSON body of an API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// An API error's code, message and field.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code: `not_found`, `forbidden`, `invalid`, `conflict`, `unauthenticated`, …
    pub code: String,
    /// A message for people, in the request's language.
    pub message: String,
    /// The field concerned, for `invalid` and `conflict`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// An [`AppError`] rendered as JSON, for API handlers.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code.to_string(),
                message: self.0.message(),
                field: self.0.field.map(str::to_string),
            },
        };
        (self.0.status, Json(body)).into_response()
    }
}

/// The fallback for unknown routes: JSON under `/api/`, a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError(AppError::not_found()).into_response()
    } else {
        AppError::not_found().into_response()
    }
}
