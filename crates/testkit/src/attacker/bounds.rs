//! Which counts from 1 to 4 the linear programme of everything shown still allows
//! for every `<5`, group by group of unknowns that the reduced system ties
//! together. One feasible point per group is solved; each count is then asked for
//! by fixing the `<5` to it from that point (a warm-started dual simplex).

use super::model::Model;
use super::presolve::{EPS, System, presolve};
use microlp::{ComparisonOp, OptimizationDirection, Problem, Solution, SolveOutcome, Variable};
use std::collections::{BTreeMap, HashMap};

/// The least and greatest count of a `<5`.
pub type Counts = (f64, f64);

/// What the attack found: for every `<5`, the least and greatest count from 1 to
/// 4 that the figures still allow.
pub struct Attack {
    pub counts: BTreeMap<String, Counts>,
    /// Unknowns before and after the presolve, and the largest group solved.
    pub sizes: (usize, usize, usize),
}

impl Attack {
    fn record(&mut self, name: &str, lo: f64, hi: f64) {
        self.counts.insert(name.to_string(), (lo, hi));
    }

    /// `<5`s narrowed below 1–4.
    pub fn narrowed(&self) -> Vec<(&String, f64, f64)> {
        self.counts
            .iter()
            .filter(|(_, (lo, hi))| *lo > 1.0 + EPS || *hi < 4.0 - EPS)
            .map(|(k, (lo, hi))| (k, *lo, *hi))
            .collect()
    }

    /// `<5`s pinned to one count.
    pub fn pinned(&self) -> Vec<(&String, f64, f64)> {
        self.narrowed()
            .into_iter()
            .filter(|(_, lo, hi)| hi - lo < 1.0 - EPS)
            .collect()
    }

    /// `<5`s that this attack narrows more than `marks` does: what the shown
    /// figures give away beyond what the marks themselves say.
    pub fn beyond(&self, marks: &Attack) -> Vec<(&String, Counts, Counts)> {
        self.counts
            .iter()
            .filter_map(|(k, here)| {
                let there = marks.counts.get(k).copied().unwrap_or((1.0, 4.0));
                let tighter = here.0 > there.0 + EPS || here.1 < there.1 - EPS;
                tighter.then_some((k, *here, there))
            })
            .collect()
    }
}

/// Attacks every `<5` of `m`.
pub fn attack(m: &Model) -> Attack {
    let s = presolve(m);
    let mut out = Attack {
        counts: BTreeMap::new(),
        sizes: (m.unknowns.len(), 0, 0),
    };
    for (&u, &v) in s.fixed.iter().filter(|(u, _)| m.unknowns[**u].small) {
        out.record(&m.unknowns[u].name, v, v);
    }
    let mut in_rows = vec![false; m.unknowns.len()];
    for members in groups(&s) {
        members.iter().for_each(|u| in_rows[*u] = true);
        out.sizes.1 += members.len();
        let smalls: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| m.unknowns[*i].small)
            .collect();
        if smalls.is_empty() {
            continue;
        }
        out.sizes.2 = out.sizes.2.max(members.len());
        let mut g = Group::new(&s, &members, &smalls);
        for t in smalls {
            let (lo, hi) = g.values(t);
            out.record(&m.unknowns[t].name, lo, hi);
        }
    }
    // A `<5` in no row keeps the 1–4 of its mark, or what a one-unknown row left it.
    for (u, x) in m.unknowns.iter().enumerate() {
        if x.small && !in_rows[u] && !s.fixed.contains_key(&u) {
            out.record(&x.name, s.bounds[u].0.ceil(), s.bounds[u].1.floor());
        }
    }
    out
}

/// The unknowns that the rows tie together, one group each.
fn groups(s: &System) -> Vec<Vec<usize>> {
    let mut root: HashMap<usize, usize> = HashMap::new();
    fn find(root: &mut HashMap<usize, usize>, x: usize) -> usize {
        let mut r = x;
        while let Some(&p) = root.get(&r).filter(|p| **p != r) {
            r = p;
        }
        root.insert(x, r);
        r
    }
    for row in &s.rows {
        let ids: Vec<usize> = row.terms.keys().copied().collect();
        ids.first().map(|only| find(&mut root, *only));
        for w in ids.windows(2) {
            let (a, b) = (find(&mut root, w[0]), find(&mut root, w[1]));
            root.insert(a, b);
        }
    }
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for x in root.keys().copied().collect::<Vec<_>>() {
        let r = find(&mut root, x);
        out.entry(r).or_default().push(x);
    }
    out.into_values()
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect()
}

/// One group of unknowns with its rows, a feasible point of them, and the least
/// and greatest value each `<5` was seen at in any solution found so far.
struct Group {
    point: Solution,
    vars: HashMap<usize, Variable>,
    seen: HashMap<usize, Counts>,
}

