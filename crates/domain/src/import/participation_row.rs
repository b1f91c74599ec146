//! One row of the participation file (SPEC 11): the person (personnummer, or alias
//! with sex and birth year), the start with its baseline, and the exit if there is one.

use super::RowProblem;
use crate::FieldError;
use crate::codes::{Sex, parse_optional};
use crate::journey::exit::Exit;
use crate::journey::input::{Enrolment, EnrolmentInput, ExitInput, yes_no};
use crate::journey::person::{Identity, parse_birth_year};
use crate::personal_number::PersonalNumber;
use time::Date;

/// The columns of the file, in the order exports write them.
pub const COLUMNS: [&str; 20] = [
    "insats",
    "personnummer",
    "alias",
    "kon",
    "fodelsear",
    "kommun",
    "aktualiserad_av",
    "startdatum",
    "forsorjning_fore",
    "sysselsattning_fore",
    "utbildningsniva",
    "tid_utan_arbete",
    "slutdatum",
    "avslutsorsak",
    "sysselsattning_efter",
    "anstallningsform",
    "omfattning_procent",
    "studieform",
    "forsorjning_efter",
    "samtycke",
];

/// Columns every file must have.
pub const REQUIRED: [&str; 2] = ["insats", "startdatum"];

/// A row read and checked on its own (the intervention is checked by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    /// The spreadsheet row number.
    pub row: usize,
    /// Intervention code.
    pub intervention: String,
    /// The person: number (no name in files) or alias.
    pub identity: Identity,
    /// Who proposed the person (free text, e.g. `FK`, `Psykiatrin`).
    pub referred_by: String,
    /// The unit within it, written after a `/` in the cell
    /// (`Region Västerbotten / Psykiatriska mottagningen`); empty when none.
    pub referred_unit: String,
    /// Start, consent and baseline; consent `nej` gives an anonymous participation.
    pub enrolment: Enrolment,
    /// The exit, when the row has an end date.
    pub exit: Option<Exit>,
}

impl ImportedRow {
    /// The key rows match on: intervention, person (digits or alias) and start date.
    pub fn key(&self) -> (String, String, Date) {
        (
            self.intervention.clone(),
            person_key(&self.identity),
            self.enrolment.start_on,
        )
    }
}

/// How a person is matched across files: the number's digits, or the alias in lower case.
pub fn person_key(identity: &Identity) -> String {
    match identity {
        Identity::Number { number, .. } => number.digits().to_string(),
        Identity::Alias { alias, .. } => format!("alias:{}", alias.trim().to_lowercase()),
    }
}

/// Reads one data row; `get` returns a column's cell (empty when absent).
/// Every problem of the row is returned, not only the first.
pub fn read_row(
    row: usize,
    get: &dyn Fn(&str) -> String,
    today: Date,
) -> Result<ImportedRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut keep = |column: &str, e: FieldError| problems.push(RowProblem::new(row, column, e));
    let intervention = get("insats").trim().to_string();
    if intervention.is_empty() {
        keep("insats", FieldError::new("insats", "error.required"));
    }
    let consent = match yes_no("samtycke", &get("samtycke"), true) {
        Ok(c) => c,
        Err(e) => {
            keep("samtycke", e);
            true
        }
    };
    let identity = read_identity(&get, consent, today)
        .map_err(|(c, e)| keep(c, e))
        .ok();
    let input = EnrolmentInput {
        startdatum: get("startdatum"),
        samtycke: if consent { "ja" } else { "nej" }.into(),
        forsorjning_fore: get("forsorjning_fore"),
        sysselsattning_fore: get("sysselsattning_fore"),
        utbildningsniva: get("utbildningsniva"),
        tid_utan_arbete: get("tid_utan_arbete"),
        kommun: get("kommun"),
        ..EnrolmentInput::default()
    };
    let enrolment = each_field(&input, today)
        .map_err(|es| es.into_iter().for_each(|e| keep(e.field, e)))
        .ok();
    let has_exit = !get("slutdatum").trim().is_empty() || !get("avslutsorsak").trim().is_empty();
    let exit_input = ExitInput {
        slutdatum: get("slutdatum"),
        avslutsorsak: get("avslutsorsak"),
        sysselsattning_efter: get("sysselsattning_efter"),
        anstallningsform: get("anstallningsform"),
        omfattning_procent: get("omfattning_procent"),
        studieform: get("studieform"),
        forsorjning_efter: get("forsorjning_efter"),
        ..ExitInput::default()
    };
    let exit = if has_exit {
        match exit_input.parse() {
            Ok(x) => {
                if let Ok(start) = crate::journey::dates::parse("startdatum", &get("startdatum"))
                    && let Err(err) = x.check_values(start, today)
                {
                    keep(err.field, err);
                }
                Some(x)
            }
            Err(e) => {
                keep(e.field, e);
                None
            }
        }
    } else {
        None
    };
    if let (Some(Identity::Number { number, .. }), Some(e)) = (&identity, &enrolment)
        && number.birth_date().is_some_and(|born| born > e.start_on)
    {
        keep(
            "personnummer",
            FieldError::with_detail(
                "personnummer",
                "error.personal_number.after_start",
                e.start_on.to_string(),
            ),
        );
    }
    let (referred_by, referred_unit) = organisation_and_unit(&get("aktualiserad_av"));
    match (identity, enrolment) {
        (Some(identity), Some(enrolment)) if problems.is_empty() => Ok(ImportedRow {
            row,
            intervention,
            identity,
            referred_by,
            referred_unit,
            enrolment,
            exit,
        }),
        _ => Err(problems),
    }
}

