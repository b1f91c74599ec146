//! The budget report and the association's Kostnadsrapport. The budget report is for
//! an intervention, a provider, an association or the whole installation, over whole
//! calendar years: the budget lines against their outcome, and what the money bought
//! over the years that have lines (SPEC 7.8, 8). Anyone who may see every
//! intervention of the scope may read it; money is not personal data, and the
//! association layer gets the result counts with those of 1–4 withheld (SPEC 7.4).

use super::report::{Audience, ReportScope};
use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::journey::entry::EntryBody;
use samverka_i18n::Tr;
use samverka_reports::budget::{BudgetInput, BudgetReport, budget_report, whole_years};
use samverka_reports::budget_document::{BudgetContext, budget_document};
use samverka_reports::cost_document::{CostContext, cost_document};
use samverka_reports::cost_report::{CostReport, cost_report};
use samverka_reports::document::Document;
use samverka_reports::withheld::Withheld;
use samverka_store::ParticipationFilter;
use time::Date;

/// A budget report with the names it is written with.
#[derive(Debug, Clone)]
pub struct BudgetReportView {
    /// The exact figures (never shown whole when `withheld` applies).
    pub report: BudgetReport,
    /// What is withheld from this reader.
    pub withheld: Withheld,
    context: BudgetContext,
}

impl BudgetReportView {
    /// The report as sections in `tr`'s language.
    pub fn document(&self, tr: Tr) -> Document {
        let mut cx = self.context.clone();
        if cx.scope.is_empty() {
            cx.scope = tr.t("report.scope.installation").to_string();
        }
        budget_document(&self.report, &self.withheld, tr, &cx)
    }

    /// The report as JSON (SPEC 11: `years`, `total_budget`, `total_outcome`, …),
    /// withheld counts written `"<5"` and what would give them away `".."`.
    pub fn json(&self) -> serde_json::Value {
        self.withheld.apply(&self.report)
    }

    /// True when the figures are exact.
    pub fn exact(&self) -> bool {
        !self.withheld.applied()
    }
}

impl Services {
    /// The budget report of `scope` over the whole years `period` touches, for the
    /// association layer.
    pub async fn budget_report(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        period: (Date, Date),
    ) -> ServiceResult<BudgetReportView> {
        self.budget_report_for(caller, scope, period, Audience::Association)
            .await
    }

    /// The budget report of `scope` over the whole years `period` touches, for
    /// `wanted`, or for the association layer when exact figures are not the caller's.
    pub async fn budget_report_for(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        period: (Date, Date),
        wanted: Audience,
    ) -> ServiceResult<BudgetReportView> {
        let today = self.clock.today();
        let years = whole_years(period.0, period.1, today);
        let (interventions, audience) = self.reach(caller, scope, period, wanted).await?;
        let codes: Vec<String> = interventions.iter().map(|iv| iv.code.clone()).collect();
        let lines = self.store.budget_lines(&codes).await?;
        let participations = self
            .store
            .participations_for_figures(&ParticipationFilter {
                interventions: codes.clone(),
                ..ParticipationFilter::default()
            })
            .await?;
        let rehab_spent = self
            .store
            .rehab_fund_entries(&codes, years.0, years.1)
            .await?
            .iter()
            .map(|body| match body {
                EntryBody::RehabFund {
                    cost,
                    approved_by: Some(_),
                    ..
                } => *cost,
                _ => 0,
            })
            .sum();
        let association = match scope {
            ReportScope::Association(c) => Some(c.clone()),
            _ => interventions
                .first()
                .and_then(|iv| iv.associations.first().cloned()),
        };
        let assumptions = match association {
            Some(a) => self.store.estimate_parameters(&a).await?,
            None => None,
        };
        let report = budget_report(
            &scope.key(),
            &lines,
            &participations,
            BudgetInput {
                period: years,
                today,
                rehab_spent,
                assumptions: assumptions.as_ref(),
            },
        );
        let withheld = match audience {
            Audience::Provider => Withheld::none(),
            Audience::Association => report.withheld(),
        };
        let cx = self
            .report_context(scope, &interventions, Vec::new())
            .await?;
        Ok(BudgetReportView {
            report,
            withheld,
            context: BudgetContext {
                scope: cx.scope,
                financier_names: cx.source_names,
            },
        })
    }
}

/// A Kostnadsrapport with the names it is written with.
#[derive(Debug, Clone)]
pub struct CostReportView {
    /// The figures.
    pub report: CostReport,
    context: CostContext,
}

impl CostReportView {
    /// The report as sections in `tr`'s language.
    pub fn document(&self, tr: Tr) -> Document {
        cost_document(&self.report, tr, &self.context)
    }

    /// The report as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(&self.report).unwrap_or_default()
    }
}

impl Services {
    /// The Kostnadsrapport of an association over the whole years `period` touches.
    pub async fn cost_report(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        period: (Date, Date),
    ) -> ServiceResult<CostReportView> {
        let ReportScope::Association(code) = scope else {
            return Err(FieldError::new("scope", "error.report.cost_scope").into());
        };
        let (interventions, _) = self
            .reach(caller, scope, period, Audience::Association)
            .await?;
        let association = self
            .store
            .associations()
            .await?
            .into_iter()
            .find(|a| &a.code == code)
            .ok_or(ServiceError::NotFound)?;
        let codes: Vec<String> = interventions.iter().map(|iv| iv.code.clone()).collect();
        let budget = self.store.budget_lines(&codes).await?;
        let own = self
            .store
            .association_lines(std::slice::from_ref(code))
            .await?;
        let kinds = association
            .members
            .iter()
            .map(|m| (m.code.clone(), m.kind))
            .collect();
        let report = cost_report(
            &scope.key(),
            &own,
            &budget,
            &kinds,
            (period.0.year(), period.1.year()),
        );
        Ok(CostReportView {
            report,
            context: CostContext {
                scope: format!("{} ({})", association.name, association.code),
                intervention_names: interventions
                    .into_iter()
                    .map(|iv| (iv.code, iv.name))
                    .collect(),
                member_names: association
                    .members
                    .iter()
                    .map(|m| (m.code.clone(), m.name.clone()))
                    .collect(),
            },
        })
    }
}
