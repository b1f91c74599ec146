//! A person known to a provider: identified by personnummer (or samordningsnummer)
//! and name, or, for protected identity and anonymous participation, only by an
//! alias with sex and birth year. Duplicate detection lives here too.

use crate::FieldError;
use crate::codes::{Sex, edit_distance};
use crate::personal_number::PersonalNumber;
use time::Date;

/// How a person is identified. An alias carries nothing else identifying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Identified: the number gives sex and birth date.
    Number {
        /// The validated number.
        number: PersonalNumber,
        /// Full name as the person gives it.
        name: String,
    },
    /// Not identified: protected identity, no consent, or not known.
    Alias {
        /// A label chosen by the provider, e.g. `NK-2026-07`.
        alias: String,
        /// Sex as told.
        sex: Sex,
        /// Year of birth.
        birth_year: i32,
    },
}

/// A person in one provider's register. Persons are never shared between providers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The provider that holds the data, by code.
    pub provider: String,
    /// Number and name, or alias.
    pub identity: Identity,
    /// Skyddade personuppgifter: always registered by alias.
    pub protected: bool,
}

impl Person {
    /// Sex, from the number when there is one.
    pub fn sex(&self) -> Sex {
        match &self.identity {
            Identity::Number { number, .. } => number.sex(),
            Identity::Alias { sex, .. } => *sex,
        }
    }

    /// Year of birth.
    pub fn birth_year(&self) -> i32 {
        match &self.identity {
            Identity::Number { number, .. } => number.birth_date().map_or(0, |d| d.year()),
            Identity::Alias { birth_year, .. } => *birth_year,
        }
    }

    /// What staff see as the person's name: the name, or the alias.
    pub fn label(&self) -> &str {
        match &self.identity {
            Identity::Number { name, .. } => name,
            Identity::Alias { alias, .. } => alias,
        }
    }

    /// The number as people write it, if identified.
    pub fn number_display(&self) -> Option<String> {
        match &self.identity {
            Identity::Number { number, .. } => Some(number.display()),
            Identity::Alias { .. } => None,
        }
    }

    /// True when the person is known only by alias.
    pub fn is_alias(&self) -> bool {
        matches!(self.identity, Identity::Alias { .. })
    }

    /// True when `query` (any case) is part of the name, alias or number.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return false;
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        self.label().to_lowercase().contains(&q)
            || match &self.identity {
                Identity::Number { number, .. } => {
                    digits.len() >= 6 && number.digits().contains(&digits)
                }
                Identity::Alias { .. } => false,
            }
    }
}

/// A person as typed in a form, file or API call, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    /// Personnummer or samordningsnummer; empty when unknown or protected.
    pub personal_number: String,
    /// Full name (with a number).
    pub name: String,
    /// Alias (without a number).
    pub alias: String,
    /// Sex code (without a number).
    pub sex: String,
    /// Birth year (without a number).
    pub birth_year: String,
    /// Skyddade personuppgifter.
    pub protected: bool,
}

impl PersonInput {
    /// Checks the input and returns the identity, or every wrong field.
    /// A number needs a name; no number needs alias, sex and birth year; protected
    /// identity must not be registered with a number or a name.
    pub fn identity(&self, today: Date) -> Result<Identity, Vec<FieldError>> {
        let mut errors = Vec::new();
        let number = self.personal_number.trim();
        if self.protected && (!number.is_empty() || !self.name.trim().is_empty()) {
            errors.push(FieldError::new(
                "personnummer",
                "error.person.protected_with_number",
            ));
            return Err(errors);
        }
        if !number.is_empty() {
            let parsed = PersonalNumber::parse("personnummer", number, today);
            let name = super::text::required("namn", &self.name);
            if !self.alias.trim().is_empty() {
                errors.push(FieldError::new("alias", "error.person.alias_with_number"));
            }
            if let Ok(n) = &parsed
                && n.birth_date().is_some_and(|b| b > today)
            {
                errors.push(FieldError::new(
                    "personnummer",
                    "error.personal_number.future",
                ));
            }
            match (parsed, name) {
                (Ok(number), Ok(name)) if errors.is_empty() => {
                    return Ok(Identity::Number { number, name });
                }
                (p, n) => errors.extend(p.err().into_iter().chain(n.err())),
            }
            return Err(errors);
        }
        if !self.name.trim().is_empty() {
            errors.push(FieldError::new("namn", "error.person.name_without_number"));
        }
        let alias = super::text::required("alias", &self.alias);
        let sex = Sex::parse("kon", &self.sex);
        let birth_year = parse_birth_year(&self.birth_year, today);
        match (alias, sex, birth_year) {
            (Ok(alias), Ok(sex), Ok(birth_year)) if errors.is_empty() => Ok(Identity::Alias {
                alias,
                sex,
                birth_year,
            }),
            (a, s, b) => {
                errors.extend(a.err().into_iter().chain(s.err()).chain(b.err()));
                Err(errors)
            }
        }
    }
}

