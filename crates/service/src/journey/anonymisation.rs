//! Making a participation anonymous (SPEC 10) when consent is withdrawn, after the
//! retention period, on erasure: the person becomes an alias with only sex and
//! birth year, every free text about them goes (notes, profile, plan, exit
//! analysis, free-text answers, the referral's reason, employer contacts that named
//! them, the home municipality and the screening's obstacles), and the codes and
//! dates that the statistics count stay, the coded baseline among them (income
//! sources, occupation, education level and time away before start: what goals
//! count; see docs/security.md). It can be run again; what is already gone stays gone.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::audit::AuditEvent;
use samverka_domain::journey::Participation;
use samverka_domain::journey::person::{Identity, Person};
use samverka_store::{Anonymisation, ParticipationFilter, ReferralFilter};

/// Why a participation was made anonymous, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The participant withdrew consent.
    ConsentWithdrawn,
    /// The retention period after exit ended.
    Retention,
    /// The person asked for erasure.
    Erasure,
    /// The person got protected identity (skyddade personuppgifter).
    ProtectedIdentity,
}

impl Why {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Why::ConsentWithdrawn => "consent_withdrawn",
            Why::Retention => "retention",
            Why::Erasure => "erasure",
            Why::ProtectedIdentity => "protected_identity",
        }
    }
}

impl Services {
    /// Erasure (GDPR art. 17) or protected identity for the person of participation
    /// `id`: every participation of theirs is made anonymous, their remaining
    /// referrals lose their reason, and the person is kept only by alias (marked
    /// protected for protected identity). Only the intervention's lead may do it,
    /// with a stated reason that goes to the access log. Returns how many
    /// participations were made anonymous.
    pub async fn erase_person(
        &self,
        caller: &Caller,
        id: i64,
        why: Why,
        reason: &str,
    ) -> ServiceResult<usize> {
        if !matches!(why, Why::Erasure | Why::ProtectedIdentity) {
            return Err(crate::ServiceError::Forbidden);
        }
        let (p, iv, reason) = self.lead_with_reason(caller, id, reason).await?;
        let person_id = p.person_id;
        let all = self.all_intervention_codes().await?;
        let theirs = self
            .store
            .participations(&ParticipationFilter {
                person: Some(person_id),
                interventions: all.clone(),
                ..ParticipationFilter::default()
            })
            .await?;
        let count = theirs.len();
        for q in theirs {
            self.anonymise(caller, q, why).await?;
        }
        for mut r in self
            .store
            .referrals(&ReferralFilter {
                person: Some(person_id),
                interventions: all,
                ..ReferralFilter::default()
            })
            .await?
        {
            if !r.reason.is_empty() {
                r.reason.clear();
                self.store.save_referral(&r, &[]).await?;
            }
        }
        let mut d = self
            .journey_draft(
                caller,
                AuditEvent::ParticipationAnonymised,
                "person",
                person_id,
                Some(p.id),
            )
            .details(format!("why={} participations={count}", why.code()));
        d.reason = Some(reason);
        if let Some(person) = self.store.persons(&[person_id]).await?.pop() {
            let alias = Identity::Alias {
                alias: format!("{}-P{}", iv.code, person.id),
                sex: person.sex(),
                birth_year: person.birth_year(),
            };
            let kept = Person {
                identity: if person.is_alias() {
                    person.identity.clone()
                } else {
                    alias
                },
                protected: person.protected || why == Why::ProtectedIdentity,
                ..person
            };
            self.store.save_person(&kept, &[d]).await?;
        }
        self.store.purge_freed().await?;
        Ok(count)
    }

    /// Makes participation `p` anonymous now, for `why`.
    pub(crate) async fn anonymise(
        &self,
        caller: &Caller,
        mut p: Participation,
        why: Why,
    ) -> ServiceResult<()> {
        let pid = p.id;
        let draft = |kind: &str, id: String| {
            self.journey_draft(
                caller,
                AuditEvent::ParticipationAnonymised,
                kind,
                id,
                Some(pid),
            )
            .details(format!("why={}", why.code()))
        };
        // The person: an alias in place when nothing else names them, else a new
        // alias person for this participation alone.
        if let Some(person) = self.store.persons(&[p.person_id]).await?.pop()
            && !person.is_alias()
        {
            let alias = Identity::Alias {
                alias: format!("{}-A{}", p.intervention, p.id),
                sex: person.sex(),
                birth_year: person.birth_year(),
            };
            let all = self.all_intervention_codes().await?;
            let others = self
                .store
                .participations(&ParticipationFilter {
                    person: Some(person.id),
                    interventions: all.clone(),
                    ..ParticipationFilter::default()
                })
                .await?
                .into_iter()
                .filter(|o| o.id != p.id)
                .count();
            let other_referrals = self
                .store
                .referrals(&ReferralFilter {
                    person: Some(person.id),
                    interventions: all,
                    ..ReferralFilter::default()
                })
                .await?
                .into_iter()
                .filter(|r| Some(r.id) != p.referral_id)
                .count();
            if others == 0 && other_referrals == 0 {
                let anonymous = Person {
                    identity: alias,
                    ..person
                };
                self.store
                    .save_person(&anonymous, &[draft("person", anonymous.id.to_string())])
                    .await?;
            } else {
                let anonymous = Person {
                    id: 0,
                    identity: alias,
                    ..person
                };
                p.person_id = self.store.save_person(&anonymous, &[]).await?;
            }
        }
        let mut referral = match p.referral_id {
            Some(id) => self.store.referral(id).await?,
            None => None,
        };
        if let Some(r) = referral.as_mut() {
            r.person_id = p.person_id;
            r.reason.clear();
        }
        p.strip_free_text();
        p.baseline = p.baseline.coded();
        self.store
            .save_participation(
                &p,
                referral.as_ref(),
                &[draft("participation", p.id.to_string())],
            )
            .await?;
        for mut e in self.store.entries(&[p.id]).await? {
            match e.body.anonymised() {
                None => self.store.delete_entry(e.id, &[]).await?,
                Some(body) if body != e.body => {
                    e.body = body;
                    self.store.save_entry(&e, &[]).await?;
                }
                Some(_) => {}
            }
        }
        for mut i in self.store.invitations(&[p.id]).await? {
            if i.forget_free_text() {
                self.store.save_invitation(&i, &[]).await?;
            }
        }
        self.store.forget_employer_contacts(p.id, &[]).await?;
        self.store
            .mark_anonymised(
                &Anonymisation {
                    participation_id: p.id,
                    on: self.clock.today(),
                    why: why.code().to_string(),
                },
                &[],
            )
            .await?;
        Ok(())
    }
}
