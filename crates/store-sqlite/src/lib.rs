//! SQLite storage: the default, an embedded file with no setup.
//! WAL journal, a busy timeout, foreign keys on, and `BEGIN IMMEDIATE` for
//! every transaction that reads and then writes. SQLite has one writer at a time:
//! writers of this process wait their turn in a queue, in order, instead of in
//! SQLite's busy handler (which under load can give up after its timeout).

mod dialect;

use samverka_store::{StoreError, StoreResult};
use samverka_store_sql::WriteTx;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

pub use samverka_store_sql::db_err;

/// The SQLite implementation of every repository trait.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The write turn: held from `BEGIN IMMEDIATE` to commit or rollback.
    writer: Arc<Mutex<()>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://file.db`) and migrates it.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Unsupported(format!("ogiltig SQLite-adress: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // Removed personal data is overwritten with zeros, not left in free pages.
            .pragma("secure_delete", "ON");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(db_err)?;
        let store = Self {
            pool,
            writer: Arc::new(Mutex::new(())),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies any migrations not yet applied.
    pub async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Database(format!("migration: {e}")))
    }

    /// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
    /// so a read inside it can never be invalidated by another writer.
    pub(crate) async fn write_tx(&self) -> StoreResult<WriteTx<Sqlite>> {
        let turn = self.writer.clone().lock_owned().await;
        WriteTx::begin(&self.pool, Some("BEGIN IMMEDIATE"), Some(turn))
            .await
            .map_err(db_err)
    }

    /// The connection pool, for tests that need to reach the raw tables.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

samverka_store_sql::sql_repositories! {
    store: SqliteStore,
    database: sqlx::Sqlite,
    dialect: dialect,
}
