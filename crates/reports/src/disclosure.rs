//! Disclosure control for tables meant for the association layer or publication
//! (SPEC 7.4): any cell from 1 to 4 is withheld ("<5"), and so is any further cell
//! needed so that no withheld cell can be worked out by subtraction from the row,
//! column or grand totals that are shown.

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

    /// The sums the reader knows: each row with its total, each column with its total,
    /// and the row totals and the column totals each with the grand total.
    fn constraints(&self) -> Vec<Vec<Place>> {
        let mut out = Vec::new();
        for i in 0..self.rows() {
            let mut c: Vec<Place> = (0..self.columns()).map(|j| Place::Cell(i, j)).collect();
            c.push(Place::Row(i));
            out.push(c);
        }
        for j in 0..self.columns() {
            let mut c: Vec<Place> = (0..self.rows()).map(|i| Place::Cell(i, j)).collect();
            c.push(Place::Column(j));
            out.push(c);
        }
        let mut rows: Vec<Place> = (0..self.rows()).map(Place::Row).collect();
        rows.push(Place::Grand);
        out.push(rows);
        let mut columns: Vec<Place> = (0..self.columns()).map(Place::Column).collect();
        columns.push(Place::Grand);
        out.push(columns);
        out
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

/// Decides what to withhold: first every small cell and total, then, while some known
/// sum has exactly one withheld part, the smallest other non-zero part of that sum.
pub fn suppress(t: &Table) -> Mask {
    suppress_from(t, &Mask::nothing(t))
}

/// As [`suppress`], with the parts in `seed` withheld from the start (because the
/// same figure is withheld in another table).
pub fn suppress_from(t: &Table, seed: &Mask) -> Mask {
    let (rows, columns) = (t.rows(), t.columns());
    let mut m = Mask {
        cells: t
            .cells
            .iter()
            .zip(&seed.cells)
            .map(|(r, s)| r.iter().zip(s).map(|(v, s)| *s || small(*v)).collect())
            .collect(),
        row_totals: (0..rows)
            .map(|i| seed.row_totals[i] || small(t.row_total(i)))
            .collect(),
        column_totals: (0..columns)
            .map(|j| seed.column_totals[j] || small(t.column_total(j)))
            .collect(),
        grand_total: seed.grand_total || small(t.grand_total()),
    };
    let constraints = t.constraints();
    loop {
        let mut changed = false;
        for c in &constraints {
            let hidden = c.iter().filter(|p| m.get(**p)).count();
            if hidden != 1 {
                continue;
            }
            let next = c
                .iter()
                .copied()
                .filter(|p| !m.get(*p) && t.value(*p) > 0)
                .min_by_key(|p| (t.value(*p), matches!(p, Place::Cell(..)) as u8 ^ 1));
            match next {
                Some(p) => m.set(p),
                None => {
                    // Only zeros are left to hide behind: withhold them all.
                    let rest: Vec<Place> = c.iter().copied().filter(|p| !m.get(*p)).collect();
                    for p in rest {
                        m.set(p);
                    }
                }
            }
            changed = true;
        }
        if !changed {
            return m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A small deterministic generator of test tables.
    fn tables() -> Vec<Table> {
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 33) % n
        };
        (0..120)
            .map(|_| {
                let rows = 2 + next(2) as usize;
                Table {
                    cells: (0..rows)
                        .map(|_| {
                            (0..3)
                                .map(|_| [0, 1, 2, 3, 4, 5, 6, 8, 12][next(9) as usize])
                                .collect()
                        })
                        .collect(),
                }
            })
            .collect()
    }

    #[test]
    fn no_withheld_cell_can_be_worked_out() {
        for t in tables() {
            let m = suppress(&t);
            for (i, row) in t.cells.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    assert!(!small(*v) || m.cells[i][j], "{t:?}: a small cell is shown");
                }
            }
            for i in 0..t.rows() {
                for j in 0..t.columns() {
                    if m.cells[i][j] {
                        assert!(
                            can_differ(&t, &m, i, j),
                            "{t:?} {m:?}: cell ({i},{j}) can be worked out"
                        );
                    }
                }
            }
        }
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
