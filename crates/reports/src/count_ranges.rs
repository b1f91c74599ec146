//! Which counts from 1 to 4 each withheld small figure can still be, given every
//! sum it is in, every shown figure and what every mark says (`<5` is 1–4, `..` at
//! least 0). The sums become linear rows; a presolve fixes or bounds what a
//! single row gives away and folds unbounded figures that only one row mentions
//! into inequalities; each group of figures that rows tie together is then asked
//! of its linear programme (`count_group`).

use crate::count_group::Group;
use crate::joint_audit::Sum;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

pub(crate) const EPS: f64 = 1e-6;

/// Groups of more withheld figures than this are left to the table and sum rules:
/// an association with many interventions over many years ties thousands of figures
/// together, and their programmes take minutes (docs/reports.md, residual risk).
const LARGEST_GROUP: usize = 2500;

/// At most this many small counts found short are reported per group and round:
/// each costs the solver a refactorisation to refuse, and the company they get
/// usually frees many others, which the next round sees.
const SHORT_PER_ROUND: usize = 128;

/// `Σ coefficient × figure = rhs` (or `≤ rhs` when not `equal`).
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub terms: BTreeMap<usize, f64>,
    pub rhs: f64,
    pub equal: bool,
}

/// The withheld figures as unknowns, with the rows that tie them.
pub(crate) struct System {
    /// Per figure; only those in rows or fixed mean anything.
    pub bounds: Vec<(f64, f64)>,
    pub rows: Vec<Row>,
    fixed: BTreeMap<usize, f64>,
}

/// What earlier rounds of the audit found, by the fingerprint of a group: ranges,
/// and groups where every small reached both ends of what was wanted.
#[derive(Default)]
pub(crate) struct Memo {
    ranges: HashMap<u64, Vec<(usize, Range)>>,
    clean: HashSet<u64>,
}

/// The least and greatest count of a small figure.
pub(crate) type Range = (u8, u8);

impl System {
    /// The system of `sums` with `hidden` figures unknown: the `smalls` (sorted)
    /// between 1 and 4, the rest at least 0. With `marks_only`, a sum with a shown
    /// figure above zero says nothing: what is left is what the marks and the zeros
    /// say among themselves.
    pub(crate) fn of(
        values: &[u64],
        sums: &[Sum],
        hidden: &[bool],
        smalls: &[usize],
        marks_only: bool,
    ) -> Self {
        let mut s = System {
            bounds: vec![(0.0, f64::INFINITY); values.len()],
            rows: Vec::new(),
            fixed: BTreeMap::new(),
        };
        for sum in sums {
            let signed =
                std::iter::once((sum.total, -1.0)).chain(sum.parts.iter().map(|p| (*p, 1.0)));
            let mut row = Row {
                terms: BTreeMap::new(),
                rhs: 0.0,
                equal: true,
            };
            let mut shown_above_zero = false;
            for (id, c) in signed {
                if hidden[id] {
                    *row.terms.entry(id).or_default() += c;
                    let small = smalls.binary_search(&id).is_ok();
                    let b = if small {
                        (1.0, 4.0)
                    } else {
                        (0.0, f64::INFINITY)
                    };
                    s.bounds[id] = b;
                } else {
                    row.rhs -= c * values[id] as f64;
                    shown_above_zero |= values[id] > 0;
                }
            }
            row.terms.retain(|_, c| c.abs() > EPS);
            let says_something = !(marks_only && shown_above_zero);
            if !row.terms.is_empty() && says_something {
                s.rows.push(row);
            }
        }
        while s.row_singletons() | s.column_singletons(smalls) {}
        s
    }

