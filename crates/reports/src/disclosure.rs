//! Disclosure control for tables meant for the association layer or publication
//! (SPEC 7.4). Every cell or total from 1 to 4 is withheld (a primary cell, marked
//! `<5`). Then as few further figures as possible (secondary cells, marked `..`) are
//! withheld so that nobody can narrow a withheld figure down from the shown ones.
//!
//! What a reader can work out is linear: every shown figure is exact, every sum of
//! the table holds, and the marks themselves tell something (`<5` is 1–4, `..` is
//! 0 or at least 5). A table is protected when, with all that known,
//! - every primary cell can still be anything from 1 to 4, and
//! - every secondary cell of 5 or more can still be another number,
//!
//! except where the marks alone rule a value out (a row of two `<5` under a `<5`
//! total cannot hold a 4). A withheld 0 protects nothing and needs no protection.
//!
//! To keep the reader's knowledge convex, a `..` of 5 or more is taken to stay at 5
//! or more, and a withheld 0 to stay 0: the tables this allows are among those the
//! reader must allow, so a figure that can move here can move for the reader too.
//!
//! The table is a flow network (source → row → column → sink, and back from the
//! sink through the grand total), so how far a figure can move is a maximum flow.
//! Cost is counted as fewest figures, then fewest totals, then the smallest sum. The
//! greedy choice opens, for each figure that cannot move far enough, the cheapest
//! way round it through shown figures (smallest first), then shows again every
//! added figure, largest first, that protection does not need. For tables of up to
//! 48 figures a cheapest-first search (A*) then looks for a cheaper choice within a
//! bounded number of steps; for small tables it finds the cheapest of all.

use std::cell::{OnceCell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

/// Cells below this (and above zero) are withheld.
pub const SMALLEST_SHOWN: u64 = 5;

/// A table of counts with row totals, column totals and a grand total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Interior cells, row by row; every row has the same length.
    pub cells: Vec<Vec<u64>>,
}

/// Which parts of a table are withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mask {
    /// Interior cells withheld.
    pub cells: Vec<Vec<bool>>,
    /// Row totals withheld.
    pub row_totals: Vec<bool>,
    /// Column totals withheld.
    pub column_totals: Vec<bool>,
    /// The grand total withheld.
    pub grand_total: bool,
}

/// A place in the table: an interior cell, a row total, a column total, or the grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Cell(usize, usize),
    Row(usize),
    Column(usize),
    Grand,
}

impl Table {
    fn rows(&self) -> usize {
        self.cells.len()
    }

    fn columns(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    /// The total of row `i`.
    pub fn row_total(&self, i: usize) -> u64 {
        self.cells[i].iter().sum()
    }

    /// The total of column `j`.
    pub fn column_total(&self, j: usize) -> u64 {
        self.cells.iter().map(|r| r[j]).sum()
    }

    /// The grand total.
    pub fn grand_total(&self) -> u64 {
        self.cells.iter().flatten().sum()
    }

    fn value(&self, p: Place) -> u64 {
        match p {
            Place::Cell(i, j) => self.cells[i][j],
            Place::Row(i) => self.row_total(i),
            Place::Column(j) => self.column_total(j),
            Place::Grand => self.grand_total(),
        }
    }
}

impl Mask {
    /// A mask of `t`'s shape that withholds nothing.
    pub fn nothing(t: &Table) -> Self {
        Mask {
            cells: t.cells.iter().map(|r| vec![false; r.len()]).collect(),
            row_totals: vec![false; t.rows()],
            column_totals: vec![false; t.columns()],
            grand_total: false,
        }
    }

    fn get(&self, p: Place) -> bool {
        match p {
            Place::Cell(i, j) => self.cells[i][j],
            Place::Row(i) => self.row_totals[i],
            Place::Column(j) => self.column_totals[j],
            Place::Grand => self.grand_total,
        }
    }

    fn set(&mut self, p: Place) {
        match p {
            Place::Cell(i, j) => self.cells[i][j] = true,
            Place::Row(i) => self.row_totals[i] = true,
            Place::Column(j) => self.column_totals[j] = true,
            Place::Grand => self.grand_total = true,
        }
    }
}

/// True for a count that must not be shown: 1 to 4.
pub fn small(v: u64) -> bool {
    v > 0 && v < SMALLEST_SHOWN
}

/// True when a goal's count may be shown outside the provider: the successes, the
/// others and the total are each zero or at least five (else subtraction gives a
/// small count away).
pub fn goal_may_show(numerator: u64, denominator: u64) -> bool {
    [
        numerator,
        denominator.saturating_sub(numerator),
        denominator,
    ]
    .iter()
    .all(|n| !small(*n))
}

/// Decides what to withhold: every small cell and total, and then as little as
/// protection needs (see the module's description).
pub fn suppress(t: &Table) -> Mask {
    suppress_from(t, &Mask::nothing(t))
}

/// As [`suppress`], with the parts in `seed` withheld from the start (because the
/// same figure is withheld in another table). Seeded figures are never shown again.
pub fn suppress_from(t: &Table, seed: &Mask) -> Mask {
    let net = Net::new(t);
    let start: Vec<bool> = (0..net.len())
        .map(|p| seed.get(net.places[p]) || small(net.value[p]))
        .collect();
    let key = (t.cells.clone(), start.clone());
    let remembered = CHOSEN.with(|c| c.borrow().get(&key).cloned());
    let hidden = remembered.unwrap_or_else(|| {
        let hidden = net.choose(&start);
        CHOSEN.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= REMEMBERED {
                c.clear();
            }
            c.insert(key, hidden.clone());
        });
        hidden
    });
    let mut m = Mask::nothing(t);
    for (p, h) in hidden.iter().enumerate() {
        if *h {
            m.set(net.places[p]);
        }
    }
    m
}

