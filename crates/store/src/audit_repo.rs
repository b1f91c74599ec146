//! The access log: append-only, hash-chained.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::{AuditDraft, AuditEntry};
use time::OffsetDateTime;

/// What the auditor asks of the log. Empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only entries by this account.
    pub actor_user_id: Option<i64>,
    /// Only entries about this participation.
    pub participation_id: Option<i64>,
    /// Only this event code.
    pub event_code: Option<String>,
    /// Only entries about a participation in this intervention (by code).
    pub intervention: Option<String>,
    /// From this instant, inclusive.
    pub from: Option<OffsetDateTime>,
    /// Before this instant, exclusive.
    pub until: Option<OffsetDateTime>,
    /// Only entries with a sequence number below this (for paging back).
    pub before_seq: Option<i64>,
    /// At most this many entries (newest first).
    pub limit: i64,
}

/// The log.
#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// Appends an entry on its own (for reads, which change nothing else).
    async fn append_audit(&self, draft: &AuditDraft) -> StoreResult<AuditEntry>;
    /// Appends several entries in one transaction (a list read at once).
    async fn append_audits(&self, drafts: &[AuditDraft]) -> StoreResult<()>;
    /// Entries in order with `seq > after_seq`, at most `limit`: for verifying and exporting.
    async fn audit_page(&self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEntry>>;
    /// Entries matching a filter, newest first.
    async fn search_audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;
}
