//! The typed values a table of the setup file may hold: texts, lists, numbers,
//! dates, inline tables and sections. Each records a wrong value and goes on.

use super::error::Problems;
use super::reader::{Fields, Shape, start};
use super::values::parse_date;
use samverka_domain::FieldError;
use time::{Date, Month};
use toml_edit::{Table, Value};

impl<'a> Fields<'a> {
    /// A text.
    pub(super) fn text(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
    ) -> Option<String> {
        let (at, item) = self.entry(p, key, required)?;
        match item.as_str() {
            Some(s) => {
                self.note(key, at, s);
                Some(s.to_string())
            }
            None => {
                self.fail(
                    p,
                    key,
                    at,
                    FieldError::new(key, "error.setup.expected_text"),
                );
                None
            }
        }
    }

    /// A text passed through a domain check (code, name, orgnr …).
    pub(super) fn checked<T>(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
        check: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        let text = self.text(p, key, required)?;
        match check(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(p, key, self.key_at(key), e);
                None
            }
        }
    }

    /// An array of values, each with where it is written; `expected` is the
    /// error when it is something else.
    pub(super) fn array(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
        expected: FieldError,
    ) -> Option<Vec<(usize, &'a Value)>> {
        let (at, item) = self.entry(p, key, required)?;
        match item.as_array() {
            Some(array) => Some(array.iter().map(|v| (start(v.span(), at), v)).collect()),
            None => {
                self.fail(p, key, at, expected);
                None
            }
        }
    }

    /// An array of texts, each with where it is written.
    pub(super) fn texts(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
    ) -> Option<Vec<(usize, String)>> {
        let expected = FieldError::new(key, "error.setup.expected_list");
        let values = self.array(p, key, required, expected)?;
        self.note(key, self.key_at(key), "");
        let mut out = Vec::new();
        let mut ok = true;
        for (at, value) in values {
            match value.as_str() {
                Some(s) => {
                    self.note(key, at, s);
                    out.push((at, s.to_string()));
                }
                None => {
                    ok = false;
                    self.fail(
                        p,
                        key,
                        at,
                        FieldError::new(key, "error.setup.expected_list"),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    /// One text or an array of texts (e.g. `association = "SFU"` or `["SFU", "FINSAM"]`).
    pub(super) fn one_or_more(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
    ) -> Option<Vec<(usize, String)>> {
        let (at, item) = self.entry(p, key, required)?;
        match item.as_str() {
            Some(s) => {
                self.note(key, at, s);
                Some(vec![(at, s.to_string())])
            }
            None if item.is_array() => self.texts(p, key, required),
            None => {
                self.fail(
                    p,
                    key,
                    at,
                    FieldError::new(key, "error.setup.expected_codes"),
                );
                None
            }
        }
    }

    /// A `true` or `false`; missing is `None`.
    pub(super) fn flag(&mut self, p: &mut Problems, key: &'static str) -> Option<bool> {
        let (at, item) = self.entry(p, key, false)?;
        let flag = item.as_bool();
        if flag.is_none() {
            self.fail(
                p,
                key,
                at,
                FieldError::new(key, "error.setup.expected_bool"),
            );
        }
        flag
    }

    /// A whole number of at least 0; missing is `None`.
    pub(super) fn count(&mut self, p: &mut Problems, key: &'static str) -> Option<u32> {
        let (at, item) = self.entry(p, key, false)?;
        let count = item.as_integer().and_then(|n| u32::try_from(n).ok());
        match count {
            Some(n) => self.note(key, at, &n.to_string()),
            None => self.fail(
                p,
                key,
                at,
                FieldError::new(key, "error.setup.expected_count"),
            ),
        }
        count
    }

    /// A whole number from 0 to 255 (an age); missing is `None`.
    pub(super) fn small(&mut self, p: &mut Problems, key: &'static str) -> Option<u8> {
        let (at, item) = self.entry(p, key, false)?;
        let small = item.as_integer().and_then(|n| u8::try_from(n).ok());
        match small {
            Some(n) => self.note(key, at, &n.to_string()),
            None => self.fail(
                p,
                key,
                at,
                FieldError::with_args(
                    key,
                    "error.setup.expected_integer",
                    vec![("min", "0".into()), ("max", u8::MAX.to_string())],
                ),
            ),
        }
        small
    }

    /// A number (integer or decimal) with where it is written; `example` shows the form.
    pub(super) fn number(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
        example: &'static str,
    ) -> Option<(usize, f64)> {
        let (at, item) = self.entry(p, key, required)?;
        let number = item
            .as_float()
            .or_else(|| item.as_integer().map(|n| n as f64));
        match number {
            Some(x) => {
                self.note(key, at, &x.to_string());
                Some((at, x))
            }
            None => {
                self.fail(
                    p,
                    key,
                    at,
                    FieldError::with_detail(key, "error.setup.expected_number", example),
                );
                None
            }
        }
    }

    /// A date, written `"YYYY-MM-DD"` or as a TOML date.
    pub(super) fn date(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
    ) -> Option<Date> {
        let (at, item) = self.entry(p, key, required)?;
        let (date, written) = if let Some(s) = item.as_str() {
            (parse_date(s), s.to_string())
        } else if let Some(dt) = item.as_datetime() {
            let date = match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => Month::try_from(d.month)
                    .ok()
                    .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok()),
                _ => None,
            };
            (date, dt.to_string())
        } else {
            self.fail(
                p,
                key,
                at,
                FieldError::new(key, "error.setup.expected_date"),
            );
            return None;
        };
        match date {
            Some(_) => self.note(key, at, &written),
            None => self.fail(
                p,
                key,
                at,
                FieldError::with_detail(key, "error.setup.bad_date", written),
            ),
        }
        date
    }

    /// A table written inline (`{ … }`) or with dotted keys; `example` shows the form.
    pub(super) fn table(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
        shape: &'static Shape,
        example: &'static str,
    ) -> Option<Fields<'a>> {
        let (at, item) = self.entry(p, key, required)?;
        match item.as_table_like() {
            Some(table) => {
                self.note(key, at, "");
                Some(Fields::new(p, table, at, self.path_of(key), shape))
            }
            None => {
                self.fail(
                    p,
                    key,
                    at,
                    FieldError::with_detail(key, "error.setup.expected_table", example),
                );
                None
            }
        }
    }

    /// The sections under this table written `header` (`[[intervention.goal]]`),
    /// each with where it starts.
    pub(super) fn sections(
        &mut self,
        p: &mut Problems,
        key: &'static str,
        header: &'static str,
    ) -> Vec<(usize, &'a Table)> {
        let Some((at, item)) = self.entry(p, key, false) else {
            return Vec::new();
        };
        match item.as_array_of_tables() {
            Some(tables) => tables.iter().map(|t| (start(t.span(), at), t)).collect(),
            None => {
                self.fail(
                    p,
                    key,
                    at,
                    FieldError::with_detail(key, "error.setup.expected_sections", header),
                );
                Vec::new()
            }
        }
    }
}
