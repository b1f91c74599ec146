//! Calendar days as typed in forms and files (`YYYY-MM-DD`), and month arithmetic
//! for follow-up dates.

use crate::FieldError;
use time::{Date, Month};

/// Parses `YYYY-MM-DD`; the error names `field` and repeats the text.
pub fn parse(field: &'static str, text: &str) -> Result<Date, FieldError> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let parsed =
        (parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2)
            .then(|| {
                let y: i32 = parts[0].parse().ok()?;
                let m: u8 = parts[1].parse().ok()?;
                let d: u8 = parts[2].parse().ok()?;
                Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
            })
            .flatten();
    parsed.ok_or_else(|| FieldError::with_detail(field, "error.date.format", text))
}

/// Like [`parse`], but an empty text is `None`.
pub fn parse_optional(field: &'static str, text: &str) -> Result<Option<Date>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(field, text).map(Some)
    }
}

/// The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb).
pub fn add_months(day: Date, months: u32) -> Date {
    shift_months(day, months as i32)
}

/// The same day `months` earlier, clamped to the month's last day (31 Mar − 1 = 28/29 Feb).
pub fn sub_months(day: Date, months: u32) -> Date {
    shift_months(day, -(months as i32))
}

fn shift_months(day: Date, months: i32) -> Date {
    let total = day.year() * 12 + i32::from(day.month() as u8 - 1) + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12) as u8);
    let month = Month::try_from(month0 + 1).unwrap_or(Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse("startdatum", "2026-03-01").unwrap(),
            date!(2026 - 03 - 01)
        );
        for bad in ["2026-3-1", "2026-02-30", "idag", "01-03-2026", ""] {
            let e = parse("startdatum", bad).unwrap_err();
            assert_eq!(
                (e.field, e.message_key),
                ("startdatum", "error.date.format")
            );
        }
        assert_eq!(parse_optional("slutdatum", " ").unwrap(), None);
    }

    #[test]
    fn months_are_added_by_calendar() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 08 - 15), 6), date!(2027 - 02 - 15));
        assert_eq!(add_months(date!(2025 - 11 - 30), 24), date!(2027 - 11 - 30));
        assert_eq!(
            days_between(date!(2026 - 01 - 01), date!(2026 - 02 - 01)),
            31
        );
    }
}