/// A table's cells and what was withheld of it from the start.
type Asked = (Vec<Vec<u64>>, Vec<bool>);

thread_local! {
    /// Choices made before, by table and by what was withheld from the start: joint
    /// disclosure control asks about the same tables again and again.
    static CHOSEN: RefCell<HashMap<Asked, Vec<bool>>> = RefCell::new(HashMap::new());
}

/// How many choices are remembered before they are forgotten all at once.
const REMEMBERED: usize = 20_000;

/// Tables of at most this many figures (cells and totals; 8 age bands by sex have
/// 36) are searched for the cheapest choice after the greedy one.
const SEARCHED: usize = 48;

/// How many sets of withheld figures the cheapest-first search may look at before
/// the greedy choice stands: more for small tables (3 rows and 4 columns have 20
/// figures), where the search is cheap and always ends well within this on random
/// tables, than for larger ones.
fn search_limit(figures: usize) -> usize {
    if figures <= 24 { 500 } else { 100 }
}

/// What withholding some places costs: how many, how many of them totals, their sum.
type Cost = (usize, usize, u64);

/// A count larger than any table's.
const UNBOUNDED: u64 = u64::MAX / 4;

/// What a reader knows of a withheld figure from its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Zero: marked `..`, and taken as known (it protects nothing).
    Zero,
    /// 1 to 4: marked `<5`.
    Small,
    /// 5 or more: marked `..`, so the reader knows it is not 1–4.
    Large,
}

fn kind(v: u64) -> Kind {
    match v {
        0 => Kind::Zero,
        v if small(v) => Kind::Small,
        _ => Kind::Large,
    }
}

/// How far a withheld figure must be able to move: up and down for a small count,
/// at all (either way) for a larger one. Found with the whole table withheld, so
/// that nothing is asked that no choice of figures could give.
#[derive(Debug, Clone, Copy)]
struct Need {
    up: u64,
    down: u64,
}

/// The table as a flow network: node 0 is the source, then a node per row, a node
/// per column, and the sink. Each place is an arc: a row total from the source to its
/// row, a cell from its row to its column, a column total from its column to the
/// sink, the grand total from the sink back to the source.
struct Net {
    places: Vec<Place>,
    value: Vec<u64>,
    arcs: Vec<(usize, usize)>,
    nodes: usize,
    /// Each place's [`Need`], found when first asked for.
    needs: Vec<OnceCell<Need>>,
}

impl Net {
    fn new(t: &Table) -> Self {
        let (rows, columns) = (t.rows(), t.columns());
        let sink = rows + columns + 1;
        let mut places = Vec::new();
        let mut arcs = Vec::new();
        for i in 0..rows {
            for j in 0..columns {
                places.push(Place::Cell(i, j));
                arcs.push((1 + i, 1 + rows + j));
            }
        }
        for i in 0..rows {
            places.push(Place::Row(i));
            arcs.push((0, 1 + i));
        }
        for j in 0..columns {
            places.push(Place::Column(j));
            arcs.push((1 + rows + j, sink));
        }
        places.push(Place::Grand);
        arcs.push((sink, 0));
        Net {
            value: places.iter().map(|p| t.value(*p)).collect(),
            needs: places.iter().map(|_| OnceCell::new()).collect(),
            places,
            arcs,
            nodes: sink + 1,
        }
    }

    /// What to withhold beyond `start`: nothing when it is protected already, else
    /// the greedy choice, or the cheapest for a small table.
    fn choose(&self, start: &[bool]) -> Vec<bool> {
        if self.protected(start) {
            return start.to_vec();
        }
        let greedy = self.greedy(start);
        if self.len() <= SEARCHED {
            self.cheapest(start, greedy.clone()).unwrap_or(greedy)
        } else {
            greedy
        }
    }

    fn len(&self) -> usize {
        self.places.len()
    }

    fn is_total(&self, p: usize) -> bool {
        !matches!(self.places[p], Place::Cell(..))
    }

    /// The lowest and highest value place `p` may have for a reader.
    fn bounds(&self, p: usize, hidden: &[bool]) -> (u64, u64) {
        let v = self.value[p];
        if !hidden[p] {
            return (v, v);
        }
        match kind(v) {
            Kind::Zero => (0, 0),
            Kind::Small => (1, 4),
            Kind::Large => (5, UNBOUNDED),
        }
    }

