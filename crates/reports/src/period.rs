//! Report periods and their presets: tertial (`2026-T1`: January–April, `T2`:
//! May–August, `T3`: September–December), half-year (`2026-H1`, `2026-H2`),
//! calendar year (`2026`) and a run of whole years (`2006-2013`), as associations
//! report them. The association layer's grid is made of these (SPEC 7.4).

use time::{Date, Month};

/// A named period an association reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Preset {
    /// A tertial (1–3) of a year.
    Tertial(i32, u8),
    /// A half-year (1–2) of a year.
    HalfYear(i32, u8),
    /// A calendar year.
    Year(i32),
    /// Whole calendar years, first to last.
    Years(i32, i32),
}

impl Preset {
    /// Reads `2026-T1`, `2026-H2`, `2026` or `2006-2013`; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (year, part) = match text.split_once('-') {
            Some((y, p)) => (y, Some(p)),
            None => (text, None),
        };
        if year.len() != 4 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if !(1900..=2999).contains(&year) {
            return None;
        }
        let Some(part) = part else {
            return Some(Preset::Year(year));
        };
        if part.len() == 4 {
            let last: i32 = part.parse().ok()?;
            return ((year + 1)..=2999)
                .contains(&last)
                .then_some(Preset::Years(year, last));
        }
        let (kind, n) = part.split_at_checked(1)?;
        let n: u8 = n.parse().ok()?;
        match kind.to_ascii_uppercase().as_str() {
            "T" if (1..=3).contains(&n) => Some(Preset::Tertial(year, n)),
            "H" if (1..=2).contains(&n) => Some(Preset::HalfYear(year, n)),
            _ => None,
        }
    }

    /// The preset's first and last day.
    pub fn bounds(self) -> (Date, Date) {
        let (year, first, last_year, last) = match self {
            Preset::Tertial(y, n) => (y, 1 + 4 * (n - 1), y, 4 * n),
            Preset::HalfYear(y, n) => (y, 1 + 6 * (n - 1), y, 6 * n),
            Preset::Year(y) => (y, 1, y, 12),
            Preset::Years(a, b) => (a, 1, b, 12),
        };
        let month = |m: u8| Month::try_from(m).unwrap_or(Month::January);
        let start = Date::from_calendar_date(year, month(first), 1).unwrap_or(Date::MIN);
        let end_month = month(last);
        let end = Date::from_calendar_date(last_year, end_month, end_month.length(last_year))
            .unwrap_or(Date::MAX);
        (start, end)
    }

    /// The code as written in a link or on the command line (`2026-T1`).
    pub fn code(self) -> String {
        match self {
            Preset::Tertial(y, n) => format!("{y}-T{n}"),
            Preset::HalfYear(y, n) => format!("{y}-H{n}"),
            Preset::Year(y) => y.to_string(),
            Preset::Years(a, b) => format!("{a}-{b}"),
        }
    }

    /// The preset whose bounds are exactly `from`–`to`, if any.
    pub fn of_bounds((from, to): (Date, Date)) -> Option<Self> {
        let (a, b) = (from.year(), to.year());
        let mut candidates = vec![Preset::Year(a), Preset::Years(a, b)];
        candidates.extend((1..=3).map(|n| Preset::Tertial(a, n)));
        candidates.extend((1..=2).map(|n| Preset::HalfYear(a, n)));
        candidates
            .into_iter()
            .filter(|p| !matches!(p, Preset::Years(x, y) if x >= y))
            .find(|p| p.bounds() == (from, to))
    }

    /// The association layer's grid for interventions that began in `first_year`:
    /// every tertial, half-year and year that has ended before `today`, and every
    /// run of whole years from `first_year` to an ended year. Oldest first.
    pub fn grid(first_year: i32, today: Date) -> Vec<Preset> {
        let ended = |p: &Preset| p.bounds().1 < today;
        let mut out = Vec::new();
        for year in first_year..=today.year() {
            out.extend((1..=3).map(|n| Preset::Tertial(year, n)));
            out.extend((1..=2).map(|n| Preset::HalfYear(year, n)));
            out.push(Preset::Year(year));
            if year > first_year {
                out.push(Preset::Years(first_year, year));
            }
        }
        out.retain(ended);
        out
    }

    /// The presets that end on or before `today`'s tertial, newest first, for a
    /// period picker: the last `years` years' tertials, half-years and years.
    pub fn recent(today: Date, years: i32) -> Vec<Preset> {
        let mut out = Vec::new();
        for year in (today.year() - years + 1..=today.year()).rev() {
            let started = |p: Preset| p.bounds().0 <= today;
            out.extend(
                (1..=3)
                    .rev()
                    .map(|n| Preset::Tertial(year, n))
                    .filter(|p| started(*p)),
            );
            out.extend(
                (1..=2)
                    .rev()
                    .map(|n| Preset::HalfYear(year, n))
                    .filter(|p| started(*p)),
            );
            out.push(Preset::Year(year));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn tertials_half_years_and_years_have_their_calendar_bounds() {
        let b = |t: &str| Preset::parse(t).map(Preset::bounds);
        assert_eq!(
            b("2026-T1"),
            Some((date!(2026 - 01 - 01), date!(2026 - 04 - 30)))
        );
        assert_eq!(
            b("2026-T2"),
            Some((date!(2026 - 05 - 01), date!(2026 - 08 - 31)))
        );
        assert_eq!(
            b("2026-t3"),
            Some((date!(2026 - 09 - 01), date!(2026 - 12 - 31)))
        );
        assert_eq!(
            b("2024-H1"),
            Some((date!(2024 - 01 - 01), date!(2024 - 06 - 30)))
        );
        assert_eq!(
            b("2012"),
            Some((date!(2012 - 01 - 01), date!(2012 - 12 - 31)))
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "", "2026-T4", "2026-H0", "26", "2026-Q1", "abcd", "2026-T", "2026-Tx",
        ] {
            assert_eq!(Preset::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn runs_of_years_read_and_bound() {
        assert_eq!(Preset::parse("2006-2013"), Some(Preset::Years(2006, 2013)));
        assert_eq!(Preset::parse("2013-2006"), None);
        assert_eq!(
            Preset::Years(2006, 2013).bounds(),
            (date!(2006 - 01 - 01), date!(2013 - 12 - 31))
        );
        assert_eq!(
            Preset::of_bounds((date!(2006 - 01 - 01), date!(2013 - 12 - 31))),
            Some(Preset::Years(2006, 2013))
        );
        assert_eq!(
            Preset::of_bounds((date!(2012 - 05 - 01), date!(2012 - 08 - 31))),
            Some(Preset::Tertial(2012, 2))
        );
        assert_eq!(
            Preset::of_bounds((date!(2006 - 05 - 01), date!(2013 - 12 - 31))),
            None
        );
    }

    #[test]
    fn the_grid_holds_only_ended_periods() {
        let codes: Vec<String> = Preset::grid(2024, date!(2025 - 09 - 01))
            .iter()
            .map(|p| p.code())
            .collect();
        assert_eq!(
            codes,
            [
                "2024-T1", "2024-T2", "2024-T3", "2024-H1", "2024-H2", "2024", "2025-T1",
                "2025-T2", "2025-H1"
            ]
        );
    }

    #[test]
    fn recent_presets_stop_at_today() {
        let list = Preset::recent(date!(2026 - 05 - 10), 1);
        let codes: Vec<String> = list.iter().map(|p| p.code()).collect();
        assert_eq!(codes, ["2026-T2", "2026-T1", "2026-H1", "2026"]);
    }
}
