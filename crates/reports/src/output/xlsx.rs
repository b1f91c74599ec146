//! A report as an Excel workbook: a first sheet with the title, period and every
//! definition, then one formatted sheet per section. Counts and shares are numbers
//! (shares formatted as percentages), withheld counts the text of their mark
//! (`<5` or `..`).

use crate::document::{Cell, Document, Section};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// Why the workbook could not be written.
#[derive(Debug)]
pub struct XlsxFailure(pub String);

impl From<XlsxError> for XlsxFailure {
    fn from(e: XlsxError) -> Self {
        XlsxFailure(e.to_string())
    }
}

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    wrap: Format,
    count: Format,
    share: Format,
    kronor: Format,
    decimal: Format,
    right: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
            wrap: Format::new().set_text_wrap(),
            count: Format::new().set_num_format("# ##0"),
            share: Format::new().set_num_format("0.0%"),
            kronor: Format::new().set_num_format("# ##0 \"kr\""),
            decimal: Format::new().set_num_format("# ##0.0"),
            right: Format::new().set_align(FormatAlign::Right),
        }
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(heading: &str, taken: &mut Vec<String>) -> String {
    let clean: String = heading
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(28)
        .collect();
    let mut name = clean.trim().to_string();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) || name.is_empty() {
        name = format!("{} {n}", clean.trim());
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn cell(ws: &mut Worksheet, row: u32, col: u16, c: &Cell, f: &Formats) -> Result<(), XlsxError> {
    match c {
        Cell::Count(n) => ws.write_number_with_format(row, col, *n as f64, &f.count)?,
        Cell::Days(d) => ws.write_number_with_format(row, col, *d as f64, &f.count)?,
        Cell::Share(s) => ws.write_number_with_format(row, col, *s, &f.share)?,
        Cell::Kronor(k) => ws.write_number_with_format(row, col, *k as f64, &f.kronor)?,
        Cell::Decimal(v) => ws.write_number_with_format(row, col, *v, &f.decimal)?,
        other => ws.write_string_with_format(row, col, other.text(), &f.right)?,
    };
    Ok(())
}

fn section_sheet(ws: &mut Worksheet, s: &Section, f: &Formats) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, &s.heading, &f.title)?;
    let mut row = 1;
    for line in s.definition.lines().filter(|l| !l.trim().is_empty()) {
        ws.write_string_with_format(row, 0, line, &f.wrap)?;
        row += 1;
    }
    row += 1;
    for (j, c) in s.grid.columns.iter().enumerate() {
        ws.write_string_with_format(row, j as u16, c, &f.header)?;
    }
    ws.set_freeze_panes(row + 1, 1)?;
    for r in &s.grid.rows {
        row += 1;
        let label_format = if r.total { &f.bold } else { &f.wrap };
        ws.write_string_with_format(row, 0, &r.label, label_format)?;
        for (j, c) in r.cells.iter().enumerate() {
            cell(ws, row, j as u16 + 1, c, f)?;
        }
    }
    ws.set_column_width(0, 36)?;
    for j in 1..s.grid.columns.len() {
        ws.set_column_width(j as u16, 14)?;
    }
    Ok(())
}

/// The workbook's bytes.
pub fn report(doc: &Document) -> Result<Vec<u8>, XlsxFailure> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut taken = Vec::new();
    {
        let first = wb.add_worksheet();
        first.set_name(sheet_name(&doc.title, &mut taken))?;
        first.write_string_with_format(0, 0, &doc.title, &f.title)?;
        first.write_string(1, 0, &doc.scope)?;
        first.write_string(2, 0, &doc.period)?;
        first.write_string(3, 0, &doc.disclosure)?;
        for (row, s) in (5..).zip(&doc.sections) {
            first.write_string_with_format(row, 0, &s.heading, &f.bold)?;
            first.write_string_with_format(row, 1, &s.definition, &f.wrap)?;
        }
        first.set_column_width(0, 34)?;
        first.set_column_width(1, 100)?;
    }
    for s in &doc.sections {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&s.heading, &mut taken))?;
        section_sheet(ws, s, &f)?;
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(
            sheet_name("Avslut: orsak [alla]", &mut taken),
            "Avslut orsak alla"
        );
        assert_eq!(
            sheet_name("Avslut: orsak [alla]", &mut taken),
            "Avslut orsak alla 2"
        );
        let long = sheet_name(&"x".repeat(40), &mut taken);
        assert!(long.chars().count() <= 31);
    }
}