    /// Sends up to `need` from node `from` to node `to` through the withheld places
    /// other than `skip`, each kept within its bounds. Returns what got through and,
    /// when that is short of `need`, which nodes can still be reached from `from`.
    fn send(
        &self,
        (hidden, ways): (&[bool], &[Vec<usize>]),
        skip: usize,
        (from, to): (usize, usize),
        need: u64,
    ) -> Sent {
        let mut change = vec![0i64; self.len()];
        let mut sent = 0;
        while sent < need {
            let (reached, via) = self.reach(hidden, ways, skip, from, &change);
            if !reached[to] {
                return Sent {
                    amount: sent,
                    reached,
                    change,
                    ends: (from, to),
                };
            }
            let mut path = Vec::new();
            let mut node = to;
            while node != from {
                let (p, forward, room) = via[node].expect("a reached node has a way in");
                path.push((p, forward, room));
                node = if forward {
                    self.arcs[p].0
                } else {
                    self.arcs[p].1
                };
            }
            let amount = path
                .iter()
                .map(|(_, _, room)| *room)
                .min()
                .unwrap_or(0)
                .min(need - sent);
            for (p, forward, _) in path {
                change[p] += if forward {
                    amount as i64
                } else {
                    -(amount as i64)
                };
            }
            sent += amount;
        }
        Sent {
            amount: sent,
            reached: Vec::new(),
            change,
            ends: (from, to),
        }
    }

    /// The nodes reachable from `from` where some withheld place in `ways` (each
    /// node's places) still has room, and for each the place, its direction and its
    /// room on the way in.
    #[allow(clippy::type_complexity)]
    fn reach(
        &self,
        hidden: &[bool],
        ways: &[Vec<usize>],
        skip: usize,
        from: usize,
        change: &[i64],
    ) -> (Vec<bool>, Vec<Option<(usize, bool, u64)>>) {
        let mut reached = vec![false; self.nodes];
        let mut via = vec![None; self.nodes];
        reached[from] = true;
        let mut queue = VecDeque::from([from]);
        while let Some(u) = queue.pop_front() {
            for &p in ways[u].iter().filter(|p| **p != skip) {
                let (lo, hi) = self.bounds(p, hidden);
                let x = (self.value[p] as i64 + change[p]) as u64;
                let (a, b) = self.arcs[p];
                let step = if a == u && x < hi {
                    Some((b, true, hi - x))
                } else if b == u && x > lo {
                    Some((a, false, x - lo))
                } else {
                    None
                };
                if let Some((next, forward, room)) = step
                    && !reached[next]
                {
                    reached[next] = true;
                    via[next] = Some((p, forward, room));
                    queue.push_back(next);
                }
            }
        }
        (reached, via)
    }

    /// Each node's withheld places.
    fn ways(&self, hidden: &[bool]) -> Vec<Vec<usize>> {
        let mut ways = vec![Vec::new(); self.nodes];
        for p in (0..self.len()).filter(|p| hidden[*p]) {
            let (a, b) = self.arcs[p];
            ways[a].push(p);
            ways[b].push(p);
        }
        ways
    }

    /// How far place `p` must be able to move: as far as it can with the whole
    /// table withheld.
    fn need(&self, p: usize) -> Need {
        *self.needs[p].get_or_init(|| {
            let all = vec![true; self.len()];
            let (up, down) = self.reach_of(p, &all, &self.ways(&all), Self::wanted(self.value[p]));
            Need {
                up: up.amount,
                down: down.amount,
            }
        })
    }

    /// How far a figure of `v` should move up and down at most: anywhere in 1–4 for a
    /// small count, one step for a larger one.
    fn wanted(v: u64) -> (u64, u64) {
        match kind(v) {
            Kind::Zero => (0, 0),
            Kind::Small => (4 - v, v - 1),
            Kind::Large => (1, u64::from(v > 5)),
        }
    }

    /// How far place `p` gets up and down (up to `wanted`) with `hidden` withheld.
    fn reach_of(
        &self,
        p: usize,
        hidden: &[bool],
        ways: &[Vec<usize>],
        (up, down): (u64, u64),
    ) -> (Sent, Sent) {
        let (tail, head) = self.arcs[p];
        (
            self.send((hidden, ways), p, (head, tail), up),
            self.send((hidden, ways), p, (tail, head), down),
        )
    }

