//! GET /reports: the report page. The reader picks a report (participants, budget
//! or Uppföljning Finsam), what to report on (the scopes they may see), a period (the whole time, a tertial, half-year or year, or their
//! own dates) and, inside a provider, whether to see it as the association will.
//! Each figure shows its definition, a chart and its table. GET /reports/download
//! gives the same report as a file.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::form::Choice;
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::FieldError;
use samverka_domain::journey::dates;
use samverka_i18n::Tr;
use samverka_reports::document::Document;
use samverka_reports::output::{Format, html};
use samverka_reports::period::Preset;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::journey::finsam_report::offers_finsam;
use samverka_service::journey::report::{Audience, ReportScope};
use time::Date;

/// `?kind=participants|budget|finsam&scope=intervention:NK&period=2026-T1|all|custom&from=&to=&view=forbund&format=pdf`
#[derive(serde::Deserialize, Default, Clone)]
pub struct ReportQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    view: String,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    layout: Layout,
    kinds: Vec<Choice>,
    scopes: Vec<Choice>,
    periods: Vec<Choice>,
    /// True when the reader chooses among the association layer's grid only.
    on_grid: bool,
    from: String,
    to: String,
    may_choose_view: bool,
    as_association: bool,
    problem: Option<String>,
    downloads: Vec<(String, String)>,
    doc_title: String,
    doc_scope: String,
    doc_period: String,
    disclosure: String,
    sections: String,
}

/// The period asked for: a preset, the whole time, or the reader's own dates. A
/// reader of the association layer gets the newest year of the grid by default.
async fn period(
    services: &Services,
    scope: &ReportScope,
    q: &ReportQuery,
    grid: Option<&[Preset]>,
) -> Result<(Date, Date), AppError> {
    match q.period.as_str() {
        "" | "all" | "custom" if dates_typed(q) => {
            let from = dates::parse("from", &q.from).map_err(AppError::invalid)?;
            let to = dates::parse("to", &q.to).map_err(AppError::invalid)?;
            Ok((from, to))
        }
        "" | "all" | "custom" => match grid {
            Some(grid) => newest_year(grid)
                .map(Preset::bounds)
                .ok_or_else(|| AppError::invalid(FieldError::new("period", "error.report.preset"))),
            None => Ok(services.whole_period(scope).await?),
        },
        other => Preset::parse(other)
            .map(Preset::bounds)
            .ok_or_else(|| AppError::invalid(FieldError::new("period", "error.report.preset"))),
    }
}

/// The newest whole year of the grid, else its newest period.
fn newest_year(grid: &[Preset]) -> Option<Preset> {
    grid.iter()
        .rev()
        .find(|p| matches!(p, Preset::Year(_)))
        .or(grid.last())
        .copied()
}

/// The association layer's grid when the caller reads `scope` there (and only there).
async fn grid_of(
    services: &Services,
    caller: &Caller,
    scope: &ReportScope,
    q: &ReportQuery,
) -> Result<Option<Vec<Preset>>, AppError> {
    let wanted = if q.view == "forbund" {
        Audience::Association
    } else {
        Audience::Provider
    };
    let grid_scope = matches!(
        scope,
        ReportScope::Association(_) | ReportScope::Intervention(_)
    );
    if kind(q) != "participants"
        || !grid_scope
        || !services.reads_on_grid(caller, scope, wanted).await?
    {
        return Ok(None);
    }
    Ok(Some(services.grid_for(scope).await?))
}

/// Dates typed in count unless a preset is chosen.
fn dates_typed(q: &ReportQuery) -> bool {
    !q.from.trim().is_empty() || !q.to.trim().is_empty()
}

/// The period choice to show as selected: the reader's own dates show as "custom".
fn shown_period(q: &ReportQuery) -> &str {
    match q.period.as_str() {
        "" | "all" if dates_typed(q) => "custom",
        other => other,
    }
}

/// The scope asked for, or the first the reader may see.
fn chosen_scope(
    q: &ReportQuery,
    scopes: &[(ReportScope, String)],
) -> Result<ReportScope, AppError> {
    if q.scope.is_empty() {
        return scopes
            .first()
            .map(|(s, _)| s.clone())
            .ok_or_else(AppError::not_found);
    }
    ReportScope::parse(&q.scope).ok_or_else(AppError::not_found)
}

fn scope_label(tr: Tr, scope: &ReportScope, name: &str) -> String {
    let kind = match scope {
        ReportScope::Intervention(_) => "report.scope.intervention",
        ReportScope::Provider(_) => "report.scope.provider",
        ReportScope::Association(_) => "report.scope.association",
        ReportScope::Installation => return tr.t("report.scope.installation").to_string(),
    };
    tr.f(kind, &[("name", name)])
}

