//! The start page's overview cards for those who follow results rather than
//! people: the lead sees each led intervention's participants and goals since its
//! start, with charts; the association's administrator sees the year so far for
//! the association (people and money, never a person) and its interventions;
//! the association figures shown are logged as report views.

use crate::AppState;
use crate::error::AppError;
use samverka_domain::{Role, Scope};
use samverka_i18n::Tr;
use samverka_reports::document::Document;
use samverka_reports::output::Format;
use samverka_reports::output::html::sections;
use samverka_reports::period::Preset;
use samverka_service::ServiceError;
use samverka_service::accounts::Caller;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_service::sessions::Authenticated;

/// One overview card.
pub struct StartCard {
    /// Heading.
    pub heading: String,
    /// A line under it.
    pub lead: String,
    /// Report sections as HTML (escaped by the report writer).
    pub html: String,
    /// Further links: (href, text).
    pub links: Vec<(String, String)>,
}

/// The report sections with these keys, as HTML.
fn only(doc: &Document, keys: &[&str]) -> String {
    let mut picked = doc.clone();
    picked.sections.retain(|s| keys.contains(&s.key.as_str()));
    sections(&picked)
}

/// A card per intervention the caller leads.
pub async fn lead_cards(
    state: &AppState,
    auth: &Authenticated,
    tr: Tr,
) -> Result<Vec<StartCard>, AppError> {
    let caller = auth.caller();
    let today = state.services.clock.today();
    let mut out = Vec::new();
    for a in auth
        .roles
        .iter()
        .filter(|a| a.role == Role::InterventionLead)
    {
        let Scope::Intervention(code) = &a.scope else {
            continue;
        };
        let iv = state.services.intervention(&caller, code).await?;
        let report = state
            .services
            .participant_report(
                &caller,
                &ReportScope::Intervention(code.clone()),
                (iv.start, today),
                Audience::Provider,
            )
            .await?;
        let doc = report.document(tr);
        out.push(StartCard {
            heading: format!("{} ({})", iv.name, iv.code),
            lead: tr.f(
                "start.lead_period",
                &[("from", &iv.start.to_string()), ("to", &today.to_string())],
            ),
            html: only(&doc, &["goals", "participants", "experience_change"]),
            links: vec![
                (
                    format!("/interventions/{code}/participants"),
                    tr.t("start.participants").to_string(),
                ),
                (
                    format!("/reports?scope=intervention%3A{code}"),
                    tr.t("start.full_report").to_string(),
                ),
                (
                    format!("/interventions/{code}/payments"),
                    tr.t("start.payments").to_string(),
                ),
            ],
        });
    }
    Ok(out)
}

/// The association's participants and exits of its newest ended tertial (the
/// association layer sees the grid only), with that tertial's first and last day.
async fn people_card(
    state: &AppState,
    caller: &Caller,
    scope: &ReportScope,
    tr: Tr,
) -> Result<(String, Option<(time::Date, time::Date)>), AppError> {
    let grid = match state.services.grid_for(scope).await {
        Ok(grid) => grid,
        Err(ServiceError::NotFound) => return Ok((String::new(), None)),
        Err(e) => return Err(e.into()),
    };
    let Some(tertial) = grid.iter().rev().find(|p| matches!(p, Preset::Tertial(..))) else {
        return Ok((String::new(), None));
    };
    let period = tertial.bounds();
    let report = state
        .services
        .participant_report(caller, scope, period, Audience::Association)
        .await?;
    let heading = tr.f(
        "start.association_people",
        &[
            ("from", &period.0.to_string()),
            ("to", &period.1.to_string()),
        ],
    );
    let html = only(&report.document(tr), &["participants", "exit_reasons"]);
    Ok((format!("<h3>{heading}</h3>{html}"), Some(period)))
}

/// A card per association the caller administers: the year so far.
pub async fn association_cards(
    state: &AppState,
    auth: &Authenticated,
    tr: Tr,
) -> Result<Vec<StartCard>, AppError> {
    if !auth.roles.iter().any(|a| a.role == Role::AssociationAdmin) {
        return Ok(Vec::new());
    }
    let caller: Caller = auth.caller();
    let today = state.services.clock.today();
    let period = (Preset::Year(today.year()).bounds().0, today);
    let names: Vec<(String, String)> = state
        .services
        .visible_associations(&caller)
        .await?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let mut out = Vec::new();
    for a in auth
        .roles
        .iter()
        .filter(|a| a.role == Role::AssociationAdmin)
    {
        let Scope::Association(code) = &a.scope else {
            continue;
        };
        let scope = ReportScope::Association(code.clone());
        let people = people_card(state, &caller, &scope, tr).await?;
        let money = match state.services.budget_report(&caller, &scope, period).await {
            Ok(r) => only(&r.document(tr), &["lines"]),
            Err(ServiceError::NotFound) => String::new(),
            Err(e) => return Err(e.into()),
        };
        let people_period = people.1;
        let people = people.0;
        for (kind, shown, period) in [
            ("participants", &people, people_period.unwrap_or(period)),
            ("budget", &money, period),
        ] {
            if !shown.is_empty() {
                state
                    .services
                    .log_report_view(&caller, kind, &scope, period, Format::Html)
                    .await?;
            }
        }
        let year = today.year().to_string();
        out.push(StartCard {
            heading: tr.f(
                "start.association_heading",
                &[(
                    "name",
                    names
                        .iter()
                        .find(|(c, _)| c == code)
                        .map_or(code.as_str(), |(_, n)| n.as_str()),
                )],
            ),
            lead: tr.f(
                "start.association_period",
                &[("from", &period.0.to_string()), ("to", &today.to_string())],
            ),
            html: format!("{people}{money}"),
            links: vec![
                (
                    format!("/associations/{code}"),
                    tr.t("start.association_page").to_string(),
                ),
                (
                    format!("/reports?scope=association%3A{code}&preset={year}"),
                    tr.t("start.full_report").to_string(),
                ),
                (
                    format!("/reports?kind=budget&scope=association%3A{code}&preset={year}"),
                    tr.t("start.budget_report").to_string(),
                ),
                (
                    format!("/associations/{code}/questions"),
                    tr.t("supplement.title").to_string(),
                ),
            ],
        });
    }
    Ok(out)
}
