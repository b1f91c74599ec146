//! The language toggle: remembers the choice in a cookie and goes back.

use crate::extract::LANG_COOKIE;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_i18n::Lang;

/// GET /lang/{code}: sets the language and returns to the page the person came from.
pub async fn switch(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            r.find("://")
                .and_then(|i| r[i + 3..].find('/').map(|j| r[i + 3 + j..].to_string()))
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/lang/"))
        .unwrap_or_else(|| "/".into());
    let cookie = HeaderValue::from_str(&cookie)
        .unwrap_or(HeaderValue::from_static("samverka_lang=sv; Path=/"));
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}
