//! Operations on a whole installation: health, backup, copying and checksums.

use crate::StoreResult;
use crate::schema::{RowHasher, TABLES, TableDef, Value};
use async_trait::async_trait;
use std::path::Path;

/// Rows fetched per page when copying or summing a table.
pub const PAGE_ROWS: i64 = 5_000;

/// A table's row count and content checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableChecksum {
    /// The table.
    pub table: &'static str,
    /// Its rows.
    pub rows: u64,
    /// Hex SHA-256 over the rows in key order.
    pub sha256: String,
}

/// Installation-wide operations.
#[async_trait]
pub trait MaintenanceRepo: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend_name(&self) -> &'static str;
    /// Checks that the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Writes a consistent copy of the live database to `path`, or explains how to.
    async fn backup_to(&self, path: &Path) -> StoreResult<()>;
    /// Makes removed personal data unreadable in the database's files too: on
    /// SQLite the write-ahead log is checkpointed and emptied (deleted cells are
    /// already zeroed, `secure_delete`); on PostgreSQL the tables that hold
    /// personal data are vacuumed.
    async fn purge_freed(&self) -> StoreResult<()>;
    /// Rows of a table with key above `after_key`, in key order, at most `limit`.
    async fn table_page(
        &self,
        table: &TableDef,
        after_key: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Vec<Value>>>;
    /// True when the installation has no accounts and no log entries.
    async fn is_empty(&self) -> StoreResult<bool>;
    /// Runs one statement written by the program itself (never by a user), reading
    /// every row it gives, and says how many: for timing plain SQL in `samverka bench`.
    async fn run_sql(&self, sql: &str) -> StoreResult<u64>;
    /// The one integer a `SELECT COUNT(*) …` written by the program itself gives.
    async fn count_sql(&self, sql: &str) -> StoreResult<i64>;
    /// Inserts rows, with their keys, into one table in one transaction (the bulk
    /// load of `samverka gen`); rows are in the table's column order.
    async fn load_rows(&self, table: &TableDef, rows: Vec<Vec<Value>>) -> StoreResult<()>;
    /// Copies every table of `source` into this (empty) database in one transaction.
    async fn copy_from(&self, source: &dyn MaintenanceRepo) -> StoreResult<()>;
}

/// Row counts and checksums of every table, for comparing two installations.
pub async fn checksums(store: &dyn MaintenanceRepo) -> StoreResult<Vec<TableChecksum>> {
    let mut sums = Vec::new();
    for table in TABLES {
        let mut hasher = RowHasher::default();
        let mut pages = Pages::new(table);
        while let Some(page) = pages.next(store).await? {
            page.iter().for_each(|row| hasher.add(row));
        }
        let (rows, sha256) = hasher.finish();
        sums.push(TableChecksum {
            table: table.name,
            rows,
            sha256,
        });
    }
    Ok(sums)
}

/// Reads a table page by page in key order: shared by checksums and the
/// backends' `copy_from`.
pub struct Pages<'t> {
    table: &'t TableDef,
    after: Option<i64>,
    done: bool,
}

impl<'t> Pages<'t> {
    /// Starts before the first row of `table`.
    pub fn new(table: &'t TableDef) -> Self {
        Self {
            table,
            after: None,
            done: false,
        }
    }

    /// The next page, or `None` after the last.
    pub async fn next(
        &mut self,
        source: &dyn MaintenanceRepo,
    ) -> StoreResult<Option<Vec<Vec<Value>>>> {
        if self.done {
            return Ok(None);
        }
        let page = source.table_page(self.table, self.after, PAGE_ROWS).await?;
        match page.last().map(|r| &r[0]) {
            Some(Value::Int(k)) if page.len() as i64 == PAGE_ROWS => self.after = Some(*k),
            _ => self.done = true,
        }
        Ok((!page.is_empty()).then_some(page))
    }
}