/// The enrolment's values, each checked so that all wrong ones are reported.
fn each_field(input: &EnrolmentInput, today: Date) -> Result<Enrolment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut probe = input.clone();
    // Read once; on an error blank that field and read again, to find every wrong field.
    loop {
        match probe.parse(&[], today) {
            Ok(e) if errors.is_empty() => return Ok(e),
            Ok(_) => return Err(errors),
            Err(e) => {
                let field = e.field;
                errors.push(e);
                match field {
                    "startdatum" => return Err(errors),
                    "forsorjning_fore" => probe.forsorjning_fore.clear(),
                    "sysselsattning_fore" => probe.sysselsattning_fore.clear(),
                    "utbildningsniva" => probe.utbildningsniva.clear(),
                    "tid_utan_arbete" => probe.tid_utan_arbete.clear(),
                    "kommun" => probe.kommun.clear(),
                    _ => return Err(errors),
                }
            }
        }
    }
}

/// The person of a row. Without consent the number is never kept: an alias is
/// required, and sex and birth year come from the number when one is given.
fn read_identity(
    get: &dyn Fn(&str) -> String,
    consent: bool,
    today: Date,
) -> Result<Identity, (&'static str, FieldError)> {
    let number_text = get("personnummer");
    let alias = get("alias").trim().to_string();
    let number = if number_text.trim().is_empty() {
        None
    } else {
        Some(
            PersonalNumber::parse("personnummer", &number_text, today)
                .map_err(|e| ("personnummer", e))?,
        )
    };
    match number {
        Some(number) if consent => Ok(Identity::Number {
            number,
            name: String::new(),
        }),
        Some(number) => {
            if alias.is_empty() {
                return Err((
                    "alias",
                    FieldError::new("alias", "error.import.alias_without_consent"),
                ));
            }
            let birth_year = number.birth_date().map_or(0, |d| d.year());
            Ok(Identity::Alias {
                alias,
                sex: number.sex(),
                birth_year,
            })
        }
        None => {
            if alias.is_empty() {
                return Err((
                    "personnummer",
                    FieldError::new("personnummer", "error.import.no_person"),
                ));
            }
            let sex = parse_optional::<Sex>("kon", &get("kon"))
                .map_err(|e| ("kon", e))?
                .ok_or(("kon", FieldError::new("kon", "error.required")))?;
            let birth_year =
                parse_birth_year(&get("fodelsear"), today).map_err(|e| ("fodelsear", e))?;
            Ok(Identity::Alias {
                alias,
                sex,
                birth_year,
            })
        }
    }
}

/// Splits an `aktualiserad_av` cell at its first `/` into organisation and unit.
pub fn organisation_and_unit(cell: &str) -> (String, String) {
    match cell.split_once('/') {
        Some((org, unit)) => (org.trim().to_string(), unit.trim().to_string()),
        None => (cell.trim().to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use time::macros::date;

    fn row(cells: &[(&str, &str)]) -> Result<ImportedRow, Vec<RowProblem>> {
        let map: HashMap<String, String> = cells
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read_row(
            7,
            &|c| map.get(c).cloned().unwrap_or_default(),
            date!(2026 - 11 - 22),
        )
    }

    #[test]
    fn a_full_row_reads() {
        let r = row(&[
            ("insats", "NK"),
            ("personnummer", "19950314-0288"),
            ("startdatum", "2012-03-01"),
            ("forsorjning_fore", "aktivitetsersattning|forsorjningsstod"),
            ("slutdatum", "2013-02-28"),
            ("avslutsorsak", "arbete"),
            ("sysselsattning_efter", "arbete"),
            ("anstallningsform", "lonebidrag"),
            ("omfattning_procent", "75"),
            ("samtycke", "ja"),
        ])
        .unwrap();
        assert_eq!(r.enrolment.baseline.income.len(), 2);
        assert_eq!(r.exit.unwrap().extent, Some(75));
        assert_eq!(person_key(&r.identity), "199503140288");
    }

    #[test]
    fn every_problem_of_a_row_is_named() {
        let problems = row(&[
            ("insats", "NK"),
            ("personnummer", "19950314-0289"),
            ("startdatum", "2012-03-01"),
            ("sysselsattning_fore", "jobb"),
            ("utbildningsniva", "hög"),
            ("slutdatum", "2011-01-01"),
            ("avslutsorsak", "arbete"),
            ("sysselsattning_efter", "arbete"),
        ])
        .unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(
            columns,
            [
                "personnummer",
                "sysselsattning_fore",
                "utbildningsniva",
                "slutdatum"
            ]
        );
        assert!(problems.iter().all(|p| p.row == 7));
    }

    #[test]
    fn without_consent_the_number_is_not_kept() {
        let r = row(&[
            ("insats", "NK"),
            ("personnummer", "19950314-0288"),
            ("alias", "NK-7"),
            ("startdatum", "2012-03-01"),
            ("samtycke", "nej"),
        ])
        .unwrap();
        assert_eq!(
            r.identity,
            Identity::Alias {
                alias: "NK-7".into(),
                sex: Sex::Kvinna,
                birth_year: 1995
            }
        );
        assert!(r.enrolment.consent.is_none());
        let p = row(&[
            ("insats", "NK"),
            ("personnummer", "19950314-0288"),
            ("startdatum", "2012-03-01"),
            ("samtycke", "nej"),
        ])
        .unwrap_err();
        assert_eq!(p[0].column, "alias");
    }

    #[test]
    fn the_unit_follows_a_slash_in_aktualiserad_av() {
        assert_eq!(
            organisation_and_unit(" Region Västerbotten / Psykiatriska mottagningen "),
            (
                "Region Västerbotten".to_string(),
                "Psykiatriska mottagningen".to_string()
            )
        );
        assert_eq!(
            organisation_and_unit("FK"),
            ("FK".to_string(), String::new())
        );
        assert_eq!(organisation_and_unit(""), (String::new(), String::new()));
    }
}
