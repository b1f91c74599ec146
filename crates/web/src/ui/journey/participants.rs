//! GET /interventions/{code}/participants: an intervention's referrals and
//! participants with their counts, and the ways in (referral, meeting, enrolment).

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::journey::labels::person_label;
use crate::ui::journey::rows::{CaseRow, case_rows};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_i18n::Tr;

/// A referral line.
pub struct ReferralLine {
    /// Id.
    pub id: i64,
    /// Received on.
    pub received: String,
    /// Person.
    pub name: String,
    /// Source organisation and unit.
    pub source: String,
    /// Status text.
    pub status: String,
}

#[derive(Template)]
#[template(path = "journey_participants.html")]
struct ParticipantsPage {
    layout: Layout,
    code: String,
    counts: Vec<(String, usize, String)>,
    referrals: Vec<ReferralLine>,
    rows: Vec<CaseRow>,
    table_id: &'static str,
    table_caption: String,
    cohorts: bool,
}

/// GET /interventions/{code}/participants
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let iv = state.services.journey_intervention(&caller, &code).await?;
    let list = state.services.participants_of(&caller, &code).await?;
    let referrals = state
        .services
        .referrals_of(&caller, &code)
        .await?
        .into_iter()
        .map(|(r, p)| ReferralLine {
            id: r.id,
            received: r.received_on.to_string(),
            name: person_label(tr, &p),
            source: if r.source_unit.is_empty() {
                source_name(tr, &r.source)
            } else {
                format!("{} – {}", source_name(tr, &r.source), r.source_unit)
            },
            status: format!(
                "{}{}",
                tr.t(&r.status.label_key()),
                if r.escalated {
                    format!(" ({})", tr.t("journey.escalated"))
                } else {
                    String::new()
                }
            ),
        })
        .collect();
    let c = list.counts;
    let counts = vec![
        (
            tr.t("journey.count_active").to_string(),
            c.active,
            tr.t("journey.def_active").to_string(),
        ),
        (
            tr.t("journey.count_exited").to_string(),
            c.exited,
            tr.t("journey.def_exited").to_string(),
        ),
        (
            tr.t("journey.count_work_studies").to_string(),
            c.exited_to_work_or_studies,
            tr.t("journey.def_work_studies").to_string(),
        ),
        (
            tr.t("journey.count_anonymous").to_string(),
            c.anonymous,
            tr.t("journey.def_anonymous").to_string(),
        ),
    ];
    let rows = case_rows(
        &state,
        &caller,
        tr,
        &list.rows,
        state.services.clock.today(),
    )
    .await?;
    let cohorts =
        iv.template == "basprogram" || !state.services.cohorts_of(&caller, &code).await?.is_empty();
    let page = ParticipantsPage {
        layout: Layout::for_user(tr, "journey.participants_title", &auth, "").titled(format!(
            "{} – {}",
            iv.name,
            tr.t("journey.participants_title")
        )),
        code: iv.code,
        counts,
        referrals,
        rows,
        table_id: "participants-table",
        table_caption: tr.t("journey.participants_title").to_string(),
        cohorts,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

/// A referral source's name: a member code as it is, other sources from the catalogue.
pub fn source_name(tr: Tr, source: &str) -> String {
    if samverka_domain::journey::referral::OTHER_SOURCES.contains(&source) {
        tr.t(&format!("source.{source}")).to_string()
    } else {
        source.to_string()
    }
}
