//! A participation's page: everything about it in one view (read is logged), and
//! the changes made there: stage movement, consent withdrawal, coach.

use crate::accounts::Caller;
use crate::organisation::StaffMember;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::caseload::{Due, due_items};
use samverka_domain::journey::cohort::Cohort;
use samverka_domain::journey::employer::Employer;
use samverka_domain::journey::entry::Entry;
use samverka_domain::journey::stage::{days_per_stage, move_to};
use samverka_domain::journey::{Participation, Person, dates};
use samverka_domain::policy::can_approve_rehab_fund;
use samverka_domain::template::ProcessTemplate;

/// Everything the participation page shows.
#[derive(Debug, Clone)]
pub struct ParticipationView {
    /// The participation.
    pub participation: Participation,
    /// The person (alias only when anonymous).
    pub person: Person,
    /// The intervention.
    pub intervention: Intervention,
    /// Its process template.
    pub template: ProcessTemplate,
    /// Entries, oldest first.
    pub entries: Vec<Entry>,
    /// What is due, earliest first.
    pub due: Vec<Due>,
    /// Days per stage so far.
    pub days_per_stage: Vec<(String, i64)>,
    /// Staff of the intervention (for the coach choice and names).
    pub staff: Vec<StaffMember>,
    /// The cohort, if any.
    pub cohort: Option<Cohort>,
    /// The provider's employer register (for placements and names).
    pub employers: Vec<Employer>,
    /// Member codes the consent may name.
    pub members: Vec<String>,
    /// True when the caller may approve rehab-fund spending.
    pub may_approve: bool,
}

impl ParticipationView {
    /// The coach's display name, if set.
    pub fn coach_name(&self) -> Option<&str> {
        let id = self.participation.coach?;
        self.staff
            .iter()
            .find(|s| s.user_id == id)
            .map(|s| s.display_name.as_str())
    }

    /// An employer's name from the register.
    pub fn employer_name(&self, id: i64) -> &str {
        self.employers
            .iter()
            .find(|e| e.id == id)
            .map_or("?", |e| e.name.as_str())
    }
}

impl Services {
    /// The participation page; `NotFound` outside the caller's reach. Logged as a read.
    pub async fn participation_view(
        &self,
        caller: &Caller,
        id: i64,
    ) -> ServiceResult<ParticipationView> {
        let (participation, intervention) = self.reachable_participation(caller, id).await?;
        let person = self.person_of(participation.person_id).await?;
        let template = self.template(&intervention.template).await?;
        let entries = self.store.entries(&[id]).await?;
        let today = self.clock.today();
        let due = due_items(&participation, &entries);
        let cohort = match participation.cohort_id {
            Some(c) => self
                .store
                .cohorts(&intervention.code)
                .await?
                .into_iter()
                .find(|x| x.id == c),
            None => None,
        };
        let may_approve = match caller {
            Caller::Cli(_) => true,
            Caller::User { roles, .. } => can_approve_rehab_fund(roles, &intervention),
        };
        self.log_read(caller, "participation", [id]).await?;
        Ok(ParticipationView {
            days_per_stage: days_per_stage(
                &participation.stages,
                participation.exit.as_ref().map_or(today, |x| x.on),
            ),
            staff: self.staff_of(&intervention).await?,
            employers: self.store.employers(&intervention.provider).await?,
            members: self.member_codes(&intervention).await?,
            participation,
            person,
            template,
            entries,
            due,
            cohort,
            intervention,
            may_approve,
        })
    }

    /// Moves a participation to another stage of its template on `on` (empty: today).
    pub async fn move_stage(
        &self,
        caller: &Caller,
        id: i64,
        stage: &str,
        on: &str,
    ) -> ServiceResult<()> {
        let (mut p, iv) = self.reachable_participation(caller, id).await?;
        if p.exit.is_some() {
            return Err(FieldError::new("steg", "error.participation.exited").into());
        }
        let on = dates::parse_optional("datum", on)?.unwrap_or(self.clock.today());
        if on < p.start_on {
            return Err(FieldError::with_detail(
                "datum",
                "error.entry.before_start",
                p.start_on.to_string(),
            )
            .into());
        }
        let template = self.template(&iv.template).await?;
        move_to(&mut p.stages, &template, stage.trim(), on)?;
        self.save_changed(caller, &p, format!("stage={}", stage.trim()))
            .await
    }

    /// Records that consent was withdrawn on `on` (empty: today): sharing stops, and
    /// the participation is made anonymous from that moment (personal data removed,
    /// statistics kept).
    pub async fn withdraw_consent(&self, caller: &Caller, id: i64, on: &str) -> ServiceResult<()> {
        let (mut p, iv) = self.reachable_participation(caller, id).await?;
        let on = dates::parse_optional("aterkallat", on)?.unwrap_or(self.clock.today());
        let members = self.member_codes(&iv).await?;
        let consent = p
            .consent
            .as_mut()
            .ok_or(ServiceError::Invalid(FieldError::new(
                "samtycke",
                "error.consent.none",
            )))?;
        if consent.withdrawn_on.is_some() {
            return Err(FieldError::new("aterkallat", "error.consent.already_withdrawn").into());
        }
        consent.withdrawn_on = Some(on);
        consent.check(&members, self.clock.today())?;
        self.save_changed(caller, &p, "consent=withdrawn".into())
            .await?;
        self.anonymise(caller, p, super::anonymisation::Why::ConsentWithdrawn)
            .await?;
        Ok(self.store.purge_freed().await?)
    }

    /// Gives the participation to another coach of the intervention.
    pub async fn set_coach(&self, caller: &Caller, id: i64, coach: i64) -> ServiceResult<()> {
        let (mut p, iv) = self.reachable_participation(caller, id).await?;
        p.coach = self.coach_for(caller, &iv, Some(coach)).await?;
        self.save_changed(caller, &p, format!("coach={coach}"))
            .await
    }

    /// The account of a partner officer named at a checkpoint (`@username`).
    pub async fn attendee_account(
        &self,
        caller: &Caller,
        id: i64,
        username: &str,
    ) -> ServiceResult<i64> {
        let (_, iv) = self.reachable_participation(caller, id).await?;
        self.partner_account(&iv, username, "narvarande").await
    }

    async fn save_changed(
        &self,
        caller: &Caller,
        p: &Participation,
        details: String,
    ) -> ServiceResult<()> {
        let d = self
            .journey_draft(
                caller,
                AuditEvent::ParticipationChanged,
                "participation",
                p.id,
                Some(p.id),
            )
            .details(details);
        self.store.save_participation(p, None, &[d]).await?;
        Ok(())
    }
}
