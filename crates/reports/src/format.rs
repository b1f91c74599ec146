//! Numbers as Swedes write them: `1 329 392 kr`, `37,4 %`. Grouping and the space
//! before a unit are non-breaking spaces (U+00A0), so a figure never breaks across lines.

/// The non-breaking space used for digit groups and before units.
pub const NBSP: char = '\u{a0}';

/// A whole number with digit groups: `1 329 392`.
pub fn integer(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    if value < 0 { format!("−{out}") } else { out }
}

/// Whole kronor: `1 329 392 kr`.
pub fn kronor(value: i64) -> String {
    format!("{}{NBSP}kr", integer(value))
}

/// A share (0.374) as a percentage with one decimal and a decimal comma: `37,4 %`.
pub fn percent(share: f64) -> String {
    format!("{}{NBSP}%", decimal(share * 100.0))
}

/// A number with one decimal and a decimal comma: `18,0`.
pub fn decimal(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "−" } else { "" };
    let tenths = tenths.abs();
    format!("{sign}{},{}", integer(tenths / 10), tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: String) -> String {
        s.replace(NBSP, " ")
    }

    #[test]
    fn seed_figures_are_written_the_swedish_way() {
        assert_eq!(plain(kronor(1_329_392)), "1 329 392 kr");
        assert_eq!(plain(kronor(2_790_000)), "2 790 000 kr");
        assert_eq!(plain(kronor(443_800)), "443 800 kr");
        assert_eq!(plain(percent(58.0 / 155.0)), "37,4 %");
        assert_eq!(plain(percent(0.35)), "35,0 %");
        assert_eq!(plain(integer(999)), "999");
        assert_eq!(plain(integer(1000)), "1 000");
        assert_eq!(plain(integer(-12_500)), "−12 500");
        assert_eq!(plain(percent(1.0)), "100,0 %");
    }
}
