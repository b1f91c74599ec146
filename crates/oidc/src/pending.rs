//! Logins under way: the `state`, `nonce` and PKCE verifier of each, kept on the
//! server under a random handle that the browser holds in a short-lived cookie.
//! A handle is used once; it lapses after [`PENDING_LIFETIME`]. Kept in memory:
//! a restart only means that a login begun before it must be started again.

use crate::pkce::{Pkce, random_token};
use std::collections::HashMap;
use std::sync::Mutex;
use subtle::ConstantTimeEq;
use time::{Duration, OffsetDateTime};

/// How long a login may take at the provider.
pub const PENDING_LIFETIME: Duration = Duration::minutes(10);

/// At most this many logins under way; the oldest is dropped past it.
const MAX_PENDING: usize = 10_000;

/// What Samverka keeps between sending the browser away and its return.
#[derive(Clone)]
pub struct PendingLogin {
    /// Sent as `state`; must come back unchanged.
    pub state: String,
    /// Sent as `nonce`; must be in the ID token.
    pub nonce: String,
    /// The PKCE pair; the verifier goes with the code exchange.
    pub pkce: Pkce,
    /// When the login began.
    pub started_at: OffsetDateTime,
}

/// Why a returning browser's `state` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateError {
    /// No cookie, or no `state` in the address.
    Missing,
    /// The handle is unknown: already used, never issued, or lost in a restart.
    Unknown,
    /// The login began more than [`PENDING_LIFETIME`] ago.
    Expired,
    /// The `state` differs from the one sent.
    Mismatch,
}

impl StateError {
    /// A short code for the access log.
    pub fn code(self) -> &'static str {
        match self {
            StateError::Missing => "state_missing",
            StateError::Unknown => "state_unknown",
            StateError::Expired => "state_expired",
            StateError::Mismatch => "state_mismatch",
        }
    }
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// The logins under way.
#[derive(Default)]
pub struct PendingLogins {
    inner: Mutex<HashMap<String, PendingLogin>>,
}

impl PendingLogins {
    /// Begins a login: returns the cookie handle and fresh `state`, `nonce` and PKCE pair.
    pub fn start(&self, now: OffsetDateTime) -> (String, PendingLogin) {
        let handle = random_token();
        let login = PendingLogin {
            state: random_token(),
            nonce: random_token(),
            pkce: Pkce::new(),
            started_at: now,
        };
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, p| now - p.started_at <= PENDING_LIFETIME);
        if map.len() >= MAX_PENDING
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, p)| p.started_at)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(handle.clone(), login.clone());
        (handle, login)
    }

    /// Ends a login under way: the handle is removed whatever the outcome, so a
    /// `state` gets one try. Refuses a missing, unknown, expired or changed `state`.
    pub fn take(
        &self,
        handle: Option<&str>,
        state: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<PendingLogin, StateError> {
        let handle = handle
            .filter(|h| !h.is_empty())
            .ok_or(StateError::Missing)?;
        let login = self
            .inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(handle)
            .ok_or(StateError::Unknown)?;
        let state = state.filter(|s| !s.is_empty()).ok_or(StateError::Missing)?;
        if now - login.started_at > PENDING_LIFETIME {
            return Err(StateError::Expired);
        }
        if !same_secret(state, &login.state) {
            return Err(StateError::Mismatch);
        }
        Ok(login)
    }

    /// How many logins are under way (for tests).
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// True when no login is under way.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-22 8:00 UTC);

    #[test]
    fn the_right_state_is_accepted_once() {
        let logins = PendingLogins::default();
        let (handle, sent) = logins.start(T0);
        let back = logins
            .take(Some(&handle), Some(&sent.state), T0 + Duration::minutes(2))
            .unwrap();
        assert!(same_secret(&back.nonce, &sent.nonce));
        assert_eq!(back.pkce.verifier, sent.pkce.verifier);
        assert_eq!(
            logins.take(Some(&handle), Some(&sent.state), T0).err(),
            Some(StateError::Unknown),
            "a replayed state is refused"
        );
    }

    #[test]
    fn a_changed_state_is_refused_and_uses_up_the_login() {
        let logins = PendingLogins::default();
        let (handle, sent) = logins.start(T0);
        let mut tampered = sent.state.clone();
        tampered.replace_range(0..1, if tampered.starts_with('A') { "B" } else { "A" });
        assert_eq!(
            logins.take(Some(&handle), Some(&tampered), T0).err(),
            Some(StateError::Mismatch)
        );
        assert_eq!(
            logins.take(Some(&handle), Some(&sent.state), T0).err(),
            Some(StateError::Unknown)
        );
    }

    #[test]
    fn missing_unknown_and_late_are_refused() {
        let logins = PendingLogins::default();
        let (handle, sent) = logins.start(T0);
        assert_eq!(
            logins.take(None, Some(&sent.state), T0).err(),
            Some(StateError::Missing)
        );
        assert_eq!(
            logins.take(Some("gissat"), Some(&sent.state), T0).err(),
            Some(StateError::Unknown)
        );
        assert_eq!(
            logins.take(Some(&handle), None, T0).err(),
            Some(StateError::Missing)
        );
        let (handle, sent) = logins.start(T0);
        let late = T0 + PENDING_LIFETIME + Duration::seconds(1);
        assert_eq!(
            logins.take(Some(&handle), Some(&sent.state), late).err(),
            Some(StateError::Expired)
        );
    }

    #[test]
    fn old_logins_are_dropped_when_new_ones_begin() {
        let logins = PendingLogins::default();
        logins.start(T0);
        logins.start(T0);
        assert_eq!(logins.len(), 2);
        logins.start(T0 + PENDING_LIFETIME + Duration::seconds(1));
        assert_eq!(logins.len(), 1);
    }

    #[test]
    fn every_value_is_fresh() {
        let logins = PendingLogins::default();
        let (h1, a) = logins.start(T0);
        let (h2, b) = logins.start(T0);
        assert_ne!(h1, h2);
        assert_ne!(a.state, b.state);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.state, a.nonce);
    }
}
