//! Opens the storage backend an address names.

use crate::config::DatabaseUrl;
use crate::errors::CliError;
use samverka_store::Store;
use samverka_store_postgres::PgStore;
use samverka_store_sqlite::SqliteStore;
use std::sync::Arc;

/// Connects to SQLite or PostgreSQL and migrates a new database.
pub async fn open(url: &DatabaseUrl) -> Result<Arc<dyn Store>, CliError> {
    let raw = url.expose();
    let opened: Result<Arc<dyn Store>, _> = if url.is_postgres() {
        PgStore::connect(raw)
            .await
            .map(|s| Arc::new(s) as Arc<dyn Store>)
    } else if raw.starts_with("sqlite:") {
        SqliteStore::connect(raw)
            .await
            .map(|s| Arc::new(s) as Arc<dyn Store>)
    } else {
        return Err(CliError::msg(format!(
            "Okänd databasadress '{url}'. Använd sqlite://fil.db eller postgres://användare@värd/databas."
        )));
    };
    opened.map_err(|e| {
        CliError::msg(format!(
            "Kan inte öppna databasen {url}: {}",
            crate::errors::store_text(&e)
        ))
    })
}