/// A period's name as the picker shows it.
fn period_label(tr: Tr, p: Preset) -> String {
    match p {
        Preset::Tertial(y, n) => tr.f(
            "report.period.tertial",
            &[("n", &n.to_string()), ("year", &y.to_string())],
        ),
        Preset::HalfYear(y, n) => tr.f(
            "report.period.half",
            &[("n", &n.to_string()), ("year", &y.to_string())],
        ),
        Preset::Year(y) => tr.f("report.period.year", &[("year", &y.to_string())]),
        Preset::Years(a, b) => tr.f(
            "report.period.years",
            &[("first", &a.to_string()), ("last", &b.to_string())],
        ),
    }
}

fn period_choices(tr: Tr, today: Date, selected: &str) -> Vec<Choice> {
    let selected = if selected.is_empty() { "all" } else { selected };
    let mut out = vec![("all".to_string(), tr.t("report.period.all").to_string())];
    for p in Preset::recent(today, 4) {
        out.push((p.code(), period_label(tr, p)));
    }
    if let Some(p) = Preset::parse(selected)
        && !out.iter().any(|(c, _)| *c == p.code())
    {
        out.push((p.code(), p.code()));
    }
    out.push((
        "custom".to_string(),
        tr.t("report.period.custom").to_string(),
    ));
    checked(out, selected)
}

/// The association layer's choices: the grid, newest first, and nothing else.
fn grid_choices(tr: Tr, grid: &[Preset], q: &ReportQuery) -> Vec<Choice> {
    let selected = match Preset::parse(&q.period) {
        Some(p) => Some(p),
        None if dates_typed(q) => {
            let from = dates::parse("from", &q.from).ok();
            let to = dates::parse("to", &q.to).ok();
            from.zip(to).and_then(Preset::of_bounds)
        }
        None => newest_year(grid),
    };
    let out: Vec<(String, String)> = grid
        .iter()
        .rev()
        .map(|p| (p.code(), period_label(tr, *p)))
        .collect();
    checked(out, &selected.map(Preset::code).unwrap_or_default())
}

fn checked(out: Vec<(String, String)>, selected: &str) -> Vec<Choice> {
    out.into_iter()
        .map(|(value, label)| Choice {
            checked: value == selected,
            value,
            label,
        })
        .collect()
}

/// The reports the page offers, by `kind`.
const KINDS: [&str; 4] = ["participants", "budget", "costs", "finsam"];

fn kind_choices(tr: Tr, selected: &str) -> Vec<Choice> {
    KINDS
        .iter()
        .map(|k| Choice {
            value: k.to_string(),
            label: tr.t(&format!("report.kind.{k}")).to_string(),
            checked: *k == selected,
        })
        .collect()
}

/// A report ready to show or download.
struct Built {
    scope: ReportScope,
    period: (Date, Date),
    doc: Document,
    json: serde_json::Value,
    /// True when the figures are exact (the provider's own view).
    exact: bool,
}

/// What the query chooses among: the scopes the caller may see, the one chosen,
/// and the grid's periods when the caller reads it in the association layer.
struct Choosing {
    scopes: Vec<(ReportScope, String)>,
    scope: ReportScope,
    grid: Option<Vec<Preset>>,
}

impl Choosing {
    async fn of(services: &Services, caller: &Caller, q: &ReportQuery) -> Result<Self, AppError> {
        let scopes = services.report_scopes(caller).await?;
        let scope = chosen_scope(q, &scopes)?;
        let grid = grid_of(services, caller, &scope, q).await?;
        Ok(Choosing {
            scopes,
            scope,
            grid,
        })
    }
}

/// The report the query asks for, as far as the caller may see it.
async fn report(
    services: &Services,
    caller: &Caller,
    q: &ReportQuery,
    tr: Tr,
    choosing: &Choosing,
) -> Result<Built, AppError> {
    let scope = choosing.scope.clone();
    let period = period(services, &scope, q, choosing.grid.as_deref()).await?;
    let wanted = if q.view == "forbund" {
        Audience::Association
    } else {
        Audience::Provider
    };
    let (doc, json, exact) = match kind(q) {
        "budget" => {
            let r = services
                .budget_report_for(caller, &scope, period, wanted)
                .await?;
            (r.document(tr), r.json(), r.exact())
        }
        "costs" => {
            let r = services.cost_report(caller, &scope, period).await?;
            (r.document(tr), r.json(), false)
        }
        "finsam" => {
            let r = services.finsam_report(caller, &scope, period).await?;
            (r.document(tr), r.json(), true)
        }
        _ => {
            let r = services
                .participant_report(caller, &scope, period, wanted)
                .await?;
            (r.document(tr), r.json(), r.exact())
        }
    };
    Ok(Built {
        scope,
        period,
        doc,
        json,
        exact,
    })
}

