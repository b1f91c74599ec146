//! Break the glass: the form a coach fills in before opening a participant another
//! coach follows (GET shows it where the participation page would be; POST
//! /participations/{id}/reason records the reason and opens the page).

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FormPage, FormState, Submitted};
use crate::ui::layout::Layout;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::FieldError;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;

/// The reason form for participation `id`, with `error` on its field if any.
pub fn form(
    tr: Tr,
    auth: &Authenticated,
    id: i64,
    given: &str,
    error: Option<&FieldError>,
) -> Result<Response, AppError> {
    let mut state = FormState {
        fields: vec![
            Field::new(
                tr,
                "skal",
                "access_reason.skal",
                given.to_string(),
                crate::ui::form::FieldKind::Multiline,
            )
            .hint(tr, "access_reason.skal_hint"),
        ],
        summary: None,
    };
    if let Some(e) = error {
        state = state.with_error(tr, e);
    }
    FormPage {
        layout: Layout::for_user(tr, "access_reason.title", auth, ""),
        intro: Some(tr.t("access_reason.intro").to_string()),
        action: format!("/participations/{id}/reason"),
        cancel: "/".to_string(),
        form: state,
    }
    .respond()
}

/// POST /participations/{id}/reason
pub async fn give(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    let reason = s.get("skal");
    match state
        .services
        .give_access_reason(&auth.caller(), id, &reason)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/participations/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => form(tr, &auth, id, &reason, Some(&e)),
        Err(e) => Err(e.into()),
    }
}
