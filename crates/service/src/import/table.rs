//! A file as a table of text cells: CSV (UTF-8, with or without BOM, `;` or `,`
//! found from the header line) or XLSX (the first sheet). Cells we wrote with a
//! leading `'` to stop formula injection are read back without it.

use samverka_domain::FieldError;
use std::io::Cursor;

/// A header row and data rows, every cell as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names, trimmed and in lower case.
    pub headers: Vec<String>,
    /// Data rows; row `i` is the spreadsheet's row `i + 2`.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The cell of `column` in data row `i` (empty when the column is absent).
    pub fn cell(&self, i: usize, column: &str) -> String {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|c| self.rows[i].get(c))
            .cloned()
            .unwrap_or_default()
    }

    /// A quick lookup of column positions for many rows.
    pub fn getter<'a>(
        &'a self,
        i: usize,
        positions: &'a std::collections::HashMap<String, usize>,
    ) -> impl Fn(&str) -> String + 'a {
        move |column: &str| {
            positions
                .get(column)
                .and_then(|c| self.rows[i].get(*c))
                .cloned()
                .unwrap_or_default()
        }
    }

    /// Column name → position.
    pub fn positions(&self) -> std::collections::HashMap<String, usize> {
        self.headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect()
    }
}

fn unguard(cell: &str) -> String {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => t.to_string(),
    }
}

/// An Excel serial day (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_day(serial: f64) -> String {
    let base = time::macros::date!(1899 - 12 - 30);
    (base + time::Duration::days(serial.floor() as i64)).to_string()
}

fn format_error(detail: impl ToString) -> FieldError {
    FieldError::with_detail("fil", "error.import.format", detail.to_string())
}

/// Reads a file by its name's ending: `.xlsx` as a workbook, anything else as CSV.
/// A cell with a control character (other than tab and line breaks) stops the file,
/// naming its row and column (issue 20, M3).
pub fn read(name: &str, bytes: &[u8]) -> Result<Table, FieldError> {
    let table = if name.to_lowercase().ends_with(".xlsx") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    clean(table)
}

fn clean(table: Table) -> Result<Table, FieldError> {
    use samverka_domain::journey::text::is_forbidden_control as control;
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.chars().any(control) {
                let column = table.headers.get(c).map_or("?", String::as_str);
                return Err(format_error(format!(
                    "rad {}, kolumn {column}: ett osynligt styrtecken; ta bort det och spara igen",
                    r + 2
                )));
            }
        }
    }
    Ok(table)
}

/// The text of a CSV file: UTF-8 (with or without BOM), or else Windows-1252, which
/// Excel's "CSV (semikolonavgränsad)" writes on a Swedish Windows (issue 20, L5).
fn csv_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, FieldError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format_error(
            "filen är sparad som UTF-16; spara den i Excel som \"CSV UTF-8 (kommaavgränsad)\" eller \"CSV (semikolonavgränsad)\"",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(std::borrow::Cow::Borrowed(
            text.strip_prefix('\u{feff}').unwrap_or(text),
        )),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0),
    }
}

/// Reads CSV text; the separator is whichever of `;` and `,` the header has more of.
pub fn read_csv(bytes: &[u8]) -> Result<Table, FieldError> {
    let text = csv_text(bytes)?;
    let text = text.as_ref();
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(format_error)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(format_error)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(record.iter().map(unguard).collect());
    }
    Ok(Table { headers, rows })
}

/// Reads the first sheet of a workbook. Dates become `YYYY-MM-DD`, whole numbers lose `.0`.
/// A workbook that unpacks to more than [`super::unpacked::LARGEST_UNPACKED`] is
/// refused before it is parsed.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, FieldError> {
    use calamine::{Data, Reader, Xlsx};
    super::unpacked::check(bytes).map_err(format_error)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(format_error)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| format_error("inget blad"))?
        .map_err(format_error)?;
    let text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => unguard(s),
            Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => {
                if *b {
                    "ja".into()
                } else {
                    "nej".into()
                }
            }
            Data::DateTime(dt) => excel_day(dt.as_f64()),
            Data::DateTimeIso(s) => s.chars().take(10).collect(),
            other => other.to_string(),
        }
    };
    let mut rows = range.rows();
    let headers = rows
        .next()
        .map(|r| r.iter().map(|c| text(c).to_lowercase()).collect())
        .unwrap_or_default();
    let rows = rows
        .map(|r| r.iter().map(text).collect::<Vec<_>>())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok(Table { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_either_separator() {
        let t = read_csv("\u{feff}insats;startdatum\nNK;2012-03-01\n\n".as_bytes()).unwrap();
        assert_eq!(
            (t.headers.clone(), t.rows.len()),
            (vec!["insats".to_string(), "startdatum".into()], 1)
        );
        let t = read_csv("Insats,Alias\nNK,'-x\n".as_bytes()).unwrap();
        assert_eq!(t.cell(0, "alias"), "-x");
        assert_eq!(t.cell(0, "insats"), "NK");
    }
}
