//! Selection meetings: the list, the form that records one decision per proposed
//! person (with the agreement check for the rekryteringsgrupp), and a meeting's page.

use super::participants::source_name;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::Submitted;
use crate::ui::journey::labels::{label, person_label};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::codes::{Decision, GroupKind};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::selection::MeetingInput;

/// `?group=…`
#[derive(serde::Deserialize)]
pub struct Group {
    group: Option<String>,
}

/// A proposed person at the meeting.
pub struct ProposalLine {
    /// Referral id.
    pub id: i64,
    /// Person.
    pub name: String,
    /// Source.
    pub source: String,
    /// Chosen decision code ("" for none).
    pub decision: String,
    /// Agreement ticked.
    pub unanimous: bool,
}

#[derive(Template)]
#[template(path = "journey_meeting_form.html")]
struct MeetingForm {
    layout: Layout,
    code: String,
    group: String,
    selection: bool,
    error: Option<String>,
    held_on: String,
    attendees: String,
    proposals: Vec<ProposalLine>,
    decisions: Vec<(String, String)>,
}

async fn render(
    state: &AppState,
    auth: &samverka_service::sessions::Authenticated,
    code: &str,
    group: GroupKind,
    s: &Submitted,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let failed = error.is_some();
    let waiting = state
        .services
        .awaiting_decision(&auth.caller(), code, group)
        .await?;
    let proposals = waiting
        .iter()
        .map(|(r, p)| ProposalLine {
            id: r.id,
            name: person_label(tr, p),
            source: source_name(tr, &r.source),
            decision: s.get(&format!("beslut_{}", r.id)),
            unanimous: s.get(&format!("enig_{}", r.id)) == "ja",
        })
        .collect();
    let page = MeetingForm {
        layout: Layout::for_user(tr, &format!("code.group_kind.{}", group.code()), auth, ""),
        code: code.to_string(),
        group: group.code().to_string(),
        selection: group == GroupKind::SelectionGroup,
        error,
        held_on: s.get("datum"),
        attendees: s.get("narvarande"),
        proposals,
        decisions: Decision::ALL
            .iter()
            .map(|d| (d.code().to_string(), label(tr, *d)))
            .collect(),
    };
    let status = if failed {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        Html(page.render().map_err(|_| AppError::internal())?),
    )
        .into_response())
}

fn group_of(q: &Group) -> Result<GroupKind, AppError> {
    GroupKind::parse(
        "grupp",
        q.group
            .as_deref()
            .filter(|g| !g.trim().is_empty())
            .unwrap_or("rekryteringsgrupp"),
    )
    .map_err(AppError::invalid)
}

/// GET /interventions/{code}/meetings/new?group=…
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<Group>,
) -> Result<Response, AppError> {
    state
        .services
        .journey_intervention(&auth.caller(), &code)
        .await?;
    let group = group_of(&q)?;
    let s = Submitted(vec![(
        "datum".into(),
        state.services.clock.today().to_string(),
    )]);
    render(&state, &auth, &code, group, &s, None).await
}

/// POST /interventions/{code}/meetings/new?group=…
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<Group>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    state.services.journey_intervention(&caller, &code).await?;
    let group = group_of(&q)?;
    let s = Submitted(pairs);
    let decisions =
        s.0.iter()
            .filter_map(|(k, v)| {
                let id: i64 = k.strip_prefix("beslut_")?.parse().ok()?;
                (!v.is_empty()).then(|| (id, v.clone(), s.get(&format!("enig_{id}")) == "ja"))
            })
            .collect();
    let input = MeetingInput {
        group: group.code().into(),
        held_on: s.get("datum"),
        attendees: s.get("narvarande"),
        decisions,
    };
    match state.services.record_meeting(&caller, &code, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/meetings/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let mut args = e.placeholders();
            let label = tr.t(&format!("meeting_form.field_{}", e.field)).to_string();
            args[0] = ("field", label.as_str());
            let message = tr.f(e.message_key, &args);
            render(&state, &auth, &code, group, &s, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "journey_meeting.html")]
struct MeetingPage {
    layout: Layout,
    code: String,
    attendees: Vec<String>,
    lines: Vec<(i64, String, String)>,
}

/// GET /meetings/{id}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let (m, referrals) = state.services.meeting_view(&auth.caller(), id).await?;
    let lines = m
        .proposals
        .iter()
        .filter_map(|p| {
            let (r, person) = referrals.iter().find(|(r, _)| r.id == p.referral_id)?;
            let outcome = if m.group == GroupKind::SelectionGroup && !p.unanimous {
                format!(
                    "{} – {}",
                    label(tr, p.decision),
                    tr.t("journey.not_unanimous")
                )
            } else {
                label(tr, p.decision)
            };
            Some((r.id, person_label(tr, person), outcome))
        })
        .collect();
    let page = MeetingPage {
        layout: Layout::for_user(tr, "journey.meeting_title", &auth, "").titled(format!(
            "{} {}",
            label(tr, m.group),
            m.held_on
        )),
        code: m.intervention.clone(),
        attendees: m.attendees.clone(),
        lines,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

#[derive(Template)]
#[template(path = "journey_meetings.html")]
struct MeetingsPage {
    layout: Layout,
    code: String,
    meetings: Vec<(i64, String, String, usize)>,
}

/// GET /interventions/{code}/meetings
pub async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let meetings = state
        .services
        .meetings_of(&auth.caller(), &code)
        .await?
        .iter()
        .map(|m| {
            (
                m.id,
                m.held_on.to_string(),
                label(tr, m.group),
                m.proposals.len(),
            )
        })
        .collect();
    let page = MeetingsPage {
        layout: Layout::for_user(tr, "journey.meetings", &auth, ""),
        code,
        meetings,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}
