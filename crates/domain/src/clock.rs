//! The clock is injected, so that rules about time can be tested.

use std::sync::Mutex;
use time::OffsetDateTime;

/// Tells the current time. Services take one instead of calling `now()`.
pub trait Clock: Send + Sync {
    /// The current instant, in UTC, to whole milliseconds.
    fn now(&self) -> OffsetDateTime;

    /// Today's date in Sweden, taken as UTC+1 (the winter offset), so that a
    /// registration just after midnight in summer can land on the day before.
    fn today(&self) -> time::Date {
        (self.now() + time::Duration::hours(1)).date()
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        truncate_to_millis(OffsetDateTime::now_utc())
    }
}

/// A clock that stands still until moved: for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    /// A clock showing `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(truncate_to_millis(at)))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: time::Duration) {
        let mut at = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *at += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Drops sub-millisecond precision, so that every database stores the same instant.
pub fn truncate_to_millis(at: OffsetDateTime) -> OffsetDateTime {
    let ms = at.unix_timestamp_nanos() / 1_000_000;
    from_millis(ms as i64)
}

/// Milliseconds since 1970-01-01 UTC: how instants are stored.
pub fn to_millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

/// The instant `ms` milliseconds after 1970-01-01 UTC.
pub fn from_millis(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_round_trip() {
        let at = time::macros::datetime!(2026-11-22 07:40:35.123 UTC);
        assert_eq!(from_millis(to_millis(at)), at);
    }

    #[test]
    fn fixed_clock_advances() {
        let clock = FixedClock::new(time::macros::datetime!(2026-01-01 0:00 UTC));
        clock.advance(time::Duration::minutes(31));
        assert_eq!(clock.now(), time::macros::datetime!(2026-01-01 0:31 UTC));
    }
}