    /// Each withheld place that cannot move as far as it must, with the shown
    /// places that could let it (one of them must be withheld too). Stops at the
    /// first when `first` is set; empty when the table is protected.
    fn weaknesses(&self, hidden: &[bool], first: bool) -> Vec<Weakness> {
        let ways = self.ways(hidden);
        let mut out = Vec::new();
        for p in (0..self.len()).filter(|p| hidden[*p]) {
            let v = self.value[p];
            if kind(v) == Kind::Zero {
                continue;
            }
            // Most places move as far as a mark allows; only those that do not are
            // held against what the whole table withheld would give.
            let (up, down) = self.reach_of(p, hidden, &ways, Self::wanted(v));
            if kind(v) == Kind::Small {
                let need = (up.amount < 4 - v || down.amount < v - 1).then(|| self.need(p));
                for (sent, wanted) in need
                    .into_iter()
                    .flat_map(|n| [(up.clone(), n.up), (down.clone(), n.down)])
                {
                    if sent.amount < wanted {
                        let places = self.crossing(hidden, &sent.reached);
                        out.push(Weakness {
                            place: p,
                            places,
                            sent,
                        });
                    }
                }
            } else if up.amount + down.amount == 0 {
                let need = self.need(p);
                if need.up + need.down > 0 {
                    let mut places = self.crossing(hidden, &up.reached);
                    places.extend(self.crossing(hidden, &down.reached));
                    places.sort_unstable();
                    places.dedup();
                    let sent = if need.up > 0 { up } else { down };
                    out.push(Weakness {
                        place: p,
                        places,
                        sent,
                    });
                }
            }
            if first && !out.is_empty() {
                break;
            }
        }
        out
    }

    fn protected(&self, hidden: &[bool]) -> bool {
        self.weaknesses(hidden, true).is_empty()
    }

    /// How many more places at least must be withheld: weaknesses that share no
    /// place each need one of their own.
    fn at_least(weaknesses: &[Weakness]) -> usize {
        let mut sets: Vec<&Vec<usize>> = weaknesses.iter().map(|w| &w.places).collect();
        sets.sort_by_key(|s| s.len());
        let mut used: Vec<usize> = Vec::new();
        let mut n = 0;
        for s in sets {
            if s.iter().all(|p| !used.contains(p)) {
                used.extend(s);
                n += 1;
            }
        }
        n
    }

    /// The shown places that, withheld, would give room across the cut around
    /// `reached`: every way of letting more through crosses it.
    fn crossing(&self, hidden: &[bool], reached: &[bool]) -> Vec<usize> {
        if reached.is_empty() {
            return Vec::new();
        }
        (0..self.len())
            .filter(|p| !hidden[*p])
            .filter(|p| {
                let (a, b) = self.arcs[*p];
                let v = self.value[*p];
                let out = reached[a] && !reached[b] && kind(v) != Kind::Zero;
                let back = reached[b] && !reached[a] && v > 5;
                out || back
            })
            .collect()
    }

    /// What withholding `p` costs: one more figure, perhaps one more total, its size.
    fn cost(&self, p: usize) -> Cost {
        (1, usize::from(self.is_total(p)), self.value[p])
    }

    /// The cheapest protected set that contains `start` (fewest figures, then fewest
    /// totals, then the smallest sum), given a protected set `known` found otherwise;
    /// `None` when the search grows too large. Sets are taken cheapest first, counting
    /// the places still needed at least (A*). Every protected set holds one of the
    /// places each weakness names, so branching on the weakness with the fewest
    /// misses none.
    fn cheapest(&self, start: &[bool], known: Vec<bool>) -> Option<Vec<bool>> {
        // (guess, deeper first among equal guesses, cost, set, its weaknesses once seen)
        type Entry = Reverse<(
            Cost,
            Reverse<usize>,
            Cost,
            Vec<bool>,
            Option<Vec<Vec<usize>>>,
        )>;
        let bound = self.cost_of(start, &known);
        let mut queue: BinaryHeap<Entry> = BinaryHeap::new();
        let mut seen = HashSet::new();
        queue.push(Reverse((
            (0, 0, 0),
            Reverse(0),
            (0, 0, 0),
            start.to_vec(),
            None,
        )));
        seen.insert(start.to_vec());
        let mut looked = 0;
        while let Some(Reverse((guess, depth, cost, hidden, weaknesses))) = queue.pop() {
            let Some(weaknesses) = weaknesses else {
                // First look: count what is still needed, and queue it again.
                looked += 1;
                if looked > search_limit(self.len()) {
                    return None;
                }
                let weaknesses = self.weaknesses(&hidden, false);
                let guess = (cost.0 + Self::at_least(&weaknesses), cost.1, cost.2).max(guess);
                let sets = weaknesses.into_iter().map(|w| w.places).collect();
                if guess < bound {
                    queue.push(Reverse((guess, depth, cost, hidden, Some(sets))));
                }
                continue;
            };
            let Some(places) = weaknesses.iter().min_by_key(|w| w.len()) else {
                return Some(hidden);
            };
            for &p in places {
                let mut next = hidden.clone();
                next[p] = true;
                let (n, totals, sum) = self.cost(p);
                let cost = (cost.0 + n, cost.1 + totals, cost.2 + sum);
                // One place added lowers what is still needed by one at most.
                let guess = (guess.0.max(cost.0), cost.1, cost.2);
                if guess < bound && seen.insert(next.clone()) {
                    queue.push(Reverse((guess, Reverse(cost.0), cost, next, None)));
                }
            }
        }
        Some(known)
    }

