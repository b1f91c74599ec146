//! Login sessions, kept in the database so they can be listed and revoked.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::UserId;
use samverka_domain::audit::AuditDraft;
use time::OffsetDateTime;

/// A login session. Only the SHA-256 of the cookie token is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The id shown in the session list.
    pub id: i64,
    /// Hex SHA-256 of the cookie token.
    pub token_hash: String,
    /// Whose session.
    pub user_id: UserId,
    /// When the person logged in.
    pub created_at: OffsetDateTime,
    /// When the session was last used.
    pub last_seen_at: OffsetDateTime,
    /// True once the second factor was passed (or when none is required).
    pub second_factor_done: bool,
    /// A short description of the browser, for the session list.
    pub client: String,
}

/// What is needed to start a session.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Hex SHA-256 of the cookie token.
    pub token_hash: String,
    /// Whose session.
    pub user_id: UserId,
    /// When.
    pub created_at: OffsetDateTime,
    /// True when no second factor is needed.
    pub second_factor_done: bool,
    /// A short description of the browser.
    pub client: String,
}

/// Sessions.
#[async_trait]
pub trait SessionRepo: Send + Sync {
    /// Starts a session, writing the login to the audit log in the same transaction.
    async fn create_session(&self, new: &NewSession, audit: &AuditDraft) -> StoreResult<Session>;
    /// The session with this token hash.
    async fn session_by_token(&self, token_hash: &str) -> StoreResult<Option<Session>>;
    /// Marks the session as used now.
    async fn touch_session(&self, id: i64, at: OffsetDateTime) -> StoreResult<()>;
    /// Marks the second factor as passed.
    async fn complete_second_factor(&self, id: i64, audit: &AuditDraft) -> StoreResult<()>;
    /// The sessions of one account, newest first.
    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>>;
    /// Ends one session of an account; false if there was none. Audited when a draft is given.
    async fn end_session(
        &self,
        user: UserId,
        id: i64,
        audit: Option<&AuditDraft>,
    ) -> StoreResult<bool>;
    /// Removes sessions unused since `idle_before` or created before `created_before`.
    async fn delete_expired_sessions(
        &self,
        idle_before: OffsetDateTime,
        created_before: OffsetDateTime,
    ) -> StoreResult<u64>;
}
