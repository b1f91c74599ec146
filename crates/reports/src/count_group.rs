//! One group of withheld figures that the rows tie together, as a linear
//! programme: which counts from 1 to 4 each small figure can take.

use crate::count_ranges::{EPS, Range, System};
use microlp::{ComparisonOp, OptimizationDirection, Problem, Solution, SolveOutcome, Variable};
use std::collections::HashMap;

/// One group: where its smalls are when as low, and when as high, as they go
/// together, and a solution to try other counts from. The counts one figure can
/// take form an interval (the programme's solutions are convex), so a count
/// between two seen ones needs no programme.
pub(crate) struct Group {
    seen: HashMap<usize, (f64, f64)>,
    vars: HashMap<usize, Variable>,
    working: Solution,
}

impl Group {
    pub(crate) fn new(s: &System, members: &[usize], rows: &[usize], smalls: &[usize]) -> Self {
        let (low, vars) = Self::solve(s, (members, rows), smalls, OptimizationDirection::Minimize);
        let (high, _) = Self::solve(s, (members, rows), smalls, OptimizationDirection::Maximize);
        let seen = smalls
            .iter()
            .map(|id| (*id, (low.var_value(vars[id]), high.var_value(vars[id]))))
            .collect();
        Group {
            seen,
            vars,
            working: high,
        }
    }

    /// A solution with the smalls as low (or high) as they go together.
    fn solve(
        s: &System,
        (members, rows): (&[usize], &[usize]),
        smalls: &[usize],
        direction: OptimizationDirection,
    ) -> (Solution, HashMap<usize, Variable>) {
        let mut p = Problem::new(direction);
        let vars: HashMap<usize, Variable> = members
            .iter()
            .map(|id| {
                let weight = if smalls.binary_search(id).is_ok() {
                    1.0
                } else {
                    0.0
                };
                (*id, p.add_var(weight, s.bounds[*id]))
            })
            .collect();
        for row in rows.iter().map(|k| &s.rows[*k]) {
            let op = if row.equal {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Le
            };
            p.add_constraint(row.terms.iter().map(|(id, c)| (vars[id], *c)), op, row.rhs);
        }
        match p.solve() {
            Ok(SolveOutcome::Solution(x)) => (x, vars),
            other => panic!("the shown figures must be consistent: {other:?}"),
        }
    }

    /// The least and greatest count `id` can take. Counts next to seen ones are
    /// tried outwards, so each end costs at most one count it cannot take (the
    /// dearest question: the solver refactors before it says no).
    pub(crate) fn range(&mut self, id: usize) -> Range {
        let (low, high) = self.seen[&id];
        let inside: Vec<u8> = (1..=4u8)
            .filter(|n| low - EPS <= f64::from(*n) && f64::from(*n) <= high + EPS)
            .collect();
        let (mut lo, mut hi) = match (inside.first(), inside.last()) {
            (Some(a), Some(b)) => (*a, *b),
            _ => {
                let near = [low.floor(), high.ceil()].map(|v| v.clamp(1.0, 4.0) as u8);
                let n = near
                    .into_iter()
                    .find(|n| self.reaches(id, *n))
                    .unwrap_or(near[0]);
                (n, n)
            }
        };
        while lo > 1 && self.reaches(id, lo - 1) {
            lo -= 1;
        }
        while hi < 4 && self.reaches(id, hi + 1) {
            hi += 1;
        }
        (lo, hi)
    }

    /// Whether some solution has `id` at the count `n`: between two seen counts, or
    /// found by fixing it in a copy of the working solution.
    pub(crate) fn reaches(&mut self, id: usize, n: u8) -> bool {
        let n = f64::from(n);
        let (low, high) = self.seen[&id];
        if low - EPS <= n && n <= high + EPS {
            return true;
        }
        match self.working.clone().fix_var(self.vars[&id], n) {
            Ok(SolveOutcome::Solution(x)) => {
                self.see(&x);
                true
            }
            _ => false,
        }
    }

    /// Widens what every small is seen at by the solution `x`.
    fn see(&mut self, x: &Solution) {
        for (id, (low, high)) in &mut self.seen {
            let v = x.var_value(self.vars[id]);
            *low = low.min(v);
            *high = high.max(v);
        }
    }
}
