//! Goals as explicit definitions (SPEC 4): whom they count (population and basis),
//! what counts as success (numerator), the target and the period. Each renders
//! as a sentence, so nobody has to guess what "35 %" meant.

use crate::FieldError;
use crate::codes::{ExitReason, IncomeSource, Occupation, Reached, Sex, Theme};
use samverka_i18n::{Lang, fill, text};
use serde::{Deserialize, Serialize};
use time::Date;

/// What the rate is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Every participation active in the period.
    AllParticipations,
    /// Participations that exited in the period (never `felregistrering`).
    Exits,
}

impl Basis {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Basis::AllParticipations => "all_participations",
            Basis::Exits => "exits",
        }
    }

    /// Parses a code for `field`.
    pub fn parse(field: &'static str, t: &str) -> Result<Self, FieldError> {
        match t.trim() {
            "all_participations" => Ok(Basis::AllParticipations),
            "exits" => Ok(Basis::Exits),
            other => Err(crate::codes::unknown_code(
                field,
                other,
                ["all_participations", "exits"].into_iter(),
            )),
        }
    }
}

/// What counts as a success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numerator {
    /// The occupation at exit is one of these.
    StatusAtExit(Vec<Occupation>),
    /// The exit reason is one of these.
    ExitReason(Vec<ExitReason>),
    /// The participation had such a record at any time.
    ReachedDuring(Vec<Reached>),
    /// The participant's answers on one of these themes were higher at exit than at
    /// start (counts only participants who answered both).
    ExperienceImproved(Vec<Theme>),
    /// The participant answered 4 or 5 on one of these themes at exit (counts only
    /// participants who answered at exit).
    ExperienceAgreed(Vec<Theme>),
}

/// Every numerator kind, as stored.
pub const NUMERATOR_KINDS: [&str; 5] = [
    "status_at_exit",
    "exit_reason",
    "reached_during",
    "experience_improved",
    "experience_agreed",
];

impl Numerator {
    /// The stored kind (`status_at_exit`, `exit_reason`, `reached_during`).
    pub fn kind(&self) -> &'static str {
        match self {
            Numerator::StatusAtExit(_) => "status_at_exit",
            Numerator::ExitReason(_) => "exit_reason",
            Numerator::ReachedDuring(_) => "reached_during",
            Numerator::ExperienceImproved(_) => "experience_improved",
            Numerator::ExperienceAgreed(_) => "experience_agreed",
        }
    }

    /// The themes of an experience numerator (empty for the others).
    pub fn themes(&self) -> &[Theme] {
        match self {
            Numerator::ExperienceImproved(v) | Numerator::ExperienceAgreed(v) => v,
            _ => &[],
        }
    }

    /// The codes in the set.
    pub fn codes(&self) -> Vec<&'static str> {
        match self {
            Numerator::StatusAtExit(v) => v.iter().map(|c| c.code()).collect(),
            Numerator::ExitReason(v) => v.iter().map(|c| c.code()).collect(),
            Numerator::ReachedDuring(v) => v.iter().map(|c| c.code()).collect(),
            Numerator::ExperienceImproved(v) | Numerator::ExperienceAgreed(v) => {
                v.iter().map(|c| c.code()).collect()
            }
        }
    }

    /// Builds a numerator from its kind and codes, naming `field` on an unknown one.
    pub fn parse(field: &'static str, kind: &str, codes: &[String]) -> Result<Self, FieldError> {
        if codes.is_empty() {
            return Err(FieldError::new(field, "error.goal.numerator_empty"));
        }
        let parsed = match kind {
            "status_at_exit" => {
                Numerator::StatusAtExit(parse_all(field, codes, Occupation::parse)?)
            }
            "exit_reason" => Numerator::ExitReason(parse_all(field, codes, ExitReason::parse)?),
            "reached_during" => Numerator::ReachedDuring(parse_all(field, codes, Reached::parse)?),
            "experience_improved" => {
                Numerator::ExperienceImproved(parse_all(field, codes, Theme::parse)?)
            }
            "experience_agreed" => {
                Numerator::ExperienceAgreed(parse_all(field, codes, Theme::parse)?)
            }
            other => {
                return Err(crate::codes::unknown_code(
                    field,
                    other,
                    NUMERATOR_KINDS.into_iter(),
                ));
            }
        };
        Ok(parsed)
    }
}

