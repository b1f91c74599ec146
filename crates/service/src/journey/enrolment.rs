//! Inskrivning: starting a participation from an accepted referral (or directly,
//! as providers do for people who come on their own), with consent and baseline.
//! Without consent the participation is anonymous: the person is kept only by alias.

use super::persons::PersonChoice;
use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::codes::ReferralStatus;
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::input::EnrolmentInput;
use samverka_domain::journey::participation::check_reenrolment;
use samverka_domain::journey::person::Identity;
use samverka_domain::journey::referral::Referral;
use samverka_domain::journey::stage::StagePeriod;
use samverka_domain::journey::{Participation, Person};
use samverka_store::{ParticipationFilter, ReferralFilter};

/// What an enrolment starts from.
#[derive(Debug, Clone)]
pub enum EnrolFrom {
    /// An accepted referral, by id.
    Referral(i64),
    /// A person with no referral.
    Person(PersonChoice),
}

/// An enrolment request.
#[derive(Debug, Clone)]
pub struct EnrolRequest {
    /// Referral or person.
    pub from: EnrolFrom,
    /// The coach's account id; `None` means the caller.
    pub coach: Option<i64>,
    /// The cohort, for basprogram interventions.
    pub cohort: Option<i64>,
    /// Consent and baseline as typed.
    pub input: EnrolmentInput,
}

impl Services {
    /// Starts a participation in intervention `code`; returns its id.
    pub async fn enrol(
        &self,
        caller: &Caller,
        code: &str,
        req: &EnrolRequest,
    ) -> ServiceResult<i64> {
        let iv = self.journey_intervention(caller, code).await?;
        let today = self.clock.today();
        let members = self.member_codes(&iv).await?;
        let enrolment = req.input.parse(&members, today)?;
        let (mut referral, mut person) = match &req.from {
            EnrolFrom::Referral(id) => {
                let r = self.enrollable_referral(&iv, *id).await?;
                let p = self.person_of(r.person_id).await?;
                (Some(r), p)
            }
            EnrolFrom::Person(choice) => (None, self.resolve_person(&iv.provider, choice).await?),
        };
        let coach = self.coach_for(caller, &iv, req.coach).await?;
        let cohort_id = self.cohort_with_room(&iv, req.cohort).await?;
        let template = self.template(&iv.template).await?;
        let first_stage = template.stages.first().map(|s| s.code.clone());
        let mut p = Participation {
            id: 0,
            intervention: iv.code.clone(),
            person_id: person.id,
            referral_id: referral.as_ref().map(|r| r.id),
            cohort_id,
            coach,
            start_on: enrolment.start_on,
            sex: person.sex(),
            birth_year: person.birth_year(),
            consent: enrolment.consent,
            baseline: enrolment.baseline,
            decisive_change: enrolment.decisive_change,
            referred_by: referral
                .as_ref()
                .map(|r| r.source.clone())
                .unwrap_or_default(),
            referred_unit: referral
                .as_ref()
                .map(|r| r.source_unit.clone())
                .unwrap_or_default(),
            stages: first_stage
                .map(|stage| {
                    vec![StagePeriod {
                        stage,
                        entered_on: enrolment.start_on,
                        left_on: None,
                    }]
                })
                .unwrap_or_default(),
            exit: None,
        };
        p.check_start(iv.start, iv.end, today)?;
        if person.id != 0 {
            let earlier = self.participations_of_person(&iv, person.id).await?;
            check_reenrolment(&earlier, p.start_on, &p.decisive_change)?;
        }
        person = if p.is_anonymous() {
            p.strip_for_anonymity();
            self.anonymise_person(caller, &iv, person, referral.as_mut())
                .await?
        } else {
            self.keep_person(caller, person).await?
        };
        p.person_id = person.id;
        let audit = [self
            .journey_draft(
                caller,
                AuditEvent::ParticipationEnrolled,
                "participation",
                "",
                None,
            )
            .details(format!(
                "intervention={} anonymous={}",
                iv.code,
                p.is_anonymous()
            ))];
        Ok(self
            .store
            .save_participation(&p, referral.as_ref(), &audit)
            .await?)
    }

