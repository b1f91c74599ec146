//! The Wilson score interval: an honest uncertainty for a rate from a small group,
//! which never goes below 0 % or above 100 %.

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The 95 % Wilson interval for `successes` of `n`, as shares `(low, high)`;
/// `None` when there is nobody to count.
pub fn interval95(successes: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || successes > n {
        return None;
    }
    let (k, n) = (successes as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    // At 0 of n and n of n the bound is exactly 0 or 1; say so instead of 0.9999….
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natkraft_result_58_of_155() {
        let (lo, hi) = interval95(58, 155).unwrap();
        assert_eq!((lo * 1000.0).round() / 10.0, 30.2);
        assert_eq!((hi * 1000.0).round() / 10.0, 45.3);
    }

    #[test]
    fn edges_stay_within_0_and_100_percent() {
        let (lo, hi) = interval95(0, 10).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.25 && hi < 0.35);
        let (lo, hi) = interval95(10, 10).unwrap();
        assert!(lo > 0.65 && hi == 1.0);
        assert_eq!(interval95(0, 0), None);
        assert_eq!(interval95(5, 4), None);
    }
}