fn parse_all<T>(
    field: &'static str,
    codes: &[String],
    parse: fn(&'static str, &str) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError> {
    codes.iter().map(|c| parse(field, c)).collect()
}

/// Whom the goal counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Population {
    /// Only people with one of these income sources before start (empty: anyone).
    pub income_source_before: Vec<IncomeSource>,
    /// Youngest age at start, inclusive.
    pub age_min: Option<u8>,
    /// Oldest age at start, inclusive.
    pub age_max: Option<u8>,
    /// Only this sex.
    pub sex: Option<Sex>,
}

/// A goal of an intervention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Code, unique within the intervention, e.g. `arbete_eller_studier`.
    pub code: String,
    /// Short name, e.g. "Arbete eller studier".
    pub label: String,
    /// Share of what.
    pub basis: Basis,
    /// What counts.
    pub numerator: Numerator,
    /// Whom.
    pub population: Population,
    /// The target share in hundredths of a percent (3500 = 35 %).
    pub target: u32,
    /// The period the goal applies to; `None` is the whole intervention.
    pub period: Option<(Date, Date)>,
}

/// Joins names the Swedish way: "a, b eller c".
fn join_or(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), text(lang, "goal.or")),
    }
}

impl Goal {
    /// Checks the goal's own fields.
    pub fn validate(&self) -> Result<(), FieldError> {
        crate::template::check_template_code("goal.code", &self.code).map_err(|e| FieldError {
            field: "goal.code",
            message_key: "error.goal.code",
            args: e.args,
        })?;
        crate::association::check_name("goal.label", &self.label)?;
        if self.target > 10_000 {
            return Err(FieldError::new("goal.target", "error.goal.target"));
        }
        if let (Some(lo), Some(hi)) = (self.population.age_min, self.population.age_max)
            && lo > hi
        {
            return Err(FieldError::new("goal.population", "error.goal.age_band"));
        }
        if let Some((from, to)) = self.period
            && to < from
        {
            return Err(FieldError::new("goal.period", "error.goal.period"));
        }
        Ok(())
    }

    /// The goal in words, e.g. "Andel av alla deltagare under perioden som vid
    /// avslut gick till arbete eller studier; mål 35 %".
    pub fn sentence(&self, lang: Lang) -> String {
        let mut parts = vec![text(lang, &format!("goal.basis.{}", self.basis.code())).to_string()];
        let p = &self.population;
        if !p.income_source_before.is_empty() {
            let names: Vec<String> = p
                .income_source_before
                .iter()
                .map(|c| text(lang, &c.label_key()).to_string())
                .collect();
            parts.push(fill(
                lang,
                "goal.population.income",
                &[("list", &join_or(lang, &names))],
            ));
        }
        match (p.age_min, p.age_max) {
            (Some(lo), Some(hi)) => parts.push(fill(
                lang,
                "goal.population.age_between",
                &[("min", &lo.to_string()), ("max", &hi.to_string())],
            )),
            (Some(lo), None) => parts.push(fill(
                lang,
                "goal.population.age_from",
                &[("min", &lo.to_string())],
            )),
            (None, Some(hi)) => parts.push(fill(
                lang,
                "goal.population.age_to",
                &[("max", &hi.to_string())],
            )),
            (None, None) => {}
        }
        if let Some(sex) = p.sex {
            parts.push(text(lang, &format!("goal.population.sex.{}", sex.code())).to_string());
        }
        let names: Vec<String> = match &self.numerator {
            Numerator::StatusAtExit(v) => v
                .iter()
                .map(|c| text(lang, &c.label_key()).to_string())
                .collect(),
            Numerator::ExitReason(v) => v
                .iter()
                .map(|c| text(lang, &c.label_key()).to_string())
                .collect(),
            Numerator::ReachedDuring(v) => v
                .iter()
                .map(|c| text(lang, &c.label_key()).to_string())
                .collect(),
            Numerator::ExperienceImproved(v) | Numerator::ExperienceAgreed(v) => v
                .iter()
                .map(|c| text(lang, &c.label_key()).to_string())
                .collect(),
        };
        let key = format!("goal.numerator.{}", self.numerator.kind());
        parts.push(fill(lang, &key, &[("list", &join_or(lang, &names))]));
        let target = format_share(self.target, lang);
        let period = match self.period {
            Some((from, to)) => fill(
                lang,
                "goal.period",
                &[("from", &from.to_string()), ("to", &to.to_string())],
            ),
            None => String::new(),
        };
        format!(
            "{}; {}{period}",
            parts.join(" "),
            fill(lang, "goal.target", &[("target", &target)])
        )
    }
}

