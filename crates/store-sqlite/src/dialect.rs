//! What SQLite does differently, as hooks for `samverka_store_sql::sql_repositories!`.

use crate::db_err;
use samverka_domain::FieldError;
use samverka_store::schema::TableDef;
use samverka_store::{StoreError, StoreResult};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Row, Sqlite, SqliteConnection, SqlitePool};
use std::borrow::Cow;
use std::path::Path;

/// A query being built on SQLite.
type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

/// SQLite packs rows as JSON: its JSON functions are the fastest way it has.
pub(crate) const PACKED_AS_JSON: bool = true;

/// The SQL aggregate that packs each row's `fields` into a JSON array, and the
/// rows of a group into one JSON array of them.
pub(crate) fn packed_rows(fields: &[(&str, bool)]) -> String {
    let values: Vec<&str> = fields.iter().map(|(e, _)| *e).collect();
    format!("json_group_array(json_array({}))", values.join(", "))
}

/// The name `MaintenanceRepo::backend_name` reports.
pub(crate) const BACKEND_NAME: &str = "sqlite";

/// SQLite understands `?` placeholders as written.
pub(crate) fn sql(q: &str) -> Cow<'_, str> {
    Cow::Borrowed(q)
}

/// Nothing to do: every append runs in a `BEGIN IMMEDIATE` transaction, which
/// already holds the database's single write lock.
pub(crate) async fn lock_audit_chain(_conn: &mut SqliteConnection) -> StoreResult<()> {
    Ok(())
}

/// Dates are stored as `YYYY-MM-DD` text and read as they are.
pub(crate) fn date_at(row: &SqliteRow, index: usize) -> Result<Option<String>, sqlx::Error> {
    row.try_get(index)
}

/// Dates are stored as `YYYY-MM-DD` text and written as they are.
pub(crate) fn bind_date(
    query: SqliteQuery<'_>,
    date: Option<String>,
) -> StoreResult<SqliteQuery<'_>> {
    Ok(query.bind(date))
}

/// Checkpoints the write-ahead log into the database file and truncates it, so no
/// old page with removed data stays in the `-wal` file. Freed cells in the main
/// file are zeroed as they are freed (`secure_delete` is on for every connection).
pub(crate) async fn purge_freed(pool: &SqlitePool) -> StoreResult<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Writes a consistent copy of the database to a new file with `VACUUM INTO`.
pub(crate) async fn backup_to(pool: &SqlitePool, path: &Path) -> StoreResult<()> {
    if path.exists() {
        return Err(StoreError::Rule(FieldError::with_detail(
            "out",
            "error.backup.exists",
            path.display().to_string(),
        )));
    }
    sqlx::query("VACUUM INTO ?")
        .bind(path.to_string_lossy().into_owned())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Nothing to do: an `INTEGER PRIMARY KEY` continues after the largest key by itself.
pub(crate) async fn after_table_copied(
    _conn: &mut SqliteConnection,
    _table: &TableDef,
) -> StoreResult<()> {
    Ok(())
}

/// What `write_tx` returns: a transaction holding the write turn.
pub(crate) type WriteTx = samverka_store_sql::WriteTx<sqlx::Sqlite>;
