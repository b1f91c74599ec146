//! Reports as files. PDFs are typeset by an embedded Typst compiler with the fonts
//! that ship inside the binary (no system fonts, no network), so the same report
//! looks the same everywhere; the other formats come from `samverka-reports`.

mod world;

use samverka_reports::document::Document;
pub use samverka_reports::output::typst::Attachment;
use samverka_reports::output::{Format, csv, html, typst as markup, xlsx};
use typst_layout::PagedDocument;

/// Why a file could not be made (Typst's messages, joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PdfError {}

/// Compiles `markup` (a whole Typst document) with the embedded fonts and the given
/// attachments into PDF bytes.
pub fn render(markup: &str, attachments: &[Attachment]) -> Result<Vec<u8>, PdfError> {
    let world = world::ReportWorld::new(markup, attachments)?;
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| joined(errors.iter().map(|e| e.message.as_str())))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| joined(errors.iter().map(|e| e.message.as_str())))
}

fn joined<'a>(messages: impl Iterator<Item = &'a str>) -> PdfError {
    let text: Vec<&str> = messages.collect();
    PdfError(if text.is_empty() {
        "Typst failed without a message".into()
    } else {
        text.join("; ")
    })
}

/// `doc` written in `format` (every format but JSON, which is not made from a
/// document), texts in `lang` (`sv` or `en`).
pub fn document_bytes(doc: &Document, format: Format, lang: &str) -> Result<Vec<u8>, PdfError> {
    match format {
        Format::Html => Ok(html::page(doc, lang).into_bytes()),
        Format::Csv => Ok(csv::report(doc).into_bytes()),
        Format::Xlsx => xlsx::report(doc).map_err(|e| PdfError(e.0)),
        Format::Pdf => {
            let (text, files) = markup::report(doc, lang);
            render(&text, &files)
        }
        Format::Json => Err(PdfError(
            "JSON is written from the figures, not from a document".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use samverka_reports::document::{Cell, Chart, Grid, Row, Section};
    use samverka_reports::withheld::Mark;
    use std::io::Cursor;

    fn sample() -> Document {
        Document {
            title: "Deltagarrapport".into(),
            scope: "Insats: Nätkraft (NK) \"#set\" \\ [x]".into(),
            period: "2012-01-01 – 2012-04-30".into(),
            disclosure: "Röjandeskydd: <5 är 1–4 personer, .. skyddar en annan cell.".into(),
            sections: vec![Section {
                key: "exit_reasons".into(),
                heading: "Avslutsorsaker åäö ÅÄÖ".into(),
                definition: "De som avslutades under perioden.\nAndra raden: 37,4 %.".into(),
                grid: Grid {
                    columns: vec!["Avslutsorsak".into(), "Kvinnor".into(), "Totalt".into()],
                    rows: vec![
                        Row {
                            label: "Arbete".into(),
                            cells: vec![Cell::Count(21), Cell::Count(37)],
                            total: false,
                        },
                        Row {
                            label: "Flytt".into(),
                            cells: vec![
                                Cell::Withheld(Mark::Small),
                                Cell::Withheld(Mark::Protective),
                            ],
                            total: false,
                        },
                        Row {
                            label: "Totalt".into(),
                            cells: vec![Cell::Count(30), Cell::Count(58)],
                            total: true,
                        },
                    ],
                },
                chart: Some(Chart::Bars { column: 1 }),
            }],
        }
    }

    #[test]
    fn a_report_becomes_a_pdf_with_its_fonts_embedded() {
        let bytes = document_bytes(&sample(), Format::Pdf, "sv").expect("a PDF");
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/FontFile"), "fonts are embedded");
        let (source, _) = markup::report(&sample(), "sv");
        assert!(
            source.contains("\"Flytt\", \"<5\", \"..\""),
            "the PDF's table keeps each mark: {source}"
        );
        if let Ok(path) = std::env::var("SAMVERKA_PDF_SAMPLE") {
            std::fs::write(path, &bytes).expect("sample written");
        }
    }

    #[test]
    fn broken_markup_and_missing_files_are_errors_not_panics() {
        let e = render("#undefined-function()", &[]).expect_err("unknown function");
        assert!(!e.0.is_empty());
        let e = render("#image(\"chart-9.svg\")", &[]).expect_err("missing file");
        assert!(!e.0.is_empty());
    }

    /// The cells of the workbook's sheet named `name`.
    fn xlsx_sheet(bytes: Vec<u8>, name: &str) -> calamine::Range<Data> {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
        book.worksheet_range(name).expect("the section's sheet")
    }

    #[test]
    fn every_other_format_is_written_from_the_same_document() {
        let html = document_bytes(&sample(), Format::Html, "sv").expect("html");
        let html = String::from_utf8(html).expect("utf-8");
        assert!(html.contains("<svg") && html.contains("&lt;5") && html.contains("lang=\"sv\""));
        let csv = String::from_utf8(document_bytes(&sample(), Format::Csv, "sv").expect("csv"))
            .expect("utf-8");
        assert!(csv.contains("Arbete;21;37"), "{csv}");
        assert!(
            csv.contains("Flytt;<5;.."),
            "each withheld count keeps its mark: {csv}"
        );
        let xlsx = document_bytes(&sample(), Format::Xlsx, "sv").expect("xlsx");
        assert!(xlsx.starts_with(b"PK"), "a zip file");
        let sheet = xlsx_sheet(xlsx, "Avslutsorsaker åäö ÅÄÖ");
        let row = |label: &str| {
            sheet
                .rows()
                .find(|r| r[0] == Data::String(label.into()))
                .unwrap_or_else(|| panic!("a row {label}"))
                .to_vec()
        };
        assert_eq!(row("Arbete")[1..], [Data::Float(21.0), Data::Float(37.0)]);
        assert_eq!(
            row("Flytt")[1..],
            [Data::String("<5".into()), Data::String("..".into())],
            "a withheld count is its mark, as text"
        );
        assert!(document_bytes(&sample(), Format::Json, "sv").is_err());
    }
}