    /// Fixes or bounds the figure of every one-figure row; true when any did.
    fn row_singletons(&mut self) -> bool {
        let mut fixes: BTreeMap<usize, f64> = BTreeMap::new();
        let mut changed = false;
        let mut k = 0;
        while k < self.rows.len() {
            if self.rows[k].terms.len() != 1 {
                k += 1;
                continue;
            }
            let row = self.rows.swap_remove(k);
            let (&id, &a) = row.terms.iter().next().expect("one term");
            let v = row.rhs / a;
            let b = &mut self.bounds[id];
            if row.equal {
                *b = (v, v);
            } else if a > 0.0 {
                b.1 = b.1.min(v);
            } else {
                b.0 = b.0.max(v);
            }
            if b.1 - b.0 < EPS {
                fixes.insert(id, b.0);
            }
            changed = true;
        }
        self.fix(fixes);
        changed
    }

    /// Puts the value of every figure of `fixes` into the rows that hold it.
    fn fix(&mut self, fixes: BTreeMap<usize, f64>) {
        if fixes.is_empty() {
            return;
        }
        let mut is_fixed = vec![false; self.bounds.len()];
        fixes.keys().for_each(|id| is_fixed[*id] = true);
        for row in &mut self.rows {
            if !row.terms.keys().any(|id| is_fixed[*id]) {
                continue;
            }
            let mut rhs = row.rhs;
            row.terms.retain(|id, a| match fixes.get(id) {
                Some(v) => {
                    rhs -= *a * v;
                    false
                }
                None => true,
            });
            row.rhs = rhs;
        }
        self.rows.retain(|r| !r.terms.is_empty());
        self.fixed.extend(fixes);
    }

    /// Folds every unbounded figure that is not small and is in one row into that
    /// row as an inequality; true when any was.
    fn column_singletons(&mut self, smalls: &[usize]) -> bool {
        // Per figure: in how many rows, and the first of them.
        let mut seen: HashMap<usize, (u32, usize)> = HashMap::new();
        for (k, row) in self.rows.iter().enumerate() {
            for id in row.terms.keys() {
                seen.entry(*id).or_insert((0, k)).0 += 1;
            }
        }
        let mut gone = vec![false; self.rows.len()];
        let mut changed = false;
        let mut once: Vec<(usize, usize)> = seen
            .into_iter()
            .filter(|(_, (n, _))| *n == 1)
            .map(|(id, (_, k))| (id, k))
            .collect();
        once.sort_unstable();
        for (id, k) in once {
            let (lo, hi) = self.bounds[id];
            if smalls.binary_search(&id).is_ok() || hi.is_finite() || gone[k] {
                continue;
            }
            let row = &mut self.rows[k];
            let a = row.terms.remove(&id).expect("in its row");
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
            gone[k] |= row.terms.is_empty();
            changed = true;
        }
        let mut k = 0;
        self.rows.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
        changed
    }

    /// The range of every small figure of `smalls`. A group seen in an earlier
    /// round (the same rows, bounds and smalls) is taken from `memo`.
    pub(crate) fn ranges(&self, smalls: &[usize], memo: &mut Memo) -> BTreeMap<usize, Range> {
        let mut out = self.fixed_smalls(smalls);
        for (members, rows) in self.groups() {
            let wanted = Self::wanted(&members, smalls);
            if wanted.is_empty() || members.len() > LARGEST_GROUP {
                continue;
            }
            let key = self.fingerprint(&members, &rows, &wanted, None);
            let found = memo.ranges.entry(key).or_insert_with(|| {
                let mut g = Group::new(self, &members, &rows, &wanted);
                wanted.iter().map(|id| (*id, g.range(*id))).collect()
            });
            out.extend(found.iter().copied());
        }
        for id in smalls {
            out.entry(*id).or_insert_with(|| self.own_range(*id));
        }
        out
    }

