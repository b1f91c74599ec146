//! A report as a Typst document (for the PDF): title page lines, then each section
//! with its definition, chart and table. Every text goes in as a string literal, so
//! no text from the data can change the markup. Charts are attached as SVG files.

use super::chart::svg;
use crate::document::{Cell, Document};

/// A file the markup refers to, such as a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name used in the markup.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// `text` as a Typst string literal.
fn lit(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The markup and its attachments for `doc`, in language `lang` (`sv` or `en`).
pub fn report(doc: &Document, lang: &str) -> (String, Vec<Attachment>) {
    let mut m = String::new();
    let mut files = Vec::new();
    m.push_str(&format!(
        "#set document(title: {title})\n\
         #set page(paper: \"a4\", margin: (x: 2cm, y: 2.2cm), footer: context [\
         #set text(size: 8pt, fill: luma(90)); #text({title}) – #text({scope}) #h(1fr) \
         #counter(page).display(\"1 / 1\", both: true)])\n\
         #set text(lang: \"{lang}\", size: 10pt)\n\
         #set par(justify: false)\n\
         #set table(stroke: (x, y) => if y == 0 {{ (bottom: 0.8pt) }} else {{ (bottom: 0.3pt + luma(180)) }}, inset: (x: 5pt, y: 3pt))\n\
         #show heading.where(level: 2): set block(above: 1.6em, below: 0.7em)\n\
         #text(size: 20pt, weight: \"bold\", {title})\n\n\
         #text(size: 12pt, {scope})\n\n#text({period})\n\n#text(size: 9pt, fill: luma(60), {disclosure})\n\n",
        title = lit(&doc.title),
        scope = lit(&doc.scope),
        period = lit(&doc.period),
        disclosure = lit(&doc.disclosure),
    ));
    for (i, s) in doc.sections.iter().enumerate() {
        m.push_str(&format!("#heading(level: 2, {})\n", lit(&s.heading)));
        for line in s.definition.lines().filter(|l| !l.trim().is_empty()) {
            m.push_str(&format!(
                "#text(size: 9pt, fill: luma(60), {})\n\n",
                lit(line)
            ));
        }
        if s.grid.rows.is_empty() {
            m.push_str("#text(\"–\")\n\n");
            continue;
        }
        if let Some(chart) = svg(s) {
            let name = format!("chart-{}.svg", i + 1);
            m.push_str(&format!("#image({}, width: 100%)\n", lit(&name)));
            files.push(Attachment {
                name,
                bytes: chart.into_bytes(),
            });
        }
        let n = s.grid.columns.len();
        let aligns: Vec<&str> = (0..n)
            .map(|j| if j == 0 { "left" } else { "right" })
            .collect();
        m.push_str(&format!(
            "#table(columns: {n}, align: ({},),\n  table.header(",
            aligns.join(", ")
        ));
        let header: Vec<String> = s
            .grid
            .columns
            .iter()
            .map(|c| format!("strong({})", lit(c)))
            .collect();
        m.push_str(&header.join(", "));
        m.push_str("),\n");
        for row in &s.grid.rows {
            let wrap = |t: String| {
                if row.total {
                    format!("strong({})", lit(&t))
                } else {
                    lit(&t)
                }
            };
            let mut cells = vec![wrap(row.label.clone())];
            cells.extend(row.cells.iter().map(|c: &Cell| wrap(c.text())));
            m.push_str(&format!("  {},\n", cells.join(", ")));
        }
        m.push_str(")\n\n");
    }
    (m, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_data_stays_a_string() {
        assert_eq!(lit("a\"b\\c\n#x"), "\"a\\\"b\\\\c\\n#x\"");
    }
}
