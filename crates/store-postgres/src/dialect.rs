//! What PostgreSQL does differently, as hooks for `samverka_store_sql::sql_repositories!`.

use crate::db_err;
use samverka_store::schema::TableDef;
use samverka_store::{StoreError, StoreResult};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::{PgConnection, PgPool, Postgres, Row};
use std::borrow::Cow;
use std::path::Path;
use time::Date;

/// A query being built on PostgreSQL.
type PgQuery<'q> = Query<'q, Postgres, PgArguments>;

/// PostgreSQL packs rows as text: `string_agg` is faster there than `json_agg`.
pub(crate) const PACKED_AS_JSON: bool = false;

/// The SQL aggregate that joins each row's `fields` with U+001F and the rows with
/// U+001E; free text has `\`, U+001E and U+001F escaped (see
/// `samverka_store_sql::unescape_packed`).
pub(crate) fn packed_rows(fields: &[(&str, bool)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(expr, free_text)| {
            let text = format!("COALESCE(CAST({expr} AS TEXT), '')");
            if *free_text {
                format!(
                    "replace(replace(replace({text}, chr(92), chr(92) || chr(92)), chr(30), chr(92) || 'R'), chr(31), chr(92) || 'U')"
                )
            } else {
                text
            }
        })
        .collect();
    format!(
        "string_agg(concat_ws(chr(31), {}), chr(30))",
        parts.join(", ")
    )
}

/// The name `MaintenanceRepo::backend_name` reports.
pub(crate) const BACKEND_NAME: &str = "postgres";

/// Key of the transaction-scoped advisory lock that serialises appends to the chain.
const CHAIN_LOCK: i64 = 0x0053_414D_5645_524B; // "SAMVERKA"

/// Rewrites `?` placeholders to `$1..$n`.
pub(crate) fn sql(q: &str) -> Cow<'_, str> {
    samverka_store_sql::numbered_placeholders(q)
}

/// Takes the chain's advisory lock, held until the transaction ends.
pub(crate) async fn lock_audit_chain(conn: &mut PgConnection) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CHAIN_LOCK)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Reads a DATE column as `YYYY-MM-DD` text.
pub(crate) fn date_at(row: &PgRow, index: usize) -> Result<Option<String>, sqlx::Error> {
    Ok(row
        .try_get::<Option<Date>, _>(index)?
        .map(|d| d.to_string()))
}

/// Binds `YYYY-MM-DD` text (or a typed NULL) to a DATE column.
pub(crate) fn bind_date(query: PgQuery<'_>, date: Option<String>) -> StoreResult<PgQuery<'_>> {
    let date = date.as_deref().map(parse_date).transpose()?;
    Ok(query.bind(date))
}

fn parse_date(text: &str) -> StoreResult<Date> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| StoreError::Database(format!("date {text}: {e}")))
}

/// The server cannot write a file on this machine: explains how to use pg_dump instead.
/// Vacuums the tables that hold personal data, so the old row versions of removed
/// data are reclaimed (the space is reused; `VACUUM FULL` would rewrite the files
/// but locks the tables, so an operator runs it when needed).
pub(crate) async fn purge_freed(pool: &PgPool) -> StoreResult<()> {
    sqlx::query(
        "VACUUM persons, referrals, participations, participation_entries, \
         questionnaire_invitations, employer_contacts",
    )
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn backup_to(_pool: &PgPool, path: &Path) -> StoreResult<()> {
    Err(StoreError::Unsupported(format!(
        "PostgreSQL säkerhetskopieras med pg_dump, som ger en konsistent kopia medan tjänsten är igång:\n  \
         pg_dump --format=custom --file '{}' \"$SAMVERKA_DATABASE_URL\"\n\
         Återställ med: pg_restore --clean --if-exists --dbname \"$SAMVERKA_DATABASE_URL\" '{}'",
        path.display(),
        path.display()
    )))
}

/// Advances the identity sequence of a table whose keys were copied in explicitly,
/// so the next insert does not collide with a copied row.
pub(crate) async fn after_table_copied(
    conn: &mut PgConnection,
    table: &TableDef,
) -> StoreResult<()> {
    if table.key_is_generated {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{t}', '{k}'), (SELECT COALESCE(MAX({k}), 0) + 1 FROM {t}), false)",
            t = table.name,
            k = table.key()
        );
        sqlx::query(&sql)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// What `write_tx` returns.
pub(crate) type WriteTx = samverka_store_sql::WriteTx<sqlx::Postgres>;
