//! GET /audit: the access log for the auditor, filtered by who, participation,
//! intervention, event and period, with the hash chain verified on every display;
//! GET /audit/export: the same entries as CSV.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::form::labelled_message;
use crate::ui::layout::{Layout, local_time};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use samverka_domain::audit::{AuditEntry, AuditEvent, ChainBreak};
use samverka_i18n::Tr;
use samverka_reports::output::csv::csv_text;
use samverka_service::ServiceError;
use samverka_service::access_log::LogQuery;
use samverka_service::audit_chain::ChainReport;
use serde::Deserialize;

/// The filter as sent by the form (every field optional).
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    anvandare: String,
    #[serde(default)]
    deltagande: String,
    #[serde(default)]
    insats: String,
    #[serde(default)]
    handelse: String,
    #[serde(default)]
    fran: String,
    #[serde(default)]
    till: String,
    #[serde(default)]
    fore: String,
}

impl Filter {
    fn query(&self) -> LogQuery {
        LogQuery {
            user: self.anvandare.clone(),
            participation: self.deltagande.clone(),
            intervention: self.insats.clone(),
            event: self.handelse.clone(),
            from: self.fran.clone(),
            to: self.till.clone(),
            before: self.fore.clone(),
        }
    }

    /// The filter as a query string, without the paging field.
    fn encoded(&self) -> String {
        serde_urlencoded::to_string([
            ("anvandare", &self.anvandare),
            ("deltagande", &self.deltagande),
            ("insats", &self.insats),
            ("handelse", &self.handelse),
            ("fran", &self.fran),
            ("till", &self.till),
        ])
        .unwrap_or_default()
    }
}

/// One entry as shown.
struct Line {
    seq: i64,
    at: String,
    who: String,
    what: String,
    target: String,
    participation: String,
    why: String,
    details: String,
}

fn line(tr: Tr, e: &AuditEntry) -> Line {
    let d = &e.draft;
    Line {
        seq: e.seq,
        at: local_time(d.at),
        who: d.actor.name.clone(),
        what: match AuditEvent::parse(&e.event_code) {
            Some(ev) => tr.t(&ev.label_key()).to_string(),
            None => e.event_code.clone(),
        },
        target: if d.target_id.is_empty() {
            d.target_kind.clone()
        } else {
            format!("{} {}", d.target_kind, d.target_id)
        },
        participation: d
            .participation_id
            .map(|p| format!("#{p}"))
            .unwrap_or_default(),
        why: d.reason.clone().unwrap_or_default(),
        details: d.details.clone(),
    }
}

#[derive(Template)]
#[template(path = "access_log.html")]
struct LogPage {
    layout: Layout,
    f: Filter,
    events: Vec<(String, String)>,
    error: Option<String>,
    error_field: String,
    chain_ok: bool,
    chain: String,
    lines: Vec<Line>,
    older: Option<String>,
    export: String,
}

fn chain_text(tr: Tr, c: &ChainReport) -> (bool, String) {
    match c {
        ChainReport::Intact { entries } => (
            true,
            tr.f("access_log.chain_ok", &[("entries", &entries.to_string())]),
        ),
        ChainReport::Broken { checked, at } => {
            let seq = match at {
                ChainBreak::Content { seq } | ChainBreak::Link { seq } => *seq,
                ChainBreak::Gap { expected, .. } => *expected,
            };
            (
                false,
                tr.f(
                    "access_log.chain_broken",
                    &[("seq", &seq.to_string()), ("checked", &checked.to_string())],
                ),
            )
        }
    }
}

/// GET /audit
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(f): Query<Filter>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let events = AuditEvent::ALL
        .iter()
        .map(|e| (e.code().to_string(), tr.t(&e.label_key()).to_string()))
        .collect();
    let (mut error, mut error_field) = (None, String::new());
    let (view, failed) = match state.services.access_log(&auth.caller(), &f.query()).await {
        Ok(v) => (Some(v), false),
        Err(ServiceError::Invalid(e)) => {
            error = Some(labelled_message(tr, "access_log.field", &e));
            error_field = e.field.to_string();
            (None, true)
        }
        Err(e) => return Err(e.into()),
    };
    let (chain_ok, chain) = match &view {
        Some(v) => chain_text(tr, &v.chain),
        None => (true, String::new()),
    };
    let lines: Vec<Line> = view
        .as_ref()
        .map(|v| v.entries.iter().map(|e| line(tr, e)).collect())
        .unwrap_or_default();
    let older = view
        .as_ref()
        .filter(|v| v.more)
        .and_then(|v| v.entries.last())
        .map(|last| format!("/audit?{}&fore={}", f.encoded(), last.seq));
    let page = LogPage {
        layout: Layout::for_user(tr, "access_log.title", &auth, "/audit"),
        export: format!("/audit/export?{}", f.encoded()),
        f,
        events,
        error,
        error_field,
        chain_ok,
        chain,
        lines,
        older,
    };
    crate::ui::form::page_response(&page, failed)
}

/// GET /audit/export: the matching entries as CSV (the export is logged).
pub async fn export(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(f): Query<Filter>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let entries = state
        .services
        .export_access_log(&auth.caller(), &f.query())
        .await?;
    let header = [
        "lopnummer",
        "tid",
        "vem",
        "handelse",
        "mal",
        "deltagande",
        "skal",
        "detaljer",
        "hash",
    ];
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let l = line(tr, e);
            vec![
                l.seq.to_string(),
                l.at,
                l.who,
                e.event_code.clone(),
                l.target,
                l.participation,
                l.why,
                l.details,
                e.hash.clone(),
            ]
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"atkomstlogg.csv\"".to_string(),
            ),
        ],
        csv_text(&header, &rows),
    )
        .into_response())
}
