//! /participations/{id}/erase: the lead removes the person's personal data, for
//! erasure (GDPR art. 17, where the law allows it) or because the person has got
//! protected identity. The statistics stay; the page says what will happen and asks
//! for the reason, which goes to the access log.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::layout::Layout;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::FieldError;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::anonymisation::Why;
use samverka_service::sessions::Authenticated;

fn form(
    tr: Tr,
    auth: &Authenticated,
    id: i64,
    s: Option<&Submitted>,
    error: Option<&FieldError>,
) -> Result<Response, AppError> {
    let get = |n: &str| s.map(|s| s.get(n)).unwrap_or_default();
    let kinds = ["erasure", "protected_identity"]
        .map(|k| (k.to_string(), tr.t(&format!("erase.kind.{k}")).to_string()));
    let mut state = FormState {
        fields: vec![
            Field::new(
                tr,
                "slag",
                "erase.slag",
                String::new(),
                FieldKind::Choice(choices(kinds, &[get("slag")])),
            ),
            Field::new(tr, "skal", "erase.skal", get("skal"), FieldKind::Multiline)
                .hint(tr, "erase.skal_hint"),
        ],
        summary: None,
    };
    if let Some(e) = error {
        state = state.with_error(tr, e);
    }
    FormPage {
        layout: Layout::for_user(tr, "erase.title", auth, ""),
        intro: Some(tr.t("erase.intro").to_string()),
        action: format!("/participations/{id}/erase"),
        cancel: format!("/participations/{id}"),
        form: state,
    }
    .respond()
}

/// GET /participations/{id}/erase
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    state
        .services
        .check_participation_reach(&auth.caller(), id)
        .await?;
    form(tr, &auth, id, None, None)
}

/// POST /participations/{id}/erase
pub async fn erase(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    let why = match s.get("slag").as_str() {
        "erasure" => Why::Erasure,
        "protected_identity" => Why::ProtectedIdentity,
        _ => {
            state
                .services
                .check_participation_reach(&auth.caller(), id)
                .await?;
            let e = FieldError::new("slag", "error.erase.kind");
            return form(tr, &auth, id, Some(&s), Some(&e));
        }
    };
    match state
        .services
        .erase_person(&auth.caller(), id, why, &s.get("skal"))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/participations/{id}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => form(tr, &auth, id, Some(&s), Some(&e)),
        Err(e) => Err(e.into()),
    }
}
