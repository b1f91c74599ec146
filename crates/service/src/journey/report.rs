//! The standard participant report for an intervention, a provider, an association
//! or the whole installation over a period. Coaches and leads of every intervention
//! in the scope (and the command line) may have exact figures; everyone who may see
//! the interventions' pages (the association layer) gets them with disclosure
//! control (SPEC 7.4).

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::intervention::Intervention;
use samverka_domain::policy::{
    can_view_association, can_view_intervention, can_work_with_participants,
};
use samverka_i18n::Tr;
use samverka_reports::document::Document;
use samverka_reports::participant_document::{Context, participant_document};
use samverka_reports::standard::StandardReport;
use samverka_reports::withheld::Withheld;
use std::collections::BTreeMap;
use time::Date;

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportScope {
    /// One intervention, by code.
    Intervention(String),
    /// Every intervention a provider runs.
    Provider(String),
    /// Every intervention an association funds.
    Association(String),
    /// Every intervention of the installation.
    Installation,
}

impl ReportScope {
    /// Reads `intervention:NK`, `provider:UK-SP`, `association:SFU` or `installation`.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, code) = text.split_once(':').unwrap_or((text, ""));
        let code = code.trim().to_string();
        match (kind.trim(), code.is_empty()) {
            ("intervention", false) => Some(ReportScope::Intervention(code)),
            ("provider", false) => Some(ReportScope::Provider(code)),
            ("association", false) => Some(ReportScope::Association(code)),
            ("installation", true) => Some(ReportScope::Installation),
            _ => None,
        }
    }

    /// The scope as written in links and in the report (`intervention:NK`).
    pub fn key(&self) -> String {
        match self {
            ReportScope::Intervention(c) => format!("intervention:{c}"),
            ReportScope::Provider(c) => format!("provider:{c}"),
            ReportScope::Association(c) => format!("association:{c}"),
            ReportScope::Installation => "installation".into(),
        }
    }

    fn covers(&self, iv: &Intervention) -> bool {
        match self {
            ReportScope::Intervention(c) => &iv.code == c,
            ReportScope::Provider(c) => &iv.provider == c,
            ReportScope::Association(c) => iv.associations.contains(c),
            ReportScope::Installation => true,
        }
    }
}

/// Who the figures are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The provider itself: exact figures.
    Provider,
    /// The association layer or publication: disclosure control.
    Association,
}

/// A computed report with what its reader may see of it.
#[derive(Debug, Clone)]
pub struct ParticipantReport {
    /// The exact figures (never shown whole when `withheld` applies).
    report: StandardReport,
    /// What is withheld from this reader.
    pub withheld: Withheld,
    /// Names and targets for the written report.
    context: Context,
}

impl ParticipantReport {
    /// The report as sections in `tr`'s language.
    pub fn document(&self, tr: Tr) -> Document {
        participant_document(&self.report, &self.withheld, tr, &self.context)
    }

    /// The JSON report (SPEC 7.6) with withheld figures written `"<5"`.
    pub fn json(&self) -> serde_json::Value {
        self.withheld.apply(&self.report)
    }

    /// The exact figures (for comparing; never shown whole when `withheld` applies).
    pub fn figures(&self) -> &StandardReport {
        &self.report
    }

    /// True when the figures are exact.
    pub fn exact(&self) -> bool {
        !self.withheld.applied()
    }
}

impl Services {
    /// The standard report over `from`–`to` (the as-of date) for `wanted`, or for the
    /// association layer when the caller may not see exact figures.
    pub async fn participant_report(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        (from, to): (Date, Date),
        wanted: Audience,
    ) -> ServiceResult<ParticipantReport> {
        let (interventions, audience) = self.reach(caller, scope, (from, to), wanted).await?;
        let preset = match audience {
            Audience::Association => Some(self.on_grid(scope, (from, to)).await?),
            Audience::Provider => None,
        };
        let report = match scope {
            ReportScope::Intervention(_) => {
                self.report_by_definition(scope, &interventions, (from, to))
                    .await?
            }
            _ => {
                self.report_from_tallies(scope, &interventions, (from, to))
                    .await?
            }
        };
        let goals = super::report_tallies::goals_of(scope, &interventions);
        let associations = super::report_tallies::funders(&interventions);
        let withheld = match preset {
            None => Withheld::none(),
            Some(preset) => Withheld::with_derived(&report, self.grid_marks(scope, preset).await?),
        };
        let mut context = self.report_context(scope, &interventions, goals).await?;
        let coach_ids: Vec<i64> = report.caseload_per_coach.keys().copied().collect();
        context.coaches = self
            .store
            .display_names(&coach_ids)
            .await?
            .into_iter()
            .collect();
        context.questions = self.questions_of(&associations).await?;
        Ok(ParticipantReport {
            report,
            withheld,
            context,
        })
    }

