//! The periods a report may cover: the last day not before the first, nothing
//! before 1980 (before any coordinated rehabilitation Samverka follows) and nothing
//! more than ten years ahead. A report from year 1 to 9999 took 826 MB (issue 20, M4).

use samverka_domain::FieldError;
use time::{Date, Month};

/// The first day any report may cover.
pub const EARLIEST: Date = time::macros::date!(1980 - 01 - 01);

/// How many years past this year a report may reach (budgets are planned ahead).
pub const YEARS_AHEAD: i32 = 10;

/// `Ok` when a report may cover `from`–`to` on `today`; else the field to fix.
pub fn check((from, to): (Date, Date), today: Date) -> Result<(), FieldError> {
    if to < from {
        return Err(FieldError::new("to", "error.report.period"));
    }
    if from < EARLIEST {
        return Err(FieldError::with_args(
            "from",
            "error.report.too_early",
            vec![("first", EARLIEST.to_string())],
        ));
    }
    let last = Date::from_calendar_date(today.year() + YEARS_AHEAD, Month::December, 31)
        .unwrap_or(Date::MAX);
    if to > last {
        return Err(FieldError::with_args(
            "to",
            "error.report.too_late",
            vec![("last", last.to_string())],
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_period_must_be_in_order_and_within_the_years_a_report_can_cover() {
        let today = date!(2026 - 12 - 02);
        assert_eq!(
            check((date!(2006 - 05 - 01), date!(2013 - 12 - 31)), today),
            Ok(())
        );
        assert_eq!(check((EARLIEST, date!(2036 - 12 - 31)), today), Ok(()));
        let field = |p| check(p, today).unwrap_err().field;
        assert_eq!(field((date!(2013 - 01 - 02), date!(2013 - 01 - 01))), "to");
        assert_eq!(
            field((date!(0001 - 01 - 01), date!(2013 - 01 - 01))),
            "from"
        );
        assert_eq!(field((date!(2026 - 01 - 01), date!(9999 - 12 - 31))), "to");
        assert_eq!(field((date!(2026 - 01 - 01), date!(2037 - 01 - 01))), "to");
    }
}
