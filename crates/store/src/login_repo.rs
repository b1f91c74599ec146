//! Failed logins, counted per account name and per address for throttling.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::throttle::RecentFailures;
use time::OffsetDateTime;

/// One refused login.
#[derive(Debug, Clone)]
pub struct FailedLogin {
    /// When.
    pub at: OffsetDateTime,
    /// The account name as typed (normalised, at most 64 characters).
    pub username: String,
    /// The client's IP address.
    pub address: String,
}

/// Recent failures and when the last one happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailureSummary {
    /// Counts per account and per address.
    pub counts: RecentFailures,
    /// The latest failure for either, if any.
    pub last_at: Option<OffsetDateTime>,
}

/// Failed logins.
#[async_trait]
pub trait LoginAttemptRepo: Send + Sync {
    /// Records a refused login and its audit entry in one transaction.
    async fn record_failed_login(
        &self,
        failure: &FailedLogin,
        audit: &AuditDraft,
    ) -> StoreResult<()>;
    /// Failures since `since` for the account name and for the address.
    async fn recent_failures(
        &self,
        username: &str,
        address: &str,
        since: OffsetDateTime,
    ) -> StoreResult<FailureSummary>;
    /// Forgets the account's failures after a successful login.
    async fn clear_failures(&self, username: &str) -> StoreResult<()>;
}
