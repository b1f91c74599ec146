//! GET/POST /interventions/{code}/cohorts: gruppstarter with places taken, and a
//! form to add one.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::Submitted;
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_i18n::Tr;
use samverka_service::ServiceError;

#[derive(Template)]
#[template(path = "journey_cohorts.html")]
struct CohortsPage {
    layout: Layout,
    code: String,
    cohorts: Vec<(String, String, usize, u32)>,
    error: Option<String>,
    error_field: String,
    name: String,
    start: String,
    capacity: String,
}

async fn render(
    state: &AppState,
    auth: &samverka_service::sessions::Authenticated,
    code: &str,
    s: &Submitted,
    error: Option<(String, String)>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let failed = error.is_some();
    let cohorts = state
        .services
        .cohorts_of(&auth.caller(), code)
        .await?
        .into_iter()
        .map(|(c, taken)| (c.name, c.starts_on.to_string(), taken, c.capacity))
        .collect();
    let page = CohortsPage {
        layout: Layout::for_user(tr, "journey.cohorts", auth, ""),
        code: code.to_string(),
        cohorts,
        error_field: error.as_ref().map(|e| e.0.clone()).unwrap_or_default(),
        error: error.map(|e| e.1),
        name: s.get("namn"),
        start: s.get("start"),
        capacity: s.get("platser"),
    };
    crate::ui::form::page_response(&page, failed)
}

/// GET /interventions/{code}/cohorts
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    render(
        &state,
        &auth,
        &code,
        &Submitted(vec![("platser".into(), "8".into())]),
        None,
    )
    .await
}

/// POST /interventions/{code}/cohorts
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    match state
        .services
        .create_cohort(
            &auth.caller(),
            &code,
            &s.get("namn"),
            &s.get("start"),
            &s.get("platser"),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/interventions/{code}/cohorts")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let message = crate::ui::form::labelled_message(tr, "cohort_form", &e);
            render(
                &state,
                &auth,
                &code,
                &s,
                Some((e.field.to_string(), message)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
