//! GET/POST /interventions/{code}/import: the upload page where an intervention's
//! lead imports a participation or budget file (CSV or XLSX). A file with problems
//! stores nothing and comes back as a table of row, column and reason.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_i18n::Tr;
use samverka_service::import::table;
use samverka_service::import::{FileKind, ImportError, ImportSummary};

/// The largest file the page takes (a 100 000-row file is about 12 MB).
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;

#[derive(Template)]
#[template(path = "journey_upload.html")]
struct UploadPage {
    layout: Layout,
    code: String,
    summary: Option<String>,
    problems: Vec<(usize, String, String)>,
    failure: Option<String>,
}

fn page(tr: Tr, auth: &samverka_service::sessions::Authenticated, code: &str) -> UploadPage {
    UploadPage {
        layout: Layout::for_user(tr, "upload.title", auth, ""),
        code: code.to_string(),
        summary: None,
        problems: Vec::new(),
        failure: None,
    }
}

fn render(p: UploadPage, status: axum::http::StatusCode) -> Result<Response, AppError> {
    Ok((status, Html(p.render().map_err(|_| AppError::internal())?)).into_response())
}

/// GET /interventions/{code}/import
pub async fn form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    state
        .services
        .importable_intervention(&auth.caller(), &code)
        .await?;
    render(page(tr, &auth, &code), axum::http::StatusCode::OK)
}

/// POST /interventions/{code}/import (multipart, field `fil`)
pub async fn upload(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    use axum::extract::FromRequest;
    let tr = Tr(current_lang());
    let caller = auth.caller();
    state
        .services
        .importable_intervention(&caller, &code)
        .await?;
    let mut p = page(tr, &auth, &code);
    let mut file = None;
    // The body is read only after the permission check, so strangers learn nothing.
    if let Ok(mut multipart) = Multipart::from_request(request, &state).await {
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("fil") {
                let name = field.file_name().unwrap_or("fil.csv").to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes)),
                    Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                        let limit = (UPLOAD_LIMIT / (1024 * 1024)).to_string();
                        p.failure =
                            Some(tr.f("upload.too_large", &[("file", &name), ("limit", &limit)]));
                        return render(p, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
                    }
                    Err(_) => return Err(AppError::bad_request()),
                }
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        p.failure = Some(tr.t("upload.no_file").to_string());
        return render(p, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    };
    let table = match table::read(&name, &bytes) {
        Ok(t) => t,
        Err(e) => {
            p.failure = Some(tr.f(e.message_key, &e.placeholders()));
            return render(p, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let (kind, result) = state.services.import_table(&caller, &table, &|_| {}).await;
    match result {
        Ok(s) => {
            p.summary = Some(summary(tr, &name, s, kind));
            render(p, axum::http::StatusCode::OK)
        }
        Err(ImportError::Problems(problems)) => {
            p.failure = Some(tr.f(
                "upload.failed",
                &[("count", &problems.len().to_string()), ("file", &name)],
            ));
            p.problems = problems
                .iter()
                .map(|pr| {
                    let mut args = pr.error.placeholders();
                    args[0] = ("field", pr.column.as_str());
                    (pr.row, pr.column.clone(), tr.f(pr.error.message_key, &args))
                })
                .collect();
            render(p, axum::http::StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ImportError::Service(e)) => Err(e.into()),
    }
}

fn summary(tr: Tr, name: &str, s: ImportSummary, kind: FileKind) -> String {
    let key = match kind {
        FileKind::Participations => "upload.done",
        other => &format!("upload.done_{}", other.code()),
    };
    tr.f(
        key,
        &[
            ("file", name),
            ("rows", &s.rows.to_string()),
            ("created", &s.created.to_string()),
            ("updated", &s.updated.to_string()),
            ("unchanged", &s.unchanged.to_string()),
        ],
    )
}
