//! What the line files (budget, association economy) share: lines read from a file
//! are matched with the stored ones on their key, so that a file read again
//! updates instead of doubling, and the import is logged once per owner.

use super::table::Table;
use super::{ImportError, ImportSummary};
use crate::Services;
use crate::accounts::Caller;
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::import::association_row::AssociationLine;
use samverka_domain::import::budget_row::BudgetLine;
use samverka_domain::import::{RowProblem, check_header};
use std::collections::HashMap;
use std::hash::Hash;

/// A line that is matched on a key and stored with an id.
pub(crate) trait KeyedLine: PartialEq {
    /// What lines match on.
    type Key: Eq + Hash;
    /// The line's key.
    fn match_key(&self) -> Self::Key;
    /// The database id, 0 until stored.
    fn id(&self) -> i64;
    /// Sets the database id.
    fn set_id(&mut self, id: i64);
}

impl KeyedLine for BudgetLine {
    type Key = (String, i32, &'static str, String, &'static str, String);
    fn match_key(&self) -> Self::Key {
        self.key()
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
}

impl KeyedLine for AssociationLine {
    type Key = (String, i32, &'static str, String, String);
    fn match_key(&self) -> Self::Key {
        self.key()
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = id;
    }
}

/// Lines read with their row numbers, and the problems of the rows that failed.
pub(crate) type ReadLines<L> = (Vec<(usize, L)>, Vec<RowProblem>);

/// The lines of `table` with their row numbers (as the spreadsheet shows them), and
/// the problems of the rows that could not be read; a wrong header stops at once.
pub(crate) fn read_lines<L>(
    table: &Table,
    (columns, required): (&[&str], &[&str]),
    read: impl Fn(usize, &dyn Fn(&str) -> String) -> Result<L, Vec<RowProblem>>,
) -> Result<ReadLines<L>, ImportError> {
    let problems = check_header(&table.headers, columns, required);
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    let positions = table.positions();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for i in 0..table.rows.len() {
        match read(i + 2, &table.getter(i, &positions)) {
            Ok(l) => lines.push((i + 2, l)),
            Err(p) => problems.extend(p),
        }
    }
    Ok((lines, problems))
}

/// The lines to write (new, or changed with their stored ids) and the counts.
pub(crate) fn changes<L: KeyedLine>(read: Vec<L>, stored: &[L]) -> (ImportSummary, Vec<L>) {
    let by_key: HashMap<L::Key, &L> = stored.iter().map(|l| (l.match_key(), l)).collect();
    let mut summary = ImportSummary {
        rows: read.len(),
        ..ImportSummary::default()
    };
    let mut out = Vec::new();
    for mut l in read {
        match by_key.get(&l.match_key()) {
            Some(old) => {
                l.set_id(old.id());
                if **old == l {
                    summary.unchanged += 1;
                } else {
                    summary.updated += 1;
                    out.push(l);
                }
            }
            None => {
                summary.created += 1;
                out.push(l);
            }
        }
    }
    (summary, out)
}

impl Services {
    /// One access-log entry per owner (intervention or association) of an import.
    pub(crate) fn import_drafts(
        &self,
        caller: &Caller,
        (event, kind): (AuditEvent, &str),
        owners: &[String],
        summary: &ImportSummary,
    ) -> Vec<AuditDraft> {
        owners
            .iter()
            .map(|c| {
                AuditDraft::new(self.clock.now(), caller.actor(), event, kind, c).details(format!(
                    "created={} updated={} unchanged={}",
                    summary.created, summary.updated, summary.unchanged
                ))
            })
            .collect()
    }
}
