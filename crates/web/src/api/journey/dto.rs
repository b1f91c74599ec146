//! What the journey API answers: plain shapes with codes as text and dates as
//! `YYYY-MM-DD`. An anonymous participation's person carries only the alias.

use samverka_domain::codes::Code;
use samverka_domain::journey::caseload::Due;
use samverka_domain::journey::entry::Entry;
use samverka_domain::journey::exit::Exit;
use samverka_domain::journey::{Participation, Person};
use samverka_service::journey::caseload::CaseloadRow;
use samverka_service::journey::participation::ParticipationView;
use serde::Serialize;
use time::Date;
use utoipa::ToSchema;

fn codes<C: Code>(cs: &[C]) -> Vec<String> {
    cs.iter().map(|c| c.code().to_string()).collect()
}

fn opt<C: Code>(c: Option<C>) -> Option<String> {
    c.map(|c| c.code().to_string())
}

/// A person in a provider's register.
#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    /// Id.
    pub id: i64,
    /// Name, for identified persons.
    pub namn: Option<String>,
    /// Personnummer `YYYYMMDD-NNNN`, for identified persons.
    pub personnummer: Option<String>,
    /// Alias, for the others.
    pub alias: Option<String>,
    /// Sex code.
    pub kon: String,
    /// Birth year.
    pub fodelsear: i32,
    /// Protected identity.
    pub skyddad: bool,
}

impl PersonDto {
    /// From the domain.
    pub fn of(p: &Person) -> Self {
        Self {
            id: p.id,
            namn: (!p.is_alias()).then(|| p.label().to_string()),
            personnummer: p.number_display(),
            alias: p.is_alias().then(|| p.label().to_string()),
            kon: p.sex().code().into(),
            fodelsear: p.birth_year(),
            skyddad: p.protected,
        }
    }
}

/// Something due on a day.
#[derive(Serialize, ToSchema)]
pub struct DueDto {
    /// `monthly_follow_up`, `plan_item`, `checkpoint` or `after_exit`.
    pub kind: String,
    /// The day.
    pub on: String,
    /// True when the day has passed.
    pub overdue: bool,
}

impl DueDto {
    /// From the domain.
    pub fn of(d: Due, today: Date) -> Self {
        Self {
            kind: d.label_key().trim_start_matches("due.").into(),
            on: d.on().to_string(),
            overdue: d.on() < today,
        }
    }
}

/// One line of a participation list.
#[derive(Serialize, ToSchema)]
pub struct CaseloadLine {
    /// Participation id.
    pub participation_id: i64,
    /// Intervention code.
    pub intervention: String,
    /// The person.
    pub person: PersonDto,
    /// Start date.
    pub startdatum: String,
    /// Current stage code.
    pub steg: Option<String>,
    /// Days in the current stage.
    pub dagar_i_steg: Option<i64>,
    /// Exit date, if exited.
    pub slutdatum: Option<String>,
    /// Next thing due.
    pub nasta: Option<DueDto>,
    /// Overdue items.
    pub forsenat: Vec<DueDto>,
}

impl CaseloadLine {
    /// From a service row.
    pub fn of(r: &CaseloadRow, today: Date) -> Self {
        Self {
            participation_id: r.participation.id,
            intervention: r.participation.intervention.clone(),
            person: PersonDto::of(&r.person),
            startdatum: r.participation.start_on.to_string(),
            steg: r.stage.clone(),
            dagar_i_steg: r.days_in_stage,
            slutdatum: r.participation.exit.as_ref().map(|x| x.on.to_string()),
            nasta: r.next_due.map(|d| DueDto::of(d, today)),
            forsenat: r.overdue.iter().map(|d| DueDto::of(*d, today)).collect(),
        }
    }
}

/// The exit with the import columns' names.
#[derive(Serialize, ToSchema)]
pub struct ExitDto {
    /// End date.
    pub slutdatum: String,
    /// Exit reason code.
    pub avslutsorsak: String,
    /// Occupation at exit.
    pub sysselsattning_efter: Option<String>,
    /// Employment form.
    pub anstallningsform: Option<String>,
    /// Extent in percent.
    pub omfattning_procent: Option<u8>,
    /// Study form.
    pub studieform: Option<String>,
    /// Income codes after exit.
    pub forsorjning_efter: Vec<String>,
    /// Exit analysis.
    pub avslutsanalys: String,
    /// Receiving organisation.
    pub mottagande_organisation: String,
}

