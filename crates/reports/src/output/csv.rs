//! A report as CSV for Swedish spreadsheets: `;` between cells, UTF-8 with a byte
//! order mark, each section as its heading, its column headings and its rows, and a
//! blank line between sections. Cells that a spreadsheet would run as a formula are
//! neutralised.

use crate::document::{Cell, Document};

/// A cell as written: a leading `=`, `+`, `-` or `@` gets a `'` in front.
pub fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// CSV text (`;`, UTF-8 with BOM so that Excel reads å, ä and ö) from a header and rows.
pub fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut all = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    all.extend(rows.iter().cloned());
    records(&all)
}

fn records(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows {
        let _ = w.write_record(r.iter().map(|c| guard(c)));
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("\u{feff}{body}")
}

/// A cell without digit grouping, so that a spreadsheet reads it as a number.
fn plain(c: &Cell) -> String {
    match c {
        Cell::Count(n) => n.to_string(),
        Cell::Days(d) => d.to_string(),
        Cell::Kronor(k) => k.to_string(),
        Cell::Decimal(v) => format!("{v:.1}").replace('.', ","),
        other => other.text().replace('\u{a0}', " "),
    }
}

/// The whole report: title lines, then every section.
pub fn report(doc: &Document) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        vec![doc.title.clone()],
        vec![doc.scope.clone()],
        vec![doc.period.clone()],
        vec![doc.disclosure.clone()],
    ];
    for s in &doc.sections {
        rows.push(vec![]);
        rows.push(vec![s.heading.clone()]);
        rows.push(s.grid.columns.clone());
        for r in &s.grid.rows {
            let mut line = vec![r.label.clone()];
            line.extend(r.cells.iter().map(plain));
            rows.push(line);
        }
    }
    // An empty record comes out as `""`; a blank line reads better between sections.
    records(&rows)
        .split('\n')
        .map(|l| if l == "\"\"" { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(guard("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard("@x"), "'@x");
        assert_eq!(guard("2026-01-01"), "2026-01-01");
        let text = csv_text(&["a"], &[vec!["+46".into()]]);
        assert!(text.starts_with("\u{feff}a\n"));
        assert!(text.contains("'+46"));
    }
}
