//! GET /audit: the access log for the auditor, filtered by who, participation,
//! intervention, event and period, with the hash chain verified on every display,
//! report views told in plain words and bursts of report views by one account
//! flagged; GET /audit/export: the same entries as CSV (with the stored details).

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
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_service::report_views::{BURST_VIEWS, BURST_WINDOW, BurstCheck, ReportView};
use serde::Deserialize;

/// The filter as sent by the form (every field optional).
#[derive(Debug, Default, Clone, Deserialize)]
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

/// The scope in words (`Förbund: SFU`), by code.
fn scope_words(tr: Tr, scope: &ReportScope) -> String {
    let (key, code) = match scope {
        ReportScope::Intervention(c) => ("report.scope.intervention", c),
        ReportScope::Provider(c) => ("report.scope.provider", c),
        ReportScope::Association(c) => ("report.scope.association", c),
        ReportScope::Installation => return tr.t("report.scope.installation").to_string(),
    };
    tr.f(key, &[("name", code)])
}

/// The entry as shown on the page: a report view in plain words instead of codes.
fn shown_line(tr: Tr, e: &AuditEntry) -> Line {
    let mut l = line(tr, e);
    if let Some(v) = ReportView::from_entry(e) {
        l.target = scope_words(tr, &v.scope);
        let layer = match v.layer {
            Audience::Association => "access_log.report.forbund",
            Audience::Provider => "access_log.report.provider",
        };
        l.details = tr.f(
            "access_log.report.line",
            &[
                ("kind", tr.t(&format!("report.kind.{}", v.kind.code()))),
                ("from", &v.period.0.to_string()),
                ("to", &v.period.1.to_string()),
                (
                    "format",
                    tr.t(&format!("access_log.format.{}", v.format.code())),
                ),
                ("layer", tr.t(layer)),
            ],
        );
    }
    l
}

/// One flagged burst as shown, with a link to its entries.
struct BurstLine {
    text: String,
    href: String,
}

/// The burst check in words: the rule, what was checked, and each burst.
fn burst_lines(tr: Tr, check: &BurstCheck) -> (String, Vec<BurstLine>) {
    let rule = tr.f(
        "access_log.bursts.rule",
        &[
            ("views", &BURST_VIEWS.to_string()),
            ("minutes", &BURST_WINDOW.whole_minutes().to_string()),
            ("from", &local_time(check.from)),
            ("to", &local_time(check.until)),
            ("count", &check.views.to_string()),
        ],
    );
    let lines = check
        .bursts
        .iter()
        .map(|b| {
            let secs = b.span().whole_seconds();
            let (key, amount) = match secs {
                0 | 1 => ("access_log.bursts.instant", ("s", String::new())),
                2..=119 => ("access_log.bursts.seconds", ("s", secs.to_string())),
                _ => (
                    "access_log.bursts.minutes",
                    ("m", ((secs + 59) / 60).to_string()),
                ),
            };
            let text = tr.f(
                key,
                &[
                    ("user", &b.user),
                    ("n", &b.views.to_string()),
                    (amount.0, &amount.1),
                    ("from", &local_time(b.first)),
                    ("to", &local_time(b.last)),
                ],
            );
            let query = serde_urlencoded::to_string([
                ("handelse", "report_viewed".to_string()),
                ("anvandare", b.user.clone()),
                ("fran", b.first.date().to_string()),
                ("till", b.last.date().to_string()),
            ])
            .unwrap_or_default();
            BurstLine {
                text,
                href: format!("/audit?{query}"),
            }
        })
        .collect();
    (rule, lines)
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
    report_views: String,
    burst_rule: String,
    bursts: Vec<BurstLine>,
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
        .map(|v| v.entries.iter().map(|e| shown_line(tr, e)).collect())
        .unwrap_or_default();
    let (burst_rule, bursts) = match &view {
        Some(_) => burst_lines(
            tr,
            &state
                .services
                .report_bursts(&auth.caller(), &f.query())
                .await?,
        ),
        None => (String::new(), Vec::new()),
    };
    let older = view
        .as_ref()
        .filter(|v| v.more)
        .and_then(|v| v.entries.last())
        .map(|last| format!("/audit?{}&fore={}", f.encoded(), last.seq));
    let page = LogPage {
        layout: Layout::for_user(tr, "access_log.title", &auth, "/audit"),
        export: format!("/audit/export?{}", f.encoded()),
        report_views: format!(
            "/audit?{}",
            Filter {
                handelse: "report_viewed".into(),
                ..f.clone()
            }
            .encoded()
        ),
        f,
        events,
        error,
        error_field,
        chain_ok,
        chain,
        lines,
        older,
        burst_rule,
        bursts,
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
