//! SVG charts drawn from a section's own table, so a chart never shows anything its
//! table does not. Colours and sizes are attributes (no inline styles), and every
//! chart has a title for screen readers; the table beside it carries the numbers.

use super::escape::escape;
use crate::document::{Cell, Chart, Row, Section};

const WIDTH: f64 = 640.0;
const LABEL: f64 = 230.0;
const BAR_AREA: f64 = 330.0;
/// The goal bars' width: room is left after them for "100,0 % / 100,0 %".
const GOAL_AREA: f64 = WIDTH - LABEL - 16.0 - 17.0 * CHAR;
/// Labels longer than this are shortened with "…" so they fit left of the bars.
const LABEL_CHARS: usize = 28;
const ROW: f64 = 26.0;
/// The width of a character of the value text, generously.
const CHAR: f64 = 8.0;
const BAR: &str = "#2f6f8f";
const TARGET: &str = "#b3261e";
const TEXT: &str = "#1d1d1d";

/// The chart of `section` as an SVG document, or `None` when it has none or nothing
/// to draw.
pub fn svg(section: &Section) -> Option<String> {
    let rows: Vec<&Row> = section.grid.rows.iter().filter(|r| !r.total).collect();
    if rows.is_empty() {
        return None;
    }
    match section.chart? {
        Chart::Bars { column } => bars(section, &rows, column),
        Chart::Goals {
            value,
            interval,
            target,
        } => Some(goals(section, &rows, (value, interval, target))),
    }
}

fn frame(section: &Section, height: f64, body: &str) -> String {
    let title = escape(&section.heading);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{title}\" \
         font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\
         <title>{title}</title>{body}</svg>"
    )
}

fn label(y: f64, text: &str) -> String {
    let mut short: String = text.chars().take(LABEL_CHARS).collect();
    if text.chars().count() > LABEL_CHARS {
        short.push('…');
    }
    format!(
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\" fill=\"{TEXT}\">{}</text>",
        escape(&short),
        x = LABEL - 8.0,
        y = y + 17.0
    )
}

fn bars(section: &Section, rows: &[&Row], column: usize) -> Option<String> {
    let values: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.cells.get(column).and_then(Cell::number))
        .collect();
    let max = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
    if max <= 0.0 && values.iter().all(Option::is_none) {
        return None;
    }
    // The bars leave room for the longest value written after them.
    let longest = rows
        .iter()
        .filter_map(|r| r.cells.get(column))
        .map(|c| c.text().chars().count())
        .max()
        .unwrap_or(0);
    let area = BAR_AREA.min(WIDTH - LABEL - 12.0 - longest as f64 * CHAR);
    let mut body = String::new();
    for (i, (row, value)) in rows.iter().zip(&values).enumerate() {
        let y = 6.0 + i as f64 * ROW;
        body.push_str(&label(y, &row.label));
        let shown = row.cells.get(column).map(Cell::text).unwrap_or_default();
        let w = match value {
            Some(v) if max > 0.0 => (v / max * area).max(if *v > 0.0 { 1.0 } else { 0.0 }),
            _ => 0.0,
        };
        body.push_str(&format!(
            "<rect x=\"{LABEL}\" y=\"{y1}\" width=\"{w:.1}\" height=\"18\" fill=\"{BAR}\"/>\
             <text x=\"{tx:.1}\" y=\"{ty}\" fill=\"{TEXT}\">{}</text>",
            escape(&shown),
            y1 = y + 4.0,
            tx = LABEL + w + 6.0,
            ty = y + 17.0,
        ));
    }
    Some(frame(section, 12.0 + rows.len() as f64 * ROW, &body))
}

fn goals(
    section: &Section,
    rows: &[&Row],
    (value, interval, target): (usize, usize, usize),
) -> String {
    let x = |share: f64| LABEL + share.clamp(0.0, 1.0) * GOAL_AREA;
    let mut body = String::new();
    for (i, row) in rows.iter().enumerate() {
        let y = 6.0 + i as f64 * ROW;
        body.push_str(&label(y, &row.label));
        let cell = |j: usize| row.cells.get(j).cloned().unwrap_or(Cell::Empty);
        let mut text = cell(value).text();
        if let Cell::Share(v) = cell(value) {
            body.push_str(&format!(
                "<rect x=\"{LABEL}\" y=\"{}\" width=\"{:.1}\" height=\"18\" fill=\"{BAR}\"/>",
                y + 4.0,
                x(v) - LABEL
            ));
        }
        if let Cell::Interval(lo, hi) = cell(interval) {
            body.push_str(&format!(
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{m}\" y2=\"{m}\" stroke=\"{TEXT}\" stroke-width=\"2\"/>",
                x(lo),
                x(hi),
                m = y + 13.0
            ));
        }
        if let Cell::Share(t) = cell(target) {
            body.push_str(&format!(
                "<line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"3\"/>",
                y + 1.0,
                y + 25.0,
                tx = x(t)
            ));
            text = format!("{text} / {}", cell(target).text());
        }
        body.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" fill=\"{TEXT}\">{}</text>",
            LABEL + GOAL_AREA + 8.0,
            y + 17.0,
            escape(&text)
        ));
    }
    frame(section, 12.0 + rows.len() as f64 * ROW, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Grid;
    use crate::withheld::Mark;

    fn section(rows: Vec<(&str, Cell)>) -> Section {
        Section {
            key: "exit_reasons".into(),
            heading: "Avslutsorsaker <test>".into(),
            definition: String::new(),
            grid: Grid {
                columns: vec!["".into(), "Totalt".into()],
                rows: rows
                    .into_iter()
                    .map(|(l, c)| Row {
                        label: l.into(),
                        cells: vec![c],
                        total: l == "Totalt",
                    })
                    .collect(),
            },
            chart: Some(Chart::Bars { column: 0 }),
        }
    }

    #[test]
    fn bars_follow_the_table_and_withheld_rows_draw_no_bar() {
        let s = section(vec![
            ("Arbete", Cell::Count(40)),
            ("Studier", Cell::Count(20)),
            ("Flytt", Cell::Withheld(Mark::Small)),
            ("Ohälsa", Cell::Withheld(Mark::Protective)),
            ("Totalt", Cell::Count(63)),
        ]);
        let svg = svg(&s).expect("a chart");
        assert!(svg.contains("<title>Avslutsorsaker &lt;test&gt;</title>"));
        assert_eq!(
            svg.matches("<rect").count(),
            4,
            "one bar per row, not the total"
        );
        assert!(
            svg.contains(&format!("width=\"{BAR_AREA:.1}\"")),
            "the largest fills the area"
        );
        assert!(svg.contains(&format!("width=\"{:.1}\"", BAR_AREA / 2.0)));
        assert!(svg.contains("&lt;5"), "the small withheld row says <5");
        assert!(
            svg.contains(">..</text>"),
            "the protective withheld row says .."
        );
        assert!(svg.contains("width=\"0.0\""), "withheld rows draw no bar");
        assert!(!svg.contains("63"), "the total is not drawn");
    }

    #[test]
    fn an_empty_table_has_no_chart() {
        assert_eq!(svg(&section(vec![])), None);
    }
}
