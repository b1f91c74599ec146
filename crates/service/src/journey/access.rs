//! Who reaches which participants: coaches and leads of an intervention (or its
//! provider). Anything else is answered as "not found", so nobody learns that a
//! participation exists outside their reach.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::Scope;
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::Participation;
use samverka_domain::policy::can_work_with_participants;

/// The interventions whose participants a caller works with.
#[derive(Debug, Clone)]
pub struct JourneyScope {
    /// The interventions, by code.
    pub interventions: Vec<Intervention>,
}

impl JourneyScope {
    /// The codes, for repository filters.
    pub fn codes(&self) -> Vec<String> {
        self.interventions.iter().map(|i| i.code.clone()).collect()
    }

    /// The intervention with `code`, if within reach.
    pub fn get(&self, code: &str) -> Option<&Intervention> {
        self.interventions.iter().find(|i| i.code == code)
    }
}

impl Services {
    /// Refuses (`Forbidden`) callers who hold no coach or lead role: the caseload,
    /// search and employer register are not theirs to open.
    pub fn require_participant_work(&self, caller: &Caller) -> ServiceResult<()> {
        match caller {
            Caller::User { roles, .. }
                if !samverka_domain::policy::works_with_participants(roles) =>
            {
                Err(ServiceError::Forbidden)
            }
            _ => Ok(()),
        }
    }

    /// The interventions whose participants the caller works with (the CLI reaches all).
    pub async fn journey_scope(&self, caller: &Caller) -> ServiceResult<JourneyScope> {
        let interventions = match caller {
            Caller::Cli(_) => self.store.interventions().await?,
            Caller::User { roles, .. } => self
                .interventions_named_in(roles)
                .await?
                .into_iter()
                .filter(|iv| can_work_with_participants(roles, iv))
                .collect(),
        };
        Ok(JourneyScope { interventions })
    }

    /// The interventions a coach's or lead's roles name, read one by one; every
    /// intervention when a role names a whole provider.
    async fn interventions_named_in(
        &self,
        roles: &[samverka_domain::RoleAssignment],
    ) -> ServiceResult<Vec<Intervention>> {
        let mut codes = Vec::new();
        for a in roles {
            match &a.scope {
                Scope::Provider(_) => return Ok(self.store.interventions().await?),
                Scope::Intervention(code) => codes.push(code.clone()),
                _ => {}
            }
        }
        codes.sort();
        codes.dedup();
        let mut out = Vec::new();
        for code in codes {
            out.extend(self.store.intervention(&code).await?);
        }
        Ok(out)
    }

    /// Every intervention code (for rules that look across the installation).
    pub(crate) async fn all_intervention_codes(&self) -> ServiceResult<Vec<String>> {
        Ok(self
            .store
            .interventions()
            .await?
            .into_iter()
            .map(|i| i.code)
            .collect())
    }

