//! Viewing and changing the organisation: associations, providers, interventions
//! and templates, each checked against the policy and audited.

use crate::accounts::Caller;
use crate::org_changes::describe;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::association::{Association, Provider, ShareWarning};
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::intervention::Intervention;
use samverka_domain::policy::{
    can_create_intervention, can_edit_association, can_edit_intervention, can_manage_setup,
    can_view_association, can_view_intervention,
};
use samverka_domain::template::{ProcessTemplate, builtin_named, builtins};
use samverka_domain::two_layers::check_provider_change;
use samverka_domain::{FieldError, RoleAssignment};
use samverka_store::{OrganisationChanges, ParticipationFilter, ReferralFilter};

/// An association with what its page shows.
#[derive(Debug, Clone)]
pub struct AssociationView {
    /// The association and its members.
    pub association: Association,
    /// Where the members' shares differ from the legal split.
    pub warnings: Vec<ShareWarning>,
    /// Its interventions.
    pub interventions: Vec<Intervention>,
    /// The providers running them.
    pub providers: Vec<Provider>,
}

fn roles_of(caller: &Caller) -> Option<&[RoleAssignment]> {
    match caller {
        Caller::Cli(_) => None,
        Caller::User { roles, .. } => Some(roles),
    }
}

/// True when the caller passes `check` (the CLI always does).
fn allowed(caller: &Caller, check: impl Fn(&[RoleAssignment]) -> bool) -> bool {
    roles_of(caller).is_none_or(check)
}

impl Services {
    fn org_draft(&self, caller: &Caller, kind: &str, code: &str, details: String) -> AuditDraft {
        AuditDraft::new(
            self.clock.now(),
            caller.actor(),
            AuditEvent::OrganisationChanged,
            kind,
            code,
        )
        .details(details)
    }

    /// The associations the caller may see, by code.
    pub async fn visible_associations(&self, caller: &Caller) -> ServiceResult<Vec<Association>> {
        let all = self.store.associations().await?;
        Ok(all
            .into_iter()
            .filter(|a| allowed(caller, |r| can_view_association(r, &a.code)))
            .collect())
    }

    /// One association's page; `NotFound` if it does not exist or the caller may not see it.
    pub async fn association_view(
        &self,
        caller: &Caller,
        code: &str,
    ) -> ServiceResult<AssociationView> {
        if !allowed(caller, |r| can_view_association(r, code)) {
            return Err(ServiceError::NotFound);
        }
        let association = self
            .store
            .associations()
            .await?
            .into_iter()
            .find(|a| a.code == code)
            .ok_or(ServiceError::NotFound)?;
        let interventions: Vec<Intervention> = self
            .store
            .interventions()
            .await?
            .into_iter()
            .filter(|i| i.associations.contains(&association.code))
            .collect();
        let providers = self
            .store
            .providers()
            .await?
            .into_iter()
            .filter(|p| interventions.iter().any(|i| i.provider == p.code))
            .collect();
        Ok(AssociationView {
            warnings: association.share_warnings(),
            association,
            interventions,
            providers,
        })
    }

    /// The interventions the caller may see.
    pub async fn visible_interventions(&self, caller: &Caller) -> ServiceResult<Vec<Intervention>> {
        let all = self.store.interventions().await?;
        Ok(all
            .into_iter()
            .filter(|i| allowed(caller, |r| can_view_intervention(r, i)))
            .collect())
    }

    /// One intervention; `NotFound` if it does not exist or the caller may not see it.
    pub async fn intervention(&self, caller: &Caller, code: &str) -> ServiceResult<Intervention> {
        let iv = self
            .store
            .intervention(code)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if !allowed(caller, |r| can_view_intervention(r, &iv)) {
            return Err(ServiceError::NotFound);
        }
        Ok(iv)
    }

