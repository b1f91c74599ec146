//! Logging in: throttling, password check, session start, and the second factor.

use crate::sessions::Authenticated;
use crate::token::{new_token, token_hash};
use crate::{ServiceError, ServiceResult, Services, password};
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_domain::role::needs_second_factor;
use samverka_domain::throttle::{WINDOW, address_delay, required_wait};
use samverka_domain::totp::TotpSecret;
use samverka_domain::{FieldError, Username};
use samverka_store::{FailedLogin, NewSession, User};

/// A login attempt from the login form or the API.
#[derive(Debug, Clone)]
pub struct LoginRequest {
    /// The account name as typed.
    pub username: String,
    /// The password as typed.
    pub password: String,
    /// The client's IP address.
    pub address: String,
    /// A short description of the browser.
    pub client: String,
}

/// What the person must do after the password was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Nothing: the session is complete.
    Done,
    /// Type a code from the authenticator app.
    VerifyTotp,
    /// Set up an authenticator app first (the role requires it).
    EnrolTotp,
}

/// A login proven by an external identity provider.
#[derive(Debug, Clone)]
pub struct ExternalLogin {
    /// The username claim, as the provider sent it.
    pub username: String,
    /// How the identity was proven, for the access log (`oidc`).
    pub method: &'static str,
    /// A short description of the browser.
    pub client: String,
}

/// The outcome of an external login.
#[derive(Debug, Clone)]
pub enum ExternalOutcome {
    /// A session was started, as after a password.
    Started(LoginSuccess),
    /// No account by that name, or it is disabled: no session.
    NoActiveAccount,
}

/// A started session: the cookie token (shown once, stored only hashed) and the next step.
#[derive(Debug, Clone)]
pub struct LoginSuccess {
    /// The session token for the cookie.
    pub token: String,
    /// What remains.
    pub next: NextStep,
}

/// What stands in the access log and the failure count for a personnummer typed
/// as an account name: no account is named so, and the number stays out.
pub const TYPED_PERSONAL_NUMBER: &str = "(personnummer)";

/// A normalised form of what was typed, for counting failures (at most 64
/// characters); a personnummer typed by mistake is replaced (issue 20, L3).
fn typed_name(raw: &str) -> String {
    let digits = raw
        .chars()
        .filter(|c| !matches!(c, '-' | '+' | ' '))
        .collect::<String>();
    if matches!(digits.len(), 10 | 12) && digits.chars().all(|c| c.is_ascii_digit()) {
        return TYPED_PERSONAL_NUMBER.to_string();
    }
    raw.trim().to_lowercase().chars().take(64).collect()
}

impl Services {
    /// Refuses with `Throttled` while the account name must wait; holds the answer
    /// back while its address has many recent failures (for any names).
    async fn check_throttle(&self, name: &str, address: &str) -> ServiceResult<()> {
        let now = self.clock.now();
        let summary = self
            .store
            .recent_failures(name, address, now - WINDOW)
            .await?;
        if let Some(delay) = address_delay(summary.counts) {
            tokio::time::sleep(delay).await;
        }
        if let (Some(wait), Some(last)) = (required_wait(summary.counts), summary.last_at) {
            let remaining = (last + wait - now).whole_seconds();
            if remaining > 0 {
                return Err(ServiceError::Throttled(remaining));
            }
        }
        Ok(())
    }

    async fn record_failure(
        &self,
        name: &str,
        address: &str,
        event: AuditEvent,
        reason: &str,
    ) -> ServiceResult<()> {
        let now = self.clock.now();
        let failure = FailedLogin {
            at: now,
            username: name.to_string(),
            address: address.to_string(),
        };
        let actor = Actor {
            user_id: None,
            name: name.to_string(),
        };
        let draft =
            AuditDraft::new(now, actor, event, "login", name).details(format!("reason={reason}"));
        Ok(self.store.record_failed_login(&failure, &draft).await?)
    }

    /// Checks name and password and starts a session. Every refusal looks the same
    /// (`BadCredentials`) whether or not the account exists; throttling says how long to wait.
    pub async fn login(&self, req: LoginRequest) -> ServiceResult<LoginSuccess> {
        let name = typed_name(&req.username);
        if let Err(e) = self.check_throttle(&name, &req.address).await {
            self.record_failure(&name, &req.address, AuditEvent::LoginFailed, "throttled")
                .await?;
            return Err(e);
        }
        // Decided by the name alone, before any password is checked, so the answer
        // tells nothing about the account.
        if let Some(allowed) = &self.passwords_only_for
            && !allowed.contains(&name)
        {
            self.record_failure(
                &name,
                &req.address,
                AuditEvent::LoginFailed,
                "passwords_off",
            )
            .await?;
            return Err(ServiceError::PasswordsOff);
        }
        let user = match Username::parse(&name) {
            Ok(u) => self.store.user_by_username(u.as_str()).await?,
            Err(_) => None,
        };
        let ok =
            password::verify(req.password, user.as_ref().map(|u| u.password_hash.clone())).await;
        let user = match user {
            Some(u) if ok && !u.disabled => u,
            Some(_) if ok => {
                self.record_failure(&name, &req.address, AuditEvent::LoginFailed, "disabled")
                    .await?;
                return Err(ServiceError::BadCredentials);
            }
            _ => {
                self.record_failure(&name, &req.address, AuditEvent::LoginFailed, "credentials")
                    .await?;
                return Err(ServiceError::BadCredentials);
            }
        };
        self.store.clear_failures(&name).await?;
        self.start_session(&user, &req.client, "").await
    }

