//! The standard participant report for an intervention, a provider or an
//! association over a period. Only callers who see exact numbers get it: the
//! command line, and coaches and leads of every intervention in the scope. (The
//! association layer needs disclosure control first; see issue 6.)

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::policy::can_work_with_participants;
use samverka_reports::standard::{StandardReport, standard};
use samverka_store::ParticipationFilter;
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
}

impl Services {
    /// The standard report over `from`–`to` (the as-of date).
    pub async fn participant_report(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        from: Date,
        to: Date,
    ) -> ServiceResult<StandardReport> {
        if to < from {
            return Err(FieldError::new("to", "error.report.period").into());
        }
        let all = self.store.interventions().await?;
        let (label, interventions): (String, Vec<_>) = match scope {
            ReportScope::Intervention(c) => (
                format!("intervention:{c}"),
                all.into_iter().filter(|iv| &iv.code == c).collect(),
            ),
            ReportScope::Provider(c) => (
                format!("provider:{c}"),
                all.into_iter().filter(|iv| &iv.provider == c).collect(),
            ),
            ReportScope::Association(c) => (
                format!("association:{c}"),
                all.into_iter()
                    .filter(|iv| iv.associations.contains(c))
                    .collect(),
            ),
        };
        if interventions.is_empty() {
            return Err(ServiceError::NotFound);
        }
        if let Caller::User { roles, .. } = caller
            && !interventions
                .iter()
                .all(|iv| can_work_with_participants(roles, iv))
        {
            return Err(ServiceError::Forbidden);
        }
        let codes: Vec<String> = interventions.iter().map(|iv| iv.code.clone()).collect();
        let participations = self
            .store
            .participations(&ParticipationFilter {
                interventions: codes,
                ..ParticipationFilter::default()
            })
            .await?;
        let goals: Vec<_> = match scope {
            ReportScope::Intervention(_) => interventions
                .iter()
                .flat_map(|iv| iv.goals.clone())
                .collect(),
            _ => Vec::new(),
        };
        let recorded = self.reached_by(&participations, &goals).await?;
        Ok(standard(
            &label,
            &participations,
            &goals,
            (from, to),
            &|p| recorded.get(&p.id).cloned().unwrap_or_default(),
        ))
    }
}
