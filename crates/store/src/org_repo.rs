//! The organisation world: associations, providers, own process templates and
//! interventions with their goals. Each is saved whole, by code.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::association::{Association, Provider};
use samverka_domain::audit::AuditDraft;
use samverka_domain::intervention::Intervention;
use samverka_domain::template::ProcessTemplate;

/// A set of organisation changes saved in one transaction: each item is
/// created, or replaced if its code exists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganisationChanges {
    /// Associations with their members.
    pub associations: Vec<Association>,
    /// Providers.
    pub providers: Vec<Provider>,
    /// Own process templates.
    pub templates: Vec<ProcessTemplate>,
    /// Interventions with their goals.
    pub interventions: Vec<Intervention>,
}

impl OrganisationChanges {
    /// True when nothing is to be saved.
    pub fn is_empty(&self) -> bool {
        self.associations.is_empty()
            && self.providers.is_empty()
            && self.templates.is_empty()
            && self.interventions.is_empty()
    }
}

/// Reads and saves the organisation.
#[async_trait]
pub trait OrganisationRepo: Send + Sync {
    /// Every association, by code.
    async fn associations(&self) -> StoreResult<Vec<Association>>;
    /// The member codes of the associations named, each once: by association code,
    /// then in each association's member order.
    async fn member_codes_of(&self, associations: &[String]) -> StoreResult<Vec<String>>;
    /// Every provider, by code.
    async fn providers(&self) -> StoreResult<Vec<Provider>>;
    /// Every own process template, by code.
    async fn own_templates(&self) -> StoreResult<Vec<ProcessTemplate>>;
    /// Every intervention with its goals, by code.
    async fn interventions(&self) -> StoreResult<Vec<Intervention>>;
    /// One intervention by code.
    async fn intervention(&self, code: &str) -> StoreResult<Option<Intervention>>;
    /// Saves the changes and their audit entries in one transaction. References to
    /// associations, providers and templates must exist (or be in the same changes).
    async fn save_organisation(
        &self,
        changes: &OrganisationChanges,
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
}
