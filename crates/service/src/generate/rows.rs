//! Generated rows waiting to be loaded, in each table's column order (as the
//! schema lists them), and the cells they are made of.

use samverka_store::journey_rows::{ParticipationRow, PersonRow};
use samverka_store::schema::{TABLES, TableDef, Value};
use std::collections::HashMap;
use time::Date;

/// One value of a generated row.
#[derive(Debug, Clone)]
pub enum Cell {
    /// NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A text.
    Text(String),
    /// A day.
    Day(Date),
    /// A yes or no.
    Bool(bool),
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}

impl From<Date> for Cell {
    fn from(v: Date) -> Self {
        Cell::Day(v)
    }
}

impl From<bool> for Cell {
    fn from(v: bool) -> Self {
        Cell::Bool(v)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Into::into)
    }
}

impl From<Cell> for Value {
    fn from(c: Cell) -> Self {
        match c {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::Int(i),
            Cell::Text(t) => Value::Text(t),
            Cell::Day(d) => Value::Text(d.to_string()),
            Cell::Bool(b) => Value::Bool(b),
        }
    }
}

/// A row from cells in column order.
pub fn row<const N: usize>(cells: [Cell; N]) -> Vec<Value> {
    cells.into_iter().map(Value::from).collect()
}

/// The schema's definition of `name`.
pub fn table(name: &str) -> &'static TableDef {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .expect("a table of the schema")
}

/// Cells by column name, put in `table`'s column order.
fn ordered(table: &TableDef, mut cells: HashMap<&'static str, Cell>) -> Vec<Value> {
    table
        .columns
        .iter()
        .map(|(name, _, _)| cells.remove(name).map_or(Value::Null, Value::from))
        .collect()
}

/// Rows of one batch of interventions.
#[derive(Debug, Default)]
pub struct Rows {
    /// Persons (their ids are their own).
    pub persons: Vec<PersonRow>,
    /// Participations (ids their own; intervention by code).
    pub participations: Vec<ParticipationRow>,
    /// Stage periods.
    pub stages: Vec<Vec<Value>>,
    /// Dated entries.
    pub entries: Vec<Vec<Value>>,
    /// Questionnaires.
    pub invitations: Vec<Vec<Value>>,
    /// Participations already made anonymous by retention.
    pub anonymisations: Vec<Vec<Value>>,
}

impl Rows {
    /// How many rows wait.
    pub fn len(&self) -> usize {
        self.persons.len()
            + self.participations.len()
            + self.stages.len()
            + self.entries.len()
            + self.invitations.len()
            + self.anonymisations.len()
    }
}

/// A person row; `providers` maps codes to ids.
pub fn person_values(p: PersonRow, providers: &HashMap<String, i64>, now: i64) -> Vec<Value> {
    ordered(
        table("persons"),
        HashMap::from([
            ("id", p.id.into()),
            ("provider_id", providers[&p.provider].into()),
            ("personal_number", p.personal_number.into()),
            ("name", p.name.into()),
            ("alias", p.alias.into()),
            ("sex", p.sex.into()),
            ("birth_year", p.birth_year.into()),
            ("protected", p.protected.into()),
            ("created_at", now.into()),
        ]),
    )
}

/// A participation row; `interventions` maps codes to ids.
pub fn participation_values(
    r: ParticipationRow,
    interventions: &HashMap<String, i64>,
    now: i64,
) -> Vec<Value> {
    ordered(
        table("participations"),
        HashMap::from([
            ("id", r.id.into()),
            ("intervention_id", interventions[&r.intervention].into()),
            ("person_id", r.person_id.into()),
            ("referral_id", r.referral_id.into()),
            ("cohort_id", r.cohort_id.into()),
            ("coach_user_id", r.coach_user_id.into()),
            ("start_on", r.start_on.into()),
            ("sex", r.sex.into()),
            ("birth_year", r.birth_year.into()),
            ("consent_given_on", r.consent_given_on.into()),
            ("consent_scope", r.consent_scope.into()),
            ("consent_withdrawn_on", r.consent_withdrawn_on.into()),
            ("income_before", r.income_before.into()),
            ("occupation_before", r.occupation_before.into()),
            ("education", r.education.into()),
            ("time_away", r.time_away.into()),
            ("municipality", r.municipality.into()),
            ("obstacles", r.obstacles.into()),
            ("decisive_change", r.decisive_change.into()),
            ("exit_on", r.exit_on.into()),
            ("exit_reason", r.exit_reason.into()),
            ("occupation_after", r.occupation_after.into()),
            ("employment_form_after", r.employment_form_after.into()),
            ("extent_after", r.extent_after.into()),
            ("study_form_after", r.study_form_after.into()),
            ("income_after", r.income_after.into()),
            ("exit_analysis", r.exit_analysis.into()),
            ("receiving_org", r.receiving_org.into()),
            ("updated_at", now.into()),
            ("referred_by", r.referred_by.into()),
            ("referred_unit", r.referred_unit.into()),
        ]),
    )
}
