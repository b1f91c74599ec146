//! Intresseanmälningar: registering a referral (with its person), moving its status
//! by hand, and listing an intervention's referrals.

use super::persons::PersonChoice;
use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::audit::AuditEvent;
use samverka_domain::codes::ReferralStatus;
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::Person;
use samverka_domain::journey::referral::{Referral, check_received, check_source};
use samverka_domain::journey::{dates, text};
use samverka_store::{ParticipationFilter, ReferralFilter};

/// A referral as typed.
#[derive(Debug, Clone)]
pub struct ReferralInput {
    /// Who is referred.
    pub person: PersonChoice,
    /// `YYYY-MM-DD`; empty means today.
    pub received_on: String,
    /// A member code of the intervention's associations, or another source.
    pub source: String,
    /// The unit within the organisation.
    pub source_unit: String,
    /// The referring officer's name.
    pub officer_name: String,
    /// The officer's Samverka account, when they have one.
    pub officer_user: Option<i64>,
    /// Why.
    pub reason: String,
}

/// A referral with its person and, once enrolled, its participation.
#[derive(Debug, Clone)]
pub struct ReferralView {
    /// The referral.
    pub referral: Referral,
    /// The person.
    pub person: Person,
    /// The intervention.
    pub intervention: Intervention,
    /// The participation it led to, if any.
    pub participation_id: Option<i64>,
}

impl Services {
    /// The member codes of an intervention's associations (sources and consent scope).
    pub async fn member_codes(&self, iv: &Intervention) -> ServiceResult<Vec<String>> {
        Ok(self.store.member_codes_of(&iv.associations).await?)
    }

    /// Registers a referral to intervention `code`; returns its id.
    pub async fn create_referral(
        &self,
        caller: &Caller,
        code: &str,
        input: &ReferralInput,
    ) -> ServiceResult<i64> {
        let iv = self.journey_intervention(caller, code).await?;
        let today = self.clock.today();
        let received_on = match dates::parse_optional("mottagen", &input.received_on)? {
            Some(d) => check_received(d, today)?,
            None => today,
        };
        let source = check_source(&input.source, &self.member_codes(&iv).await?)?;
        let referral = Referral {
            id: 0,
            intervention: iv.code.clone(),
            person_id: 0,
            received_on,
            source,
            source_unit: text::optional("enhet", &input.source_unit)?,
            officer_name: text::optional("handlaggare", &input.officer_name)?,
            officer_user: input.officer_user,
            reason: text::optional("anledning", &input.reason)?,
            status: ReferralStatus::Received,
            escalated: false,
        };
        let person = self.resolve_person(&iv.provider, &input.person).await?;
        let person = self.keep_person(caller, person).await?;
        let referral = Referral {
            person_id: person.id,
            ..referral
        };
        let d = self.journey_draft(caller, AuditEvent::ReferralSaved, "referral", "", None);
        Ok(self.store.save_referral(&referral, &[d]).await?)
    }

    /// One referral within reach; its reading is logged.
    pub async fn referral_view(&self, caller: &Caller, id: i64) -> ServiceResult<ReferralView> {
        let referral = self
            .store
            .referral(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let intervention = self
            .journey_intervention(caller, &referral.intervention)
            .await?;
        let person = self.person_of(referral.person_id).await?;
        let participation_id = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![intervention.code.clone()],
                person: Some(person.id),
                ..ParticipationFilter::default()
            })
            .await?
            .into_iter()
            .find(|p| p.referral_id == Some(id))
            .map(|p| p.id);
        let d = self
            .journey_draft(
                caller,
                AuditEvent::ParticipantDataRead,
                "referral",
                id,
                participation_id,
            )
            .details("view=referral");
        self.store.append_audit(&d).await?;
        Ok(ReferralView {
            referral,
            person,
            intervention,
            participation_id,
        })
    }

    /// Moves a referral's status by hand (received → proposed, waiting → proposed …).
    pub async fn move_referral(&self, caller: &Caller, id: i64, status: &str) -> ServiceResult<()> {
        let mut referral = self
            .store
            .referral(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.journey_intervention(caller, &referral.intervention)
            .await?;
        let next = ReferralStatus::parse("status", status)?;
        referral.move_to(next)?;
        let d = self
            .journey_draft(caller, AuditEvent::ReferralSaved, "referral", id, None)
            .details(format!("status={}", next.code()));
        self.store.save_referral(&referral, &[d]).await?;
        Ok(())
    }

    /// An intervention's referrals with their persons, newest first; the reading is logged.
    pub async fn referrals_of(
        &self,
        caller: &Caller,
        code: &str,
    ) -> ServiceResult<Vec<(Referral, Person)>> {
        let iv = self.journey_intervention(caller, code).await?;
        let referrals = self
            .store
            .referrals(&ReferralFilter {
                interventions: vec![iv.code],
                ..ReferralFilter::default()
            })
            .await?;
        let out = self.with_persons(referrals).await?;
        for (r, _) in &out {
            let d = self
                .journey_draft(
                    caller,
                    AuditEvent::ParticipantDataRead,
                    "referral",
                    r.id,
                    None,
                )
                .details("view=referral_list");
            self.store.append_audit(&d).await?;
        }
        Ok(out)
    }

    /// Pairs referrals with their persons in one read.
    pub(crate) async fn with_persons(
        &self,
        referrals: Vec<Referral>,
    ) -> ServiceResult<Vec<(Referral, Person)>> {
        let ids: Vec<i64> = referrals.iter().map(|r| r.person_id).collect();
        let persons = self.store.persons(&ids).await?;
        Ok(referrals
            .into_iter()
            .filter_map(|r| {
                let p = persons.iter().find(|p| p.id == r.person_id)?.clone();
                Some((r, p))
            })
            .collect())
    }

    /// One person by id; a missing one is a storage fault.
    pub(crate) async fn person_of(&self, id: i64) -> ServiceResult<Person> {
        self.store
            .persons(&[id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Storage(format!("person {id} missing")))
    }
}
