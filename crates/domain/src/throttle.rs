//! Login throttling: after repeated failures an account name must wait, longer for
//! each further failure (exponential back-off). An address is only slowed down: its
//! answers come later and later, but a colleague behind the same proxy with the
//! right password still gets in (issue 20, M6).

use time::Duration;

/// How far back failed logins are counted.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures per account allowed within the window before waiting is required.
pub const ACCOUNT_FREE_FAILURES: u32 = 5;
/// Failures per IP address allowed within the window before its answers slow down.
pub const ADDRESS_FREE_FAILURES: u32 = 20;
/// The longest an address's answer is held back.
pub const MAX_ADDRESS_DELAY: std::time::Duration = std::time::Duration::from_secs(8);
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

/// How long the account name's next attempt must wait after its last failure, if at
/// all. Each failure past the free ones doubles the wait: 30 s, 1 min, 2 min … up
/// to 15 min. Failures from the address do not count here: see [`address_delay`].
pub fn required_wait(failures: RecentFailures) -> Option<Duration> {
    let over = failures.account.saturating_sub(ACCOUNT_FREE_FAILURES - 1);
    if over == 0 {
        return None;
    }
    let seconds = 30i64.saturating_mul(1i64 << (over - 1).min(20));
    Some(Duration::seconds(seconds).min(MAX_WAIT))
}

/// How long to hold back the answer to an address with many recent failures:
/// half a second past the free ones, doubling up to 8 s. Guessing many names from
/// one address slows down; nobody is refused.
pub fn address_delay(failures: RecentFailures) -> Option<std::time::Duration> {
    let over = failures.address.saturating_sub(ADDRESS_FREE_FAILURES - 1);
    if over == 0 {
        return None;
    }
    let millis = 500u64.saturating_mul(1u64 << (over - 1).min(20));
    Some(std::time::Duration::from_millis(millis).min(MAX_ADDRESS_DELAY))
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
        assert_eq!(f(0, 20), None, "an address alone never makes a name wait");
    }

    #[test]
    fn an_address_is_slowed_down_not_refused() {
        let f = |address| {
            address_delay(RecentFailures {
                account: 0,
                address,
            })
        };
        let ms = std::time::Duration::from_millis;
        assert_eq!(f(19), None);
        assert_eq!(f(20), Some(ms(500)));
        assert_eq!(f(21), Some(ms(1000)));
        assert_eq!(f(200), Some(MAX_ADDRESS_DELAY));
    }
}
