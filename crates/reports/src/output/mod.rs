//! Writing a [`Document`](crate::document::Document) in each output format.

pub mod chart;
pub mod csv;
pub mod escape;
pub mod html;
pub mod typst;
pub mod xlsx;

/// An output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A standalone HTML page with SVG charts.
    Html,
    /// The JSON contract (SPEC 7.6).
    Json,
    /// CSV for Swedish spreadsheets.
    Csv,
    /// An Excel workbook, one sheet per table.
    Xlsx,
    /// A PDF with fonts embedded.
    Pdf,
}

impl Format {
    /// Every format, in the order offered.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Pdf,
        Format::Xlsx,
        Format::Csv,
        Format::Json,
    ];

    /// Reads `html`, `json`, `csv`, `xlsx` or `pdf`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == text.trim())
    }

    /// The format's name, also its file extension.
    pub fn code(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }

    /// The media type for downloads.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }

    /// True for formats that are not text.
    pub fn binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Pdf)
    }
}
