//! Weighted choices and spreads for synthetic data.

use rand::Rng;
use rand::rngs::StdRng;

/// One of `items`, chosen with the given weights.
pub fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for (item, w) in items {
        if roll < *w {
            return *item;
        }
        roll -= w;
    }
    items[items.len() - 1].0
}

/// True with probability `p`.
pub fn chance(rng: &mut StdRng, p: f64) -> bool {
    rng.gen_bool(p.clamp(0.0, 1.0))
}

/// A log-normal number around `median` (spread `sigma` on the log scale).
pub fn log_normal(rng: &mut StdRng, median: f64, sigma: f64) -> f64 {
    // Box–Muller: two uniform numbers give one standard normal.
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen_range(0.0..1.0);
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    median * (sigma * z).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn weights_are_followed_and_the_median_holds() {
        let mut rng = StdRng::seed_from_u64(7);
        let picks: Vec<char> = (0..10_000)
            .map(|_| weighted(&mut rng, &[('a', 3), ('b', 1), ('c', 0)]))
            .collect();
        let a = picks.iter().filter(|c| **c == 'a').count();
        assert!((7_000..8_000).contains(&a), "{a}");
        assert!(!picks.contains(&'c'));
        let mut v: Vec<f64> = (0..10_001)
            .map(|_| log_normal(&mut rng, 300.0, 0.6))
            .collect();
        v.sort_by(f64::total_cmp);
        assert!((270.0..330.0).contains(&v[5_000]), "{}", v[5_000]);
    }
}
