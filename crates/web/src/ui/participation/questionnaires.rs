//! GET/POST /participations/{id}/questionnaires: the participant's questionnaires
//! and a new one-time link, shown once as text and as a QR code to scan.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::Submitted;
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use samverka_domain::questionnaire::instrument::InstrumentKind;
use samverka_domain::questionnaire::invitation::{Closed, Invitation};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;

/// One questionnaire as a row.
struct Row {
    id: i64,
    open: bool,
    occasion: String,
    created_on: String,
    expires_on: String,
    state: String,
}

#[derive(Template)]
#[template(path = "participation_questionnaires.html")]
struct QuestionnairesPage {
    layout: Layout,
    id: i64,
    rows: Vec<Row>,
    occasions: Vec<(String, String)>,
    link: Option<String>,
    qr: String,
    error: Option<String>,
}

fn state_of(tr: Tr, i: &Invitation, today: time::Date) -> String {
    match (i.open_on(today), &i.entered_by) {
        (Err(Closed::Used), Some(by)) => tr.f(
            "questionnaires.entered",
            &[
                (
                    "on",
                    &i.completed_on.map(|d| d.to_string()).unwrap_or_default(),
                ),
                ("by", by),
            ],
        ),
        (Err(Closed::Used), None) => tr.f(
            "questionnaires.answered",
            &[(
                "on",
                &i.completed_on.map(|d| d.to_string()).unwrap_or_default(),
            )],
        ),
        (Err(Closed::Expired), _) => tr.t("questionnaires.expired").to_string(),
        (Ok(()), _) if i.saved_on.is_some() => tr.t("questionnaires.started").to_string(),
        (Ok(()), _) => tr.t("questionnaires.waiting").to_string(),
    }
}

async fn render(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    link: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let today = state.services.clock.today();
    let rows = state
        .services
        .questionnaires_of(&auth.caller(), id)
        .await?
        .iter()
        .map(|i| Row {
            id: i.id,
            open: i.open_on(today).is_ok(),
            occasion: tr
                .t(&format!("questionnaires.occasion.{}", i.occasion.code()))
                .to_string(),
            created_on: i.created_on.to_string(),
            expires_on: i.expires_on.to_string(),
            state: state_of(tr, i, today),
        })
        .collect();
    let qr = link
        .as_deref()
        .map(|l| crate::ui::qr::qr_svg(l, tr.t("questionnaires.qr_alt")))
        .unwrap_or_default();
    let failed = error.is_some();
    let page = QuestionnairesPage {
        layout: Layout::for_user(tr, "questionnaires.title", auth, ""),
        id,
        rows,
        occasions: InstrumentKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_string(),
                    tr.t(&format!("questionnaires.occasion.{}", k.code()))
                        .to_string(),
                )
            })
            .collect(),
        link,
        qr,
        error,
    };
    crate::ui::form::page_response(&page, failed)
}

/// GET /participations/{id}/questionnaires
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render(&state, &auth, id, None, None).await
}

/// POST /participations/{id}/questionnaires: a new link, shown once.
pub async fn send(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    match state
        .services
        .send_questionnaire(&auth.caller(), id, &s.get("tillfalle"))
        .await
    {
        Ok((_, token)) => {
            let base = match &state.config.public_url {
                Some(url) => url.clone(),
                None => {
                    let host = headers
                        .get(axum::http::header::HOST)
                        .and_then(|h| h.to_str().ok())
                        .unwrap_or("localhost");
                    format!("http://{host}")
                }
            };
            render(&state, &auth, id, Some(format!("{base}/q/{token}")), None).await
        }
        Err(ServiceError::Invalid(e)) => {
            let message = crate::ui::form::labelled_message(tr, "questionnaire_form", &e);
            render(&state, &auth, id, None, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "questionnaire_paper.html")]
struct PaperPage {
    layout: Layout,
    id: i64,
    invitation: i64,
    questions: Vec<crate::ui::questionnaire::QuestionView>,
    error: Option<String>,
}

async fn paper_page(
    state: &AppState,
    auth: &Authenticated,
    (id, invitation_id): (i64, i64),
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let invitation = state
        .services
        .questionnaires_of(&auth.caller(), id)
        .await?
        .into_iter()
        .find(|i| i.id == invitation_id && i.completed_on.is_none())
        .ok_or_else(AppError::not_found)?;
    let instrument = samverka_service::journey::questionnaires::instrument_of(&invitation)
        .ok_or_else(AppError::not_found)?;
    let failed = error.is_some();
    let page = PaperPage {
        layout: Layout::for_user(tr, "questionnaires.paper_title", auth, ""),
        id,
        invitation: invitation_id,
        questions: crate::ui::questionnaire::views(tr, &instrument, &invitation, None),
        error,
    };
    crate::ui::form::page_response(&page, failed)
}

/// GET /participations/{id}/questionnaires/{invitation}/paper: a paper
/// questionnaire's answers, typed in by staff.
pub async fn paper(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, invitation)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    paper_page(&state, &auth, (id, invitation), None).await
}

/// POST /participations/{id}/questionnaires/{invitation}/paper
pub async fn save_paper(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, invitation)): Path<(i64, i64)>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    match state
        .services
        .enter_questionnaire(&auth.caller(), id, invitation, &pairs)
        .await
    {
        Ok(_) => Ok(
            axum::response::Redirect::to(&format!("/participations/{id}/questionnaires"))
                .into_response(),
        ),
        Err(ServiceError::Invalid(e)) => {
            let message = crate::ui::form::labelled_message(tr, "questionnaire_form", &e);
            paper_page(&state, &auth, (id, invitation), Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}