impl ExitDto {
    /// From the domain.
    pub fn of(x: &Exit) -> Self {
        Self {
            slutdatum: x.on.to_string(),
            avslutsorsak: x.reason.code().into(),
            sysselsattning_efter: opt(x.occupation),
            anstallningsform: opt(x.employment_form),
            omfattning_procent: x.extent,
            studieform: opt(x.study_form),
            forsorjning_efter: codes(&x.income),
            avslutsanalys: x.analysis.clone(),
            mottagande_organisation: x.receiving_org.clone(),
        }
    }
}

/// An entry: its kind and body as the `EntryBody` JSON (tagged by `kind`).
#[derive(Serialize, ToSchema)]
pub struct EntryDto {
    /// Id.
    pub id: i64,
    /// The day.
    pub datum: String,
    /// Who wrote it.
    pub skriven_av: String,
    /// The body, `{"kind": …, …}`.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

impl EntryDto {
    /// From the domain.
    pub fn of(e: &Entry) -> Self {
        Self {
            id: e.id,
            datum: e.on.to_string(),
            skriven_av: e.written_by.clone(),
            body: serde_json::to_value(&e.body).unwrap_or_default(),
        }
    }
}

/// A stay in a stage.
#[derive(Serialize, ToSchema)]
pub struct StageDto {
    /// Stage code.
    pub steg: String,
    /// First day.
    pub fran: String,
    /// Day left, if left.
    pub till: Option<String>,
}

/// Consent.
#[derive(Serialize, ToSchema)]
pub struct ConsentDto {
    /// Day given.
    pub givet: String,
    /// Member codes it shares with.
    pub omfattning: Vec<String>,
    /// Day withdrawn.
    pub aterkallat: Option<String>,
}

/// A whole participation.
#[derive(Serialize, ToSchema)]
pub struct ParticipationDto {
    /// Id.
    pub id: i64,
    /// Intervention code.
    pub intervention: String,
    /// The person.
    pub person: PersonDto,
    /// True without consent.
    pub anonym: bool,
    /// Start date.
    pub startdatum: String,
    /// Coach account id.
    pub coach: Option<i64>,
    /// Cohort id.
    pub grupp: Option<i64>,
    /// Referral id.
    pub anmalan: Option<i64>,
    /// Consent.
    pub samtycke: Option<ConsentDto>,
    /// Income codes at start.
    pub forsorjning_fore: Vec<String>,
    /// Occupation at start.
    pub sysselsattning_fore: Option<String>,
    /// Education level.
    pub utbildningsniva: Option<String>,
    /// Time away from work.
    pub tid_utan_arbete: Option<String>,
    /// Municipality.
    pub kommun: String,
    /// Hidden obstacles found.
    pub hinder: Vec<String>,
    /// Stage periods.
    pub steg: Vec<StageDto>,
    /// Days per stage.
    pub dagar_per_steg: Vec<(String, i64)>,
    /// Exit.
    pub avslut: Option<ExitDto>,
    /// Entries, oldest first.
    pub anteckningar: Vec<EntryDto>,
    /// What is due.
    pub att_gora: Vec<DueDto>,
}

impl ParticipationDto {
    /// From the service view.
    pub fn of(v: &ParticipationView, today: Date) -> Self {
        let p: &Participation = &v.participation;
        Self {
            id: p.id,
            intervention: p.intervention.clone(),
            person: PersonDto::of(&v.person),
            anonym: p.is_anonymous(),
            startdatum: p.start_on.to_string(),
            coach: p.coach,
            grupp: p.cohort_id,
            anmalan: p.referral_id,
            samtycke: p.consent.as_ref().map(|c| ConsentDto {
                givet: c.given_on.to_string(),
                omfattning: c.scope.clone(),
                aterkallat: c.withdrawn_on.map(|d| d.to_string()),
            }),
            forsorjning_fore: codes(&p.baseline.income),
            sysselsattning_fore: opt(p.baseline.occupation),
            utbildningsniva: opt(p.baseline.education),
            tid_utan_arbete: opt(p.baseline.time_away),
            kommun: p.baseline.municipality.clone(),
            hinder: codes(&p.baseline.obstacles),
            steg: p
                .stages
                .iter()
                .map(|s| StageDto {
                    steg: s.stage.clone(),
                    fran: s.entered_on.to_string(),
                    till: s.left_on.map(|d| d.to_string()),
                })
                .collect(),
            dagar_per_steg: v.days_per_stage.clone(),
            avslut: p.exit.as_ref().map(ExitDto::of),
            anteckningar: v.entries.iter().map(EntryDto::of).collect(),
            att_gora: v.due.iter().map(|d| DueDto::of(*d, today)).collect(),
        }
    }
}
