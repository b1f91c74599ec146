//! Tests of the setup file: the SPEC example, byte-exact round trips, and every
//! kind of mistake reported with file, line, key and a Swedish message.

mod reading;
mod refusals;

use super::*;
use samverka_domain::association::MemberKind;
use samverka_domain::codes::{ExitReason, IncomeSource, Occupation, Reached, Sex};
use samverka_domain::goal::{Basis, Numerator, Population};
use samverka_domain::intervention::{FollowUp, Orientation};
use samverka_i18n::{Lang, fill};
use time::macros::date;

const SPEC_EXAMPLE: &str = include_str!("../testdata/spec_example.toml");
const FOUR: &str = include_str!("../testdata/four_interventions.toml");

/// A small valid file that tests break in one place at a time.
const BASE: &str = r#"[[association]]
code = "SFU"
name = "Samordningsförbundet Umeå"
orgnr = "222000-0000"
members = [
  { code = "FK", name = "Försäkringskassan", financier = true },
]

[[provider]]
code = "UK-SP"
name = "Umeå kommun, Socialpsykiatri"

[[intervention]]
code = "NK"
name = "Nätkraft"
association = "SFU"
provider = "UK-SP"
orientation = "individinriktad"
follow_up = "individual"
template = "supported_employment"
start = "2006-05-01"
end = "2013-12-31"

[[intervention.goal]]
code = "arbete_eller_studier"
label = "Arbete eller studier"
basis = "all_participations"
numerator = { status_at_exit = ["arbete", "studier"] }
target = 0.35
"#;

fn parse_ok(text: &str) -> SetupPlan {
    match parse("setup.toml", text, &Known::default()) {
        Ok(plan) => plan,
        Err(errors) => panic!("{errors:#?}"),
    }
}

fn refused(text: &str) -> Vec<SetupError> {
    parse("setup.toml", text, &Known::default()).expect_err("the file should be refused")
}

/// `BASE` with `from` replaced by `to` (which must occur exactly once).
fn base_with(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "{from}");
    BASE.replace(from, to)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in text"))
}

/// The one error for `key`.
fn error_for<'e>(errors: &'e [SetupError], key: &str) -> &'e SetupError {
    let found: Vec<_> = errors.iter().filter(|e| e.key == key).collect();
    assert_eq!(found.len(), 1, "errors for {key}: {errors:#?}");
    found[0]
}
