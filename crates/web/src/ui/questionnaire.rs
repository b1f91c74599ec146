//! GET/POST /q/{token}: the participant's questionnaire, opened from a one-time
//! link without logging in. It shows nothing about the person, a few questions a
//! page, saves each page as it is sent, and works by keyboard on a small phone. A
//! used or expired link gets a friendly page and changes nothing.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{ValidForm, current_lang};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::questionnaire::instrument::{AnswerValue, Instrument, QuestionKind};
use samverka_domain::questionnaire::invitation::{Closed, Invitation};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::questionnaires::{Opened, QUESTIONS_PER_PAGE};

/// One answer option as the page shows it.
pub(crate) struct OptionView {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) checked: bool,
}

/// One question as the page shows it.
pub(crate) struct QuestionView {
    pub(crate) code: String,
    pub(crate) number: usize,
    pub(crate) text: String,
    /// `radio`, `checkbox` or `text`.
    pub(crate) input: &'static str,
    pub(crate) options: Vec<OptionView>,
    pub(crate) text_value: String,
}

#[derive(Template)]
#[template(path = "questionnaire.html")]
struct QuestionnairePage {
    layout: Layout,
    token: String,
    intro: String,
    page: usize,
    pages: usize,
    questions: Vec<QuestionView>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "questionnaire_closed.html")]
struct ClosedPage {
    layout: Layout,
    message: String,
}

/// `?sida=N` (1-based).
#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    sida: Option<usize>,
}

/// The questions of `page` (or of every page, for `None`) with the answers so far.
pub(crate) fn views(
    tr: Tr,
    instrument: &Instrument,
    invitation: &Invitation,
    page: Option<usize>,
) -> Vec<QuestionView> {
    let (skip, take) = match page {
        Some(p) => (p * QUESTIONS_PER_PAGE, QUESTIONS_PER_PAGE),
        None => (0, instrument.questions.len()),
    };
    instrument
        .questions
        .iter()
        .enumerate()
        .skip(skip)
        .take(take)
        .map(|(n, q)| {
            let given = invitation.answers.get(&q.code);
            let chosen = |v: &str| match given {
                Some(AnswerValue::Scale(s)) => s.to_string() == v,
                Some(AnswerValue::YesNo(b)) => (if *b { "ja" } else { "nej" }) == v,
                Some(AnswerValue::Choices(c)) => c.iter().any(|i| i.to_string() == v),
                _ => false,
            };
            let option = |value: String, label: String| OptionView {
                checked: chosen(&value),
                value,
                label,
            };
            let (input, options) = match &q.kind {
                QuestionKind::Likert { low, high } => (
                    "radio",
                    (1..=5)
                        .map(|v| {
                            let label = match v {
                                1 => format!("1 – {low}"),
                                5 => format!("5 – {high}"),
                                v => v.to_string(),
                            };
                            option(v.to_string(), label)
                        })
                        .collect(),
                ),
                QuestionKind::YesNo => (
                    "radio",
                    vec![
                        option("ja".into(), tr.t("questionnaire.yes").to_string()),
                        option("nej".into(), tr.t("questionnaire.no").to_string()),
                    ],
                ),
                QuestionKind::Single { options } => (
                    "radio",
                    options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| option(i.to_string(), o.clone()))
                        .collect(),
                ),
                QuestionKind::Multiple { options } => (
                    "checkbox",
                    options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| option(i.to_string(), o.clone()))
                        .collect(),
                ),
                QuestionKind::FreeText => ("text", Vec::new()),
            };
            QuestionView {
                code: q.code.clone(),
                number: n + 1,
                text: q.text.clone(),
                input,
                options,
                text_value: match given {
                    Some(AnswerValue::Text(t)) => t.clone(),
                    _ => String::new(),
                },
            }
        })
        .collect()
}

fn closed(tr: Tr, why: Option<Closed>) -> Result<Response, AppError> {
    let key = match why {
        Some(Closed::Used) => "questionnaire.used",
        Some(Closed::Expired) => "questionnaire.expired",
        None => "questionnaire.unknown",
    };
    let page = ClosedPage {
        layout: Layout::public(tr, "questionnaire.closed_title"),
        message: tr.t(key).to_string(),
    };
    let status = if why.is_some() {
        StatusCode::GONE
    } else {
        StatusCode::NOT_FOUND
    };
    let body = page.render().map_err(|_| AppError::internal())?;
    Ok((status, Html(body)).into_response())
}

fn show(
    tr: Tr,
    token: &str,
    (invitation, instrument): (&Invitation, &Instrument),
    page: usize,
    error: Option<String>,
) -> Result<Response, AppError> {
    let pages = instrument
        .questions
        .len()
        .div_ceil(QUESTIONS_PER_PAGE)
        .max(1);
    let page = page.min(pages - 1);
    let failed = error.is_some();
    let view = QuestionnairePage {
        layout: Layout::public(tr, "questionnaire.page_title").titled(instrument.title.clone()),
        token: token.to_string(),
        intro: instrument.intro.clone(),
        page: page + 1,
        pages,
        questions: views(tr, instrument, invitation, Some(page)),
        error,
    };
    crate::ui::form::page_response(&view, failed)
}

/// GET /q/{token}
pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    match state.services.open_questionnaire(&token).await {
        Ok(Opened::Open(open)) => {
            let page = q.sida.unwrap_or(1).max(1) - 1;
            show(tr, &token, (&open.0, &open.1), page, None)
        }
        Ok(Opened::Closed(why)) => closed(tr, Some(why)),
        Err(ServiceError::NotFound) => closed(tr, None),
        Err(e) => Err(e.into()),
    }
}

/// POST /q/{token}: saves the page, then goes on (`steg=nasta`), back
/// (`steg=forra`) or finishes (`steg=klar`).
pub async fn save(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let page = get("sida").parse::<usize>().unwrap_or(1).max(1) - 1;
    let step = get("steg");
    let finish = step == "klar";
    match state
        .services
        .answer_questionnaire(&token, page, &pairs, finish)
        .await
    {
        Ok(Opened::Open(_)) if finish => {
            Ok(Redirect::to(&format!("/q/{token}/tack")).into_response())
        }
        Ok(Opened::Open(_)) => {
            let next = if step == "forra" { page } else { page + 2 };
            Ok(Redirect::to(&format!("/q/{token}?sida={}", next.max(1))).into_response())
        }
        Ok(Opened::Closed(why)) => closed(tr, Some(why)),
        Err(ServiceError::Invalid(e)) => match state.services.open_questionnaire(&token).await? {
            Opened::Open(open) => {
                let message = crate::ui::form::labelled_message(tr, "questionnaire_form", &e);
                show(tr, &token, (&open.0, &open.1), page, Some(message))
            }
            Opened::Closed(why) => closed(tr, Some(why)),
        },
        Err(ServiceError::NotFound) => closed(tr, None),
        Err(e) => Err(e.into()),
    }
}

/// GET /q/{token}/tack: the thank-you page after the last page.
pub async fn thanks() -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let page = ClosedPage {
        layout: Layout::public(tr, "questionnaire.thanks_title"),
        message: tr.t("questionnaire.thanks").to_string(),
    };
    let body = page.render().map_err(|_| AppError::internal())?;
    Ok(Html(body).into_response())
}
