//! Staff accounts: create, list, disable, enable, reset passwords, grant roles.

use crate::{ServiceError, ServiceResult, Services, password};
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_domain::policy::{Permission, permits};
use samverka_domain::two_layers::{check_combination, check_grant_to_self};
use samverka_domain::{FieldError, RoleAssignment, UserId, Username, password_policy};
use samverka_store::{NewUser, User};

/// Who is asking: an operator at the command line (trusted with the database
/// already), or a logged-in person with roles.
#[derive(Debug, Clone)]
pub enum Caller {
    /// The `samverka` command, run by this operating-system user.
    Cli(String),
    /// A logged-in person.
    User {
        /// The account.
        id: i64,
        /// Its login name.
        username: String,
        /// Its roles.
        roles: Vec<RoleAssignment>,
    },
}

impl Caller {
    /// The actor recorded in the access log.
    pub fn actor(&self) -> Actor {
        match self {
            Caller::Cli(os_user) => Actor::cli(os_user),
            Caller::User { id, username, .. } => Actor {
                user_id: Some(*id),
                name: username.clone(),
            },
        }
    }

    /// Refuses unless the caller holds `permission` (the CLI holds all).
    pub fn require(&self, permission: Permission) -> ServiceResult<()> {
        match self {
            Caller::Cli(_) => Ok(()),
            Caller::User { roles, .. } if permits(roles, permission) => Ok(()),
            Caller::User { .. } => Err(ServiceError::Forbidden),
        }
    }
}

/// A new account as typed by an administrator.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// First password.
    pub password: String,
    /// Roles with scopes.
    pub roles: Vec<RoleAssignment>,
}

fn roles_text(roles: &[RoleAssignment]) -> String {
    roles
        .iter()
        .map(|r| format!("{}@{}", r.role.code(), r.scope))
        .collect::<Vec<_>>()
        .join(",")
}

impl Services {
    fn draft(&self, caller: &Caller, event: AuditEvent, user_id: impl ToString) -> AuditDraft {
        AuditDraft::new(self.clock.now(), caller.actor(), event, "user", user_id)
    }

