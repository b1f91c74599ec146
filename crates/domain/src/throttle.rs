//! Login throttling: after repeated failures an account or an address must wait,
//! longer for each further failure (exponential back-off).

use time::Duration;

/// How far back failed logins are counted.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures per account allowed within the window before waiting is required.
pub const ACCOUNT_FREE_FAILURES: u32 = 5;
/// Failures per IP address allowed within the window before waiting is required.
pub const ADDRESS_FREE_FAILURES: u32 = 20;
/// The longest wait ever imposed.
pub const MAX_WAIT: Duration = Duration::minutes(15);

/// Recent failed logins, counted for the account name and for the address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentFailures {
    /// Failures for this account name within the window.
    pub account: u32,
    /// Failures from this IP address within the window.
    pub address: u32,
}

/// How long the next attempt must wait after the last failure, if at all.
/// Each failure past the free ones doubles the wait: 30 s, 1 min, 2 min … up to 15 min.
pub fn required_wait(failures: RecentFailures) -> Option<Duration> {
    let over_account = failures.account.saturating_sub(ACCOUNT_FREE_FAILURES - 1);
    let over_address = failures.address.saturating_sub(ADDRESS_FREE_FAILURES - 1);
    let over = over_account.max(over_address);
    if over == 0 {
        return None;
    }
    let seconds = 30i64.saturating_mul(1i64 << (over - 1).min(20));
    Some(Duration::seconds(seconds).min(MAX_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_failures_then_back_off() {
        let f = |account, address| required_wait(RecentFailures { account, address });
        assert_eq!(f(4, 4), None);
        assert_eq!(f(5, 5), Some(Duration::seconds(30)));
        assert_eq!(f(6, 6), Some(Duration::seconds(60)));
        assert_eq!(f(40, 0), Some(MAX_WAIT));
        assert_eq!(f(0, 19), None);
        assert_eq!(f(0, 20), Some(Duration::seconds(30)));
    }
}
