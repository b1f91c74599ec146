//! When a login session ends: 30 minutes without activity, or 12 hours after login.

use time::{Duration, OffsetDateTime};

/// How long a session may sit unused.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// How long a session may last at most, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);

/// Why a session is no longer valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Unused for longer than the idle timeout.
    Idle,
    /// Older than the absolute timeout.
    Absolute,
}

/// Tells whether a session created at `created` and last used at `last_seen` is still valid at `now`.
pub fn expiry(
    created: OffsetDateTime,
    last_seen: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<Expiry> {
    if now - created >= ABSOLUTE_TIMEOUT {
        Some(Expiry::Absolute)
    } else if now - last_seen >= IDLE_TIMEOUT {
        Some(Expiry::Idle)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn idle_and_absolute_limits() {
        let t0 = datetime!(2026-11-22 8:00 UTC);
        assert_eq!(expiry(t0, t0, t0 + Duration::minutes(29)), None);
        assert_eq!(
            expiry(t0, t0, t0 + Duration::minutes(30)),
            Some(Expiry::Idle)
        );
        let busy = t0 + Duration::hours(12) - Duration::minutes(1);
        assert_eq!(
            expiry(t0, busy, t0 + Duration::hours(12)),
            Some(Expiry::Absolute)
        );
    }
}