    /// The small figures of `smalls` that cannot take both ends of their range in
    /// `want`. A group found clean in an earlier round is clean still.
    pub(crate) fn short_of(
        &self,
        smalls: &[usize],
        want: &BTreeMap<usize, Range>,
        memo: &mut Memo,
    ) -> Vec<usize> {
        let fixed = self.fixed_smalls(smalls);
        let mut out: Vec<usize> = fixed
            .iter()
            .filter(|(id, range)| want.get(id) != Some(range))
            .map(|(id, _)| *id)
            .collect();
        let mut in_rows = vec![false; self.bounds.len()];
        for (members, rows) in self.groups() {
            members.iter().for_each(|id| in_rows[*id] = true);
            let wanted = Self::wanted(&members, smalls);
            if wanted.is_empty() || members.len() > LARGEST_GROUP {
                continue;
            }
            let key = self.fingerprint(&members, &rows, &wanted, Some(want));
            if memo.clean.contains(&key) {
                continue;
            }
            let mut g = Group::new(self, &members, &rows, &wanted);
            let short: Vec<usize> = wanted
                .into_iter()
                .filter(|id| {
                    let (lo, hi) = want[id];
                    !(g.reaches(*id, lo) && g.reaches(*id, hi))
                })
                .take(SHORT_PER_ROUND)
                .collect();
            if short.is_empty() {
                memo.clean.insert(key);
            }
            out.extend(short);
        }
        let free = smalls
            .iter()
            .filter(|id| !in_rows[**id] && !fixed.contains_key(id));
        out.extend(free.filter(|id| want.get(id) != Some(&self.own_range(**id))));
        out
    }

    /// The smalls of `smalls` that the presolve fixed, at their counts.
    fn fixed_smalls(&self, smalls: &[usize]) -> BTreeMap<usize, Range> {
        self.fixed
            .iter()
            .filter(|(id, _)| smalls.binary_search(id).is_ok())
            .map(|(id, v)| {
                let n = v.round().clamp(0.0, 4.0) as u8;
                (*id, (n, n))
            })
            .collect()
    }

    /// A hash of everything a group's answer depends on.
    fn fingerprint(
        &self,
        members: &[usize],
        rows: &[usize],
        wanted: &[usize],
        want: Option<&BTreeMap<usize, Range>>,
    ) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        for id in members {
            (
                id,
                self.bounds[*id].0.to_bits(),
                self.bounds[*id].1.to_bits(),
            )
                .hash(&mut h);
        }
        for row in rows.iter().map(|k| &self.rows[*k]) {
            (row.rhs.to_bits(), row.equal, row.terms.len()).hash(&mut h);
            row.terms
                .iter()
                .for_each(|(id, c)| (id, c.to_bits()).hash(&mut h));
        }
        for id in wanted {
            (id, want.and_then(|w| w.get(id))).hash(&mut h);
        }
        h.finish()
    }

    fn wanted(members: &[usize], smalls: &[usize]) -> Vec<usize> {
        members
            .iter()
            .copied()
            .filter(|id| smalls.binary_search(id).is_ok())
            .collect()
    }

    /// What the bounds alone leave a small figure that no row holds.
    fn own_range(&self, id: usize) -> Range {
        let (lo, hi) = self.bounds[id];
        (lo.ceil().max(1.0) as u8, hi.floor().min(4.0) as u8)
    }

    /// The unknowns that the rows tie together, one group each, with the rows.
    fn groups(&self) -> Vec<(Vec<usize>, Vec<usize>)> {
        let mut root: HashMap<usize, usize> = HashMap::new();
        fn find(root: &mut HashMap<usize, usize>, x: usize) -> usize {
            let mut r = x;
            while let Some(&p) = root.get(&r).filter(|p| **p != r) {
                r = p;
            }
            root.insert(x, r);
            r
        }
        for row in &self.rows {
            let ids: Vec<usize> = row.terms.keys().copied().collect();
            find(&mut root, ids[0]);
            for w in ids.windows(2) {
                let (a, b) = (find(&mut root, w[0]), find(&mut root, w[1]));
                root.insert(a, b);
            }
        }
        let mut out: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for x in root.keys().copied().collect::<Vec<_>>() {
            let r = find(&mut root, x);
            out.entry(r).or_default().0.push(x);
        }
        for (k, row) in self.rows.iter().enumerate() {
            let first = *row.terms.keys().next().expect("a row has a figure");
            let r = find(&mut root, first);
            out.entry(r).or_default().1.push(k);
        }
        out.into_values()
            .map(|(mut g, rows)| {
                g.sort_unstable();
                (g, rows)
            })
            .collect()
    }
}
