//! /associations/{code}/questions: the association's supplementary questions
//! (kompletterande frågor). Its administrator adds and ends them; others who may
//! see the association only read them. Answers are never shown here.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::FieldError;
use samverka_domain::policy::can_define_supplementary_questions;
use samverka_domain::questionnaire::instrument::QuestionKind;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::accounts::Caller;
use samverka_service::sessions::Authenticated;
use samverka_service::supplementary::{KINDS, QuestionForm};

/// One question as listed.
struct Row {
    id: i64,
    position: u32,
    text: String,
    kind: String,
    period: String,
    asked_now: bool,
}

#[derive(Template)]
#[template(path = "supplementary_questions.html")]
struct ListPage {
    layout: Layout,
    code: String,
    may_define: bool,
    rows: Vec<Row>,
}

fn may_define(auth: &Authenticated, code: &str) -> bool {
    match auth.caller() {
        Caller::User { roles, .. } => can_define_supplementary_questions(&roles, code),
        Caller::Cli(_) => false,
    }
}

fn kind_label(tr: Tr, kind: &QuestionKind) -> String {
    let (key, extra) = match kind {
        QuestionKind::Likert { low, high } => ("likert", format!(" ({low} – {high})")),
        QuestionKind::YesNo => ("yes_no", String::new()),
        QuestionKind::Single { options } => ("single", format!(": {}", options.join(", "))),
        QuestionKind::Multiple { options } => ("multiple", format!(": {}", options.join(", "))),
        QuestionKind::FreeText => ("free_text", String::new()),
    };
    format!("{}{extra}", tr.t(&format!("supplement.kind.{key}")))
}

/// GET /associations/{code}/questions
pub async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let today = state.services.clock.today();
    let questions = state
        .services
        .supplementary_questions(&auth.caller(), &code)
        .await?;
    let rows = questions
        .iter()
        .map(|q| Row {
            id: q.id,
            position: q.position,
            text: q.text.clone(),
            kind: kind_label(tr, &q.kind),
            period: match q.valid_to {
                Some(to) if to < q.valid_from => tr.t("supplement.never").to_string(),
                Some(to) => format!("{} – {to}", q.valid_from),
                None => tr.f("supplement.from_on", &[("from", &q.valid_from.to_string())]),
            },
            asked_now: q.valid_on(today),
        })
        .collect();
    let page = ListPage {
        layout: Layout::for_user(tr, "supplement.title", &auth, ""),
        may_define: may_define(&auth, &code),
        code,
        rows,
    };
    crate::ui::form::page_response(&page, false)
}

fn form_fields(tr: Tr, s: Option<&Submitted>, today: time::Date) -> FormState {
    let get = |n: &str| s.map(|s| s.get(n)).unwrap_or_default();
    let kind = match get("slag") {
        k if k.is_empty() => "likert".to_string(),
        k => k,
    };
    let kinds = KINDS.iter().map(|k| {
        (
            k.to_string(),
            tr.t(&format!("supplement.kind.{k}")).to_string(),
        )
    });
    let from = match get("giltig_fran") {
        f if f.is_empty() && s.is_none() => today.to_string(),
        f => f,
    };
    let lines = s.map(|s| s.lines("alternativ")).unwrap_or_default();
    FormState {
        fields: vec![
            Field::text(tr, "fraga", "supplement_form.fraga", get("fraga"))
                .hint(tr, "supplement_form.fraga_hint"),
            Field::new(
                tr,
                "slag",
                "supplement_form.slag",
                String::new(),
                FieldKind::Select(choices(kinds, &[kind])),
            ),
            Field::text(tr, "lag", "supplement_form.lag", get("lag"))
                .hint(tr, "supplement_form.lag_hint"),
            Field::text(tr, "hog", "supplement_form.hog", get("hog"))
                .hint(tr, "supplement_form.hog_hint"),
            Field::lines(tr, "alternativ", "supplement_form.alternativ", &lines)
                .hint(tr, "supplement_form.alternativ_hint"),
            Field::text(tr, "giltig_fran", "supplement_form.giltig_fran", from)
                .hint(tr, "form.date_hint"),
            Field::text(
                tr,
                "giltig_till",
                "supplement_form.giltig_till",
                get("giltig_till"),
            )
            .hint(tr, "supplement_form.giltig_till_hint"),
            Field::text(tr, "ordning", "supplement_form.ordning", {
                let o = get("ordning");
                if o.is_empty() && s.is_none() {
                    "1".to_string()
                } else {
                    o
                }
            })
            .hint(tr, "supplement_form.ordning_hint"),
        ],
        summary: None,
    }
}

fn form_page(tr: Tr, auth: &Authenticated, code: &str, form: FormState) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "supplement.new", auth, ""),
        intro: Some(tr.t("supplement.new_intro").to_string()),
        action: format!("/associations/{code}/questions/new"),
        cancel: format!("/associations/{code}/questions"),
        form,
    }
}

/// GET /associations/{code}/questions/new
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    // Only the association's administrator gets the form; others get the refusal.
    state
        .services
        .supplementary_questions(&auth.caller(), &code)
        .await?;
    if !may_define(&auth, &code) {
        return Err(ServiceError::Forbidden.into());
    }
    form_page(
        tr,
        &auth,
        &code,
        form_fields(tr, None, state.services.clock.today()),
    )
    .respond()
}

fn read(s: &Submitted) -> Result<QuestionForm, FieldError> {
    Ok(QuestionForm {
        text: s.get("fraga"),
        kind: s.get("slag"),
        low: s.get("lag"),
        high: s.get("hog"),
        options: s.lines("alternativ"),
        valid_from: s.date("giltig_fran")?,
        valid_to: s.date("giltig_till")?,
        position: s.number("ordning")?,
    })
}

/// POST /associations/{code}/questions/new
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    let result = match read(&s) {
        Ok(form) => {
            state
                .services
                .add_supplementary_question(&auth.caller(), &code, &form)
                .await
        }
        Err(e) => {
            // Still refuse callers who may not define questions before showing a form error.
            state
                .services
                .supplementary_questions(&auth.caller(), &code)
                .await?;
            if !may_define(&auth, &code) {
                return Err(ServiceError::Forbidden.into());
            }
            Err(ServiceError::Invalid(e))
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/associations/{code}/questions")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let form = form_fields(tr, Some(&s), state.services.clock.today()).with_error(tr, &e);
            form_page(tr, &auth, &code, form).respond()
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /associations/{code}/questions/{id}/end: not asked from today on.
pub async fn end(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let yesterday = state.services.clock.today() - time::Duration::days(1);
    state
        .services
        .end_supplementary_question(&auth.caller(), &code, id, yesterday)
        .await?;
    Ok(Redirect::to(&format!("/associations/{code}/questions")).into_response())
}
