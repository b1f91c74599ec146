//! Cross-site request forgery protection by Origin and Sec-Fetch-Site, on every
//! unsafe method. Browsers send at least one of them; a request from another
//! site is refused with 403. Clients that are not browsers send neither and pass.

use crate::error::{ApiError, AppError};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True when the request's browser headers show it came from our own pages.
pub fn same_origin(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let origin = origin.to_str().unwrap_or_default();
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    !host.is_empty() && origin_host == Some(host)
}

/// Refuses unsafe requests from other origins.
pub async fn reject_cross_origin(req: Request, next: Next) -> Response {
    if is_safe(req.method()) || same_origin(&req) {
        return next.run(req).await;
    }
    tracing::warn!(
        path = %crate::headers::loggable_path(req.uri().path()),
        "cross-origin request refused"
    );
    let err = AppError::new(
        axum::http::StatusCode::FORBIDDEN,
        "cross_origin",
        "error.cross_origin",
    );
    if req.uri().path().starts_with("/api/") {
        ApiError(err).into_response()
    } else {
        err.into_response()
    }
}
