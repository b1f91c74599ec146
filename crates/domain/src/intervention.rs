//! Interventions (insatser): every field of SPEC section 4.

use crate::FieldError;
use crate::association::{check_code, check_name};
use crate::goal::Goal;
use serde::{Deserialize, Serialize};
use time::Date;

/// Individual or structural work (fixed after creation, as in Uppföljning Finsam).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Individinriktad: works with participants.
    Individinriktad,
    /// Strukturövergripande: conferences, training, structures.
    Strukturovergripande,
}

/// How participants are followed (fixed after creation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUp {
    /// One registration per person with consent.
    Individual,
    /// Only anonymous participations (sex, birth year, dates, outcome).
    AnonymousOnly,
    /// Head counts only.
    HeadCount,
}

macro_rules! simple_codes {
    ($ty:ident, $field:literal, $($variant:ident = $code:literal),+) => {
        impl $ty {
            /// The stored code.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }

            /// Parses a code; the error names the field and lists the valid codes.
            pub fn parse(text: &str) -> Result<Self, FieldError> {
                match text.trim() {
                    $($code => Ok($ty::$variant),)+
                    other => Err(crate::codes::unknown_code($field, other, [$($code),+].into_iter())),
                }
            }
        }
    };
}

simple_codes!(
    Orientation,
    "orientation",
    Individinriktad = "individinriktad",
    Strukturovergripande = "strukturovergripande"
);
simple_codes!(
    FollowUp,
    "follow_up",
    Individual = "individual",
    AnonymousOnly = "anonymous_only",
    HeadCount = "head_count"
);

/// An insats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervention {
    /// Short code, e.g. `NK`.
    pub code: String,
    /// Name, e.g. Nätkraft.
    pub name: String,
    /// What it does, in a few sentences.
    pub description: String,
    /// The associations that fund it (codes; at least one).
    pub associations: Vec<String>,
    /// The provider that runs it (code).
    pub provider: String,
    /// Individual or structural.
    pub orientation: Orientation,
    /// How participants are followed.
    pub follow_up: FollowUp,
    /// The process template (code).
    pub template: String,
    /// First day.
    pub start: Date,
    /// Last day, if decided.
    pub end: Option<Date>,
    /// Target groups in words.
    pub target_groups: Vec<String>,
    /// Financed by the European Social Fund.
    pub esf_funded: bool,
    /// Places at any one time.
    pub planned_places: Option<u32>,
    /// New participants planned per year.
    pub planned_participants_per_year: Option<u32>,
    /// Caseload per coach, lower bound (e.g. 15).
    pub caseload_min: Option<u32>,
    /// Caseload per coach, upper bound (e.g. 20).
    pub caseload_max: Option<u32>,
    /// Organisations in the steering group.
    pub steering_group: Vec<String>,
    /// The goals.
    pub goals: Vec<Goal>,
}

impl Intervention {
    /// Checks every field and every goal; the first error names its field.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_code("code", &self.code)?;
        check_name("name", &self.name)?;
        if self.description.chars().count() > 4000 {
            return Err(FieldError::new("description", "error.description.length"));
        }
        if self.associations.is_empty() {
            return Err(FieldError::new(
                "association",
                "error.intervention.no_association",
            ));
        }
        for a in &self.associations {
            check_code("association", a)?;
        }
        check_code("provider", &self.provider)?;
        if let Some(end) = self.end
            && end < self.start
        {
            return Err(FieldError::with_detail(
                "end",
                "error.intervention.end_before_start",
                self.start.to_string(),
            ));
        }
        if let (Some(lo), Some(hi)) = (self.caseload_min, self.caseload_max)
            && lo > hi
        {
            return Err(FieldError::new(
                "caseload_max",
                "error.intervention.caseload",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for goal in &self.goals {
            goal.validate()?;
            if !seen.insert(goal.code.as_str()) {
                return Err(FieldError::with_detail(
                    "goal.code",
                    "error.goal.duplicate",
                    goal.code.clone(),
                ));
            }
        }
        Ok(())
    }

    /// Checks a change: orientation and follow-up method are fixed after creation.
    pub fn check_update(&self, updated: &Intervention) -> Result<(), FieldError> {
        if self.orientation != updated.orientation {
            return Err(FieldError::new("orientation", "error.intervention.fixed"));
        }
        if self.follow_up != updated.follow_up {
            return Err(FieldError::new("follow_up", "error.intervention.fixed"));
        }
        updated.validate()
    }
}

#[cfg(test)]
impl Intervention {
    /// Nätkraft as the seed describes it, for unit tests of the rules around it.
    pub(crate) fn natkraft_example() -> Self {
        Intervention {
            code: "NK".into(),
            name: "Nätkraft".into(),
            description: String::new(),
            associations: vec!["SFU".into()],
            provider: "UK-SP".into(),
            orientation: Orientation::Individinriktad,
            follow_up: FollowUp::Individual,
            template: "supported_employment".into(),
            start: time::macros::date!(2006 - 05 - 01),
            end: None,
            target_groups: vec![],
            esf_funded: false,
            planned_places: None,
            planned_participants_per_year: None,
            caseload_min: None,
            caseload_max: None,
            steering_group: vec![],
            goals: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    pub(crate) fn natkraft() -> Intervention {
        Intervention {
            end: Some(date!(2013 - 12 - 31)),
            caseload_min: Some(15),
            caseload_max: Some(20),
            ..Intervention::natkraft_example()
        }
    }

    #[test]
    fn end_before_start_is_refused() {
        let mut nk = natkraft();
        assert!(nk.validate().is_ok());
        nk.end = Some(date!(2005 - 12 - 31));
        let e = nk.validate().unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("end", "error.intervention.end_before_start")
        );
    }

    #[test]
    fn orientation_and_follow_up_are_fixed() {
        let nk = natkraft();
        let mut changed = nk.clone();
        changed.follow_up = FollowUp::HeadCount;
        assert_eq!(nk.check_update(&changed).unwrap_err().field, "follow_up");
        let mut renamed = nk.clone();
        renamed.name = "Nätkraft SE".into();
        assert!(nk.check_update(&renamed).is_ok());
    }

    #[test]
    fn codes_parse_with_field_names() {
        assert_eq!(
            Orientation::parse("strukturovergripande").unwrap(),
            Orientation::Strukturovergripande
        );
        assert_eq!(
            FollowUp::parse("individuell").unwrap_err().field,
            "follow_up"
        );
    }
}
