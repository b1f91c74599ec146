//! PostgreSQL storage, for larger installations. Appends to the access log are
//! serialised by a transaction-scoped advisory lock.

mod dialect;

use samverka_store::{StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

pub use samverka_store_sql::db_err;

/// The PostgreSQL implementation of every repository trait.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`) and migrates the database.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Unsupported(format!("ogiltig PostgreSQL-adress: {e}")))?
            .application_name("samverka");
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(db_err)?;
        let store = Self { pool };
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

    /// Starts a write transaction.
    pub(crate) async fn write_tx(&self) -> StoreResult<samverka_store_sql::WriteTx<Postgres>> {
        samverka_store_sql::WriteTx::begin(&self.pool, None, None)
            .await
            .map_err(db_err)
    }

    /// The connection pool, for tests that need to reach the raw tables.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

samverka_store_sql::sql_repositories! {
    store: PgStore,
    database: sqlx::Postgres,
    dialect: dialect,
}

/// Creates an empty database with a unique name next to the one at `admin_url`,
/// for tests. Databases left by finished test processes are dropped first.
pub async fn create_test_database(admin_url: &str) -> StoreResult<String> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .map_err(db_err)?;
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'samverka_t_%'")
            .fetch_all(&mut conn)
            .await
            .map_err(db_err)?;
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut conn)
                .await;
        }
    }
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("samverka_t_{}_{n}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut conn)
        .await
        .map_err(db_err)?;
    let mut url = url::Url::parse(admin_url).map_err(|e| StoreError::Unsupported(e.to_string()))?;
    url.set_path(&name);
    Ok(url.to_string())
}
