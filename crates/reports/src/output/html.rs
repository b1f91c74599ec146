//! A report as HTML: the sections alone (for the report page, inside the app's
//! layout) or a whole standalone page (`samverka report --format html`).

use super::chart::svg;
use super::escape::escape;
use crate::document::{Document, Section};

/// The sections: heading, definition, chart and table each.
pub fn sections(doc: &Document) -> String {
    let mut out = String::new();
    for s in &doc.sections {
        section(&mut out, s);
    }
    out
}

fn section(out: &mut String, s: &Section) {
    let key = escape(&s.key);
    out.push_str(&format!(
        "<section class=\"report-section\" id=\"{key}\">\
         <h2 id=\"{key}-h\">{}</h2>",
        escape(&s.heading)
    ));
    for line in s.definition.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("<p class=\"definition\">{}</p>", escape(line)));
    }
    if s.grid.rows.is_empty() {
        out.push_str("<p class=\"empty\">–</p></section>");
        return;
    }
    if let Some(chart) = svg(s) {
        out.push_str(&format!("<figure class=\"chart\">{chart}</figure>"));
    }
    // A table wider than a phone scrolls; the region takes focus so that it scrolls by keyboard.
    out.push_str(&format!(
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{key}-h\">\
         <table class=\"report-table\"><thead><tr>"
    ));
    for c in &s.grid.columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(c)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &s.grid.rows {
        let class = if row.total { " class=\"total\"" } else { "" };
        out.push_str(&format!(
            "<tr{class}><th scope=\"row\">{}</th>",
            escape(&row.label)
        ));
        for cell in &row.cells {
            let align = if cell.numeric() { " class=\"num\"" } else { "" };
            out.push_str(&format!("<td{align}>{}</td>", escape(&cell.text())));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}\
.meta{color:#444;margin:.1rem 0}.definition{color:#333;font-size:.92rem;max-width:48rem}\
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.total th,tr.total td{font-weight:bold;border-top:2px solid #555}\
figure{margin:.5rem 0;max-width:100%}.table-scroll{overflow-x:auto}svg{max-width:100%;height:auto}";

/// A whole HTML page for `doc` in language `lang` (`sv` or `en`).
pub fn page(doc: &Document, lang: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {scope}</title><style>{STYLE}</style></head><body><main>\
         <h1>{title}</h1><p class=\"meta\">{scope}</p><p class=\"meta\">{period}</p>\
         <p class=\"meta\">{disclosure}</p>{body}</main></body></html>\n",
        title = escape(&doc.title),
        scope = escape(&doc.scope),
        period = escape(&doc.period),
        disclosure = escape(&doc.disclosure),
        body = sections(doc),
    )
}