    async fn enrollable_referral(&self, iv: &Intervention, id: i64) -> ServiceResult<Referral> {
        let r = self
            .store
            .referral(id)
            .await?
            .filter(|r| r.intervention == iv.code)
            .ok_or(ServiceError::Invalid(FieldError::with_detail(
                "anmalan",
                "error.reference.unknown",
                id.to_string(),
            )))?;
        if r.status != ReferralStatus::Accepted {
            return Err(FieldError::new("anmalan", "error.referral.not_accepted").into());
        }
        let taken = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code.clone()],
                ..ParticipationFilter::default()
            })
            .await?
            .iter()
            .any(|p| p.referral_id == Some(id));
        if taken {
            return Err(FieldError::new("anmalan", "error.referral.already_enrolled").into());
        }
        Ok(r)
    }

    /// The coach: the one asked for (must be staff of the intervention) or the caller.
    pub(crate) async fn coach_for(
        &self,
        caller: &Caller,
        iv: &Intervention,
        asked: Option<i64>,
    ) -> ServiceResult<Option<i64>> {
        let staff = self.staff_of(iv).await?;
        let wanted = asked.or(match caller {
            Caller::User { id, .. } => Some(*id),
            Caller::Cli(_) => None,
        });
        match wanted {
            Some(id) if staff.iter().any(|s| s.user_id == id) => Ok(Some(id)),
            Some(_) if asked.is_some() => {
                Err(FieldError::new("coach", "error.participation.coach").into())
            }
            _ => Ok(None),
        }
    }

    async fn cohort_with_room(
        &self,
        iv: &Intervention,
        cohort: Option<i64>,
    ) -> ServiceResult<Option<i64>> {
        let Some(id) = cohort else { return Ok(None) };
        let cohorts = self.store.cohorts(&iv.code).await?;
        let c = cohorts
            .iter()
            .find(|c| c.id == id)
            .ok_or(ServiceError::Invalid(FieldError::new(
                "grupp",
                "error.cohort.unknown",
            )))?;
        let taken = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code.clone()],
                ..ParticipationFilter::default()
            })
            .await?
            .iter()
            .filter(|p| p.cohort_id == Some(id) && !p.is_registration_error())
            .count();
        c.check_room(taken)?;
        Ok(Some(id))
    }

    async fn participations_of_person(
        &self,
        iv: &Intervention,
        person: i64,
    ) -> ServiceResult<Vec<Participation>> {
        Ok(self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code.clone()],
                person: Some(person),
                ..ParticipationFilter::default()
            })
            .await?)
    }

    /// An anonymous participation may not point at a name or number. A person known
    /// only through this referral is turned into an alias in place; otherwise a new
    /// alias person is made and the referral moved to it.
    async fn anonymise_person(
        &self,
        caller: &Caller,
        iv: &Intervention,
        person: Person,
        referral: Option<&mut Referral>,
    ) -> ServiceResult<Person> {
        if person.is_alias() {
            return self.keep_person(caller, person).await;
        }
        let n = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code.clone()],
                ..ParticipationFilter::default()
            })
            .await?
            .len();
        let identity = Identity::Alias {
            alias: format!("{}-{}-{:04}", iv.code, self.clock.today().year(), n + 1),
            sex: person.sex(),
            birth_year: person.birth_year(),
        };
        let all = self.all_intervention_codes().await?;
        let other_referrals = self
            .store
            .referrals(&ReferralFilter {
                person: Some(person.id),
                interventions: all.clone(),
                ..ReferralFilter::default()
            })
            .await?
            .len();
        let other_participations = self
            .store
            .participations(&ParticipationFilter {
                person: Some(person.id),
                interventions: all,
                ..ParticipationFilter::default()
            })
            .await?
            .len();
        let alias = if person.id == 0 {
            self.register_person(caller, &iv.provider, identity, person.protected)
                .await?
        } else if other_referrals <= 1 && other_participations == 0 {
            let alias = Person { identity, ..person };
            let d = self
                .journey_draft(
                    caller,
                    AuditEvent::PersonRegistered,
                    "person",
                    alias.id,
                    None,
                )
                .details("anonymised=true");
            self.store.save_person(&alias, &[d]).await?;
            alias
        } else {
            self.register_person(caller, &iv.provider, identity, person.protected)
                .await?
        };
        if let Some(r) = referral {
            r.person_id = alias.id;
            r.reason.clear();
        }
        Ok(alias)
    }
}