    /// The scopes the caller may report on, with names: every intervention and
    /// association they may see, providers whose every intervention they work in,
    /// and the whole installation for system administrators.
    pub async fn report_scopes(
        &self,
        caller: &Caller,
    ) -> ServiceResult<Vec<(ReportScope, String)>> {
        let roles = match caller {
            Caller::Cli(_) => return Err(ServiceError::Forbidden),
            Caller::User { roles, .. } => roles,
        };
        let interventions = self.store.interventions().await?;
        let mut out = Vec::new();
        if roles
            .iter()
            .any(|a| a.role == samverka_domain::Role::SystemAdmin)
        {
            out.push((ReportScope::Installation, String::new()));
        }
        for a in self.store.associations().await? {
            if can_view_association(roles, &a.code) {
                out.push((ReportScope::Association(a.code.clone()), a.name));
            }
        }
        for p in self.store.providers().await? {
            let own: Vec<&Intervention> = interventions
                .iter()
                .filter(|iv| iv.provider == p.code)
                .collect();
            if own.len() > 1 && own.iter().all(|iv| can_work_with_participants(roles, iv)) {
                out.push((ReportScope::Provider(p.code.clone()), p.name));
            }
        }
        for iv in &interventions {
            if can_view_intervention(roles, iv) {
                out.push((ReportScope::Intervention(iv.code.clone()), iv.name.clone()));
            }
        }
        Ok(out)
    }

    /// The first and last day the scope's interventions run (the last capped at
    /// today), for the "whole intervention" period.
    pub async fn whole_period(&self, scope: &ReportScope) -> ServiceResult<(Date, Date)> {
        let today = self.clock.today();
        let covered = self.covered(scope).await?;
        let from = covered
            .iter()
            .map(|iv| iv.start)
            .min()
            .ok_or(ServiceError::NotFound)?;
        let to = covered
            .iter()
            .map(|iv| iv.end.map_or(today, |e| e.min(today)))
            .max()
            .unwrap_or(today)
            .max(from);
        Ok((from, to))
    }

    /// The interventions `scope` covers.
    pub(crate) async fn covered(&self, scope: &ReportScope) -> ServiceResult<Vec<Intervention>> {
        Ok(self
            .store
            .interventions()
            .await?
            .into_iter()
            .filter(|iv| scope.covers(iv))
            .collect())
    }

    /// The interventions `scope` covers and the audience the caller gets (the one
    /// wanted, or the association layer when exact figures are not the caller's).
    pub(crate) async fn reach(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        (from, to): (Date, Date),
        wanted: Audience,
    ) -> ServiceResult<(Vec<Intervention>, Audience)> {
        super::report_period::check((from, to), self.clock.today())?;
        let interventions = self.covered(scope).await?;
        if interventions.is_empty() {
            return Err(ServiceError::NotFound);
        }
        let audience = match caller {
            Caller::Cli(_) => wanted,
            Caller::User { roles, .. } => {
                if !interventions
                    .iter()
                    .all(|iv| can_view_intervention(roles, iv))
                {
                    return Err(ServiceError::Forbidden);
                }
                let exact_allowed = !matches!(scope, ReportScope::Installation)
                    && interventions
                        .iter()
                        .all(|iv| can_work_with_participants(roles, iv));
                if exact_allowed {
                    wanted
                } else {
                    Audience::Association
                }
            }
        };
        Ok((interventions, audience))
    }

    /// Names for the written report: the scope, stages, referral sources and the
    /// caseload target (the coaches' names are the caller's to add).
    pub(crate) async fn report_context(
        &self,
        scope: &ReportScope,
        interventions: &[Intervention],
        goals: Vec<samverka_domain::goal::Goal>,
    ) -> ServiceResult<Context> {
        let name = match scope {
            ReportScope::Intervention(_) => interventions
                .first()
                .map(|iv| format!("{} ({})", iv.name, iv.code))
                .unwrap_or_default(),
            ReportScope::Provider(c) => self
                .store
                .providers()
                .await?
                .into_iter()
                .find(|p| &p.code == c)
                .map_or_else(|| c.clone(), |p| format!("{} ({c})", p.name)),
            ReportScope::Association(c) => self
                .store
                .associations()
                .await?
                .into_iter()
                .find(|a| &a.code == c)
                .map_or_else(|| c.clone(), |a| format!("{} ({c})", a.name)),
            ReportScope::Installation => String::new(),
        };
        let mut stage_names = BTreeMap::new();
        for t in self.templates().await? {
            if interventions.iter().any(|iv| iv.template == t.code) {
                for s in t.all_stages() {
                    if let Some(own) = &s.name {
                        stage_names.insert(s.code.clone(), own.clone());
                    }
                }
            }
        }
        let mut source_names = BTreeMap::new();
        for a in self.store.associations().await? {
            if interventions
                .iter()
                .any(|iv| iv.associations.contains(&a.code))
            {
                for m in a.members {
                    source_names.entry(m.code).or_insert(m.name);
                }
            }
        }
        let caseload_target = match (scope, interventions) {
            (ReportScope::Intervention(_), [iv]) => iv.caseload_min.zip(iv.caseload_max),
            _ => None,
        };
        Ok(Context {
            scope: name,
            goals,
            coaches: BTreeMap::new(),
            caseload_target,
            stage_names,
            source_names,
            questions: Vec::new(),
        })
    }
}
