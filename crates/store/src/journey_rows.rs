//! Conversions between the journey's domain types and the flat values both
//! backends store: codes as text, several codes as `a|b`, lists and entry bodies
//! as JSON. A stored value that no longer reads is a database fault.

use crate::org_rows::{from_json, to_json};
use crate::{StoreError, StoreResult};
use samverka_domain::codes::{Code, join, parse_list};
use samverka_domain::journey::consent::Consent;
use samverka_domain::journey::entry::EntryBody;
use samverka_domain::journey::exit::Exit;
use samverka_domain::journey::person::Identity;
use samverka_domain::journey::{Baseline, Participation, Person};
use samverka_domain::personal_number::PersonalNumber;
use time::Date;

fn bad(what: &str) -> StoreError {
    StoreError::Database(format!("stored value does not read: {what}"))
}

/// A stored code.
pub fn code<C: Code>(text: &str) -> StoreResult<C> {
    C::parse("db", text).map_err(|_| bad(C::LIST))
}

/// A stored optional code.
pub fn opt_code<C: Code>(text: Option<String>) -> StoreResult<Option<C>> {
    text.map(|t| code(&t)).transpose()
}

/// Stored codes joined with `|`.
pub fn codes<C: Code>(text: &str) -> StoreResult<Vec<C>> {
    parse_list("db", text).map_err(|_| bad(C::LIST))
}

/// A person as stored.
#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Id.
    pub id: i64,
    /// Provider code.
    pub provider: String,
    /// Twelve digits, for identified persons.
    pub personal_number: Option<String>,
    /// Name, for identified persons.
    pub name: Option<String>,
    /// Alias, for the others.
    pub alias: Option<String>,
    /// Sex code.
    pub sex: String,
    /// Birth year.
    pub birth_year: i64,
    /// Protected identity.
    pub protected: bool,
}

impl PersonRow {
    /// From the domain.
    pub fn from_person(p: &Person) -> Self {
        let (personal_number, name, alias) = match &p.identity {
            Identity::Number { number, name } => {
                (Some(number.digits().to_string()), Some(name.clone()), None)
            }
            Identity::Alias { alias, .. } => (None, None, Some(alias.clone())),
        };
        Self {
            id: p.id,
            provider: p.provider.clone(),
            personal_number,
            name,
            alias,
            sex: p.sex().code().to_string(),
            birth_year: i64::from(p.birth_year()),
            protected: p.protected,
        }
    }

    /// To the domain.
    pub fn into_person(self) -> StoreResult<Person> {
        let identity = match (self.personal_number, self.alias) {
            (Some(digits), _) => Identity::Number {
                number: PersonalNumber::parse("db", &digits, Date::MAX)
                    .map_err(|_| bad("personal_number"))?,
                name: self.name.unwrap_or_default(),
            },
            (None, Some(alias)) => Identity::Alias {
                alias,
                sex: code(&self.sex)?,
                birth_year: self.birth_year as i32,
            },
            (None, None) => return Err(bad("person without number or alias")),
        };
        Ok(Person {
            id: self.id,
            provider: self.provider,
            identity,
            protected: self.protected,
        })
    }
}

/// A participation as stored, without its stage periods.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct ParticipationRow {
    pub id: i64,
    pub intervention: String,
    pub person_id: i64,
    pub referral_id: Option<i64>,
    pub cohort_id: Option<i64>,
    pub coach_user_id: Option<i64>,
    pub start_on: Option<Date>,
    pub sex: String,
    pub birth_year: i64,
    pub consent_given_on: Option<Date>,
    pub consent_scope: Option<String>,
    pub consent_withdrawn_on: Option<Date>,
    pub income_before: String,
    pub occupation_before: Option<String>,
    pub education: Option<String>,
    pub time_away: Option<String>,
    pub municipality: String,
    pub obstacles: String,
    pub decisive_change: String,
    pub referred_by: String,
    pub referred_unit: String,
    pub exit_on: Option<Date>,
    pub exit_reason: Option<String>,
    pub occupation_after: Option<String>,
    pub employment_form_after: Option<String>,
    pub extent_after: Option<i64>,
    pub study_form_after: Option<String>,
    pub income_after: String,
    pub exit_analysis: String,
    pub receiving_org: String,
}