    /// What withholding `hidden` beyond `start` costs.
    fn cost_of(&self, start: &[bool], hidden: &[bool]) -> Cost {
        (0..self.len())
            .filter(|p| hidden[*p] && !start[*p])
            .map(|p| self.cost(p))
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2))
    }

    /// Opens, for one weakness after another, the cheapest way round it (the
    /// shortest path through shown places, priced by [`Net::cost`]) until the table
    /// is protected; then shows again each added place, largest first, that
    /// protection does not need.
    fn greedy(&self, start: &[bool]) -> Vec<bool> {
        let mut hidden = start.to_vec();
        while let Some(w) = self.weaknesses(&hidden, true).into_iter().next() {
            let way = self.cheapest_way(&hidden, &w);
            // A way always crosses the weakness's cut; should none be found, the
            // places of the cut are withheld, so that the loop ends all the same.
            for p in if way.is_empty() { w.places } else { way } {
                hidden[p] = true;
            }
        }
        self.prune(start, hidden)
    }

    /// Shows again each added place, largest first, that protection does not need.
    /// An added place that can no longer move once another is shown protects nothing
    /// (every table a reader thinks possible has it at its value), so it is shown too.
    fn prune(&self, start: &[bool], mut hidden: Vec<bool>) -> Vec<bool> {
        let mut added: Vec<usize> = (0..self.len())
            .filter(|p| hidden[*p] && !start[*p])
            .collect();
        added.sort_by_key(|p| Reverse((self.value[*p], *p)));
        for p in added {
            if !hidden[p] {
                continue;
            }
            let mut trial = hidden.clone();
            trial[p] = false;
            loop {
                let pinned: Vec<usize> = self
                    .weaknesses(&trial, false)
                    .into_iter()
                    .map(|w| w.place)
                    .filter(|q| !start[*q] && kind(self.value[*q]) == Kind::Large)
                    .collect();
                if pinned.is_empty() {
                    break;
                }
                for q in pinned {
                    trial[q] = false;
                }
            }
            if self.protected(&trial) {
                hidden = trial;
            }
        }
        hidden
    }

    /// The shown places on the cheapest way from one end of a weakness to the other,
    /// through the room the withheld places have left and the shown places that would
    /// have room if withheld (Dijkstra; a handful of nodes).
    fn cheapest_way(&self, hidden: &[bool], w: &Weakness) -> Vec<usize> {
        let (from, to) = w.sent.ends;
        let price = |p: usize| {
            let (n, totals, sum) = self.cost(p);
            n as u64 * 1_000_000_000 + totals as u64 * 1_000_000 + sum
        };
        let mut best: Vec<Option<(u64, Option<usize>)>> = vec![None; self.nodes];
        let mut done = vec![false; self.nodes];
        best[from] = Some((0, None));
        while let Some(u) = (0..self.nodes)
            .filter(|u| !done[*u] && best[*u].is_some())
            .min_by_key(|u| best[*u].map(|b| b.0))
        {
            done[u] = true;
            let here = best[u].map_or(0, |b| b.0);
            for p in (0..self.len()).filter(|p| *p != w.place) {
                let (a, b) = self.arcs[p];
                let next = if a == u {
                    b
                } else if b == u {
                    a
                } else {
                    continue;
                };
                let room = if hidden[p] {
                    let (lo, hi) = self.bounds(p, hidden);
                    let x = (self.value[p] as i64 + w.sent.change[p]) as u64;
                    if a == u { x < hi } else { x > lo }
                } else if a == u {
                    kind(self.value[p]) != Kind::Zero
                } else {
                    self.value[p] > 5
                };
                let cost = here + if hidden[p] { 0 } else { price(p) };
                if room && !done[next] && best[next].is_none_or(|b| cost < b.0) {
                    best[next] = Some((cost, Some(p)));
                }
            }
        }
        let mut out = Vec::new();
        let mut node = to;
        while let Some((_, Some(p))) = best[node] {
            if !hidden[p] {
                out.push(p);
            }
            let (a, b) = self.arcs[p];
            node = if a == node { b } else { a };
        }
        out
    }
}

/// What got through from one node to another (see [`Net::send`]).
#[derive(Debug, Clone)]
struct Sent {
    amount: u64,
    /// The nodes still reachable when `amount` fell short; empty otherwise.
    reached: Vec<bool>,
    /// How far each place moved to let `amount` through.
    change: Vec<i64>,
    /// The nodes sent from and to.
    ends: (usize, usize),
}

/// A withheld place that cannot move as far as it must.
#[derive(Debug, Clone)]
struct Weakness {
    place: usize,
    /// The shown places of which at least one must be withheld too.
    places: Vec<usize>,
    /// How far it got.
    sent: Sent,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader of a table, written apart from the flow network above: it knows every
    /// shown figure, every sum, and what each mark says, and looks for tables that fit
    /// by trying numbers one by one.
    struct Reader {
        places: Vec<Place>,
        value: Vec<u64>,
        /// Each sum as (its parts, its total), by index into `places`.
        sums: Vec<(Vec<usize>, usize)>,
        /// The values each place could take with the whole table withheld.
        best: Vec<Vec<u64>>,
    }

