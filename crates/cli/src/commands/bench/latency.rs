//! Timings summed up: the first run apart, then the median and 95th percentile.

use std::time::Duration;

/// Milliseconds of repeated runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    /// The first run (cold caches).
    pub first_ms: f64,
    /// Median of the runs after the first.
    pub p50_ms: f64,
    /// 95th percentile (nearest rank) of the runs after the first.
    pub p95_ms: f64,
    /// Runs after the first.
    pub runs: usize,
}

impl Latency {
    /// From the durations in the order they were measured.
    pub fn of(times: &[Duration]) -> Self {
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        let first_ms = times.first().map_or(0.0, ms);
        let mut rest: Vec<f64> = times.iter().skip(1).map(ms).collect();
        rest.sort_by(f64::total_cmp);
        let rank = |p: f64| -> f64 {
            if rest.is_empty() {
                return first_ms;
            }
            let k = ((p * rest.len() as f64).ceil() as usize).clamp(1, rest.len());
            rest[k - 1]
        };
        Latency {
            first_ms,
            p50_ms: rank(0.5),
            p95_ms: rank(0.95),
            runs: rest.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_apart_then_nearest_rank() {
        let d = |ms: u64| Duration::from_millis(ms);
        let l = Latency::of(&[d(900), d(30), d(10), d(20), d(40)]);
        assert_eq!(
            (l.first_ms, l.p50_ms, l.p95_ms, l.runs),
            (900.0, 20.0, 40.0, 4)
        );
    }
}
