//! What the journey API accepts. Every value is text (or a plain id), so a body
//! always reads; the use cases check the values and name the wrong field.

use samverka_domain::journey::input::EnrolmentInput;
use samverka_domain::journey::person::PersonInput;
use samverka_service::journey::persons::PersonChoice;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A person: an existing one by id, or details (personnummer and name, or alias,
/// sex and birth year).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct PersonRequest {
    /// An existing person in the provider's register.
    pub befintlig: Option<i64>,
    /// Personnummer or samordningsnummer.
    pub personnummer: String,
    /// Name (with a number).
    pub namn: String,
    /// Alias (without a number).
    pub alias: String,
    /// Sex code (without a number).
    pub kon: String,
    /// Birth year (without a number).
    pub fodelsear: String,
    /// Protected identity.
    pub skyddad: bool,
    /// True when a similar existing person is someone else.
    pub ny_bekraftad: bool,
}

impl PersonRequest {
    /// The choice for the use cases.
    pub fn choice(&self) -> PersonChoice {
        match self.befintlig {
            Some(id) => PersonChoice::Existing(id),
            None => PersonChoice::New {
                input: PersonInput {
                    personal_number: self.personnummer.clone(),
                    name: self.namn.clone(),
                    alias: self.alias.clone(),
                    sex: self.kon.clone(),
                    birth_year: self.fodelsear.clone(),
                    protected: self.skyddad,
                },
                confirmed_new: self.ny_bekraftad,
            },
        }
    }
}

/// A new referral.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ReferralRequest {
    /// Who.
    pub person: PersonRequest,
    /// Received on, `YYYY-MM-DD` (empty: today).
    pub mottagen: String,
    /// Source: a member code, `eget_initiativ`, `anhorig` or `annan`.
    pub kalla: String,
    /// Unit within the source.
    pub enhet: String,
    /// Referring officer's name.
    pub handlaggare: String,
    /// The officer's Samverka account name, if any.
    pub handlaggare_konto: Option<String>,
    /// Reason.
    pub anledning: String,
}

/// A status change.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct StatusRequest {
    /// `foreslagen`, `vantar` or `avslagen`.
    pub status: String,
}

/// One decision at a meeting.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct DecisionRequest {
    /// Referral id.
    pub anmalan: i64,
    /// `anta`, `avsla` or `vanta`.
    pub beslut: String,
    /// Every party agreed (selection group).
    pub enig: bool,
}

/// A meeting.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct MeetingRequest {
    /// `rekryteringsgrupp` or `beredningsgrupp`.
    pub grupp: String,
    /// Day, `YYYY-MM-DD`.
    pub datum: String,
    /// Attendees, one line each.
    pub narvarande: Vec<String>,
    /// Decisions.
    pub beslut: Vec<DecisionRequest>,
}

/// A cohort.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct CohortRequest {
    /// Name.
    pub namn: String,
    /// Start date.
    pub start: String,
    /// Places.
    pub platser: String,
}

/// An enrolment: from a referral or a person, with the SPEC 11 field names.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct EnrolRequest {
    /// Accepted referral id.
    pub anmalan: Option<i64>,
    /// The person, without a referral.
    pub person: Option<PersonRequest>,
    /// Coach account id (default: the caller).
    pub coach: Option<i64>,
    /// Cohort id.
    pub grupp: Option<i64>,
    /// Start date.
    pub startdatum: String,
    /// `ja` or `nej`.
    pub samtycke: String,
    /// Day consent was signed (default: start).
    pub samtycke_datum: String,
    /// Member codes consent shares with.
    pub samtycke_omfattning: Vec<String>,
    /// Income codes before.
    pub forsorjning_fore: Vec<String>,
    /// Occupation before.
    pub sysselsattning_fore: String,
    /// Education level.
    pub utbildningsniva: String,
    /// Time away from work.
    pub tid_utan_arbete: String,
    /// Municipality.
    pub kommun: String,
    /// Hidden obstacles found.
    pub hinder: Vec<String>,
    /// Decisive change (re-enrolment).
    pub avgorande_forandring: String,
}

impl EnrolRequest {
    /// The text input the domain reads.
    pub fn input(&self) -> EnrolmentInput {
        EnrolmentInput {
            startdatum: self.startdatum.clone(),
            samtycke: self.samtycke.clone(),
            samtycke_datum: self.samtycke_datum.clone(),
            samtycke_omfattning: self.samtycke_omfattning.join("|"),
            forsorjning_fore: self.forsorjning_fore.join("|"),
            sysselsattning_fore: self.sysselsattning_fore.clone(),
            utbildningsniva: self.utbildningsniva.clone(),
            tid_utan_arbete: self.tid_utan_arbete.clone(),
            kommun: self.kommun.clone(),
            hinder: self.hinder.join("|"),
            avgorande_forandring: self.avgorande_forandring.clone(),
        }
    }
}

/// A stage move.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct StageRequest {
    /// Stage code.
    pub steg: String,
    /// From, `YYYY-MM-DD` (empty: today).
    pub datum: String,
}

/// A day (consent withdrawal).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct DayRequest {
    /// `YYYY-MM-DD` (empty: today).
    pub datum: String,
}

/// A coach.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct CoachRequest {
    /// Account id.
    pub coach: i64,
}

/// An exit, with the import columns' names.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ExitRequest {
    /// End date.
    pub slutdatum: String,
    /// Exit reason code.
    pub avslutsorsak: String,
    /// Occupation at exit.
    pub sysselsattning_efter: String,
    /// Employment form.
    pub anstallningsform: String,
    /// Extent in percent.
    pub omfattning_procent: String,
    /// Study form.
    pub studieform: String,
    /// Income codes after.
    pub forsorjning_efter: Vec<String>,
    /// Exit analysis.
    pub avslutsanalys: String,
    /// Receiving organisation.
    pub mottagande_organisation: String,
}

impl ExitRequest {
    /// The text input the domain reads.
    pub fn input(&self) -> samverka_domain::journey::input::ExitInput {
        samverka_domain::journey::input::ExitInput {
            slutdatum: self.slutdatum.clone(),
            avslutsorsak: self.avslutsorsak.clone(),
            sysselsattning_efter: self.sysselsattning_efter.clone(),
            anstallningsform: self.anstallningsform.clone(),
            omfattning_procent: self.omfattning_procent.clone(),
            studieform: self.studieform.clone(),
            forsorjning_efter: self.forsorjning_efter.join("|"),
            avslutsanalys: self.avslutsanalys.clone(),
            mottagande_organisation: self.mottagande_organisation.clone(),
        }
    }
}

/// An entry: the day and the body as `EntryBody` JSON, tagged by `kind`.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct EntryRequest {
    /// `YYYY-MM-DD`.
    pub datum: String,
    /// `{"kind": "employment", "employer_id": 3, "until": null, "form": "lonebidrag", "extent": 75}` …
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

/// An employer.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct EmployerRequest {
    /// Name.
    pub namn: String,
    /// Organisationsnummer (may be empty).
    pub orgnr: String,
    /// Sector code.
    pub sektor: String,
    /// Industry.
    pub bransch: String,
    /// Contact line.
    pub kontakt: String,
}

/// A contact with an employer.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ContactRequest {
    /// Day (empty: today).
    pub datum: String,
    /// Note.
    pub anteckning: String,
    /// The participation concerned.
    pub deltagande: Option<i64>,
}
