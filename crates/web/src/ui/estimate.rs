//! GET/POST /associations/{code}/estimate: the association's stated assumptions for
//! the socio-economic estimate in the budget report.

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
use samverka_service::sessions::Authenticated;

#[derive(Template)]
#[template(path = "estimate.html")]
struct EstimatePage {
    layout: Layout,
    code: String,
    may_edit: bool,
    error: Option<String>,
    error_field: String,
    cost: String,
    years: String,
    includes: String,
}

async fn render(
    state: &AppState,
    auth: &Authenticated,
    code: &str,
    s: Option<&Submitted>,
    error: Option<(String, String)>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let stored = state.services.estimate_parameters(&caller, code).await?;
    let may_edit = match &caller {
        samverka_service::accounts::Caller::User { roles, .. } => {
            samverka_domain::policy::can_edit_association(roles, code)
        }
        samverka_service::accounts::Caller::Cli(_) => true,
    };
    let (cost, years, includes) = match (s, &stored) {
        (Some(s), _) => (s.get("kostnad"), s.get("ar"), s.get("innefattar")),
        (None, Some(p)) => (
            p.cost_per_person_year.to_string(),
            p.years.to_string(),
            p.includes.clone(),
        ),
        (None, None) => (String::new(), "1".into(), String::new()),
    };
    let failed = error.is_some();
    let page = EstimatePage {
        layout: Layout::for_user(tr, "estimate.title", auth, ""),
        code: code.to_string(),
        may_edit,
        error_field: error.as_ref().map(|e| e.0.clone()).unwrap_or_default(),
        error: error.map(|e| e.1),
        cost,
        years,
        includes,
    };
    crate::ui::form::page_response(&page, failed)
}

/// GET /associations/{code}/estimate
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    render(&state, &auth, &code, None, None).await
}

/// POST /associations/{code}/estimate
pub async fn save(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    match state
        .services
        .save_estimate_parameters(
            &auth.caller(),
            &code,
            (&s.get("kostnad"), &s.get("ar"), &s.get("innefattar")),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/associations/{code}/estimate")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let message = crate::ui::form::labelled_message(tr, "estimate", &e);
            render(
                &state,
                &auth,
                &code,
                Some(&s),
                Some((e.field.to_string(), message)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
