//! What a partner officer (handläggare at FK, AF, socialtjänst, psykiatri) sees:
//! the referrals they made, and checkpoint meetings they attended, only while the
//! participant's consent shares information with their organisation.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::audit::AuditEvent;
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::Participation;
use samverka_domain::journey::entry::{Entry, EntryBody};
use samverka_domain::journey::person::Person;
use samverka_domain::journey::referral::Referral;
use samverka_domain::policy::partner_reaches;
use samverka_domain::template::Stage;
use samverka_store::{ParticipationFilter, ReferralFilter};

/// A referral the officer made, with what consent lets them see of the participation.
#[derive(Debug, Clone)]
pub struct PartnerReferral {
    /// The referral.
    pub referral: Referral,
    /// The person (the officer referred them, so they know who it is).
    pub person: Person,
    /// The participation, only when consent shares with the referring organisation.
    pub shared: Option<Participation>,
    /// The shared participation's current stage, named as its template names it.
    pub stage: Option<Stage>,
}

/// A checkpoint meeting the officer attended, shared by consent.
#[derive(Debug, Clone)]
pub struct PartnerMeeting {
    /// The participation's person.
    pub person: Person,
    /// The intervention code.
    pub intervention: String,
    /// The meeting entry.
    pub entry: Entry,
}

impl Services {
    /// The partner officer's overview; empty for callers without that role.
    pub async fn partner_overview(
        &self,
        caller: &Caller,
    ) -> ServiceResult<(Vec<PartnerReferral>, Vec<PartnerMeeting>)> {
        let Caller::User { id: me, roles, .. } = caller else {
            return Ok((vec![], vec![]));
        };
        let reached: Vec<Intervention> = self
            .store
            .interventions()
            .await?
            .into_iter()
            .filter(|iv| partner_reaches(roles, iv))
            .collect();
        let codes: Vec<String> = reached.iter().map(|iv| iv.code.clone()).collect();
        if codes.is_empty() {
            return Ok((vec![], vec![]));
        }
        let today = self.clock.today();
        let participations = self
            .store
            .participations(&ParticipationFilter {
                interventions: codes.clone(),
                ..ParticipationFilter::default()
            })
            .await?;
        let mine = self
            .store
            .referrals(&ReferralFilter {
                interventions: codes,
                officer: Some(*me),
                ..ReferralFilter::default()
            })
            .await?;
        let mut referrals = Vec::new();
        for (referral, person) in self.with_persons(mine).await? {
            let shared = participations
                .iter()
                .find(|p| {
                    p.referral_id == Some(referral.id)
                        && p.consent
                            .as_ref()
                            .is_some_and(|c| c.shares_with(&referral.source, today))
                })
                .cloned();
            let stage = match shared.as_ref().and_then(|p| p.current_stage()) {
                Some(period) => {
                    self.stage_of(&reached, &referral.intervention, &period.stage)
                        .await?
                }
                None => None,
            };
            referrals.push(PartnerReferral {
                referral,
                person,
                shared,
                stage,
            });
        }
        let consented: Vec<&Participation> = participations
            .iter()
            .filter(|p| !p.is_anonymous())
            .collect();
        let ids: Vec<i64> = consented.iter().map(|p| p.id).collect();
        let mut meetings = Vec::new();
        for entry in self.store.entries(&ids).await? {
            let EntryBody::Checkpoint { attendees, .. } = &entry.body else {
                continue;
            };
            let Some(me_there) = attendees.iter().find(|a| a.user_id == Some(*me)) else {
                continue;
            };
            let Some(p) = consented.iter().find(|p| p.id == entry.participation_id) else {
                continue;
            };
            if p.consent
                .as_ref()
                .is_some_and(|c| c.shares_with(&me_there.organisation, today))
            {
                let person = self.person_of(p.person_id).await?;
                meetings.push(PartnerMeeting {
                    person,
                    intervention: p.intervention.clone(),
                    entry,
                });
            }
        }
        self.log_partner_overview(caller, &referrals, &meetings)
            .await?;
        Ok((referrals, meetings))
    }
}

impl Services {
    /// Writes the overview's reads to the access log in one go: every referral's
    /// person (name and personnummer are on the page, issue 20 L1), and every
    /// participation shared with the officer.
    async fn log_partner_overview(
        &self,
        caller: &Caller,
        referrals: &[PartnerReferral],
        meetings: &[PartnerMeeting],
    ) -> ServiceResult<()> {
        let read = |kind: &str, id: i64, participation: Option<i64>| {
            self.journey_draft(
                caller,
                AuditEvent::ParticipantDataRead,
                kind,
                id,
                participation,
            )
            .details("view=partner")
        };
        let mut drafts: Vec<_> = referrals
            .iter()
            .map(|r| read("referral", r.referral.id, None))
            .collect();
        let shared = referrals
            .iter()
            .filter_map(|r| r.shared.as_ref().map(|p| p.id));
        let met = meetings.iter().map(|m| m.entry.participation_id);
        drafts.extend(
            shared
                .chain(met)
                .map(|id| read("participation", id, Some(id))),
        );
        if !drafts.is_empty() {
            self.store.append_audits(&drafts).await?;
        }
        Ok(())
    }

    /// The stage `code` of intervention `iv_code`'s template (a bare code if the
    /// template no longer has it).
    async fn stage_of(
        &self,
        interventions: &[Intervention],
        iv_code: &str,
        code: &str,
    ) -> ServiceResult<Option<Stage>> {
        let Some(iv) = interventions.iter().find(|iv| iv.code == iv_code) else {
            return Ok(None);
        };
        let template = self.template(&iv.template).await?;
        Ok(Some(
            template
                .all_stages()
                .find(|s| s.code == code)
                .cloned()
                .unwrap_or(Stage {
                    code: code.to_string(),
                    name: None,
                }),
        ))
    }
}