impl Group {
    fn new(s: &System, members: &[usize], smalls: &[usize]) -> Self {
        let (problem, vars) = programme(s, members);
        let point = solved(&problem).expect("the shown figures must be consistent");
        let seen = smalls
            .iter()
            .map(|t| (*t, (point.var_value(vars[t]), point.var_value(vars[t]))))
            .collect();
        Group { point, vars, seen }
    }

    /// The least and greatest count from 1 to 4 that some solution gives `t`. The
    /// values a solution can give one unknown form an interval, so the counts are
    /// tried outwards from one it has, and each end stops at the first it cannot.
    fn values(&mut self, t: usize) -> Counts {
        let at = self.seen[&t].0;
        let start = [at.round(), at.floor(), at.ceil()]
            .map(|v| v.clamp(1.0, 4.0))
            .into_iter()
            .find(|n| self.can(t, *n))
            .expect("a <5 that can be no count of 1-4");
        let (mut lo, mut hi) = (start, start);
        while lo > 1.0 && self.can(t, lo - 1.0) {
            lo -= 1.0;
        }
        while hi < 4.0 && self.can(t, hi + 1.0) {
            hi += 1.0;
        }
        (lo, hi)
    }

    /// Whether some solution gives `t` the count `n`: between values seen, or found
    /// by fixing `t` at `n` from the point.
    fn can(&mut self, t: usize, n: f64) -> bool {
        let (low, high) = self.seen[&t];
        if low - EPS <= n && n <= high + EPS {
            return true;
        }
        match self.point.clone().fix_var(self.vars[&t], n) {
            Ok(SolveOutcome::Solution(x)) => {
                for (u, (low, high)) in &mut self.seen {
                    let v = x.var_value(self.vars[u]);
                    *low = low.min(v);
                    *high = high.max(v);
                }
                true
            }
            _ => false,
        }
    }
}

fn solved(problem: &Problem) -> Option<Solution> {
    match problem.solve() {
        Ok(SolveOutcome::Solution(s)) => Some(s),
        _ => None,
    }
}

/// The rows of `members` as a programme whose solution is any feasible point.
fn programme(s: &System, members: &[usize]) -> (Problem, HashMap<usize, Variable>) {
    let mut problem = Problem::new(OptimizationDirection::Minimize);
    let vars: HashMap<usize, Variable> = members
        .iter()
        .map(|u| (*u, problem.add_var(0.0, s.bounds[*u])))
        .collect();
    for row in s
        .rows
        .iter()
        .filter(|r| r.terms.keys().any(|u| vars.contains_key(u)))
    {
        let op = if row.equal {
            ComparisonOp::Eq
        } else {
            ComparisonOp::Le
        };
        problem.add_constraint(row.terms.iter().map(|(u, c)| (vars[u], *c)), op, row.rhs);
    }
    (problem, vars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixing_from_a_point_finds_every_count_a_sum_allows() {
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let x = p.add_var(0.0, (1.0, 4.0));
        let y = p.add_var(0.0, (1.0, 4.0));
        p.add_constraint([(x, 1.0), (y, 1.0)], ComparisonOp::Eq, 5.0);
        p.add_constraint([(x, 1.0), (y, -1.0)], ComparisonOp::Le, 4.0);
        let point = solved(&p).unwrap();
        let at = point.var_value(x);
        let mut g = Group {
            point,
            vars: HashMap::from([(0, x), (1, y)]),
            seen: HashMap::from([(0, (at, at))]),
        };
        assert_eq!(g.values(0), (1.0, 4.0));
    }

    #[test]
    fn a_total_minus_its_shown_part_pins_the_other() {
        let mut m = Model::default();
        m.read("total", &serde_json::json!(7));
        m.read("shown", &serde_json::json!(5));
        m.read("small", &serde_json::json!("<5"));
        let (t, a, b) = (m.term("total"), m.term("shown"), m.term("small"));
        m.sum(t, &[a, b]);
        let found = attack(&m);
        assert_eq!(found.pinned(), [(&"small".to_string(), 2.0, 2.0)]);
        let mut marks = Model::new(true);
        for (k, v) in [
            ("total", serde_json::json!(7)),
            ("shown", serde_json::json!(5)),
            ("small", serde_json::json!("<5")),
        ] {
            marks.read(k, &v);
        }
        let (t, a, b) = (
            marks.term("total"),
            marks.term("shown"),
            marks.term("small"),
        );
        marks.sum(t, &[a, b]);
        assert!(
            attack(&marks).narrowed().is_empty(),
            "the marks alone say 1-4"
        );
        assert_eq!(found.beyond(&attack(&marks)).len(), 1);
    }
}
