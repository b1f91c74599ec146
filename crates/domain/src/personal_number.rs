//! Personnummer and samordningsnummer: parsed, checked (Luhn) and kept out of logs.
//! Sex and birth date come from the number (SPEC 5 and 6).

use crate::FieldError;
use crate::codes::Sex;
use crate::orgnr::luhn_ok;
use time::{Date, Month};

/// No one born before this year is a participant (issue 20, L2: year 0001 was taken).
pub const OLDEST_BIRTH_YEAR: i32 = 1890;

/// A validated personnummer or samordningsnummer, stored as twelve digits
/// `YYYYMMDDNNNN`. Its `Debug` never shows the number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonalNumber(String);

impl std::fmt::Debug for PersonalNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonalNumber(***)")
    }
}

impl PersonalNumber {
    /// Parses `YYYYMMDD-NNNN`, `YYYYMMDDNNNN`, `YYMMDD-NNNN`, `YYMMDDNNNN` or `YYMMDD+NNNN`
    /// (`+` for people aged 100 or more). Ten-digit forms take their century from `today`.
    /// The birth date must lie between 1890 and `today`. Errors name `field` and never
    /// repeat the number.
    pub fn parse(field: &'static str, text: &str, today: Date) -> Result<Self, FieldError> {
        let text = text.trim();
        let plus = text.contains('+');
        let digits: String = text
            .chars()
            .filter(|c| *c != '-' && *c != '+' && *c != ' ')
            .collect();
        let shape_ok = digits.chars().all(|c| c.is_ascii_digit())
            && matches!(digits.len(), 10 | 12)
            && text.chars().filter(|c| *c == '-' || *c == '+').count() <= 1;
        if !shape_ok {
            return Err(FieldError::new(field, "error.personal_number.format"));
        }
        let full = if digits.len() == 12 {
            digits
        } else {
            with_century(&digits, plus, today)
        };
        let ten: Vec<u8> = full[2..].bytes().map(|b| b - b'0').collect();
        if !luhn_ok(&ten) {
            return Err(FieldError::new(field, "error.personal_number.check_digit"));
        }
        let number = Self(full);
        match number.birth_date() {
            None => Err(FieldError::new(field, "error.personal_number.date")),
            Some(born) if born > today => {
                Err(FieldError::new(field, "error.personal_number.future"))
            }
            Some(born) if born.year() < OLDEST_BIRTH_YEAR => {
                Err(FieldError::new(field, "error.personal_number.too_old"))
            }
            Some(_) => Ok(number),
        }
    }

    /// The twelve stored digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The number as people write it: `YYYYMMDD-NNNN`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..8], &self.0[8..])
    }

    /// True for a samordningsnummer (day of birth plus 60).
    pub fn is_coordination_number(&self) -> bool {
        self.0[6..8].parse::<u8>().is_ok_and(|d| d > 60)
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> Option<Date> {
        let year: i32 = self.0[..4].parse().ok()?;
        let month: u8 = self.0[4..6].parse().ok()?;
        let mut day: u8 = self.0[6..8].parse().ok()?;
        if day > 60 {
            day -= 60;
        }
        Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
    }

    /// Sex from the second-last digit: odd for men, even for women.
    pub fn sex(&self) -> Sex {
        match self.0.as_bytes()[10] - b'0' {
            d if d % 2 == 1 => Sex::Man,
            _ => Sex::Kvinna,
        }
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: Date) -> Option<i32> {
        let born = self.birth_date()?;
        let mut age = day.year() - born.year();
        if (day.month() as u8, day.day()) < (born.month() as u8, born.day()) {
            age -= 1;
        }
        Some(age)
    }
}

