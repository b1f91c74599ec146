//! Importing what providers keep in Excel (SPEC 11): participation files and budget
//! files, CSV or XLSX. Every row is checked before anything is written; a file with
//! any problem stores nothing and every problem is listed by row and column.

pub mod association;
pub mod budget;
pub mod export;
mod lines;
pub mod participations;
pub mod table;
pub mod unpacked;

use crate::ServiceError;
use samverka_domain::import::RowProblem;

impl crate::Services {
    /// The intervention whose upload page the caller opens: `NotFound` outside their
    /// reach, `Forbidden` for those who may see but not import (only leads import).
    pub async fn importable_intervention(
        &self,
        caller: &crate::accounts::Caller,
        code: &str,
    ) -> crate::ServiceResult<samverka_domain::intervention::Intervention> {
        let iv = self.journey_intervention(caller, code).await?;
        match caller {
            crate::accounts::Caller::User { roles, .. }
                if !samverka_domain::policy::can_import_into(roles, &iv) =>
            {
                Err(ServiceError::Forbidden)
            }
            _ => Ok(iv),
        }
    }
}

/// What a file holds, told by its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Participations (any other file).
    Participations,
    /// Budget lines: a `budgettyp` column.
    Budget,
    /// An association's economy: a `forbund` and a `slag` column.
    AssociationEconomy,
}

impl FileKind {
    /// The kind of a file with these column headers.
    pub fn of(headers: &[String]) -> Self {
        let has = |c: &str| headers.iter().any(|h| h == c);
        if has("forbund") && has("slag") {
            FileKind::AssociationEconomy
        } else if has("budgettyp") {
            FileKind::Budget
        } else {
            FileKind::Participations
        }
    }

    /// A short code for messages: `participations`, `budget`, `association_economy`.
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Participations => "participations",
            FileKind::Budget => "budget",
            FileKind::AssociationEconomy => "association_economy",
        }
    }
}

impl crate::Services {
    /// Imports `table` as the kind of file its columns say it is.
    pub async fn import_table(
        &self,
        caller: &crate::accounts::Caller,
        table: &table::Table,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> (FileKind, Result<ImportSummary, ImportError>) {
        let kind = FileKind::of(&table.headers);
        let result = match kind {
            FileKind::Budget => self.import_budget(caller, table).await,
            FileKind::AssociationEconomy => self.import_association_economy(caller, table).await,
            FileKind::Participations => self.import_participations(caller, table, progress).await,
        };
        (kind, result)
    }
}

/// Why an import stored nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The file's problems, by row and column.
    Problems(Vec<RowProblem>),
    /// The import could not run (permission, storage).
    Service(ServiceError),
}

impl From<ServiceError> for ImportError {
    fn from(e: ServiceError) -> Self {
        ImportError::Service(e)
    }
}

impl From<samverka_store::StoreError> for ImportError {
    fn from(e: samverka_store::StoreError) -> Self {
        ImportError::Service(e.into())
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Data rows read.
    pub rows: usize,
    /// New rows stored.
    pub created: usize,
    /// Existing rows changed.
    pub updated: usize,
    /// Existing rows already as in the file.
    pub unchanged: usize,
}

/// Where a long import has come, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Rows checked so far, of all.
    Checked(usize, usize),
    /// Every row is checked; the file is being written.
    Writing(usize),
}
