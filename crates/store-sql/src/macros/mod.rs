//! The repository implementations, as macros expanded once per backend.
//!
//! [`sql_repositories!`](crate::sql_repositories) opens a private module, names the
//! backend's concrete types there (`Store`, `Db`, `DbRow`, `DbConnection`) and
//! expands one hidden macro per repository into it. The hidden macros are split
//! by repository only to keep each file readable; they are not meant to be used
//! on their own.

mod anchor;
mod audit;
mod economy;
mod import;
mod journey;
mod journey_reads;
mod logins;
mod maintenance;
mod organisation;
mod privacy;
mod questionnaire;
mod sessions;
mod tallies;
mod users;

/// Implements every repository trait of `samverka-store` for a backend's store.
///
/// ```ignore
/// mod dialect; // the backend's hooks, see below
/// samverka_store_sql::sql_repositories! {
///     store: SqliteStore,
///     database: sqlx::Sqlite,
///     dialect: dialect,
/// }
/// ```
///
/// `store` is a struct defined in the invoking module with a field
/// `pool: sqlx::Pool<database>` and a method
/// `async fn write_tx(&self) -> StoreResult<dialect::WriteTx>` (a transaction, or one that
/// derefs to the connection and has `commit`).
/// `dialect` is a sibling module providing, with the backend's concrete types:
///
/// - `fn sql(q: &str) -> Cow<'_, str>`: turns `?` placeholders into the backend's;
/// - `async fn lock_audit_chain(conn: &mut Connection) -> StoreResult<()>`: called at
///   the start of every access-log append, inside its write transaction;
/// - `fn date_at(row: &Row, index: usize) -> Result<Option<String>, sqlx::Error>`
///   and `fn bind_date(query, Option<String>) -> StoreResult<query>`: DATE columns
///   as `YYYY-MM-DD` text when copying whole tables;
/// - `const BACKEND_NAME: &str` and `async fn backup_to(pool, path) -> StoreResult<()>`;
/// - `async fn after_table_copied(conn, table) -> StoreResult<()>`: runs after
///   `copy_from` has filled a table (for example to advance identity sequences).
#[macro_export]
macro_rules! sql_repositories {
    (store: $store:ident, database: $db:ty, dialect: $dialect:ident $(,)?) => {
        /// The repository traits implemented by `samverka-store-sql`.
        mod sql_repositories {
            use super::$dialect as dialect;
            use $crate::__private::sqlx::Row as _;

            /// The backend's store.
            type Store = super::$store;
            /// The backend's sqlx database.
            type Db = $db;
            /// A row of the backend.
            type DbRow = <$db as $crate::__private::sqlx::Database>::Row;
            /// A connection of the backend.
            type DbConnection = <$db as $crate::__private::sqlx::Database>::Connection;

            $crate::__sql_users!();
            $crate::__sql_sessions!();
            $crate::__sql_logins!();
            $crate::__sql_audit!();
            $crate::__sql_anchor!();
            $crate::__sql_organisation!();
            $crate::__sql_journey!();
            $crate::__sql_journey_reads!();
            $crate::__sql_import!();
            $crate::__sql_economy!();
            $crate::__sql_questionnaire!();
            $crate::__sql_privacy!();
            $crate::__sql_tallies!();
            $crate::__sql_maintenance!();
        }
    };
}