    async fn user_named(&self, username: &str) -> ServiceResult<User> {
        let name = Username::parse(username)?;
        self.store
            .user_by_username(name.as_str())
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Creates an account after checking name, display name, password and roles.
    pub async fn add_user(&self, caller: &Caller, new: NewAccount) -> ServiceResult<User> {
        caller.require(Permission::ManageAccounts)?;
        let username = Username::parse(&new.username)?;
        let display_name = new.display_name.trim().to_string();
        if display_name.is_empty() || display_name.chars().count() > 100 {
            return Err(FieldError::new("display_name", "error.display_name.length").into());
        }
        password_policy::check(&new.password)?;
        check_combination(&new.roles)?;
        for role in &new.roles {
            self.check_scope_exists(&role.scope).await?;
        }
        let hash = password::hash(new.password).await?;
        let account = NewUser {
            username,
            display_name,
            password_hash: hash,
            created_at: self.clock.now(),
        };
        let draft = self
            .draft(caller, AuditEvent::UserCreated, "")
            .details(format!("roles={}", roles_text(&new.roles)));
        Ok(self.store.create_user(&account, &new.roles, &draft).await?)
    }

    /// Every account with its roles.
    pub async fn list_users(
        &self,
        caller: &Caller,
    ) -> ServiceResult<Vec<(User, Vec<RoleAssignment>)>> {
        caller.require(Permission::ManageAccounts)?;
        let mut out = Vec::new();
        for user in self.store.list_users().await? {
            let roles = self.store.roles_of(user.id).await?;
            out.push((user, roles));
        }
        Ok(out)
    }

    /// Disables (true) or enables (false) an account; disabling ends its sessions.
    pub async fn set_disabled(
        &self,
        caller: &Caller,
        username: &str,
        disabled: bool,
    ) -> ServiceResult<()> {
        caller.require(Permission::ManageAccounts)?;
        let user = self.user_named(username).await?;
        let event = if disabled {
            AuditEvent::UserDisabled
        } else {
            AuditEvent::UserEnabled
        };
        Ok(self
            .store
            .set_user_disabled(user.id, disabled, &self.draft(caller, event, user.id))
            .await?)
    }

    /// Sets a new password chosen by an administrator; ends the account's sessions.
    pub async fn reset_password(
        &self,
        caller: &Caller,
        username: &str,
        new_password: String,
    ) -> ServiceResult<()> {
        caller.require(Permission::ManageAccounts)?;
        let user = self.user_named(username).await?;
        password_policy::check(&new_password)?;
        let hash = password::hash(new_password).await?;
        Ok(self
            .store
            .set_password_hash(
                user.id,
                &hash,
                &self.draft(caller, AuditEvent::PasswordReset, user.id),
            )
            .await?)
    }

    /// Removes an account's second factor, so it must enrol again at next login, and
    /// ends the account's open sessions (whoever held the old app is logged out too).
    /// Returns how many sessions were ended.
    pub async fn remove_totp(&self, caller: &Caller, username: &str) -> ServiceResult<usize> {
        caller.require(Permission::ManageAccounts)?;
        let user = self.user_named(username).await?;
        let open = self.store.sessions_of(user.id).await?;
        let draft = self
            .draft(caller, AuditEvent::TotpRemoved, user.id)
            .details(format!("sessions_ended={}", open.len()));
        self.store.set_totp_secret(user.id, None, &draft).await?;
        let mut ended = 0;
        for session in self.store.sessions_of(user.id).await? {
            ended += usize::from(self.store.end_session(user.id, session.id, None).await?);
        }
        Ok(ended)
    }

    /// Sets a known second-factor secret, for the demo's printed logins only: the
    /// command line may do it, people in the browser may not.
    pub async fn enrol_totp_for_demo(
        &self,
        caller: &Caller,
        id: UserId,
        secret: &str,
    ) -> ServiceResult<()> {
        if !matches!(caller, Caller::Cli(_)) {
            return Err(ServiceError::Forbidden);
        }
        Ok(self
            .store
            .set_totp_secret(
                id,
                Some(secret),
                &self.draft(caller, AuditEvent::TotpEnrolled, id),
            )
            .await?)
    }

    /// Refuses a scope whose association, provider or intervention does not exist.
    async fn check_scope_exists(&self, scope: &samverka_domain::Scope) -> ServiceResult<()> {
        use samverka_domain::Scope;
        let exists = match scope {
            Scope::Installation => true,
            Scope::Association(c) => self
                .store
                .associations()
                .await?
                .iter()
                .any(|a| &a.code == c),
            Scope::Provider(c) => self.store.providers().await?.iter().any(|p| &p.code == c),
            Scope::Intervention(c) => self.store.intervention(c).await?.is_some(),
        };
        if exists {
            Ok(())
        } else {
            Err(FieldError::with_detail("scope", "error.scope.not_found", scope.to_string()).into())
        }
    }

    /// Grants a role for a scope that exists. Nobody grants themselves a role that
    /// sees personal data, and the förbund-side and personal-data roles never meet on
    /// one account (both in [`samverka_domain::two_layers`]); the store checks the
    /// combination again inside its transaction.
    pub async fn grant_role(
        &self,
        caller: &Caller,
        username: &str,
        role: RoleAssignment,
    ) -> ServiceResult<()> {
        caller.require(Permission::ManageAccounts)?;
        let user = self.user_named(username).await?;
        if let Caller::User { id, .. } = caller {
            check_grant_to_self(*id == user.id.0, role.role)?;
        }
        self.check_scope_exists(&role.scope).await?;
        let mut held = self.store.roles_of(user.id).await?;
        held.push(role.clone());
        check_combination(&held)?;
        let draft = self
            .draft(caller, AuditEvent::RoleGranted, user.id)
            .details(format!("role={}", roles_text(std::slice::from_ref(&role))));
        Ok(self.store.grant_role(user.id, &role, &draft).await?)
    }

    /// Revokes a role; `NotFound` if the account did not hold it. Nobody removes their
    /// own system administrator role (they would lock themselves out).
    pub async fn revoke_role(
        &self,
        caller: &Caller,
        username: &str,
        role: RoleAssignment,
    ) -> ServiceResult<()> {
        caller.require(Permission::ManageAccounts)?;
        if let Caller::User { username: me, .. } = caller
            && role.role == samverka_domain::Role::SystemAdmin
            && Username::parse(username).is_ok_and(|u| u.as_str() == me)
        {
            return Err(FieldError::new("role", "error.users.self_revoke_admin").into());
        }
        let user = self.user_named(username).await?;
        let draft = self
            .draft(caller, AuditEvent::RoleRevoked, user.id)
            .details(format!("role={}", roles_text(std::slice::from_ref(&role))));
        if self.store.revoke_role(user.id, &role, &draft).await? {
            Ok(())
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// One account with its roles.
    pub async fn user_with_roles(
        &self,
        caller: &Caller,
        username: &str,
    ) -> ServiceResult<(User, Vec<RoleAssignment>)> {
        caller.require(Permission::ManageAccounts)?;
        let user = self.user_named(username).await?;
        let roles = self.store.roles_of(user.id).await?;
        Ok((user, roles))
    }
}