    impl Reader {
        fn new(t: &Table) -> Self {
            let (rows, columns) = (t.cells.len(), t.cells[0].len());
            let mut places: Vec<Place> = (0..rows)
                .flat_map(|i| (0..columns).map(move |j| Place::Cell(i, j)))
                .collect();
            places.extend((0..rows).map(Place::Row));
            places.extend((0..columns).map(Place::Column));
            places.push(Place::Grand);
            let at = |p: Place| places.iter().position(|q| *q == p).unwrap();
            let mut sums = Vec::new();
            for i in 0..rows {
                let parts = (0..columns).map(|j| at(Place::Cell(i, j))).collect();
                sums.push((parts, at(Place::Row(i))));
            }
            for j in 0..columns {
                let parts = (0..rows).map(|i| at(Place::Cell(i, j))).collect();
                sums.push((parts, at(Place::Column(j))));
            }
            sums.push((
                (0..rows).map(|i| at(Place::Row(i))).collect(),
                at(Place::Grand),
            ));
            sums.push((
                (0..columns).map(|j| at(Place::Column(j))).collect(),
                at(Place::Grand),
            ));
            let value = places
                .iter()
                .map(|p| match *p {
                    Place::Cell(i, j) => t.cells[i][j],
                    Place::Row(i) => t.cells[i].iter().sum(),
                    Place::Column(j) => t.cells.iter().map(|r| r[j]).sum(),
                    Place::Grand => t.cells.iter().flatten().sum(),
                })
                .collect();
            let mut reader = Reader {
                places,
                value,
                sums,
                best: Vec::new(),
            };
            let all = vec![true; reader.places.len()];
            reader.best = (0..all.len()).map(|p| reader.moves(&all, p)).collect();
            reader
        }

        fn hidden(&self, m: &Mask) -> Vec<bool> {
            self.places.iter().map(|p| m.get(*p)).collect()
        }

        /// True when some table fits everything the reader knows and has `target` in
        /// place `e`. A fitting table, if there is one, differs from the true one by at
        /// most |target - value| in every place (a circulation splits into cycles through
        /// `e`), so the numbers tried stay that close.
        fn fits(&self, hidden: &[bool], e: usize, target: u64) -> bool {
            let reach = target.abs_diff(self.value[e]);
            let range: Vec<(u64, u64)> = (0..self.places.len())
                .map(|p| {
                    let v = self.value[p];
                    if p == e {
                        return (target, target);
                    }
                    if !hidden[p] {
                        return (v, v);
                    }
                    let (lo, hi) = match v {
                        0 => (0, 0),
                        1..=4 => (1, 4),
                        _ => (5, u64::MAX),
                    };
                    (lo.max(v.saturating_sub(reach)), hi.min(v + reach))
                })
                .collect();
            let mut x: Vec<Option<u64>> = range
                .iter()
                .map(|(lo, hi)| (lo == hi).then_some(*lo))
                .collect();
            let open: Vec<usize> = (0..x.len()).filter(|p| x[*p].is_none()).collect();
            self.search(&range, &mut x, &open)
        }

        fn search(&self, range: &[(u64, u64)], x: &mut [Option<u64>], open: &[usize]) -> bool {
            if !self.sums.iter().all(|s| self.may_hold(s, range, x)) {
                return false;
            }
            let Some((&p, rest)) = open.split_first() else {
                return true;
            };
            for v in range[p].0..=range[p].1 {
                x[p] = Some(v);
                if self.search(range, x, rest) {
                    x[p] = None;
                    return true;
                }
            }
            x[p] = None;
            false
        }

        /// True when the sum can still hold with the open places anywhere in range.
        fn may_hold(
            &self,
            (parts, total): &(Vec<usize>, usize),
            range: &[(u64, u64)],
            x: &[Option<u64>],
        ) -> bool {
            let span = |p: usize| x[p].map_or(range[p], |v| (v, v));
            let (lo, hi) = parts.iter().fold((0u64, 0u64), |(lo, hi), p| {
                let (a, b) = span(*p);
                (lo + a, hi.saturating_add(b))
            });
            let (a, b) = span(*total);
            lo <= b && a <= hi
        }

        /// The values place `e` can take, among those its mark allows near its own.
        fn moves(&self, hidden: &[bool], e: usize) -> Vec<u64> {
            let v = self.value[e];
            let tried: Vec<u64> = match v {
                0 => vec![],
                1..=4 => (1..=4).collect(),
                _ => vec![v - 1, v + 1].into_iter().filter(|w| *w >= 5).collect(),
            };
            tried
                .into_iter()
                .filter(|t| *t == v || self.fits(hidden, e, *t))
                .collect()
        }