impl ParticipationRow {
    /// From the domain.
    pub fn from_participation(p: &Participation) -> Self {
        let exit = p.exit.as_ref();
        Self {
            id: p.id,
            intervention: p.intervention.clone(),
            person_id: p.person_id,
            referral_id: p.referral_id,
            cohort_id: p.cohort_id,
            coach_user_id: p.coach,
            start_on: Some(p.start_on),
            sex: p.sex.code().into(),
            birth_year: i64::from(p.birth_year),
            consent_given_on: p.consent.as_ref().map(|c| c.given_on),
            consent_scope: p.consent.as_ref().map(|c| to_json(&c.scope)),
            consent_withdrawn_on: p.consent.as_ref().and_then(|c| c.withdrawn_on),
            income_before: join(&p.baseline.income),
            occupation_before: p.baseline.occupation.map(|c| c.code().into()),
            education: p.baseline.education.map(|c| c.code().into()),
            time_away: p.baseline.time_away.map(|c| c.code().into()),
            municipality: p.baseline.municipality.clone(),
            obstacles: join(&p.baseline.obstacles),
            decisive_change: p.decisive_change.clone(),
            referred_by: p.referred_by.clone(),
            referred_unit: p.referred_unit.clone(),
            exit_on: exit.map(|x| x.on),
            exit_reason: exit.map(|x| x.reason.code().into()),
            occupation_after: exit.and_then(|x| x.occupation).map(|c| c.code().into()),
            employment_form_after: exit
                .and_then(|x| x.employment_form)
                .map(|c| c.code().into()),
            extent_after: exit.and_then(|x| x.extent).map(i64::from),
            study_form_after: exit.and_then(|x| x.study_form).map(|c| c.code().into()),
            income_after: exit.map(|x| join(&x.income)).unwrap_or_default(),
            exit_analysis: exit.map(|x| x.analysis.clone()).unwrap_or_default(),
            receiving_org: exit.map(|x| x.receiving_org.clone()).unwrap_or_default(),
        }
    }

    /// To the domain, with its stage periods.
    pub fn into_participation(
        self,
        stages: Vec<samverka_domain::journey::stage::StagePeriod>,
    ) -> StoreResult<Participation> {
        let consent = match self.consent_given_on {
            Some(given_on) => Some(Consent {
                given_on,
                scope: from_json(self.consent_scope.as_deref().unwrap_or("[]"))?,
                withdrawn_on: self.consent_withdrawn_on,
            }),
            None => None,
        };
        let exit = match (self.exit_on, self.exit_reason) {
            (Some(on), Some(reason)) => Some(Exit {
                on,
                reason: code(&reason)?,
                occupation: opt_code(self.occupation_after)?,
                employment_form: opt_code(self.employment_form_after)?,
                extent: self.extent_after.map(|e| e as u8),
                study_form: opt_code(self.study_form_after)?,
                income: codes(&self.income_after)?,
                analysis: self.exit_analysis,
                receiving_org: self.receiving_org,
            }),
            _ => None,
        };
        Ok(Participation {
            id: self.id,
            intervention: self.intervention,
            person_id: self.person_id,
            referral_id: self.referral_id,
            cohort_id: self.cohort_id,
            coach: self.coach_user_id,
            start_on: self.start_on.ok_or_else(|| bad("start_on"))?,
            sex: code(&self.sex)?,
            birth_year: self.birth_year as i32,
            consent,
            baseline: Baseline {
                income: codes(&self.income_before)?,
                occupation: opt_code(self.occupation_before)?,
                education: opt_code(self.education)?,
                time_away: opt_code(self.time_away)?,
                municipality: self.municipality,
                obstacles: codes(&self.obstacles)?,
            },
            decisive_change: self.decisive_change,
            referred_by: self.referred_by,
            referred_unit: self.referred_unit,
            stages,
            exit,
        })
    }
}

/// An entry body as stored JSON.
pub fn body_to_json(body: &EntryBody) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// An entry body read back.
pub fn body_from_json(text: &str) -> StoreResult<EntryBody> {
    from_json(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::codes::{EmploymentForm, Occupation};

    #[test]
    fn entry_bodies_are_tagged_json() {
        let b = EntryBody::Employment {
            employer_id: 3,
            until: None,
            form: EmploymentForm::Lonebidrag,
            extent: 75,
        };
        let json = body_to_json(&b);
        assert!(
            json.contains("\"kind\":\"employment\"") && json.contains("\"form\":\"lonebidrag\""),
            "{json}"
        );
        assert_eq!(body_from_json(&json).unwrap(), b);
        let a = EntryBody::AfterExit {
            months: 6,
            occupation: Some(Occupation::Arbete),
            income: vec![],
        };
        assert_eq!(body_from_json(&body_to_json(&a)).unwrap(), a);
    }
}