/// A share in hundredths of a percent as people write it: `35 %`, `37,5 %` (Swedish) or `37.5 %`.
pub fn format_share(hundredths: u32, lang: Lang) -> String {
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    let sep = if lang == Lang::Sv { "," } else { "." };
    let number = match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}{sep}{}", f / 10),
        f => format!("{whole}{sep}{f:02}"),
    };
    format!("{number}\u{a0}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn natkraft() -> Goal {
        Goal {
            code: "arbete_eller_studier".into(),
            label: "Arbete eller studier".into(),
            basis: Basis::AllParticipations,
            numerator: Numerator::StatusAtExit(vec![Occupation::Arbete, Occupation::Studier]),
            population: Population::default(),
            target: 3500,
            period: None,
        }
    }

    #[test]
    fn natkraft_goal_in_words() {
        assert_eq!(
            natkraft().sentence(Lang::Sv).replace('\u{a0}', " "),
            "Andel av alla deltagare under perioden som vid avslut gick till arbete eller studier; mål 35 %"
        );
        assert!(
            natkraft()
                .sentence(Lang::En)
                .starts_with("Share of all participants")
        );
    }

    #[test]
    fn gemensamma_tagets_experience_goal_in_words() {
        let goal = Goal {
            basis: Basis::Exits,
            numerator: Numerator::ExperienceImproved(vec![Theme::LifeSituation]),
            target: 10_000,
            ..natkraft()
        };
        assert_eq!(
            goal.sentence(Lang::Sv).replace('\u{a0}', " "),
            "Andel av de deltagare som avslutats under perioden som upplevde att livssituationen blev bättre (högre svar i enkäten vid avslut än vid start; räknas bland dem som svarat båda gångerna); mål 100 %"
        );
        assert_eq!(
            Numerator::parse("numerator", "experience_agreed", &["support".into()]).unwrap(),
            Numerator::ExperienceAgreed(vec![Theme::Support])
        );
        assert!(Numerator::parse("numerator", "experience_agreed", &["mood".into()]).is_err());
    }

    #[test]
    fn hoglandet_goal_in_words() {
        let goal = Goal {
            basis: Basis::Exits,
            numerator: Numerator::StatusAtExit(vec![
                Occupation::Arbete,
                Occupation::AktivtArbetssokande,
                Occupation::Studier,
            ]),
            population: Population {
                income_source_before: vec![IncomeSource::Aktivitetsersattning],
                age_min: Some(19),
                age_max: Some(29),
                sex: None,
            },
            ..natkraft()
        };
        let s = goal.sentence(Lang::Sv).replace('\u{a0}', " ");
        assert_eq!(
            s,
            "Andel av de deltagare som avslutats under perioden med aktivitetsersättning före start i åldern 19–29 år som vid avslut gick till arbete, aktivt arbetssökande eller studier; mål 35 %"
        );
    }

    #[test]
    fn unknown_numerator_codes_are_named() {
        let e = Numerator::parse(
            "numerator",
            "status_at_exit",
            &["arbete".into(), "jobb".into()],
        )
        .unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("numerator", "error.code.unknown")
        );
        let e = Numerator::parse("numerator", "status_at_exti", &["arbete".into()]).unwrap_err();
        assert_eq!(e.message_key, "error.code.did_you_mean");
    }

    #[test]
    fn shares_are_formatted() {
        assert_eq!(format_share(3500, Lang::Sv), "35\u{a0}%");
        assert_eq!(format_share(3750, Lang::Sv), "37,5\u{a0}%");
        assert_eq!(format_share(3742, Lang::En), "37.42\u{a0}%");
    }
}
