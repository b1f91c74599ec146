//! Security headers on every response, and request spans without query strings.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy: our own files only, no inline script, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Adds CSP, nosniff, referrer and framing headers; dynamic responses are `no-store`
/// (they may carry personal data), static files may be cached.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !is_static {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A tracing span with method and path only: query strings may hold search terms.
pub fn span_without_query(req: &Request) -> tracing::Span {
    tracing::info_span!("request", method = %req.method(), path = %loggable_path(req.uri().path()))
}

/// The path as the operational log may show it: a questionnaire link's token is a
/// key to a participant's answers, so it is cut off.
pub fn loggable_path(path: &str) -> &str {
    match path.strip_prefix("/q/") {
        Some(_) => "/q/…",
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn questionnaire_tokens_stay_out_of_the_log() {
        assert_eq!(loggable_path("/q/4f9a0c/tack"), "/q/…");
        assert_eq!(loggable_path("/participations/7"), "/participations/7");
    }
}