    /// One intervention whose participants the caller works with; `NotFound` otherwise.
    pub async fn journey_intervention(
        &self,
        caller: &Caller,
        code: &str,
    ) -> ServiceResult<Intervention> {
        let iv = self
            .store
            .intervention(code)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let reaches = match caller {
            Caller::Cli(_) => true,
            Caller::User { roles, .. } => can_work_with_participants(roles, &iv),
        };
        if reaches {
            Ok(iv)
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// The account named `username`, which must hold the partner-officer role for one
    /// of `iv`'s associations; else a refusal naming `field`.
    pub async fn partner_account(
        &self,
        iv: &Intervention,
        username: &str,
        field: &'static str,
    ) -> ServiceResult<i64> {
        let unknown = || {
            ServiceError::Invalid(samverka_domain::FieldError::with_detail(
                field,
                "error.checkpoint.unknown_account",
                username.trim(),
            ))
        };
        let user = self
            .store
            .user_by_username(username.trim())
            .await?
            .ok_or_else(unknown)?;
        let roles = self.store.roles_of(user.id).await?;
        let officer_here = samverka_domain::policy::partner_reaches(&roles, iv);
        if officer_here {
            Ok(user.id.0)
        } else {
            Err(unknown())
        }
    }

    /// Refuses (`NotFound`) unless participation `id` is within the caller's reach;
    /// reads nothing the caller sees, so nothing is logged.
    pub async fn check_participation_reach(&self, caller: &Caller, id: i64) -> ServiceResult<()> {
        self.reachable_participation(caller, id).await.map(|_| ())
    }

    /// One participation within the caller's reach, with its intervention.
    /// Does not log the read; callers that show data use [`Self::log_read`].
    pub(crate) async fn reachable_participation(
        &self,
        caller: &Caller,
        id: i64,
    ) -> ServiceResult<(Participation, Intervention)> {
        let p = self
            .store
            .participation(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let iv = self.journey_intervention(caller, &p.intervention).await?;
        if let Some(user) = self.outside_caseload(caller, &p, &iv) {
            let open = self
                .store
                .latest_access_reason(user, p.id)
                .await?
                .is_some_and(|r| r.open_at(self.clock.now()));
            if !open {
                return Err(ServiceError::ReasonRequired(p.id));
            }
        }
        Ok((p, iv))
    }

    /// The caller's account id when `p` is outside their caseload: a coach (and not
    /// the intervention's lead) opening someone another coach follows.
    fn outside_caseload(
        &self,
        caller: &Caller,
        p: &Participation,
        iv: &Intervention,
    ) -> Option<i64> {
        let Caller::User { id, roles, .. } = caller else {
            return None;
        };
        let outside = samverka_domain::policy::coaches(roles, iv)
            && !samverka_domain::policy::leads(roles, iv)
            && p.coach != Some(*id);
        outside.then_some(*id)
    }

    /// Participation `id` for its intervention's lead, who states `reason` (10–500
    /// characters) for a sensitive act such as an extract or an erasure; returns the
    /// participation, its intervention and the trimmed reason. Anyone else: refused.
    pub(crate) async fn lead_with_reason(
        &self,
        caller: &Caller,
        id: i64,
        reason: &str,
    ) -> ServiceResult<(Participation, Intervention, String)> {
        let (p, iv) = self.reachable_participation(caller, id).await?;
        let Caller::User { roles, .. } = caller else {
            return Err(ServiceError::Forbidden);
        };
        if !samverka_domain::policy::leads(roles, &iv) {
            return Err(ServiceError::Forbidden);
        }
        let reason = samverka_domain::access_reason::check_reason("skal", reason)?;
        Ok((p, iv, reason))
    }

    /// Records the caller's reason for opening participation `id` outside their
    /// caseload; it lets them in for [`VALID_FOR`](samverka_domain::access_reason::VALID_FOR).
    pub async fn give_access_reason(
        &self,
        caller: &Caller,
        id: i64,
        reason: &str,
    ) -> ServiceResult<()> {
        let p = self
            .store
            .participation(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let iv = self.journey_intervention(caller, &p.intervention).await?;
        let Some(user) = self.outside_caseload(caller, &p, &iv) else {
            return Ok(());
        };
        let r = samverka_domain::access_reason::AccessReason::new(
            user,
            p.id,
            reason,
            self.clock.now(),
        )?;
        let mut d = self
            .journey_draft(
                caller,
                AuditEvent::AccessReasonGiven,
                "participation",
                p.id,
                Some(p.id),
            )
            .details(format!("until={}", r.until));
        d.reason = Some(r.reason.clone());
        self.store.add_access_reason(&r, &[d]).await?;
        Ok(())
    }

    /// An access-log entry about the journey; `participation` names whose data it is.
    pub(crate) fn journey_draft(
        &self,
        caller: &Caller,
        event: AuditEvent,
        kind: &str,
        id: impl ToString,
        participation: Option<i64>,
    ) -> AuditDraft {
        let mut d = AuditDraft::new(self.clock.now(), caller.actor(), event, kind, id);
        d.participation_id = participation;
        d
    }

    /// Logs that the caller read these participations' data (`what`: the page or list).
    pub(crate) async fn log_read(
        &self,
        caller: &Caller,
        what: &str,
        participations: impl IntoIterator<Item = i64>,
    ) -> ServiceResult<()> {
        let ids: Vec<i64> = participations.into_iter().collect();
        // One participation opened on its own may be outside the caseload: its
        // log entry carries the reason stated for it.
        let single = ids.len() == 1;
        let mut drafts = Vec::with_capacity(ids.len());
        for id in ids {
            let d = self
                .journey_draft(
                    caller,
                    AuditEvent::ParticipantDataRead,
                    "participation",
                    id,
                    Some(id),
                )
                .details(format!("view={what}"));
            let mut d = d;
            if let (true, Caller::User { id: user, .. }) = (single, caller) {
                d.reason = self
                    .store
                    .latest_access_reason(*user, id)
                    .await?
                    .filter(|r| r.open_at(self.clock.now()))
                    .map(|r| r.reason);
            }
            drafts.push(d);
        }
        Ok(self.store.append_audits(&drafts).await?)
    }
}
