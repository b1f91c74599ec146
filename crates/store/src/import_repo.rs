//! Imports written in one transaction: many participations (with the persons they
//! need), and budget lines. Either all of a file is stored or none of it.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::import::association_row::AssociationLine;
use samverka_domain::import::budget_row::BudgetLine;
use samverka_domain::journey::{Participation, Person};

/// Which person a participation of a batch belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonRef {
    /// A person already stored.
    Existing(i64),
    /// The n-th of the batch's new persons.
    New(usize),
}

/// A whole participation file, checked and ready to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportBatch {
    /// Persons to add (each `id == 0`).
    pub new_persons: Vec<Person>,
    /// Participations to insert (`id == 0`) or replace, with their persons.
    pub participations: Vec<(PersonRef, Participation)>,
}

/// Writes imports.
#[async_trait]
pub trait ImportRepo: Send + Sync {
    /// Writes the batch and its audit entries in one transaction.
    async fn import_participations(
        &self,
        batch: &ImportBatch,
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
    /// Inserts (`id == 0`) or replaces budget lines, with their audit entries, in one transaction.
    async fn save_budget_lines(
        &self,
        lines: &[BudgetLine],
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
    /// The budget lines of these interventions, by intervention, year and category.
    async fn budget_lines(&self, interventions: &[String]) -> StoreResult<Vec<BudgetLine>>;
    /// Inserts (`id == 0`) or replaces associations' economy lines, with their audit
    /// entries, in one transaction.
    async fn save_association_lines(
        &self,
        lines: &[AssociationLine],
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
    /// The economy lines of these associations, by association, year and kind.
    async fn association_lines(&self, associations: &[String])
    -> StoreResult<Vec<AssociationLine>>;
}
