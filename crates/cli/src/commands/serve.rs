//! `samverka serve`: the web server.

use crate::config::Config;
use crate::errors::CliError;
use samverka_domain::SystemClock;
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

/// Serves `store` on `listener` until Ctrl-C.
pub async fn run(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
    config: &Config,
) -> Result<(), CliError> {
    let state = AppState {
        services: Services::new(store, Arc::new(SystemClock)),
        config: Arc::new(WebConfig {
            secure_cookies: config.secure_cookies,
        }),
    };
    samverka_web::serve(listener, state)
        .await
        .map_err(|e| CliError::msg(format!("Servern stannade: {e}")))
}

/// The address people open, from the bound socket.
pub fn address(listener: &tokio::net::TcpListener) -> String {
    match listener.local_addr() {
        Ok(a) => format!("http://{a}/"),
        Err(_) => "?".into(),
    }
}