        /// True when nothing withheld can be narrowed down beyond what the marks
        /// alone allow (measured with the whole table withheld).
        fn protected(&self, hidden: &[bool]) -> bool {
            let mut order: Vec<usize> = (0..hidden.len()).filter(|p| hidden[*p]).collect();
            order.sort_by_key(|p| !small(self.value[*p]));
            order.into_iter().all(|p| {
                let best = &self.best[p];
                if small(self.value[p]) {
                    // Every value from 1 to 4 that the marks leave open stays open.
                    best.iter().all(|t| self.fits(hidden, p, *t))
                } else {
                    // A larger count can still be another number.
                    best.is_empty() || !self.moves(hidden, p).is_empty()
                }
            })
        }

        /// The fewest figures to withhold beyond `start` (then the fewest totals,
        /// then the smallest sum), found by trying every set of figures.
        fn cheapest(&self, start: &[bool]) -> (usize, usize, u64) {
            let free: Vec<usize> = (0..start.len()).filter(|p| !start[*p]).collect();
            for k in 0..=free.len() {
                let mut best: Option<(usize, usize, u64)> = None;
                for pick in combinations(free.len(), k) {
                    let mut hidden = start.to_vec();
                    for i in &pick {
                        hidden[free[*i]] = true;
                    }
                    let cost = self.cost(start, &hidden);
                    if best.is_some_and(|b| b <= cost) || !self.protected(&hidden) {
                        continue;
                    }
                    best = Some(cost);
                }
                if let Some(b) = best {
                    return b;
                }
            }
            unreachable!("withholding everything protects every table")
        }

        fn cost(&self, start: &[bool], hidden: &[bool]) -> (usize, usize, u64) {
            let added: Vec<usize> = (0..hidden.len())
                .filter(|p| hidden[*p] && !start[*p])
                .collect();
            let totals = added
                .iter()
                .filter(|p| !matches!(self.places[**p], Place::Cell(..)))
                .count();
            let sum = added.iter().map(|p| self.value[*p]).sum();
            (added.len(), totals, sum)
        }
    }

