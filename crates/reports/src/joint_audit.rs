//! The check behind joint disclosure control: for every withheld small count, the
//! tightest bounds a linear programme can derive from everything shown (every sum
//! with its shown parts, every withheld count at least zero, every `<5` between 1
//! and 4). A small count pinned to less than 1–4 gets more company withheld.

use crate::disclosure::small;
use good_lp::{
    Expression, ProblemVariables, Solution, SolverModel, Variable, constraint, microlp, variable,
};
use std::collections::BTreeMap;

/// A known sum: `total` is the sum of `parts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sum {
    /// The figure that is the sum.
    pub total: usize,
    /// The figures it sums.
    pub parts: Vec<usize>,
}

impl Sum {
    fn members(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }

    /// When exactly one member is withheld, withholds the smallest other non-zero
    /// part (or the total, or every zero when nothing else is left). True when
    /// something new was withheld.
    pub(crate) fn protect(&self, values: &[u64], hidden: &mut [bool]) -> bool {
        if self.members().filter(|id| hidden[*id]).count() != 1 {
            return false;
        }
        let next = self
            .members()
            .filter(|id| !hidden[*id] && values[*id] > 0)
            .min_by_key(|id| (values[*id], *id == self.total));
        match next {
            Some(id) => hidden[id] = true,
            None => {
                for id in self.members().collect::<Vec<_>>() {
                    hidden[id] = true;
                }
            }
        }
        true
    }
}

/// Groups of more withheld figures than this are left to the table and sum rules:
/// their programmes take seconds each, and a family of reports has many.
const LARGEST_PROGRAMME: usize = 150;

/// Bounds narrower than this on a small count give it away.
const SLACK: f64 = 1e-6;

/// The figures to withhold next so that no small count can be pinned; empty when
/// every withheld small count can still be anything from 1 to 4.
pub(crate) fn audit(values: &[u64], sums: &[Sum], hidden: &[bool]) -> Vec<usize> {
    let mut more = Vec::new();
    for (members, touching) in components(sums, hidden) {
        if members.len() > LARGEST_PROGRAMME {
            continue;
        }
        let lp = Programme {
            values,
            sums,
            hidden,
            members: &members,
            touching: &touching,
        };
        let pinned = lp.pinned(false).or_else(|| lp.pinned(true));
        if let Some(next) = pinned.and_then(|id| company(values, sums, hidden, &touching, id)) {
            more.push(next);
        }
    }
    more.sort_unstable();
    more.dedup();
    more
}

/// The linear programme of one group of withheld figures.
struct Programme<'a> {
    values: &'a [u64],
    sums: &'a [Sum],
    hidden: &'a [bool],
    members: &'a [usize],
    touching: &'a [usize],
}

impl Programme<'_> {
    /// A small count that cannot reach 1 (or, with `high`, 4), if any. One
    /// programme pushes all of them at once; those it moves to the end are cleared,
    /// and the rest are solved one by one, each solution clearing what it reaches.
    fn pinned(&self, high: bool) -> Option<usize> {
        let goal = if high { 4.0 } else { 1.0 };
        let reached = |v: f64| (v - goal).abs() <= SLACK;
        let mut open: Vec<usize> = self
            .members
            .iter()
            .copied()
            .filter(|id| small(self.values[*id]))
            .collect();
        while !open.is_empty() {
            let Some(found) = self.solve(&open, high) else {
                break;
            };
            let before = open.len();
            open.retain(|id| !reached(found[id]));
            if open.len() == before {
                break;
            }
        }
        while let Some(&target) = open.first() {
            match self.solve(&[target], high) {
                Some(found) if reached(found[&target]) => {
                    open.retain(|id| !reached(found[id]));
                }
                _ => return Some(target),
            }
        }
        None
    }

    /// A solution that makes the sum of `targets` least (or, with `maximise`,
    /// greatest), as each member's value.
    fn solve(&self, targets: &[usize], maximise: bool) -> Option<BTreeMap<usize, f64>> {
        let mut vars = ProblemVariables::new();
        let x: BTreeMap<usize, Variable> = self
            .members
            .iter()
            .map(|id| {
                let v = if small(self.values[*id]) {
                    variable().min(1).max(4)
                } else {
                    variable().min(0)
                };
                (*id, vars.add(v))
            })
            .collect();
        let goal: Expression = targets.iter().map(|t| x[t]).sum();
        let mut model = if maximise {
            vars.maximise(goal).using(microlp)
        } else {
            vars.minimise(goal).using(microlp)
        };
        for k in self.touching {
            let s = &self.sums[*k];
            let mut lhs = Expression::from(0.0);
            let mut known = 0.0;
            let signed = std::iter::once((s.total, -1.0)).chain(s.parts.iter().map(|p| (*p, 1.0)));
            for (id, sign) in signed {
                match x.get(&id) {
                    Some(v) if self.hidden[id] => lhs += sign * *v,
                    _ => known -= sign * self.values[id] as f64,
                }
            }
            model = model.with(constraint::eq(lhs, known));
        }
        let solution = model.solve().ok()?;
        Some(x.iter().map(|(id, v)| (*id, solution.value(*v))).collect())
    }
}

/// Groups of withheld figures tied by sums, each with the sums that touch it.
fn components(sums: &[Sum], hidden: &[bool]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut root: Vec<usize> = (0..hidden.len()).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    for s in sums {
        let mut first = None;
        for id in s.members().filter(|id| hidden[*id]) {
            match first {
                None => first = Some(find(&mut root, id)),
                Some(f) => {
                    let r = find(&mut root, id);
                    root[r] = f;
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for id in (0..hidden.len()).filter(|id| hidden[*id]) {
        let r = find(&mut root, id);
        groups.entry(r).or_default().0.push(id);
    }
    for (k, s) in sums.iter().enumerate() {
        if let Some(id) = s.members().find(|id| hidden[*id]) {
            let r = find(&mut root, id);
            groups.entry(r).or_default().1.push(k);
        }
    }
    groups.into_values().collect()
}

/// A shown figure to withhold beside `target`: in a sum with it, the smallest
/// non-zero one that leaves room for 1–4 (at least 3), else the smallest non-zero.
fn company(
    values: &[u64],
    sums: &[Sum],
    hidden: &[bool],
    touching: &[usize],
    target: usize,
) -> Option<usize> {
    let near: Vec<usize> = touching
        .iter()
        .filter(|k| sums[**k].members().any(|id| id == target))
        .copied()
        .collect();
    for group in [&near, touching] {
        let shown = group
            .iter()
            .flat_map(|k| sums[*k].members())
            .filter(|id| !hidden[*id] && values[*id] > 0);
        let best = shown.min_by_key(|id| (values[*id] < 3, values[*id]));
        if best.is_some() {
            return best;
        }
    }
    None
}
