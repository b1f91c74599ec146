//! /participations/{id}/extract: the register extract (GDPR art. 15) for the
//! participant, as PDF or JSON. The lead states why; the reason goes to the log.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::layout::Layout;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use samverka_domain::FieldError;
use samverka_i18n::Tr;
use samverka_pdf::document_bytes;
use samverka_reports::document::Document;
use samverka_reports::output::Format;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;
use serde_json::{Value, json};

fn form(
    tr: Tr,
    auth: &Authenticated,
    id: i64,
    s: Option<&Submitted>,
    error: Option<&FieldError>,
) -> Result<Response, AppError> {
    let get = |n: &str| s.map(|s| s.get(n)).unwrap_or_default();
    let format = match get("format") {
        f if f.is_empty() => "pdf".to_string(),
        f => f,
    };
    let formats = ["pdf", "json"].map(|f| (f.to_string(), f.to_uppercase()));
    let mut state = FormState {
        fields: vec![
            Field::new(
                tr,
                "skal",
                "extract.skal",
                get("skal"),
                FieldKind::Multiline,
            )
            .hint(tr, "extract.skal_hint"),
            Field::new(
                tr,
                "format",
                "extract.format",
                String::new(),
                FieldKind::Select(choices(formats, &[format])),
            ),
        ],
        summary: None,
    };
    if let Some(e) = error {
        state = state.with_error(tr, e);
    }
    FormPage {
        layout: Layout::for_user(tr, "extract.title", auth, ""),
        intro: Some(tr.t("extract.intro").to_string()),
        action: format!("/participations/{id}/extract"),
        cancel: format!("/participations/{id}"),
        form: state,
    }
    .respond()
}

/// The extract as JSON: its sections with their rows, as text.
fn as_json(doc: &Document) -> Value {
    json!({
        "title": doc.title,
        "person": doc.scope,
        "made_on": doc.period,
        "sections": doc.sections.iter().map(|s| json!({
            "key": s.key,
            "heading": s.heading,
            "columns": s.grid.columns,
            "rows": s.grid.rows.iter().map(|r| {
                let mut cells = vec![r.label.clone()];
                cells.extend(r.cells.iter().map(|c| c.text()));
                cells
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// GET /participations/{id}/extract
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

/// POST /participations/{id}/extract: the file.
pub async fn make(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    let doc = match state
        .services
        .register_extract(&auth.caller(), id, &s.get("skal"), tr.lang())
        .await
    {
        Ok(doc) => doc,
        Err(ServiceError::Invalid(e)) => return form(tr, &auth, id, Some(&s), Some(&e)),
        Err(e) => return Err(e.into()),
    };
    let (bytes, kind, ext) = if s.get("format") == "json" {
        (
            serde_json::to_vec_pretty(&as_json(&doc)).map_err(|_| AppError::internal())?,
            "application/json",
            "json",
        )
    } else {
        let lang = tr.lang().code();
        let bytes = tokio::task::spawn_blocking(move || document_bytes(&doc, Format::Pdf, lang))
            .await
            .map_err(|_| AppError::internal())?
            .map_err(|_| AppError::internal())?;
        (bytes, "application/pdf", "pdf")
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"registerutdrag-{id}.{ext}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
