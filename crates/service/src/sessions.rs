//! Finding the session behind a cookie, and ending sessions.

use crate::token::token_hash;
use crate::{ServiceResult, Services};
use samverka_domain::RoleAssignment;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_domain::role::needs_second_factor;
use samverka_domain::session_policy::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, expiry};
use samverka_store::{Session, User};
use time::Duration;

/// A session is marked as used at most this often, to spare the database.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// A valid session with its account and roles.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The session.
    pub session: Session,
    /// The account.
    pub user: User,
    /// The account's roles.
    pub roles: Vec<RoleAssignment>,
}

impl Authenticated {
    /// True while the second factor is required but not yet passed.
    pub fn second_factor_pending(&self) -> bool {
        !self.session.second_factor_done && needs_second_factor(&self.roles)
    }

    /// The actor for the access log.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id.0),
            name: self.user.username.clone(),
        }
    }

    /// The caller for permission checks.
    pub fn caller(&self) -> crate::accounts::Caller {
        crate::accounts::Caller::User {
            id: self.user.id.0,
            username: self.user.username.clone(),
            roles: self.roles.clone(),
        }
    }
}

/// What a cookie token leads to.
#[derive(Debug, Clone)]
pub enum SessionState {
    /// No such session (never was, logged out or revoked).
    Missing,
    /// The session timed out and has been removed.
    Expired,
    /// A live session.
    Active(Box<Authenticated>),
}

impl Services {
    /// Resolves a cookie token, ending the session if it timed out or its account was disabled.
    pub async fn resolve_session(&self, token: &str) -> ServiceResult<SessionState> {
        let Some(session) = self.store.session_by_token(&token_hash(token)).await? else {
            return Ok(SessionState::Missing);
        };
        let now = self.clock.now();
        if expiry(session.created_at, session.last_seen_at, now).is_some() {
            self.store
                .end_session(session.user_id, session.id, None)
                .await?;
            return Ok(SessionState::Expired);
        }
        let Some(user) = self
            .store
            .user_by_id(session.user_id)
            .await?
            .filter(|u| !u.disabled)
        else {
            self.store
                .end_session(session.user_id, session.id, None)
                .await?;
            return Ok(SessionState::Missing);
        };
        if now - session.last_seen_at >= TOUCH_EVERY {
            self.store.touch_session(session.id, now).await?;
        }
        // Roles that cross the two layers (granted before the rule) lose their
        // personal-data half here, so such an account never reaches person rows.
        let roles =
            samverka_domain::two_layers::effective_roles(self.store.roles_of(user.id).await?);
        Ok(SessionState::Active(Box::new(Authenticated {
            session,
            user,
            roles,
        })))
    }

    /// Ends the current session (logging out).
    pub async fn logout(&self, auth: &Authenticated) -> ServiceResult<()> {
        let draft = AuditDraft::new(
            self.clock.now(),
            auth.actor(),
            AuditEvent::Logout,
            "session",
            auth.session.id,
        );
        self.store
            .end_session(auth.user.id, auth.session.id, Some(&draft))
            .await?;
        Ok(())
    }

    /// The person's own sessions, newest first.
    pub async fn my_sessions(&self, auth: &Authenticated) -> ServiceResult<Vec<Session>> {
        Ok(self.store.sessions_of(auth.user.id).await?)
    }

    /// Revokes one of the person's own sessions; false if there was none.
    pub async fn revoke_session(
        &self,
        auth: &Authenticated,
        session_id: i64,
    ) -> ServiceResult<bool> {
        let draft = AuditDraft::new(
            self.clock.now(),
            auth.actor(),
            AuditEvent::SessionRevoked,
            "session",
            session_id,
        );
        Ok(self
            .store
            .end_session(auth.user.id, session_id, Some(&draft))
            .await?)
    }

    /// Removes every timed-out session (run periodically by the server).
    pub async fn sweep_sessions(&self) -> ServiceResult<u64> {
        let now = self.clock.now();
        Ok(self
            .store
            .delete_expired_sessions(now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT)
            .await?)
    }
}
