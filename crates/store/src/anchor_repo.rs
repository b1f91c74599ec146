//! What the installation key protects in the database: the access log's signed
//! checkpoints, and TOTP secrets sealed at rest.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::UserId;
use samverka_domain::audit_checkpoint::{AuditHead, Checkpoint};

/// Checkpoints of the access log and the sealing of stored TOTP secrets.
#[async_trait]
pub trait AnchorRepo: Send + Sync {
    /// Where the access log ends now: entry count, last sequence number and hash,
    /// read in one statement.
    async fn audit_head(&self) -> StoreResult<AuditHead>;
    /// Stores a signed checkpoint.
    async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> StoreResult<()>;
    /// Every stored checkpoint, in the order written.
    async fn checkpoints(&self) -> StoreResult<Vec<Checkpoint>>;
    /// The stored checkpoint that certifies the most entries, if any.
    async fn latest_checkpoint(&self) -> StoreResult<Option<Checkpoint>>;
    /// Replaces an account's stored TOTP value with its sealed form, only while it
    /// is still `old` (so an enrolment in between is never overwritten); the last
    /// used step is kept. False when the value had changed.
    async fn reseal_totp_secret(&self, id: UserId, old: &str, new: &str) -> StoreResult<bool>;
}
