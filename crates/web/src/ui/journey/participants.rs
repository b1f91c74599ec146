//! GET /interventions/{code}/participants: an intervention's participants with
//! their counts, the referrals still open, and the ways in (referral, meeting,
//! enrolment).

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::journey::referral_list::ReferralLine;
use crate::ui::journey::rows::{CaseRow, StageNames, case_rows};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::codes::ReferralStatus;
use samverka_domain::journey::referral::Referral;
use samverka_i18n::Tr;

#[derive(Template)]
#[template(path = "journey_participants.html")]
struct ParticipantsPage {
    layout: Layout,
    code: String,
    counts: Vec<(String, usize, String)>,
    referrals: Vec<ReferralLine>,
    all_referrals: usize,
    rows: Vec<CaseRow>,
    table_id: &'static str,
    table_caption: String,
    cohorts: bool,
    can_import: bool,
    with_exited: bool,
    exited: usize,
}

/// `?visa=alla` shows the exited participations too.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    visa: Option<String>,
}

/// GET /interventions/{code}/participants
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let iv = state.services.journey_intervention(&caller, &code).await?;
    let with_exited = q.visa.as_deref() == Some("alla");
    let list = state
        .services
        .participant_rows(&caller, &code, with_exited)
        .await?;
    let all = state.services.referrals_of(&caller, &code).await?;
    let all_referrals = all.len();
    let enrolled = &list.enrolled_referrals;
    let referrals = all
        .iter()
        .filter(|(r, _)| is_open(r, enrolled))
        .map(|(r, p)| ReferralLine::of(tr, r, p))
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
    let names = StageNames::of(&state, &caller, &[&list.rows]).await?;
    let rows = case_rows(tr, &names, &list.rows, state.services.clock.today());
    let cohorts =
        iv.template == "basprogram" || !state.services.cohorts_of(&caller, &code).await?.is_empty();
    let can_import = state
        .services
        .importable_intervention(&caller, &code)
        .await
        .is_ok();
    let page = ParticipantsPage {
        can_import,
        layout: Layout::for_user(tr, "journey.participants_title", &auth, "").titled(format!(
            "{} – {}",
            iv.name,
            tr.t("journey.participants_title")
        )),
        code: iv.code,
        counts,
        referrals,
        all_referrals,
        rows,
        table_id: "participants-table",
        table_caption: tr.t("journey.participants_title").to_string(),
        cohorts,
        with_exited,
        exited: c.exited,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

/// True while a referral still needs something done: not declined, and not
/// accepted with a participation already started from it.
fn is_open(r: &Referral, enrolled: &[i64]) -> bool {
    match r.status {
        ReferralStatus::Declined => false,
        ReferralStatus::Accepted => !enrolled.contains(&r.id),
        _ => true,
    }
}

/// A referral source's name: a member code as it is, other sources from the catalogue.
pub fn source_name(tr: Tr, source: &str) -> String {
    if samverka_domain::journey::referral::OTHER_SOURCES.contains(&source) {
        tr.t(&format!("source.{source}")).to_string()
    } else {
        source.to_string()
    }
}
