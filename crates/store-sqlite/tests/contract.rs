//! The repository contract suite, run against real SQLite files.

use samverka_store_sqlite::SqliteStore;
use std::sync::Arc;

/// A fresh database file in a temporary directory that lives as long as the test process.
async fn fresh() -> Option<Arc<SqliteStore>> {
    let dir = tempfile::tempdir().unwrap().keep();
    let url = format!("sqlite://{}", dir.join("contract.db").display());
    Some(Arc::new(SqliteStore::connect(&url).await.unwrap()))
}

samverka_store::contract_suite!(fresh);
