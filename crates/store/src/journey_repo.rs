//! The participant journey's storage: persons, referrals, selection meetings,
//! cohorts, participations (with consent and stage periods), entries and the
//! employer register. Every write carries its audit entries into the same
//! transaction.
//!
//! Ids: a domain value with `id == 0` is inserted, any other id is updated (and
//! must exist, else `NotFound`). Audit drafts whose `target_id` is empty get the
//! new or saved row's id; for participations and entries their `participation_id`
//! is filled in the same way when it is `None`.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::journey::cohort::Cohort;
use samverka_domain::journey::employer::{Employer, EmployerContact};
use samverka_domain::journey::entry::Entry;
use samverka_domain::journey::referral::Referral;
use samverka_domain::journey::selection::Meeting;
use samverka_domain::journey::{Participation, Person};

/// Which participations to read. Empty `interventions` matches none: callers
/// always say which interventions the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParticipationFilter {
    /// Intervention codes the reader may see.
    pub interventions: Vec<String>,
    /// Only this coach's caseload.
    pub coach: Option<i64>,
    /// Only this person's participations.
    pub person: Option<i64>,
    /// Only participations without an exit.
    pub open_only: bool,
    /// Only open participations and those exited on or after this day.
    pub exited_since: Option<time::Date>,
}

/// Which referrals to read. Empty `interventions` with no `officer` matches none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralFilter {
    /// Intervention codes the reader may see.
    pub interventions: Vec<String>,
    /// Only referrals made by this officer's account (partner officers).
    pub officer: Option<i64>,
    /// Only this person's referrals.
    pub person: Option<i64>,
}

/// Reads and saves the journey.
#[async_trait]
pub trait JourneyRepo: Send + Sync {
    /// Inserts or updates a person; returns its id. A personnummer already held by
    /// the same provider is `Conflict("personnummer")`.
    async fn save_person(&self, person: &Person, audit: &[AuditDraft]) -> StoreResult<i64>;
    /// Persons by id (unknown ids are skipped).
    async fn persons(&self, ids: &[i64]) -> StoreResult<Vec<Person>>;
    /// Every person in one provider's register.
    async fn persons_of_provider(&self, provider: &str) -> StoreResult<Vec<Person>>;

    /// Inserts or updates a referral; returns its id.
    async fn save_referral(&self, referral: &Referral, audit: &[AuditDraft]) -> StoreResult<i64>;
    /// One referral.
    async fn referral(&self, id: i64) -> StoreResult<Option<Referral>>;
    /// Referrals matching the filter, newest first.
    async fn referrals(&self, filter: &ReferralFilter) -> StoreResult<Vec<Referral>>;

    /// Inserts a meeting with its decisions and saves the referrals it changed.
    async fn save_meeting(
        &self,
        meeting: &Meeting,
        decided: &[Referral],
        audit: &[AuditDraft],
    ) -> StoreResult<i64>;
    /// One meeting.
    async fn meeting(&self, id: i64) -> StoreResult<Option<Meeting>>;
    /// An intervention's meetings, newest first.
    async fn meetings(&self, intervention: &str) -> StoreResult<Vec<Meeting>>;

    /// Inserts or updates a cohort; returns its id.
    async fn save_cohort(&self, cohort: &Cohort, audit: &[AuditDraft]) -> StoreResult<i64>;
    /// An intervention's cohorts, by start date.
    async fn cohorts(&self, intervention: &str) -> StoreResult<Vec<Cohort>>;

    /// Inserts or updates a participation with its consent and stage periods, and
    /// saves `referral` (its new status) in the same transaction; returns the id.
    async fn save_participation(
        &self,
        participation: &Participation,
        referral: Option<&Referral>,
        audit: &[AuditDraft],
    ) -> StoreResult<i64>;
    /// One participation.
    async fn participation(&self, id: i64) -> StoreResult<Option<Participation>>;
    /// Participations matching the filter, by start date, newest first.
    async fn participations(&self, filter: &ParticipationFilter)
    -> StoreResult<Vec<Participation>>;
    /// Participations matching the filter with only what figures count: intervention,
    /// coach, start, sex, birth year, income before, referred by, the exit and the
    /// stage periods. Person, consent, baseline text and free text are left empty.
    /// In no particular order.
    async fn participations_for_figures(
        &self,
        filter: &ParticipationFilter,
    ) -> StoreResult<Vec<Participation>>;

    /// Inserts or updates an entry; returns its id.
    async fn save_entry(&self, entry: &Entry, audit: &[AuditDraft]) -> StoreResult<i64>;
    /// Deletes an entry.
    async fn delete_entry(&self, id: i64, audit: &[AuditDraft]) -> StoreResult<()>;
    /// The entries of these participations, by day then id.
    async fn entries(&self, participation_ids: &[i64]) -> StoreResult<Vec<Entry>>;

    /// Inserts or updates an employer; returns its id.
    async fn save_employer(&self, employer: &Employer, audit: &[AuditDraft]) -> StoreResult<i64>;
    /// One employer.
    async fn employer(&self, id: i64) -> StoreResult<Option<Employer>>;
    /// A provider's employer register, by name.
    async fn employers(&self, provider: &str) -> StoreResult<Vec<Employer>>;
    /// Inserts a contact with an employer; returns its id.
    async fn add_employer_contact(
        &self,
        contact: &EmployerContact,
        audit: &[AuditDraft],
    ) -> StoreResult<i64>;
    /// An employer's contact log, newest first.
    async fn employer_contacts(&self, employer_id: i64) -> StoreResult<Vec<EmployerContact>>;
}