    /// An intervention the caller may change: `NotFound` if they cannot see it,
    /// `Forbidden` if they can see but not change it.
    pub async fn editable_intervention(
        &self,
        caller: &Caller,
        code: &str,
    ) -> ServiceResult<Intervention> {
        let iv = self.intervention(caller, code).await?;
        if allowed(caller, |r| can_edit_intervention(r, &iv)) {
            Ok(iv)
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// The template an intervention follows (built-in or own).
    pub async fn template(&self, code: &str) -> ServiceResult<ProcessTemplate> {
        if let Some(t) = builtin_named(code) {
            return Ok(t);
        }
        self.store
            .own_templates()
            .await?
            .into_iter()
            .find(|t| t.code == code)
            .ok_or(ServiceError::NotFound)
    }

    /// Every template: built-in first, then own ones.
    pub async fn templates(&self) -> ServiceResult<Vec<ProcessTemplate>> {
        let mut all = builtins();
        all.extend(self.store.own_templates().await?);
        Ok(all)
    }

    /// Every provider.
    pub async fn providers(&self) -> ServiceResult<Vec<Provider>> {
        Ok(self.store.providers().await?)
    }

    /// Saves an association's facts and members (create or replace by code).
    pub async fn save_association(
        &self,
        caller: &Caller,
        association: Association,
    ) -> ServiceResult<Vec<ShareWarning>> {
        if !allowed(caller, |r| can_edit_association(r, &association.code)) {
            return Err(ServiceError::Forbidden);
        }
        association.validate()?;
        let old = self
            .store
            .associations()
            .await?
            .into_iter()
            .find(|a| a.code == association.code);
        if old.is_none() && !allowed(caller, can_manage_setup) {
            return Err(ServiceError::Forbidden);
        }
        let mut association = association;
        association.orgnr = samverka_domain::orgnr::OrgNumber::parse("orgnr", &association.orgnr)?
            .as_str()
            .to_string();
        let warnings = association.share_warnings();
        let details = describe(old.as_ref(), &association);
        let draft = self.org_draft(caller, "association", &association.code, details);
        let changes = OrganisationChanges {
            associations: vec![association],
            ..Default::default()
        };
        self.store.save_organisation(&changes, &[draft]).await?;
        Ok(warnings)
    }

    /// Saves a provider (system administrators and the command line).
    pub async fn save_provider(&self, caller: &Caller, provider: Provider) -> ServiceResult<()> {
        if !allowed(caller, can_manage_setup) {
            return Err(ServiceError::Forbidden);
        }
        provider.validate()?;
        let old = self
            .store
            .providers()
            .await?
            .into_iter()
            .find(|p| p.code == provider.code);
        let details = describe(old.as_ref(), &provider);
        let draft = self.org_draft(caller, "provider", &provider.code, details);
        let changes = OrganisationChanges {
            providers: vec![provider],
            ..Default::default()
        };
        Ok(self.store.save_organisation(&changes, &[draft]).await?)
    }

    /// Saves an own process template (leads and system administrators); built-in codes are refused.
    pub async fn save_template(
        &self,
        caller: &Caller,
        template: ProcessTemplate,
    ) -> ServiceResult<()> {
        if !allowed(caller, samverka_domain::policy::can_define_templates) {
            return Err(ServiceError::Forbidden);
        }
        let names: Vec<String> = template
            .stages
            .iter()
            .map(|s| s.name.clone().unwrap_or_else(|| s.code.clone()))
            .collect();
        let template = ProcessTemplate::own(
            &template.code,
            template.name.as_deref().unwrap_or(""),
            &names,
        )?;
        let old = self
            .store
            .own_templates()
            .await?
            .into_iter()
            .find(|t| t.code == template.code);
        let details = describe(old.as_ref(), &template);
        let draft = self.org_draft(caller, "template", &template.code, details);
        let changes = OrganisationChanges {
            templates: vec![template],
            ..Default::default()
        };
        Ok(self.store.save_organisation(&changes, &[draft]).await?)
    }

    /// Creates a new intervention; a code already in use is refused, never overwritten.
    pub async fn create_intervention(
        &self,
        caller: &Caller,
        intervention: Intervention,
    ) -> ServiceResult<()> {
        let may = intervention
            .associations
            .iter()
            .all(|a| allowed(caller, |r| can_create_intervention(r, a)));
        if !may {
            return Err(ServiceError::Forbidden);
        }
        if self.store.intervention(&intervention.code).await?.is_some() {
            return Err(FieldError::with_detail(
                "code",
                "error.intervention.code_taken",
                intervention.code.clone(),
            )
            .into());
        }
        self.save_intervention(caller, intervention).await
    }

    /// Why `new` may not take `old`'s place: a new provider for an intervention that
    /// already holds participations or referrals (see
    /// [`samverka_domain::two_layers::check_provider_change`]). `None` when it may.
    pub(crate) async fn provider_move_refusal(
        &self,
        old: &Intervention,
        new: &Intervention,
    ) -> ServiceResult<Option<FieldError>> {
        if old.provider == new.provider {
            return Ok(None);
        }
        let holds = self.holds_personal_data(&old.code).await?;
        Ok(check_provider_change(old, new, holds).err())
    }

    /// True when an intervention has any participation (current, exited or imported)
    /// or any referral.
    async fn holds_personal_data(&self, code: &str) -> ServiceResult<bool> {
        let participations = ParticipationFilter {
            interventions: vec![code.to_string()],
            ..Default::default()
        };
        if !self
            .store
            .participations_for_figures(&participations)
            .await?
            .is_empty()
        {
            return Ok(true);
        }
        let referrals = ReferralFilter {
            interventions: vec![code.to_string()],
            ..Default::default()
        };
        Ok(!self.store.referrals(&referrals).await?.is_empty())
    }

    /// Creates or changes an intervention. Orientation and follow-up method stay as
    /// created; the template must exist; the provider stays once the intervention
    /// holds personal data. The access log gets every changed field, before → after.
    pub async fn save_intervention(
        &self,
        caller: &Caller,
        intervention: Intervention,
    ) -> ServiceResult<()> {
        let existing = self.store.intervention(&intervention.code).await?;
        let may = match &existing {
            Some(old) => allowed(caller, |r| {
                can_edit_intervention(r, old)
                    && samverka_domain::policy::can_change_reach(r, old, &intervention)
            }),
            None => intervention
                .associations
                .iter()
                .all(|a| allowed(caller, |r| can_create_intervention(r, a))),
        };
        if !may {
            return Err(ServiceError::Forbidden);
        }
        intervention.validate()?;
        if let Some(old) = &existing {
            old.check_update(&intervention)?;
            if let Some(refusal) = self.provider_move_refusal(old, &intervention).await? {
                return Err(refusal.into());
            }
        }
        if self.template(&intervention.template).await.is_err() {
            return Err(FieldError::with_detail(
                "template",
                "error.template.unknown",
                intervention.template.clone(),
            )
            .into());
        }
        let details = describe(existing.as_ref(), &intervention);
        let draft = self.org_draft(caller, "intervention", &intervention.code, details);
        let changes = OrganisationChanges {
            interventions: vec![intervention],
            ..Default::default()
        };
        Ok(self.store.save_organisation(&changes, &[draft]).await?)
    }
}

/// A member of an intervention's staff.
#[derive(Debug, Clone)]
pub struct StaffMember {
    /// The account id.
    pub user_id: i64,
    /// The login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Roles reaching the intervention (lead, coach).
    pub roles: Vec<samverka_domain::Role>,
}

impl Services {
    /// The leads and coaches assigned to an intervention (directly or through its provider).
    pub async fn staff_of(&self, intervention: &Intervention) -> ServiceResult<Vec<StaffMember>> {
        use samverka_domain::{Role, Scope};
        let mut staff: Vec<StaffMember> = Vec::new();
        let scopes = [
            Scope::Intervention(intervention.code.clone()),
            Scope::Provider(intervention.provider.clone()),
        ];
        for (user, a) in self.store.assigned_in(&scopes).await? {
            if user.disabled || !matches!(a.role, Role::InterventionLead | Role::Coach) {
                continue;
            }
            match staff.last_mut() {
                Some(last) if last.user_id == user.id.0 => last.roles.push(a.role),
                _ => staff.push(StaffMember {
                    user_id: user.id.0,
                    username: user.username.clone(),
                    display_name: user.display_name,
                    roles: vec![a.role],
                }),
            }
        }
        Ok(staff)
    }
}