/// A birth year between 1900 and this year.
pub fn parse_birth_year(text: &str, today: Date) -> Result<i32, FieldError> {
    let text = text.trim();
    match text.parse::<i32>() {
        Ok(y) if (1900..=today.year()).contains(&y) => Ok(y),
        _ => Err(FieldError::with_detail(
            "fodelsear",
            "error.person.birth_year",
            text,
        )),
    }
}

/// Why an existing person may be the same as a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same personnummer: certainly the same person.
    SameNumber,
    /// The same alias.
    SameAlias,
    /// A name within two letters' difference and the same birth year.
    SimilarName,
}

/// Whether `existing` looks like the person `new` describes.
pub fn likeness(existing: &Person, new: &Identity) -> Option<Likeness> {
    match (&existing.identity, new) {
        (
            Identity::Number {
                number: a,
                name: na,
            },
            Identity::Number {
                number: b,
                name: nb,
            },
        ) => {
            if a == b {
                Some(Likeness::SameNumber)
            } else {
                similar_name(na, nb)
                    .then_some(Likeness::SimilarName)
                    .filter(|_| {
                        a.birth_date().map(|d| d.year()) == b.birth_date().map(|d| d.year())
                    })
            }
        }
        (Identity::Alias { alias: a, .. }, Identity::Alias { alias: b, .. }) => {
            (a.trim().eq_ignore_ascii_case(b.trim())).then_some(Likeness::SameAlias)
        }
        _ => None,
    }
}

fn similar_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    edit_distance(&a, &b) <= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 22);

    fn input(number: &str, name: &str) -> PersonInput {
        PersonInput {
            personal_number: number.into(),
            name: name.into(),
            ..PersonInput::default()
        }
    }

    #[test]
    fn number_gives_sex_and_birth_year() {
        let id = input("19900101-0017", "Anna Berg").identity(TODAY).unwrap();
        let p = Person {
            id: 1,
            provider: "UK-SP".into(),
            identity: id,
            protected: false,
        };
        assert_eq!(
            (p.sex(), p.birth_year(), p.label()),
            (Sex::Man, 1990, "Anna Berg")
        );
        assert!(p.matches("berg") && p.matches("900101") && !p.matches("12"));
    }

    #[test]
    fn wrong_check_digit_names_the_field() {
        let e = input("19900101-0018", "Anna").identity(TODAY).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].message_key),
            ("personnummer", "error.personal_number.check_digit")
        );
    }

    #[test]
    fn alias_needs_sex_and_birth_year_and_nothing_else() {
        let mut i = PersonInput {
            alias: "NK-7".into(),
            sex: "kvinna".into(),
            birth_year: "1988".into(),
            ..PersonInput::default()
        };
        assert!(matches!(
            i.identity(TODAY).unwrap(),
            Identity::Alias {
                birth_year: 1988,
                ..
            }
        ));
        i.name = "Eva".into();
        assert_eq!(i.identity(TODAY).unwrap_err()[0].field, "namn");
        let e = PersonInput {
            alias: "x".into(),
            ..PersonInput::default()
        }
        .identity(TODAY)
        .unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kon", "fodelsear"]);
    }

    #[test]
    fn protected_identity_refuses_a_number() {
        let mut i = input("19900101-0017", "Anna");
        i.protected = true;
        assert_eq!(
            i.identity(TODAY).unwrap_err()[0].message_key,
            "error.person.protected_with_number"
        );
    }

    #[test]
    fn duplicates_are_found_by_number_alias_or_similar_name() {
        let a = input("19900101-0017", "Anna Berg").identity(TODAY).unwrap();
        let p = Person {
            id: 1,
            provider: "X".into(),
            identity: a.clone(),
            protected: false,
        };
        assert_eq!(likeness(&p, &a), Some(Likeness::SameNumber));
        let b = input("19900202-0015", "Ana Berg").identity(TODAY).unwrap();
        assert_eq!(likeness(&p, &b), Some(Likeness::SimilarName));
        let c = input("19910202-0014", "Ana Berg").identity(TODAY).unwrap();
        assert_eq!(likeness(&p, &c), None);
    }
}
