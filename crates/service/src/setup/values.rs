//! How values are written in a setup file: dates, shares and targets as decimals,
//! and the member kind guessed from code and name. Shared by reading and writing.

use samverka_domain::association::MemberKind;
use time::{Date, Month};

/// Parses a date written exactly `YYYY-MM-DD`; `None` if the form or the day is wrong.
pub(super) fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let form_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !form_ok {
        return None;
    }
    let year: i32 = text.get(0..4)?.parse().ok()?;
    let month: u8 = text.get(5..7)?.parse().ok()?;
    let day: u8 = text.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A date as `YYYY-MM-DD`.
pub(super) fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A decimal number as a whole count of `1/10^digits` (e.g. 0.35 with 4 digits is
/// 3500), if it lies within `0..=max`.
pub(super) fn to_fixed(value: f64, digits: u32, max: u32) -> Option<u32> {
    let scaled = (value * 10f64.powi(digits as i32)).round();
    (scaled.is_finite() && (0.0..=f64::from(max)).contains(&scaled)).then_some(scaled as u32)
}

/// A whole count of `1/10^digits` as the shortest decimal that reads back the
/// same: 3500 with 4 digits is `0.35`, 2500 with 2 is `25.0`, 417 with 2 is `4.17`.
pub(super) fn from_fixed(value: u32, digits: u32) -> String {
    let unit = 10u32.pow(digits);
    let whole = value / unit;
    let fraction = value % unit;
    if fraction == 0 {
        return format!("{whole}.0");
    }
    let fraction = format!("{fraction:0width$}", width = digits as usize);
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// The kind of a member whose file does not say: FK and AF are the state, a name
/// with "Region" or "landsting" is a region, one with "kommun" a municipality.
pub(super) fn infer_kind(code: &str, name: &str) -> MemberKind {
    let name = name.to_lowercase();
    if matches!(code, "FK" | "AF") {
        MemberKind::Stat
    } else if name.contains("region") || name.contains("landsting") {
        MemberKind::Region
    } else if name.contains("kommun") {
        MemberKind::Kommun
    } else {
        MemberKind::Annan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("2006-05-01"), Some(date!(2006 - 05 - 01)));
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("2023-2-3"), None);
        assert_eq!(parse_date("2023-02-03x"), None);
        assert_eq!(parse_date("+023-02-03"), None);
        assert_eq!(format_date(date!(0987 - 01 - 02)), "0987-01-02");
    }

    #[test]
    fn decimals_are_minimal_and_read_back() {
        assert_eq!(from_fixed(3500, 4), "0.35");
        assert_eq!(from_fixed(10_000, 4), "1.0");
        assert_eq!(from_fixed(0, 4), "0.0");
        assert_eq!(from_fixed(5, 4), "0.0005");
        assert_eq!(from_fixed(2500, 2), "25.0");
        assert_eq!(from_fixed(417, 2), "4.17");
        assert_eq!(from_fixed(1250, 2), "12.5");
        for v in 0..=10_000 {
            for digits in [2, 4] {
                let text = from_fixed(v, digits);
                let back: f64 = text.parse().unwrap();
                assert_eq!(to_fixed(back, digits, 10_000), Some(v), "{text}");
            }
        }
        assert_eq!(to_fixed(1.01, 4, 10_000), None);
        assert_eq!(to_fixed(-0.1, 4, 10_000), None);
        assert_eq!(to_fixed(f64::NAN, 4, 10_000), None);
    }

    #[test]
    fn member_kinds_are_inferred() {
        assert_eq!(infer_kind("FK", "Försäkringskassan"), MemberKind::Stat);
        assert_eq!(infer_kind("AF", "Arbetsförmedlingen"), MemberKind::Stat);
        assert_eq!(infer_kind("RVB", "Region Västerbotten"), MemberKind::Region);
        assert_eq!(
            infer_kind("LJ", "Landstinget i Jönköpings län"),
            MemberKind::Region
        );
        assert_eq!(infer_kind("UMEA", "Umeå kommun"), MemberKind::Kommun);
        assert_eq!(
            infer_kind("ESF", "Europeiska socialfonden"),
            MemberKind::Annan
        );
    }
}