/// The kind asked for; the participant report unless another is named.
fn kind(q: &ReportQuery) -> &'static str {
    KINDS
        .iter()
        .find(|k| **k == q.kind)
        .copied()
        .unwrap_or("participants")
}

/// GET /reports
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let services = &state.services;
    let choosing = Choosing::of(services, &caller, &q).await?;
    let (scopes, scope, grid) = (&choosing.scopes, &choosing.scope, &choosing.grid);
    let layout = Layout::for_user(tr, "report.page_title", &auth, "/reports");
    let mut page = ReportPage {
        layout,
        kinds: kind_choices(tr, kind(&q))
            .into_iter()
            .filter(|k| k.value != "finsam" || offers_finsam(&caller))
            .collect(),
        scopes: scopes
            .iter()
            .map(|(s, name)| Choice {
                value: s.key(),
                label: scope_label(tr, s, name),
                checked: s == scope,
            })
            .collect(),
        periods: match &grid {
            Some(grid) => grid_choices(tr, grid, &q),
            None => period_choices(tr, services.clock.today(), shown_period(&q)),
        },
        on_grid: grid.is_some(),
        from: q.from.clone(),
        to: q.to.clone(),
        may_choose_view: false,
        as_association: q.view == "forbund",
        problem: None,
        downloads: Vec::new(),
        doc_title: String::new(),
        doc_scope: String::new(),
        doc_period: String::new(),
        disclosure: String::new(),
        sections: String::new(),
    };
    let status = match report(services, &caller, &q, tr, &choosing).await {
        Ok(Built {
            scope,
            period: (from, to),
            doc,
            exact,
            ..
        }) => {
            services
                .log_report_view(&caller, kind(&q), &scope, (from, to), Format::Html)
                .await?;
            // Money and the Finsam export have one view only (the latter always exact).
            let one_view = matches!(kind(&q), "budget" | "costs" | "finsam");
            page.may_choose_view = !one_view && (exact || q.view == "forbund");
            if let Some((_, name)) = scopes.iter().find(|(s, _)| *s == scope) {
                page.doc_scope = scope_label(tr, &scope, name);
            }
            page.doc_title = doc.title.clone();
            page.doc_period = doc.period.clone();
            page.disclosure = doc.disclosure.clone();
            page.sections = html::sections(&doc);
            let base = format!(
                "/reports/download?kind={}&scope={}&period=custom&from={from}&to={to}&view={}",
                kind(&q),
                urlencoding(&scope.key()),
                urlencoding(&q.view)
            );
            page.downloads = [
                Format::Pdf,
                Format::Xlsx,
                Format::Csv,
                Format::Html,
                Format::Json,
            ]
            .iter()
            .map(|f| {
                (
                    format!("{base}&format={}", f.code()),
                    f.code().to_uppercase(),
                )
            })
            .collect();
            axum::http::StatusCode::OK
        }
        Err(e) if e.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
            page.problem = Some(problem_text(tr, &e));
            e.status
        }
        Err(other) => return Err(other),
    };
    let body = page.render().map_err(|_| AppError::internal())?;
    Ok((status, Html(body)).into_response())
}

/// GET /reports/download
pub async fn download(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let Built {
        scope,
        period: (from, to),
        doc,
        json,
        ..
    } = report(
        &state.services,
        &caller,
        &q,
        tr,
        &Choosing::of(&state.services, &caller, &q).await?,
    )
    .await?;
    let format = Format::parse(&q.format).ok_or_else(AppError::not_found)?;
    state
        .services
        .log_report_view(&caller, kind(&q), &scope, (from, to), format)
        .await?;
    let bytes = match format {
        Format::Json => serde_json::to_vec_pretty(&json).map_err(|_| AppError::internal())?,
        other => {
            let lang = tr.lang().code();
            tokio::task::spawn_blocking(move || samverka_pdf::document_bytes(&doc, other, lang))
                .await
                .map_err(|_| AppError::internal())?
                .map_err(|_| AppError::internal())?
        }
    };
    let name = format!(
        "{}-{}-{from}-{to}.{}",
        tr.t(&format!("report.file.{}", kind(&q))),
        scope.key().replace(':', "-"),
        format.code()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The message for a wrong value, naming the field as the form labels it.
fn problem_text(tr: Tr, e: &AppError) -> String {
    let label = e
        .field
        .map(|f| tr.t(&format!("report.field.{f}")).to_string());
    let args: Vec<(&str, &str)> = e
        .args
        .iter()
        .map(|(k, v)| match (*k, &label) {
            ("field", Some(l)) => (*k, l.as_str()),
            _ => (*k, v.as_str()),
        })
        .collect();
    tr.f(&e.message_key, &args)
}

/// Percent-encodes a query value (scope codes may hold `:` and letters outside ASCII).
fn urlencoding(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
