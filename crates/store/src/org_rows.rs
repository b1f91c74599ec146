//! Conversions between the organisation's domain types and the flat values both
//! backends store (lists as JSON text), so the mapping is written once.

use crate::{StoreError, StoreResult};
use samverka_domain::FieldError;
use samverka_domain::association::{Member, MemberKind};
use samverka_domain::codes::{IncomeSource, Sex};
use samverka_domain::goal::{Basis, Goal, Numerator, Population};
use samverka_domain::intervention::{FollowUp, Intervention, Orientation};
use samverka_domain::template::Stage;
use serde::{Deserialize, Serialize};
use time::Date;

/// A list of texts as stored: a JSON array.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// Reads a stored JSON value; a broken one is a database fault.
pub fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Database(format!("stored JSON: {e}")))
}

fn rule(e: FieldError) -> StoreError {
    StoreError::Rule(e)
}

/// A member row.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// `stat`, `region`, `kommun`, `annan`.
    pub kind: String,
    /// Finances the association.
    pub financier: bool,
    /// Share in hundredths of a percent.
    pub share: Option<i64>,
}

impl MemberRow {
    /// From the domain.
    pub fn from_member(m: &Member) -> Self {
        Self {
            code: m.code.clone(),
            name: m.name.clone(),
            kind: m.kind.code().into(),
            financier: m.financier,
            share: m.share.map(i64::from),
        }
    }

    /// To the domain.
    pub fn into_member(self) -> StoreResult<Member> {
        Ok(Member {
            kind: MemberKind::parse("kind", &self.kind).map_err(rule)?,
            code: self.code,
            name: self.name,
            financier: self.financier,
            share: self.share.map(|s| s as u32),
        })
    }
}

/// An intervention row without its associations and goals.
#[derive(Debug, Clone)]
pub struct InterventionRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Provider code.
    pub provider: String,
    /// Orientation code.
    pub orientation: String,
    /// Follow-up code.
    pub follow_up: String,
    /// Template code.
    pub template: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Option<Date>,
    /// JSON array of target groups.
    pub target_groups: String,
    /// ESF-funded.
    pub esf_funded: bool,
    /// Planned places.
    pub planned_places: Option<i64>,
    /// Planned participants per year.
    pub planned_participants_per_year: Option<i64>,
    /// Caseload lower bound.
    pub caseload_min: Option<i64>,
    /// Caseload upper bound.
    pub caseload_max: Option<i64>,
    /// JSON array of steering-group organisations.
    pub steering_group: String,
}

impl InterventionRow {
    /// From the domain.
    pub fn from_intervention(i: &Intervention) -> Self {
        Self {
            code: i.code.clone(),
            name: i.name.clone(),
            description: i.description.clone(),
            provider: i.provider.clone(),
            orientation: i.orientation.code().into(),
            follow_up: i.follow_up.code().into(),
            template: i.template.clone(),
            start: i.start,
            end: i.end,
            target_groups: to_json(&i.target_groups),
            esf_funded: i.esf_funded,
            planned_places: i.planned_places.map(i64::from),
            planned_participants_per_year: i.planned_participants_per_year.map(i64::from),
            caseload_min: i.caseload_min.map(i64::from),
            caseload_max: i.caseload_max.map(i64::from),
            steering_group: to_json(&i.steering_group),
        }
    }

    /// To the domain, with its associations and goals.
    pub fn into_intervention(
        self,
        associations: Vec<String>,
        goals: Vec<Goal>,
    ) -> StoreResult<Intervention> {
        Ok(Intervention {
            orientation: Orientation::parse(&self.orientation).map_err(rule)?,
            follow_up: FollowUp::parse(&self.follow_up).map_err(rule)?,
            target_groups: from_json(&self.target_groups)?,
            steering_group: from_json(&self.steering_group)?,
            code: self.code,
            name: self.name,
            description: self.description,
            associations,
            provider: self.provider,
            template: self.template,
            start: self.start,
            end: self.end,
            esf_funded: self.esf_funded,
            planned_places: self.planned_places.map(|v| v as u32),
            planned_participants_per_year: self.planned_participants_per_year.map(|v| v as u32),
            caseload_min: self.caseload_min.map(|v| v as u32),
            caseload_max: self.caseload_max.map(|v| v as u32),
            goals,
        })
    }
}

/// The population filter as stored (JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct PopulationJson {
    #[serde(default)]
    income_source_before: Vec<String>,
    #[serde(default)]
    age_min: Option<u8>,
    #[serde(default)]
    age_max: Option<u8>,
    #[serde(default)]
    sex: Option<String>,
}

/// A goal row.
#[derive(Debug, Clone)]
pub struct GoalRow {
    /// Code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Basis code.
    pub basis: String,
    /// Numerator kind.
    pub numerator_kind: String,
    /// JSON array of numerator codes.
    pub numerator_codes: String,
    /// JSON population filter.
    pub population: String,
    /// Target in hundredths of a percent.
    pub target: i64,
    /// Period start.
    pub period_from: Option<Date>,
    /// Period end.
    pub period_to: Option<Date>,
}

impl GoalRow {
    /// From the domain.
    pub fn from_goal(g: &Goal) -> Self {
        let p = &g.population;
        let population = PopulationJson {
            income_source_before: p
                .income_source_before
                .iter()
                .map(|c| c.code().to_string())
                .collect(),
            age_min: p.age_min,
            age_max: p.age_max,
            sex: p.sex.map(|s| s.code().to_string()),
        };
        Self {
            code: g.code.clone(),
            label: g.label.clone(),
            basis: g.basis.code().into(),
            numerator_kind: g.numerator.kind().into(),
            numerator_codes: to_json(&g.numerator.codes()),
            population: to_json(&population),
            target: i64::from(g.target),
            period_from: g.period.map(|p| p.0),
            period_to: g.period.map(|p| p.1),
        }
    }

    /// To the domain.
    pub fn into_goal(self) -> StoreResult<Goal> {
        let codes: Vec<String> = from_json(&self.numerator_codes)?;
        let p: PopulationJson = from_json(&self.population)?;
        let income = p
            .income_source_before
            .iter()
            .map(|c| IncomeSource::parse("population", c))
            .collect::<Result<_, _>>();
        Ok(Goal {
            basis: Basis::parse("basis", &self.basis).map_err(rule)?,
            numerator: Numerator::parse("numerator", &self.numerator_kind, &codes).map_err(rule)?,
            population: Population {
                income_source_before: income.map_err(rule)?,
                age_min: p.age_min,
                age_max: p.age_max,
                sex: p
                    .sex
                    .map(|s| Sex::parse("population", &s))
                    .transpose()
                    .map_err(rule)?,
            },
            target: self.target as u32,
            period: self.period_from.zip(self.period_to),
            code: self.code,
            label: self.label,
        })
    }
}

/// Stages as stored (JSON).
pub fn stages_to_json(stages: &[Stage]) -> String {
    to_json(&stages)
}

/// Stages from their stored JSON.
pub fn stages_from_json(text: &str) -> StoreResult<Vec<Stage>> {
    from_json(text)
}
