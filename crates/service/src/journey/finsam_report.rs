//! The Uppföljning Finsam export (SPEC 7.9): what an association reports by sex to
//! Försäkringskassan for each individual intervention and calendar year. The figures
//! are exact, so only the association's own administrator sees them in the product
//! (and the operator at the command line). The preparatory group, other
//! associations' administrators, coaches, leads, partner officers and system
//! administrators are refused: none of them reports to Försäkringskassan for the
//! association, and system administrators never see participant figures exactly.

use super::report::ReportScope;
use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::intervention::{Intervention, Orientation};
use samverka_domain::{FieldError, Role, RoleAssignment, Scope};
use samverka_i18n::Tr;
use samverka_reports::budget::whole_years;
use samverka_reports::document::Document;
use samverka_reports::finsam::{Finsam, finsam};
use samverka_store::ParticipationFilter;
use time::Date;

/// The Uppföljning Finsam export, exact, with the name of what it covers.
#[derive(Debug, Clone)]
pub struct FinsamReport {
    finsam: Finsam,
    scope_name: String,
    period: (Date, Date),
}

impl FinsamReport {
    /// The export as a document in `tr`'s language.
    pub fn document(&self, tr: Tr) -> Document {
        let scope = if self.scope_name.is_empty() {
            tr.t("report.scope.installation").to_string()
        } else {
            self.scope_name.clone()
        };
        self.finsam.document(tr, &scope)
    }

    /// The export as JSON (SPEC 7.9: `years [{year, interventions [{code, name,
    /// participants {kvinna, man, okand, total}, budget, outcome}]}]`), every count a number.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(&self.finsam).unwrap_or_default()
    }

    /// The figures.
    pub fn figures(&self) -> &Finsam {
        &self.finsam
    }

    /// The whole calendar years counted (the current one up to today).
    pub fn period(&self) -> (Date, Date) {
        self.period
    }
}

/// The associations whose administrator the roles hold.
fn administered(roles: &[RoleAssignment]) -> Vec<&str> {
    roles
        .iter()
        .filter(|a| a.role == Role::AssociationAdmin)
        .filter_map(|a| match &a.scope {
            Scope::Association(code) => Some(code.as_str()),
            _ => None,
        })
        .collect()
}

/// True when the caller may be offered the export at all: the operator, and an
/// association's own administrator.
pub fn offers_finsam(caller: &Caller) -> bool {
    match caller {
        Caller::Cli(_) => true,
        Caller::User { roles, .. } => !administered(roles).is_empty(),
    }
}

/// Whether the caller may have the export of `scope`: the operator any scope, an
/// association administrator their own association only (a field error for another
/// kind of scope, so that they can choose it); everyone else is refused.
fn may_read(caller: &Caller, scope: &ReportScope) -> ServiceResult<()> {
    let Caller::User { roles, .. } = caller else {
        return Ok(());
    };
    let own = administered(roles);
    match scope {
        ReportScope::Association(code) if own.contains(&code.as_str()) => Ok(()),
        ReportScope::Association(_) => Err(ServiceError::Forbidden),
        _ if own.is_empty() => Err(ServiceError::Forbidden),
        _ => Err(FieldError::new("scope", "error.report.finsam_scope").into()),
    }
}

impl Services {
    /// The Uppföljning Finsam export of the scope's individual interventions for the
    /// whole calendar years `period` touches, exact, for those who report it.
    pub async fn finsam_report(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        period: (Date, Date),
    ) -> ServiceResult<FinsamReport> {
        may_read(caller, scope)?;
        super::report_period::check(period, self.clock.today())?;
        let years = whole_years(period.0, period.1, self.clock.today());
        let interventions = self.covered(scope).await?;
        if interventions.is_empty() {
            return Err(ServiceError::NotFound);
        }
        let finsam = self.count_finsam(&interventions, years).await?;
        let scope_name = self
            .report_context(scope, &interventions, Vec::new())
            .await?
            .scope;
        Ok(FinsamReport {
            finsam,
            scope_name,
            period: years,
        })
    }

    /// Counts the export over `years` for the individual ones of `interventions`.
    async fn count_finsam(
        &self,
        interventions: &[Intervention],
        years: (Date, Date),
    ) -> ServiceResult<Finsam> {
        let individual: Vec<&Intervention> = interventions
            .iter()
            .filter(|iv| iv.orientation == Orientation::Individinriktad)
            .collect();
        let codes: Vec<String> = individual.iter().map(|iv| iv.code.clone()).collect();
        let participations = self
            .store
            .participations_for_figures(&ParticipationFilter {
                interventions: codes.clone(),
                ..ParticipationFilter::default()
            })
            .await?;
        let budget = self.store.budget_lines(&codes).await?;
        let names: Vec<(String, String)> = individual
            .iter()
            .map(|iv| (iv.code.clone(), iv.name.clone()))
            .collect();
        Ok(finsam(&names, &participations, &budget, years))
    }
}
