//! Entries in a participation: profile versions, plan items, follow-ups,
//! checkpoints, placements, employments, studies, rehab-fund spending and the
//! follow-ups after exit. Each is checked against the participation and audited.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::journey::Participation;
use samverka_domain::journey::entry::{Entry, EntryBody};
use samverka_domain::policy::can_approve_rehab_fund;
use time::Date;

impl Services {
    /// Adds an entry to participation `id`; returns the entry's id.
    pub async fn add_entry(
        &self,
        caller: &Caller,
        id: i64,
        on: Date,
        body: EntryBody,
    ) -> ServiceResult<i64> {
        let (p, iv) = self.reachable_participation(caller, id).await?;
        let entry = Entry {
            id: 0,
            participation_id: id,
            on,
            body,
            written_by: caller.actor().name,
        };
        self.check_entry(&p, &iv.provider, &entry).await?;
        let d = self
            .journey_draft(caller, AuditEvent::EntrySaved, "entry", "", Some(id))
            .details(format!("kind={}", entry.body.kind()));
        Ok(self.store.save_entry(&entry, &[d]).await?)
    }

    /// Replaces an entry's day and content (kind may not change).
    pub async fn update_entry(
        &self,
        caller: &Caller,
        id: i64,
        entry_id: i64,
        on: Date,
        body: EntryBody,
    ) -> ServiceResult<()> {
        let (old, p, provider) = self.reachable_entry(caller, id, entry_id).await?;
        if old.body.kind() != body.kind() {
            return Err(FieldError::new("typ", "error.entry.kind").into());
        }
        let entry = Entry {
            on,
            body,
            written_by: caller.actor().name,
            ..old
        };
        self.check_entry(&p, &provider, &entry).await?;
        let d = self
            .journey_draft(
                caller,
                AuditEvent::EntrySaved,
                "entry",
                entry_id,
                Some(p.id),
            )
            .details(format!("kind={} changed=true", entry.body.kind()));
        self.store.save_entry(&entry, &[d]).await?;
        Ok(())
    }

    /// Deletes an entry.
    pub async fn delete_entry(&self, caller: &Caller, id: i64, entry_id: i64) -> ServiceResult<()> {
        let (old, p, _) = self.reachable_entry(caller, id, entry_id).await?;
        let d = self
            .journey_draft(
                caller,
                AuditEvent::EntryDeleted,
                "entry",
                entry_id,
                Some(p.id),
            )
            .details(format!("kind={}", old.body.kind()));
        Ok(self.store.delete_entry(entry_id, &[d]).await?)
    }

    /// Approves rehab-fund spending: only the intervention's lead (the coordinator).
    pub async fn approve_rehab_fund(
        &self,
        caller: &Caller,
        id: i64,
        entry_id: i64,
    ) -> ServiceResult<()> {
        let (mut entry, p, _) = self.reachable_entry(caller, id, entry_id).await?;
        let iv = self.journey_intervention(caller, &p.intervention).await?;
        let allowed = match caller {
            Caller::Cli(_) => true,
            Caller::User { roles, .. } => can_approve_rehab_fund(roles, &iv),
        };
        if !allowed {
            return Err(ServiceError::Forbidden);
        }
        let EntryBody::RehabFund { approved_by, .. } = &mut entry.body else {
            return Err(FieldError::new("typ", "error.entry.kind").into());
        };
        *approved_by = Some(caller.actor().name);
        let d = self
            .journey_draft(
                caller,
                AuditEvent::EntrySaved,
                "entry",
                entry_id,
                Some(p.id),
            )
            .details("kind=rehab_fund approved=true");
        self.store.save_entry(&entry, &[d]).await?;
        Ok(())
    }

    /// One entry of participation `id`, within reach (for editing it).
    pub async fn entry_of(&self, caller: &Caller, id: i64, entry_id: i64) -> ServiceResult<Entry> {
        Ok(self.reachable_entry(caller, id, entry_id).await?.0)
    }

    /// Entry `entry_id` of participation `id`, both within reach; `NotFound` otherwise.
    async fn reachable_entry(
        &self,
        caller: &Caller,
        id: i64,
        entry_id: i64,
    ) -> ServiceResult<(Entry, Participation, String)> {
        let (p, iv) = self.reachable_participation(caller, id).await?;
        let entry = self
            .store
            .entries(&[p.id])
            .await?
            .into_iter()
            .find(|e| e.id == entry_id)
            .ok_or(ServiceError::NotFound)?;
        Ok((entry, p, iv.provider))
    }

    async fn check_entry(
        &self,
        p: &Participation,
        provider: &str,
        entry: &Entry,
    ) -> ServiceResult<()> {
        if p.is_anonymous() && !entry.body.allowed_when_anonymous() {
            return Err(FieldError::new("typ", "error.participation.anonymous").into());
        }
        if let EntryBody::RehabFund {
            approved_by: Some(_),
            ..
        } = &entry.body
            && entry.id == 0
        {
            return Err(FieldError::new("godkand", "error.rehab_fund.approve").into());
        }
        entry.check(
            p.start_on,
            p.exit.as_ref().map(|x| x.on),
            self.clock.today(),
        )?;
        if let EntryBody::Placement { employer_id, .. }
        | EntryBody::Employment { employer_id, .. } = &entry.body
        {
            let known = self
                .store
                .employer(*employer_id)
                .await?
                .is_some_and(|e| e.provider == provider);
            if !known {
                return Err(FieldError::new("arbetsgivare", "error.employer.unknown").into());
            }
        }
        Ok(())
    }
}
