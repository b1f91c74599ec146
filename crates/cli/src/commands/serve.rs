//! `samverka serve`: the web server.

use crate::config::Config;
use crate::errors::CliError;
use samverka_domain::SystemClock;
use samverka_oidc::OidcClient;
use samverka_service::Services;
use samverka_store::Store;
use samverka_web::{AppState, WebConfig};
use std::sync::Arc;

/// Binds the address, so a taken port is reported before anything else happens.
pub async fn bind(listen: &str) -> Result<tokio::net::TcpListener, CliError> {
    tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| CliError::msg(format!("Kan inte lyssna på {listen}: {e}")))
}

/// The OIDC client when an issuer is configured; wrong settings stop the start with
/// a message naming the setting (never the client secret).
pub fn oidc_client(config: &Config) -> Result<Option<Arc<OidcClient>>, CliError> {
    let Some(settings) = &config.oidc else {
        return Ok(None);
    };
    OidcClient::new(settings.clone())
        .map(|c| Some(Arc::new(c)))
        .map_err(|e| CliError::msg(format!("OIDC-inställningarna fungerar inte: {e}")))
}

/// Serves `store` on `listener` until Ctrl-C.
pub async fn run(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    config: &Config,
    oidc: Option<Arc<OidcClient>>,
) -> Result<(), CliError> {
    spawn_retention(
        Services::new(store.clone(), Arc::new(SystemClock)),
        config.retention_months,
    );
    let state = AppState {
        services: Services::new(store, Arc::new(SystemClock)),
        config: Arc::new(WebConfig {
            secure_cookies: config.secure_cookies,
            oidc,
        }),
    };
    samverka_web::serve(listener, state)
        .await
        .map_err(|e| CliError::msg(format!("Servern stannade: {e}")))
}

/// Says that OIDC login is on, and with which provider (never the secret).
pub fn print_oidc(config: &Config) {
    if let Some(o) = &config.oidc {
        println!(
            "Inloggning via OIDC: {} (klient-id {})",
            o.issuer, o.client_id
        );
    }
}

/// The address people open, from the bound socket.
pub fn address(listener: &tokio::net::TcpListener) -> String {
    match listener.local_addr() {
        Ok(a) => format!("http://{a}/"),
        Err(_) => "?".into(),
    }
}

/// The scheduled retention job: at start and then once a day, participations past
/// their retention period are made anonymous. A failure is logged (no personal data)
/// and tried again the next day.
fn spawn_retention(services: Services, months: u32) {
    tokio::spawn(async move {
        let mut day = tokio::time::interval(std::time::Duration::from_secs(24 * 60 * 60));
        loop {
            day.tick().await;
            let caller = samverka_service::accounts::Caller::Cli("retention".into());
            match services.run_retention(&caller, months).await {
                Ok(done) if !done.is_empty() => {
                    tracing::info!(
                        count = done.len(),
                        months,
                        "retention: participations made anonymous"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention failed; tried again tomorrow"),
            }
        }
    });
}
