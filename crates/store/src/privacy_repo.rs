//! What privacy needs from storage beyond the journey: which participations have
//! been made anonymous (and when and why), forgetting the employer contacts that
//! named a participant, and the reasons stated for opening one outside a caseload.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::access_reason::AccessReason;
use samverka_domain::audit::AuditDraft;
use time::Date;

/// A participation made anonymous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anonymisation {
    /// The participation.
    pub participation_id: i64,
    /// The day.
    pub on: Date,
    /// Why: `consent_withdrawn`, `retention`, `erasure` or `protected_identity`.
    pub why: String,
}

/// Anonymisation records.
#[async_trait]
pub trait PrivacyRepo: Send + Sync {
    /// Records that a participation was made anonymous (again is a no-op).
    async fn mark_anonymised(&self, a: &Anonymisation, audit: &[AuditDraft]) -> StoreResult<()>;
    /// Every participation made anonymous.
    async fn anonymisations(&self) -> StoreResult<Vec<Anonymisation>>;
    /// Unlinks the employer contacts that named participation `id` and empties their
    /// notes; returns how many there were.
    async fn forget_employer_contacts(&self, id: i64, audit: &[AuditDraft]) -> StoreResult<u64>;
    /// Participations exited before `before` that are not yet anonymous: id,
    /// intervention code and exit day, oldest exit first.
    async fn exited_not_anonymised(&self, before: Date) -> StoreResult<Vec<(i64, String, Date)>>;
    /// Stores a stated reason for opening a participation outside one's caseload.
    async fn add_access_reason(&self, r: &AccessReason, audit: &[AuditDraft]) -> StoreResult<()>;
    /// The account's latest reason for participation `id`, if any.
    async fn latest_access_reason(
        &self,
        user_id: i64,
        id: i64,
    ) -> StoreResult<Option<AccessReason>>;
}
