//! A report as readers see it: titled sections, each with a definition, a table and
//! perhaps a chart drawn from that same table. Every output (the web page, HTML,
//! CSV, XLSX, PDF) is written from this one shape.

use crate::format::{NBSP, decimal, integer, kronor, percent};
use crate::withheld::Mark;

/// A whole report, ready to be written in any format.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, e.g. "Deltagarrapport".
    pub title: String,
    /// What the report covers, e.g. "Insats: Nätkraft (NK)".
    pub scope: String,
    /// The period in words, e.g. "2026-01-01 – 2026-04-30".
    pub period: String,
    /// A line on how exact the figures are (disclosure control or not).
    pub disclosure: String,
    /// The sections in reading order.
    pub sections: Vec<Section>,
}

/// One figure or group of figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable name (`exit_reasons`), used for anchors, sheet names and files.
    pub key: String,
    /// Heading.
    pub heading: String,
    /// What the figures count, in words.
    pub definition: String,
    /// The figures.
    pub grid: Grid,
    /// A chart of the grid, if one helps.
    pub chart: Option<Chart>,
}

/// A table: column headings (the first names the row labels) and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// Column headings, the row-label column first.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
}

/// One row of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row label.
    pub label: String,
    /// One cell per column after the label column.
    pub cells: Vec<Cell>,
    /// True for a total row (drawn bold, left out of charts).
    pub total: bool,
}

/// A value in a grid.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number of people.
    Count(u64),
    /// A count withheld by disclosure control, written as its mark: `<5` for 1–4
    /// people, `..` for a count withheld to protect another.
    Withheld(Mark),
    /// A share from 0 to 1.
    Share(f64),
    /// An interval of shares.
    Interval(f64, f64),
    /// A number of days.
    Days(i64),
    /// A number with one decimal, e.g. participant-months.
    Decimal(f64),
    /// Whole kronor.
    Kronor(i64),
    /// Text.
    Text(String),
    /// Nothing to show.
    Empty,
}

/// How a grid is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// A horizontal bar per row (total rows left out) for the given cell column.
    Bars {
        /// Index into `Row::cells`.
        column: usize,
    },
    /// A bar per goal with its interval and a target mark: indexes into `Row::cells`.
    Goals {
        /// The value column.
        value: usize,
        /// The interval column.
        interval: usize,
        /// The target column.
        target: usize,
    },
}

impl Cell {
    /// The cell as text, Swedish style (`1 234`, `37,4 %`, `30,2–45,3 %`).
    pub fn text(&self) -> String {
        match self {
            Cell::Count(n) => integer(*n as i64),
            Cell::Withheld(mark) => mark.text().to_string(),
            Cell::Share(s) => percent(*s),
            Cell::Interval(lo, hi) => {
                let lo = percent(*lo);
                let lo = lo.trim_end_matches('%').trim_end_matches(NBSP);
                format!("{lo}–{}", percent(*hi))
            }
            Cell::Days(d) => integer(*d),
            Cell::Decimal(v) => decimal(*v),
            Cell::Kronor(k) => kronor(*k),
            Cell::Text(t) => t.clone(),
            Cell::Empty => "–".to_string(),
        }
    }

    /// The cell's number for charts and spreadsheets, if it has one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Count(n) => Some(*n as f64),
            Cell::Share(s) => Some(*s),
            Cell::Days(d) => Some(*d as f64),
            Cell::Decimal(v) => Some(*v),
            Cell::Kronor(k) => Some(*k as f64),
            _ => None,
        }
    }

    /// True for a number that is right-aligned in tables.
    pub fn numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_the_swedish_way() {
        let plain = |c: Cell| c.text().replace(NBSP, " ");
        assert_eq!(plain(Cell::Count(1234)), "1 234");
        assert_eq!(plain(Cell::Withheld(Mark::Small)), "<5");
        assert_eq!(plain(Cell::Withheld(Mark::Protective)), "..");
        assert_eq!(plain(Cell::Share(58.0 / 155.0)), "37,4 %");
        assert_eq!(plain(Cell::Interval(0.302, 0.453)), "30,2–45,3 %");
        assert_eq!(plain(Cell::Empty), "–");
    }
}
