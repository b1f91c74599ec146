//! The check behind joint disclosure control: every withheld small count must be
//! able to take every count from 1 to 4 that the marks themselves leave it (see
//! `count_ranges`). Truthful marks narrow by themselves (a `<5` total over four `<5`
//! parts makes each part 1), and no protective cell changes that; what the shown
//! figures narrow beyond it gets more company withheld.

use crate::count_ranges::{Memo, System};
use crate::disclosure::small;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A known sum: `total` is the sum of `parts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sum {
    /// The figure that is the sum.
    pub total: usize,
    /// The figures it sums.
    pub parts: Vec<usize>,
}

impl Sum {
    pub(crate) fn members(&self) -> impl Iterator<Item = usize> + '_ {
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

/// What one round of the audit leaves the next.
#[derive(Default)]
pub(crate) struct Memory {
    /// How often each small count was found narrowed: each time it is, it gets
    /// twice the company it got the time before.
    tries: HashMap<usize, u32>,
    marks: Memo,
    shown: Memo,
    /// The sums each figure is in; the sums are the same every round.
    by_member: Option<BTreeMap<usize, Vec<usize>>>,
}

/// The figures to withhold next so that no small count is narrowed by the shown
/// figures beyond what the marks say; empty when none is. `unpublished` figures
/// are in the sums but in no report, so a reader knows only that they are at
/// least 0.
pub(crate) fn audit(
    values: &[u64],
    sums: &[Sum],
    hidden: &[bool],
    unpublished: &[bool],
    memory: &mut Memory,
) -> Vec<usize> {
    let smalls: Vec<usize> = (0..values.len())
        .filter(|id| hidden[*id] && !unpublished[*id] && small(values[*id]))
        .collect();
    if smalls.is_empty() {
        return Vec::new();
    }
    let hidden: Vec<bool> = hidden
        .iter()
        .zip(unpublished)
        .map(|(h, u)| *h || *u)
        .collect();
    let hidden = &hidden[..];
    let marks = System::of(values, sums, hidden, &smalls, true).ranges(&smalls, &mut memory.marks);
    let narrower = System::of(values, sums, hidden, &smalls, false).short_of(
        &smalls,
        &marks,
        &mut memory.shown,
    );
    if narrower.is_empty() {
        return Vec::new();
    }
    let Memory {
        tries, by_member, ..
    } = memory;
    let by_member = by_member.get_or_insert_with(|| sums_by_member(sums));
    let mut more: Vec<usize> = narrower
        .iter()
        .flat_map(|id| {
            let touching = nearest_with_shown(values, sums, hidden, by_member, *id);
            let tried = tries.entry(*id).or_default();
            *tried += 1;
            let wanted = 1 << (*tried - 1).min(4);
            company(values, sums, hidden, &touching, *id, wanted)
        })
        .collect();
    more.sort_unstable();
    more.dedup();
    more
}

/// The sums each figure is in, by figure.
fn sums_by_member(sums: &[Sum]) -> BTreeMap<usize, Vec<usize>> {
    let mut by_member: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, s) in sums.iter().enumerate() {
        for id in s.members() {
            by_member.entry(id).or_default().push(k);
        }
    }
    by_member
}

/// The sums around `target`, ring by ring through withheld figures, up to the
/// first ring that has a shown figure above zero.
fn nearest_with_shown(
    values: &[u64],
    sums: &[Sum],
    hidden: &[bool],
    by_member: &BTreeMap<usize, Vec<usize>>,
    target: usize,
) -> Vec<usize> {
    let mut reached: BTreeSet<usize> = BTreeSet::from([target]);
    let mut ring: Vec<usize> = vec![target];
    let mut touching: BTreeSet<usize> = BTreeSet::new();
    while !ring.is_empty() {
        let fresh: Vec<usize> = ring
            .iter()
            .flat_map(|id| by_member.get(id).into_iter().flatten().copied())
            .filter(|k| touching.insert(*k))
            .collect();
        let shown = |k: &usize| sums[*k].members().any(|id| !hidden[id] && values[id] > 0);
        if fresh.iter().any(shown) {
            break;
        }
        ring = fresh
            .iter()
            .flat_map(|k| sums[*k].members())
            .filter(|id| hidden[*id] && reached.insert(*id))
            .collect();
    }
    touching.into_iter().collect()
}

/// Up to `wanted` shown figures to withhold beside `target`: those in a sum with
/// it first, the smallest non-zero ones that leave room for 1–4 (at least 3)
/// before the other non-zero ones; else the same from every sum of `touching`.
fn company(
    values: &[u64],
    sums: &[Sum],
    hidden: &[bool],
    touching: &[usize],
    target: usize,
    wanted: usize,
) -> Vec<usize> {
    let near: Vec<usize> = touching
        .iter()
        .filter(|k| sums[**k].members().any(|id| id == target))
        .copied()
        .collect();
    for group in [&near, touching] {
        let mut shown: Vec<usize> = group
            .iter()
            .flat_map(|k| sums[*k].members())
            .filter(|id| !hidden[*id] && values[*id] > 0)
            .collect();
        shown.sort_unstable_by_key(|id| (values[*id] < 3, values[*id], *id));
        shown.dedup();
        if !shown.is_empty() {
            shown.truncate(wanted);
            return shown;
        }
    }
    Vec::new()
}
