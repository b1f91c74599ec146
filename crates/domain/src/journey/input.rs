//! Enrolment and exit as typed in a form, a file row or an API call: every field
//! is text, so the three share one reading. Field names are the import columns of
//! SPEC 11 where there is one.

use super::consent::Consent;
use super::exit::Exit;
use super::participation::Baseline;
use crate::FieldError;
use crate::codes::{ExitReason, parse_list, parse_optional};
use serde::Deserialize;
use time::Date;

/// An enrolment as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct EnrolmentInput {
    /// `startdatum`, `YYYY-MM-DD`.
    pub startdatum: String,
    /// `samtycke`: `ja` or `nej`.
    pub samtycke: String,
    /// Day the consent was signed (defaults to the start).
    pub samtycke_datum: String,
    /// Member codes the consent shares with, separated by `|` or `,`.
    pub samtycke_omfattning: String,
    /// `forsorjning_fore`: income codes separated by `|`.
    pub forsorjning_fore: String,
    /// `sysselsattning_fore`.
    pub sysselsattning_fore: String,
    /// `utbildningsniva`.
    pub utbildningsniva: String,
    /// `tid_utan_arbete`.
    pub tid_utan_arbete: String,
    /// `kommun`.
    pub kommun: String,
    /// Hidden obstacles found at screening, codes separated by `|`.
    pub hinder: String,
    /// The decisive change, when the person has taken part before.
    pub avgorande_forandring: String,
}

/// A checked enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    /// First day.
    pub start_on: Date,
    /// The consent, or `None` for an anonymous participation.
    pub consent: Option<Consent>,
    /// The situation at start.
    pub baseline: Baseline,
    /// The documented decisive change (re-enrolment).
    pub decisive_change: String,
}

/// Reads `ja`/`nej` (also `j`/`n`, `yes`/`no`, `1`/`0`); empty is `default`.
pub fn yes_no(field: &'static str, text: &str, default: bool) -> Result<bool, FieldError> {
    match text.trim().to_lowercase().as_str() {
        "" => Ok(default),
        "ja" | "j" | "yes" | "1" | "true" | "on" => Ok(true),
        "nej" | "n" | "no" | "0" | "false" | "off" => Ok(false),
        other => Err(FieldError::with_detail(field, "error.yes_no", other)),
    }
}

impl EnrolmentInput {
    /// Checks every field; `members` are the member codes consent may name.
    pub fn parse(&self, members: &[String], today: Date) -> Result<Enrolment, FieldError> {
        let start_on = super::dates::parse("startdatum", &self.startdatum)?;
        let consent = if yes_no("samtycke", &self.samtycke, false)? {
            let given_on = super::dates::parse_optional("samtycke_datum", &self.samtycke_datum)?
                .unwrap_or(start_on);
            let scope: Vec<String> = self
                .samtycke_omfattning
                .split(['|', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let c = Consent {
                given_on,
                scope,
                withdrawn_on: None,
            };
            c.check(members, today)?;
            Some(c)
        } else {
            None
        };
        let baseline = Baseline {
            income: parse_list("forsorjning_fore", &self.forsorjning_fore)?,
            occupation: parse_optional("sysselsattning_fore", &self.sysselsattning_fore)?,
            education: parse_optional("utbildningsniva", &self.utbildningsniva)?,
            time_away: parse_optional("tid_utan_arbete", &self.tid_utan_arbete)?,
            municipality: super::text::optional("kommun", &self.kommun)?,
            obstacles: parse_list("hinder", &self.hinder)?,
        };
        Ok(Enrolment {
            start_on,
            consent,
            baseline,
            decisive_change: super::text::optional(
                "avgorande_forandring",
                &self.avgorande_forandring,
            )?,
        })
    }
}

/// An exit as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ExitInput {
    /// `slutdatum`.
    pub slutdatum: String,
    /// `avslutsorsak`.
    pub avslutsorsak: String,
    /// `sysselsattning_efter`.
    pub sysselsattning_efter: String,
    /// `anstallningsform`.
    pub anstallningsform: String,
    /// `omfattning_procent`.
    pub omfattning_procent: String,
    /// `studieform`.
    pub studieform: String,
    /// `forsorjning_efter`, codes separated by `|`.
    pub forsorjning_efter: String,
    /// The exit analysis.
    pub avslutsanalys: String,
    /// The receiving organisation.
    pub mottagande_organisation: String,
}

impl ExitInput {
    /// Reads the values; the rules that relate them are [`Exit::check`].
    pub fn parse(&self) -> Result<Exit, FieldError> {
        let on = super::dates::parse("slutdatum", &self.slutdatum)?;
        let reason = <ExitReason as crate::codes::Code>::parse("avslutsorsak", &self.avslutsorsak)?;
        let extent = match self.omfattning_procent.trim() {
            "" => None,
            t => Some(super::text::extent_text("omfattning_procent", t)?),
        };
        Ok(Exit {
            on,
            reason,
            occupation: parse_optional("sysselsattning_efter", &self.sysselsattning_efter)?,
            employment_form: parse_optional("anstallningsform", &self.anstallningsform)?,
            extent,
            study_form: parse_optional("studieform", &self.studieform)?,
            income: parse_list("forsorjning_efter", &self.forsorjning_efter)?,
            analysis: self.avslutsanalys.trim().to_string(),
            receiving_org: self.mottagande_organisation.trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn enrolment_reads_codes_and_consent() {
        let input = EnrolmentInput {
            startdatum: "2026-03-02".into(),
            samtycke: "ja".into(),
            samtycke_omfattning: "FK|RVB".into(),
            forsorjning_fore: "aktivitetsersattning|forsorjningsstod".into(),
            sysselsattning_fore: "ingen_sysselsattning".into(),
            ..EnrolmentInput::default()
        };
        let members = vec!["FK".to_string(), "RVB".to_string()];
        let e = input.parse(&members, date!(2026 - 11 - 22)).unwrap();
        assert_eq!(e.consent.unwrap().scope, ["FK", "RVB"]);
        assert_eq!(e.baseline.income.len(), 2);
        let bad = EnrolmentInput {
            forsorjning_fore: "jobb".into(),
            ..input
        };
        assert_eq!(
            bad.parse(&members, date!(2026 - 11 - 22))
                .unwrap_err()
                .field,
            "forsorjning_fore"
        );
    }

    #[test]
    fn exit_reads_extent_and_unknown_codes() {
        let x = ExitInput {
            slutdatum: "2026-09-30".into(),
            avslutsorsak: "arbete".into(),
            sysselsattning_efter: "arbete".into(),
            omfattning_procent: "130".into(),
            ..ExitInput::default()
        };
        assert_eq!(x.parse().unwrap_err().message_key, "error.extent.range");
        let y = ExitInput {
            avslutsorsak: "jobb".into(),
            ..x
        };
        assert_eq!(y.parse().unwrap_err().field, "avslutsorsak");
    }
}
