//! Makes the attacker's linear system small before any programme is solved, as a
//! solver's presolve does: a constraint with one unknown fixes or bounds it, and an
//! unbounded unknown that only one constraint mentions turns that constraint into
//! an inequality on the others. Nothing the attacker could derive is lost.

use super::model::{Model, Term};
use std::collections::BTreeMap;

/// Tolerance for comparing derived values.
pub const EPS: f64 = 1e-6;

/// `Σ coefficient × unknown = rhs` (or `≤ rhs` when not `equal`).
#[derive(Debug, Clone)]
pub struct Row {
    pub terms: BTreeMap<usize, f64>,
    pub rhs: f64,
    pub equal: bool,
}

/// The reduced system: bounds per unknown, the rows left, and fixed values.
pub struct System {
    pub bounds: Vec<(f64, f64)>,
    pub rows: Vec<Row>,
    pub fixed: BTreeMap<usize, f64>,
}

/// The equations of `m` with known figures moved to the right-hand side.
fn rows_of(m: &Model) -> Vec<Row> {
    let mut rows = Vec::new();
    for eq in &m.equations {
        let mut row = Row {
            terms: BTreeMap::new(),
            rhs: 0.0,
            equal: true,
        };
        for (c, t) in eq {
            match t {
                Term::Known(v) => row.rhs -= c * v,
                Term::Unknown(i) => *row.terms.entry(*i).or_default() += c,
            }
        }
        row.terms.retain(|_, c| c.abs() > EPS);
        if row.terms.is_empty() {
            assert!(row.rhs.abs() < EPS, "the shown figures must add up: {eq:?}");
        } else {
            rows.push(row);
        }
    }
    rows
}

/// Reduces the system of `m` until nothing more changes.
pub fn presolve(m: &Model) -> System {
    let mut s = System {
        bounds: m.unknowns.iter().map(|u| u.bounds).collect(),
        rows: rows_of(m),
        fixed: BTreeMap::new(),
    };
    let small: Vec<bool> = m.unknowns.iter().map(|u| u.small).collect();
    while s.row_singletons() | s.column_singletons(&small) {}
    s
}

impl System {
    /// Fixes or bounds the unknown of every one-unknown row; true when any did.
    fn row_singletons(&mut self) -> bool {
        let mut changed = false;
        let mut k = 0;
        while k < self.rows.len() {
            if self.rows[k].terms.len() != 1 {
                k += 1;
                continue;
            }
            let row = self.rows.swap_remove(k);
            let (&u, &a) = row.terms.iter().next().expect("one term");
            let v = row.rhs / a;
            let (lo, hi) = &mut self.bounds[u];
            if row.equal {
                (*lo, *hi) = (v, v);
            } else if a > 0.0 {
                *hi = hi.min(v);
            } else {
                *lo = lo.max(v);
            }
            assert!(
                *lo <= *hi + EPS,
                "unknown {u}: the shown figures contradict"
            );
            if *hi - *lo < EPS {
                let v = *lo;
                self.fix(u, v);
            }
            changed = true;
        }
        changed
    }

    /// Replaces `u` by `v` everywhere.
    fn fix(&mut self, u: usize, v: f64) {
        self.fixed.insert(u, v);
        for row in &mut self.rows {
            if let Some(a) = row.terms.remove(&u) {
                row.rhs -= a * v;
            }
        }
        self.rows.retain(|r| {
            if r.terms.is_empty() {
                assert!(
                    if r.equal {
                        r.rhs.abs() < EPS
                    } else {
                        r.rhs > -EPS
                    },
                    "the shown figures must add up"
                );
            }
            !r.terms.is_empty()
        });
    }

    /// Eliminates every unknown that is not a `<5`, has no upper bound and is in at
    /// most one row; true when any was.
    fn column_singletons(&mut self, small: &[bool]) -> bool {
        let mut seen: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (k, row) in self.rows.iter().enumerate() {
            for u in row.terms.keys() {
                seen.entry(*u).or_default().push(k);
            }
        }
        let mut gone = vec![false; self.rows.len()];
        let mut changed = false;
        for (u, ks) in seen {
            let k = ks[0];
            if ks.len() != 1 || small[u] || self.bounds[u].1.is_finite() || gone[k] {
                continue;
            }
            let row = &mut self.rows[k];
            let a = row.terms.remove(&u).expect("u is in its row");
            let lo = self.bounds[u].0;
            if !row.equal && a < 0.0 {
                gone[k] = true;
            } else if a > 0.0 {
                row.rhs -= a * lo;
                row.equal = false;
            } else {
                row.terms.values_mut().for_each(|c| *c = -*c);
                row.rhs = a * lo - row.rhs;
                row.equal = false;
            }
            gone[k] |= row.terms.is_empty() && row.rhs > -EPS;
            changed = true;
        }
        let mut k = 0;
        self.rows.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
        changed
    }
}