    /// Every set of `k` indexes below `n`.
    fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
        if k == 0 {
            return vec![vec![]];
        }
        if k > n {
            return vec![];
        }
        let mut out = combinations(n - 1, k);
        for mut c in combinations(n - 1, k - 1) {
            c.push(n - 1);
            out.push(c);
        }
        out
    }

    /// A small deterministic source of random numbers.
    struct Dice(u64);

    impl Dice {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }

        fn table(&mut self, rows: usize, columns: usize, values: &[u64]) -> Table {
            Table {
                cells: (0..rows)
                    .map(|_| {
                        (0..columns)
                            .map(|_| values[self.next(values.len() as u64) as usize])
                            .collect()
                    })
                    .collect(),
            }
        }
    }

    /// True when some other table, differing by -1, 0 or +1 in each withheld cell,
    /// keeps every shown total and every cell non-negative, and changes cell `(ci, cj)`:
    /// then the reader cannot tell that cell's value.
    fn can_differ(t: &Table, m: &Mask, ci: usize, cj: usize) -> bool {
        let hidden: Vec<(usize, usize)> = (0..t.rows())
            .flat_map(|i| (0..t.columns()).map(move |j| (i, j)))
            .filter(|(i, j)| m.cells[*i][*j])
            .collect();
        let mut steps = vec![-1i64; hidden.len()];
        loop {
            let changes = hidden.iter().zip(&steps);
            let mut ok = steps.iter().any(|s| *s != 0);
            let mut rows = vec![0i64; t.rows()];
            let mut columns = vec![0i64; t.columns()];
            let mut target_moves = false;
            for ((i, j), s) in changes {
                ok &= t.cells[*i][*j] as i64 + s >= 0;
                rows[*i] += s;
                columns[*j] += s;
                target_moves |= (*i, *j) == (ci, cj) && *s != 0;
            }
            ok &= (0..t.rows()).all(|i| m.row_totals[i] || rows[i] == 0);
            ok &= (0..t.columns()).all(|j| m.column_totals[j] || columns[j] == 0);
            ok &= m.grand_total || rows.iter().sum::<i64>() == 0;
            if ok && target_moves {
                return true;
            }
            let mut k = 0;
            loop {
                if k == steps.len() {
                    return false;
                }
                steps[k] += 1;
                if steps[k] <= 1 {
                    break;
                }
                steps[k] = -1;
                k += 1;
            }
        }
    }

    /// Tables of 2 to 5 rows and 3 columns, like a report's tables by sex.
    fn tables() -> Vec<Table> {
        let mut d = Dice(7);
        (0..160)
            .map(|_| {
                let rows = 2 + d.next(4) as usize;
                d.table(rows, 3, &[0, 1, 2, 3, 4, 5, 6, 8, 12, 20])
            })
            .collect()
    }

    #[test]
    fn no_withheld_cell_can_be_worked_out() {
        for t in tables() {
            let m = suppress(&t);
            let reader = Reader::new(&t);
            let hidden = reader.hidden(&m);
            for (p, h) in hidden.iter().enumerate() {
                let v = reader.value[p];
                assert!(!small(v) || *h, "{t:?}: a small figure is shown");
            }
            let few = m.cells.iter().flatten().filter(|h| **h).count() <= 9;
            for i in 0..t.rows() {
                for j in 0..t.columns() {
                    if m.cells[i][j] && t.cells[i][j] > 0 && few {
                        assert!(
                            can_differ(&t, &m, i, j),
                            "{t:?} {m:?}: cell ({i},{j}) can be worked out"
                        );
                    }
                }
            }
            assert!(reader.protected(&hidden), "{t:?} {m:?}: narrowed down");
        }
    }

    #[test]
    fn the_choice_is_as_small_as_the_smallest_found_by_trying_every_set() {
        let mut d = Dice(2026);
        let mut compared = 0;
        let mut withheld = 0;
        for n in 0..400 {
            let (rows, columns) = (2 + d.next(2) as usize, 2 + d.next(3) as usize);
            let values: Vec<u64> = (0..=12).collect();
            let t = d.table(rows, columns, &values);
            let reader = Reader::new(&t);
            let mut seed = Mask::nothing(&t);
            if n % 4 == 0 {
                seed.set(reader.places[d.next(reader.places.len() as u64) as usize]);
            }
            let m = suppress_from(&t, &seed);
            let start: Vec<bool> = reader
                .places
                .iter()
                .zip(&reader.value)
                .map(|(p, v)| seed.get(*p) || small(*v))
                .collect();
            let hidden = reader.hidden(&m);
            assert!(
                start.iter().zip(&hidden).all(|(s, h)| !s || *h),
                "{t:?}: the seed is kept"
            );
            assert!(reader.protected(&hidden), "{t:?} {m:?}: narrowed down");
            assert_eq!(
                reader.cost(&start, &hidden),
                reader.cheapest(&start),
                "{t:?} {m:?}: (withheld, of them totals, their sum) against every set"
            );
            compared += 1;
            withheld += reader.cost(&start, &hidden).0;
        }
        assert!(compared == 400 && withheld > 100, "{withheld} withheld");
    }

    /// Age bands against women, men and unknown sex, as in Nätkraft's report for the
    /// association (SPEC 7.4; issue 19: six cells were withheld there, all read `<5`,
    /// among them 26 women aged 20–24 and both sexes of a band of 49).
    #[test]
    fn one_small_age_band_cell_costs_at_most_three_more() {
        use crate::withheld::Mark;
        let t = Table {
            cells: vec![
                vec![3, 9, 0],
                vec![26, 23, 0],
                vec![24, 25, 0],
                vec![20, 15, 0],
                vec![13, 10, 0],
            ],
        };
        let m = suppress(&t);
        let reader = Reader::new(&t);
        let hidden = reader.hidden(&m);
        let withheld: Vec<usize> = (0..hidden.len()).filter(|p| hidden[*p]).collect();
        assert_eq!(withheld.len(), 4, "{m:?}: a rectangle of four");
        assert!(reader.protected(&hidden));
        let marks: Vec<(Place, &str)> = withheld
            .iter()
            .map(|p| (reader.places[*p], Mark::of(reader.value[*p]).text()))
            .collect();
        assert_eq!(
            marks
                .iter()
                .filter(|(_, mark)| *mark == "<5")
                .collect::<Vec<_>>(),
            [&(Place::Cell(0, 0), "<5")],
            "only the 3 reads <5: {marks:?}"
        );
        assert!(
            marks
                .iter()
                .all(|(p, mark)| *p == Place::Cell(0, 0) || *mark == ".."),
            "the protective cells read .., whatever their size: {marks:?}"
        );
        assert!(
            m.row_totals.iter().all(|h| !h) && !m.grand_total,
            "the totals are shown"
        );
    }

    #[test]
    fn a_small_cell_next_to_a_five_is_not_pinned_by_the_marks() {
        // 2 beside 5 in its row: were the 5 withheld with it, the reader would know the
        // 5 is at least 5 (its mark is ..), so the 2 could not be 4. A larger cell
        // protects it instead.
        let t = Table {
            cells: vec![vec![2, 5, 30], vec![20, 25, 40]],
        };
        let m = suppress(&t);
        let reader = Reader::new(&t);
        assert!(reader.protected(&reader.hidden(&m)), "{m:?}");
        assert!(!m.cells[0][1], "{m:?}: the 5 is no help");
        assert_eq!(m.cells.iter().flatten().filter(|h| **h).count(), 4);
    }

    #[test]
    fn goal_counts_hide_small_successes_and_their_complements() {
        assert!(goal_may_show(58, 155));
        assert!(!goal_may_show(3, 155), "3 successes");
        assert!(!goal_may_show(152, 155), "3 others, found by subtraction");
        assert!(!goal_may_show(2, 4), "a total under 5");
        assert!(
            goal_may_show(0, 12) && goal_may_show(12, 12),
            "zero is not small"
        );
    }

    #[test]
    fn a_table_without_small_cells_is_shown_whole() {
        let t = Table {
            cells: vec![vec![12, 8], vec![5, 0]],
        };
        let m = suppress(&t);
        assert!(m.cells.iter().flatten().all(|h| !h) && !m.grand_total);
    }
}