/// Adds the century to a ten-digit number: the latest century in which the person
/// is not born in the future (a hundred years earlier with `+`).
fn with_century(ten: &str, plus: bool, today: Date) -> String {
    let yy: i32 = ten[..2].parse().unwrap_or(0);
    let mmdd: i32 = ten[2..6].parse().unwrap_or(0);
    let current = today.year();
    let today_mmdd = i32::from(today.month() as u8) * 100 + i32::from(today.day());
    let mut year = current - (current % 100) + yy;
    if year > current || (year == current && mmdd > today_mmdd) {
        year -= 100;
    }
    if plus {
        year -= 100;
    }
    format!("{year:04}{}", &ten[2..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn the_classic_test_number_parses_in_every_form() {
        for form in ["19121212-1212", "191212121212", "121212+1212"] {
            let n = PersonalNumber::parse("personnummer", form, TODAY).unwrap();
            assert_eq!(n.digits(), "191212121212", "{form}");
        }
        for form in ["121212-1212", "1212121212", " 121212 1212 "] {
            let n = PersonalNumber::parse("personnummer", form, TODAY).unwrap();
            assert_eq!(
                n.digits(),
                "201212121212",
                "{form}: under 100 without a plus sign"
            );
        }
        let n = PersonalNumber::parse("personnummer", "19121212-1212", TODAY).unwrap();
        assert_eq!(n.display(), "19121212-1212");
        assert_eq!(n.sex(), Sex::Man);
        assert_eq!(n.birth_date(), Some(date!(1912 - 12 - 12)));
        assert_eq!(n.age_on(TODAY), Some(113));
        assert_eq!(format!("{n:?}"), "PersonalNumber(***)");
    }

    /// `yyyymmddnnn` with the check digit that makes it valid.
    fn valid(first11: &str) -> String {
        (0..=9)
            .map(|d| format!("{first11}{d}"))
            .find(|n| luhn_ok(&n[2..].bytes().map(|b| b - b'0').collect::<Vec<_>>()))
            .unwrap()
    }

    #[test]
    fn a_birth_date_in_the_future_or_before_1890_is_refused() {
        for (number, key) in [
            (valid("20990101123"), "error.personal_number.future"),
            (valid("20261123123"), "error.personal_number.future"),
            (valid("00010101123"), "error.personal_number.too_old"),
            (valid("18891231123"), "error.personal_number.too_old"),
        ] {
            let e = PersonalNumber::parse("personnummer", &number, TODAY).unwrap_err();
            assert_eq!((e.field, e.message_key), ("personnummer", key), "{number}");
        }
        for number in [valid("18900101123"), valid("20261122123")] {
            assert!(
                PersonalNumber::parse("personnummer", &number, TODAY).is_ok(),
                "{number}"
            );
        }
    }

    #[test]
    fn century_follows_today_and_the_plus_sign() {
        let young = PersonalNumber::parse("p", "0101012383", TODAY).unwrap();
        assert_eq!(&young.digits()[..4], "2001");
        let old = PersonalNumber::parse("p", "010101+2383", TODAY).unwrap();
        assert_eq!(&old.digits()[..4], "1901");
    }

    #[test]
    fn coordination_numbers_add_sixty_to_the_day() {
        let n = PersonalNumber::parse("p", "19701063-2391", TODAY).unwrap();
        assert!(n.is_coordination_number());
        assert_eq!(n.birth_date(), Some(date!(1970 - 10 - 03)));
    }

    #[test]
    fn wrong_numbers_are_refused_without_repeating_them() {
        let e = PersonalNumber::parse("personnummer", "19121212-1213", TODAY).unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("personnummer", "error.personal_number.check_digit")
        );
        assert!(e.args.is_empty(), "the number is never echoed");
        assert_eq!(
            PersonalNumber::parse("p", "1212", TODAY)
                .unwrap_err()
                .message_key,
            "error.personal_number.format"
        );
        assert_eq!(
            PersonalNumber::parse("p", "19121312-1211", TODAY)
                .unwrap_err()
                .message_key,
            "error.personal_number.date"
        );
    }
}
