//! Applying a setup file: everything is checked first, then what differs from the
//! database is saved in one transaction. Importing the same file twice changes nothing.

use crate::accounts::Caller;
use crate::setup::{Known, SetupError, SetupPlan, export, parse};
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::policy::can_manage_setup;
use samverka_store::OrganisationChanges;

/// How many items of one kind were created, updated or left as they were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// New codes.
    pub created: usize,
    /// Existing codes with changed content.
    pub updated: usize,
    /// Existing codes with the same content.
    pub unchanged: usize,
}

/// What an import did, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Associations.
    pub associations: Counts,
    /// Providers.
    pub providers: Counts,
    /// Own process templates.
    pub templates: Counts,
    /// Interventions (with their goals).
    pub interventions: Counts,
    /// Associations whose financing shares differ from the legal split (a warning only).
    pub share_warnings: Vec<(String, samverka_domain::association::ShareWarning)>,
}

/// A failed import: either the file's problems (nothing was saved) or a refusal.
#[derive(Debug)]
pub enum ImportError {
    /// Every problem in the file, with line and key.
    File(Vec<SetupError>),
    /// Not allowed, or storage failed.
    Service(ServiceError),
}

impl From<ServiceError> for ImportError {
    fn from(e: ServiceError) -> Self {
        ImportError::Service(e)
    }
}

impl From<samverka_store::StoreError> for ImportError {
    fn from(e: samverka_store::StoreError) -> Self {
        ImportError::Service(e.into())
    }
}

/// Keeps the items whose code is new or whose content differs, counting as it goes.
fn changed<T: PartialEq + Clone>(
    wanted: &[T],
    stored: &[T],
    code: impl Fn(&T) -> &str,
    counts: &mut Counts,
) -> Vec<T> {
    let mut out = Vec::new();
    for item in wanted {
        match stored.iter().find(|s| code(s) == code(item)) {
            None => {
                counts.created += 1;
                out.push(item.clone());
            }
            Some(s) if s == item => counts.unchanged += 1,
            Some(_) => {
                counts.updated += 1;
                out.push(item.clone());
            }
        }
    }
    out
}

/// The line of `key` inside the `[[intervention]]` whose code is `code` (1-based;
/// the code's own line when the key is not written out).
fn line_of_key(text: &str, code: &str, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let code_line = lines.iter().position(|l| {
        let l = l.trim();
        l.starts_with("code")
            && l.split_once('=')
                .is_some_and(|(_, v)| v.trim().trim_matches('"') == code)
    });
    let Some(start) = code_line else { return 1 };
    lines[start..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with("[["))
        .position(|l| l.trim_start().starts_with(key))
        .map_or(start + 1, |offset| start + offset + 1)
}

impl Services {
    /// The whole organisation as a plan (for export and comparison).
    async fn current_plan(&self) -> ServiceResult<SetupPlan> {
        Ok(SetupPlan {
            associations: self.store.associations().await?,
            providers: self.store.providers().await?,
            templates: self.store.own_templates().await?,
            interventions: self.store.interventions().await?,
        })
    }

    /// Checks a setup file completely, then saves what differs in one transaction.
    pub async fn import_setup(
        &self,
        caller: &Caller,
        file: &str,
        text: &str,
    ) -> Result<ImportSummary, ImportError> {
        if let Caller::User { roles, .. } = caller
            && !can_manage_setup(roles)
        {
            return Err(ServiceError::Forbidden.into());
        }
        let current = self.current_plan().await?;
        let known = Known {
            associations: current
                .associations
                .iter()
                .map(|a| a.code.clone())
                .collect(),
            providers: current.providers.iter().map(|p| p.code.clone()).collect(),
            templates: current.templates.iter().map(|t| t.code.clone()).collect(),
        };
        let plan = parse(file, text, &known).map_err(ImportError::File)?;
        let mut fixed = Vec::new();
        for (index, iv) in plan.interventions.iter().enumerate() {
            let Some(existing) = current.interventions.iter().find(|c| c.code == iv.code) else {
                continue;
            };
            let refusal = match existing.check_update(iv) {
                Err(e) => Some(e),
                Ok(()) => self.provider_move_refusal(existing, iv).await?,
            };
            if let Some(e) = refusal {
                fixed.push(SetupError {
                    file: file.to_string(),
                    line: line_of_key(text, &iv.code, e.field),
                    key: format!("intervention[{}].{}", index + 1, e.field),
                    message: samverka_i18n::fill(
                        samverka_i18n::Lang::Sv,
                        e.message_key,
                        &e.placeholders(),
                    ),
                });
            }
        }
        if !fixed.is_empty() {
            return Err(ImportError::File(fixed));
        }
        let mut summary = ImportSummary {
            share_warnings: plan
                .associations
                .iter()
                .flat_map(|a| a.share_warnings().into_iter().map(|w| (a.code.clone(), w)))
                .collect(),
            ..Default::default()
        };
        let changes = OrganisationChanges {
            associations: changed(
                &plan.associations,
                &current.associations,
                |a| &a.code,
                &mut summary.associations,
            ),
            providers: changed(
                &plan.providers,
                &current.providers,
                |p| &p.code,
                &mut summary.providers,
            ),
            templates: changed(
                &plan.templates,
                &current.templates,
                |t| &t.code,
                &mut summary.templates,
            ),
            interventions: changed(
                &plan.interventions,
                &current.interventions,
                |i| &i.code,
                &mut summary.interventions,
            ),
        };
        if changes.is_empty() {
            return Ok(summary);
        }
        let details = format!(
            "file={} associations={} providers={} templates={} interventions={}",
            file.rsplit('/').next().unwrap_or(file),
            changes.associations.len(),
            changes.providers.len(),
            changes.templates.len(),
            changes.interventions.len()
        );
        let now = self.clock.now();
        let draft = AuditDraft::new(
            now,
            caller.actor(),
            AuditEvent::OrganisationChanged,
            "setup",
            "import",
        )
        .details(details);
        let mut drafts = vec![draft];
        drafts.extend(crate::org_changes::change_drafts(
            now, caller, &current, &changes,
        ));
        self.store.save_organisation(&changes, &drafts).await?;
        Ok(summary)
    }

    /// The whole organisation in the setup file's format.
    pub async fn export_setup(&self, caller: &Caller) -> ServiceResult<String> {
        if let Caller::User { roles, .. } = caller
            && !can_manage_setup(roles)
        {
            return Err(ServiceError::Forbidden);
        }
        Ok(export(&self.current_plan().await?))
    }
}