    /// Starts a session for an account whose first factor was accepted (a password
    /// here, or an identity provider's ID token): a new token, the second factor
    /// still owed where the role needs it, and the access-log entry.
    async fn start_session(
        &self,
        user: &User,
        client: &str,
        details: &str,
    ) -> ServiceResult<LoginSuccess> {
        let roles = self.store.roles_of(user.id).await?;
        let next = match (needs_second_factor(&roles), user.totp_secret.is_some()) {
            (false, _) => NextStep::Done,
            (true, true) => NextStep::VerifyTotp,
            (true, false) => NextStep::EnrolTotp,
        };
        let token = new_token();
        let now = self.clock.now();
        let session = NewSession {
            token_hash: token_hash(&token),
            user_id: user.id,
            created_at: now,
            // Only a passed code marks the second factor done. A role that needs it,
            // granted later, then sends this session to the code page too.
            second_factor_done: false,
            client: client.chars().take(120).collect(),
        };
        let actor = Actor {
            user_id: Some(user.id.0),
            name: user.username.clone(),
        };
        let draft = AuditDraft::new(now, actor, AuditEvent::LoginSucceeded, "user", user.id)
            .details(details);
        self.store.create_session(&session, &draft).await?;
        Ok(LoginSuccess { token, next })
    }

    /// Logs in a person whose identity an external provider has proven (OIDC):
    /// `username` is the provider's claim. An unknown or disabled account gets no
    /// session. Failures are logged but not counted for throttling: nothing was guessed.
    pub async fn login_external(&self, req: ExternalLogin) -> ServiceResult<ExternalOutcome> {
        let name = typed_name(&req.username);
        let user = match Username::parse(&name) {
            Ok(u) => self.store.user_by_username(u.as_str()).await?,
            Err(_) => None,
        };
        let method = format!("method={}", req.method);
        let user = match user {
            Some(u) if !u.disabled => u,
            found => {
                let reason = if found.is_some() {
                    "disabled"
                } else {
                    "unknown_account"
                };
                self.record_external_failure(req.method, &name, reason)
                    .await?;
                return Ok(ExternalOutcome::NoActiveAccount);
            }
        };
        Ok(ExternalOutcome::Started(
            self.start_session(&user, &req.client, &method).await?,
        ))
    }

    /// Writes a refused external login to the access log. `name` is the claimed
    /// username, or empty when the provider's answer was refused before one was read.
    pub async fn record_external_failure(
        &self,
        method: &str,
        name: &str,
        reason: &str,
    ) -> ServiceResult<()> {
        let name: String = name.chars().take(64).collect();
        let actor = Actor {
            user_id: None,
            name: if name.is_empty() {
                method.to_string()
            } else {
                name.clone()
            },
        };
        let draft = AuditDraft::new(
            self.clock.now(),
            actor,
            AuditEvent::LoginFailed,
            "login",
            if name.is_empty() { method } else { &name },
        )
        .details(format!("method={method} reason={reason}"));
        self.store.append_audit(&draft).await?;
        Ok(())
    }

    /// Checks a TOTP code for a session waiting for its second factor.
    pub async fn verify_second_factor(
        &self,
        auth: &Authenticated,
        code: &str,
        address: &str,
    ) -> ServiceResult<()> {
        let name = auth.user.username.clone();
        self.check_throttle(&name, address).await?;
        let secret = self
            .totp_secret_of(&auth.user)?
            .ok_or(ServiceError::Forbidden)?;
        let now = self.clock.now();
        let step = match secret.verify(code, now) {
            Some(step) if self.store.use_totp_step(auth.user.id, step).await? => step,
            _ => {
                self.record_failure(&name, address, AuditEvent::SecondFactorFailed, "code")
                    .await?;
                return Err(FieldError::new("code", "error.totp.wrong").into());
            }
        };
        let draft = AuditDraft::new(
            now,
            auth.actor(),
            AuditEvent::SecondFactorPassed,
            "session",
            auth.session.id,
        )
        .details(format!("step={step}"));
        Ok(self
            .store
            .complete_second_factor(auth.session.id, &draft)
            .await?)
    }

    /// Enrols a new TOTP secret after the person proved their app shows the right code.
    pub async fn enrol_totp(
        &self,
        auth: &Authenticated,
        secret_base32: &str,
        code: &str,
    ) -> ServiceResult<()> {
        let secret = TotpSecret::from_base32(secret_base32)
            .ok_or(FieldError::new("secret", "error.totp.secret"))?;
        let now = self.clock.now();
        let step = secret
            .verify(code, now)
            .ok_or(FieldError::new("code", "error.totp.wrong"))?;
        let draft = AuditDraft::new(
            now,
            auth.actor(),
            AuditEvent::TotpEnrolled,
            "user",
            auth.user.id,
        );
        self.store
            .set_totp_secret(
                auth.user.id,
                Some(&self.stored_totp_secret(auth.user.id, &secret.to_base32())),
                &draft,
            )
            .await?;
        self.store.use_totp_step(auth.user.id, step).await?;
        let draft = AuditDraft::new(
            now,
            auth.actor(),
            AuditEvent::SecondFactorPassed,
            "session",
            auth.session.id,
        );
        Ok(self
            .store
            .complete_second_factor(auth.session.id, &draft)
            .await?)
    }
}
