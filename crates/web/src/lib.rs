//! Samverka's web server: server-rendered pages under `/`, the JSON API under
//! `/api/v1`, login with sessions and TOTP, and the security headers around them.

pub mod api;
mod assets;
mod clean_text;
mod csrf;
mod error;
mod extract;
mod headers;
mod health;
pub mod ui;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use samverka_service::Services;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

pub use error::{ApiError, AppError};

/// Largest request body accepted (forms and JSON). Uploads get their own limit.
pub const BODY_LIMIT: usize = 256 * 1024;

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` and use the `__Host-` prefix (when served over https).
    pub secure_cookies: bool,
    /// Login through the organisation's identity provider, when one is configured.
    pub oidc: Option<Arc<samverka_oidc::OidcClient>>,
    /// The address users reach Samverka at, without a trailing `/`; links are built
    /// from it. `None` only on plain http (the demo, tests), where links name the
    /// address the browser used.
    pub public_url: Option<String>,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub services: Services,
    /// Web settings.
    pub config: Arc<WebConfig>,
}

/// What `Strict-Transport-Security` asks of browsers when Samverka is served over
/// https: a year, subdomains included.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Builds the whole application: pages, API, static files, and the layers around them.
pub fn app(state: AppState) -> Router {
    let hsts = state.config.secure_cookies.then(|| {
        tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static(HSTS),
        )
    });
    Router::new()
        .merge(ui::routes())
        .nest("/api/v1", api::routes())
        .merge(health::routes())
        .merge(assets::routes())
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(csrf::reject_cross_origin))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(tower::util::option_layer(hsts))
        .layer(axum::middleware::from_fn(extract::with_lang))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(headers::span_without_query),
        )
        .with_state(state)
}

/// Serves the application on a bound listener until Ctrl-C, sweeping
/// timed-out sessions every five minutes.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let sweeper = state.services.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            if let Err(e) = sweeper.sweep_sessions().await {
                tracing::warn!(error = %e, "could not remove expired sessions");
            }
        }
    });
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
