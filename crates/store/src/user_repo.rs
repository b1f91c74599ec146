//! Staff accounts and their roles.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::{RoleAssignment, UserId, Username};
use time::OffsetDateTime;

/// A staff account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The id.
    pub id: UserId,
    /// The login name.
    pub username: String,
    /// The name shown to colleagues.
    pub display_name: String,
    /// The Argon2id PHC string.
    pub password_hash: String,
    /// A disabled account cannot log in.
    pub disabled: bool,
    /// The TOTP secret in base32, once enrolled.
    pub totp_secret: Option<String>,
    /// The last TOTP step accepted, so a code cannot be used twice.
    pub totp_last_step: Option<i64>,
    /// When the account was created.
    pub created_at: OffsetDateTime,
}

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The login name.
    pub username: Username,
    /// The name shown to colleagues.
    pub display_name: String,
    /// The Argon2id PHC string.
    pub password_hash: String,
    /// When it is created.
    pub created_at: OffsetDateTime,
}

/// Accounts and roles. Every change takes the audit entry to write in the same transaction.
#[async_trait]
pub trait UserRepo: Send + Sync {
    /// Creates an account with its roles. `Conflict("username")` if the name is taken;
    /// `Rule` if the roles may not be combined.
    async fn create_user(
        &self,
        new: &NewUser,
        roles: &[RoleAssignment],
        audit: &AuditDraft,
    ) -> StoreResult<User>;
    /// An account by id.
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    /// An account by login name (already normalised).
    async fn user_by_username(&self, username: &str) -> StoreResult<Option<User>>;
    /// All accounts, by login name.
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    /// Disables or enables an account; disabling also ends its sessions.
    async fn set_user_disabled(
        &self,
        id: UserId,
        disabled: bool,
        audit: &AuditDraft,
    ) -> StoreResult<()>;
    /// Replaces the password hash and ends the account's sessions.
    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &str,
        audit: &AuditDraft,
    ) -> StoreResult<()>;
    /// Enrols (`Some`) or removes (`None`) the TOTP secret.
    async fn set_totp_secret(
        &self,
        id: UserId,
        secret: Option<&str>,
        audit: &AuditDraft,
    ) -> StoreResult<()>;
    /// Records that a TOTP step was used; false if it (or a later one) was used before.
    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool>;
    /// The roles of an account.
    async fn roles_of(&self, id: UserId) -> StoreResult<Vec<RoleAssignment>>;
    /// The display names of these accounts (unknown ids are left out).
    async fn display_names(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String)>>;
    /// Every role granted in one of `scopes`, with its account, by user name (then
    /// in the order granted).
    async fn assigned_in(
        &self,
        scopes: &[samverka_domain::Scope],
    ) -> StoreResult<Vec<(User, RoleAssignment)>>;
    /// Grants a role; `Rule` if it may not be combined with the account's other roles.
    async fn grant_role(
        &self,
        id: UserId,
        role: &RoleAssignment,
        audit: &AuditDraft,
    ) -> StoreResult<()>;
    /// Revokes a role; false if the account did not hold it.
    async fn revoke_role(
        &self,
        id: UserId,
        role: &RoleAssignment,
        audit: &AuditDraft,
    ) -> StoreResult<bool>;
}
