//! `samverka serve`: the web server.

use crate::anchor::Anchor;
use crate::config::Config;
use crate::errors::CliError;
use samverka_domain::SystemClock;
use samverka_oidc::OidcClient;
use samverka_service::Services;
use samverka_store::Store;
use samverka_web::{AppState, WebConfig};
use std::sync::{Arc, Mutex};

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

/// The address links are built from. Behind https (secure cookies) or with OIDC,
/// Samverka sits behind a proxy whose `Host` header cannot be trusted, so the
/// address must be configured; only a plain-http installation (the demo, a test)
/// may go without it, and then links name the address the browser used.
pub fn public_url(config: &Config) -> Result<Option<String>, CliError> {
    match &config.public_url {
        Some(url) => Ok(Some(url.clone())),
        None if config.secure_cookies || config.oidc.is_some() => Err(CliError::msg(
            "public_url saknas: ange adressen som användarna når Samverka på (SAMVERKA_PUBLIC_URL \
             eller public_url i samverka.toml, t.ex. https://samverka.forbund.se). Länkar till \
             enkäter byggs från den, aldrig från anropets Host-huvud."
                .to_string(),
        )),
        None => Ok(None),
    }
}

/// Serves `store` on `listener` until Ctrl-C or SIGTERM. With a key, TOTP secrets
/// are sealed first and the access log gets a signed checkpoint at start, every
/// `anchor.every` and at shutdown.
pub async fn run(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    config: &Config,
    oidc: Option<Arc<OidcClient>>,
    public_url: Option<String>,
    anchor: Anchor,
) -> Result<(), CliError> {
    let services = Services::new(store.clone(), Arc::new(SystemClock))
        .with_audit_key(anchor.key.clone())
        .with_passwords_only_for(config.passwords_only_for.clone());
    crate::anchor::prepare(&services, &anchor).await?;
    let last = Arc::new(Mutex::new(None));
    let checkpoints =
        crate::anchor::spawn_checkpoints(services.clone(), anchor.clone(), last.clone());
    let retention = spawn_retention(services.clone(), config.retention_months);
    let state = AppState {
        services: services.clone(),
        config: Arc::new(WebConfig {
            secure_cookies: config.secure_cookies,
            oidc,
            public_url,
        }),
    };
    let served = tokio::select! {
        served = samverka_web::serve(listener, state) => served,
        () = terminated() => Ok(()),
    };
    // Background writers stop first, so the last checkpoint covers every entry.
    retention.abort();
    checkpoints.abort();
    let _ = retention.await;
    let _ = checkpoints.await;
    let before = last.lock().map(|l| l.clone()).unwrap_or(None);
    crate::anchor::checkpoint_now(&services, &anchor, before.as_ref()).await;
    served.map_err(|e| CliError::msg(format!("Servern stannade: {e}")))
}

/// Resolves when the process is asked to stop with SIGTERM (as systemd does);
/// Ctrl-C is handled by the web server's graceful shutdown.
async fn terminated() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    }
    #[cfg(not(unix))]
    std::future::pending::<()>().await;
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
fn spawn_retention(services: Services, months: u32) -> tokio::task::JoinHandle<()> {
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
    })
}
