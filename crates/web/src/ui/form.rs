//! A generic form page: fields with labels, hints and the error next to its field.

use crate::error::AppError;
use crate::ui::layout::Layout;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::FieldError;
use samverka_i18n::Tr;

/// One choice of a select, radio or checkbox group.
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Selected.
    pub checked: bool,
}

/// How a field is shown.
pub enum FieldKind {
    /// `<input type=…>`.
    Text(&'static str),
    /// `<textarea>`, one item per line.
    Multiline,
    /// `<select>`.
    Select(Vec<Choice>),
    /// Radio buttons, or checkboxes when `multiple`.
    Choice(Vec<Choice>),
}

/// A form field.
pub struct Field {
    /// The submitted name (also the id).
    pub name: &'static str,
    /// The label.
    pub label: String,
    /// A hint under the label.
    pub hint: Option<String>,
    /// The current value (text fields).
    pub value: String,
    /// How it is shown.
    pub kind: FieldKind,
    /// Checkboxes rather than radio buttons.
    pub multiple: bool,
    /// Shown but not changeable.
    pub disabled: bool,
    /// The error for this field.
    pub error: Option<String>,
}

impl Field {
    /// A text input.
    pub fn text(tr: Tr, name: &'static str, label_key: &str, value: impl Into<String>) -> Self {
        Self::new(tr, name, label_key, value.into(), FieldKind::Text("text"))
    }

    /// A date input (`YYYY-MM-DD`) with the date hint.
    pub fn date(tr: Tr, name: &'static str, label_key: &str, value: Option<time::Date>) -> Self {
        Self::text(
            tr,
            name,
            label_key,
            value.map(|d| d.to_string()).unwrap_or_default(),
        )
        .hint(tr, "form.date_hint")
    }

    /// A multiline input with one item per line.
    pub fn lines(tr: Tr, name: &'static str, label_key: &str, items: &[String]) -> Self {
        Self::new(tr, name, label_key, items.join("\n"), FieldKind::Multiline)
            .hint(tr, "form.one_per_line")
    }

    /// A field of any kind.
    pub fn new(
        tr: Tr,
        name: &'static str,
        label_key: &str,
        value: String,
        kind: FieldKind,
    ) -> Self {
        Self {
            name,
            label: tr.t(label_key).to_string(),
            hint: None,
            value,
            kind,
            multiple: false,
            disabled: false,
            error: None,
        }
    }

    /// Adds a hint from the catalogue.
    pub fn hint(mut self, tr: Tr, key: &str) -> Self {
        self.hint = Some(tr.t(key).to_string());
        self
    }
}

/// The fields and the message at the top.
#[derive(Default)]
pub struct FormState {
    /// The fields in order.
    pub fields: Vec<Field>,
    /// A summary of what is wrong.
    pub summary: Option<String>,
}

impl FormState {
    /// Puts an error on the field it names (or on the summary only, if no field matches).
    /// The message names the field by its label, as the person sees it.
    pub fn with_error(mut self, tr: Tr, error: &FieldError) -> Self {
        let target = error.field.split('.').next_back().unwrap_or(error.field);
        let field = self
            .fields
            .iter_mut()
            .find(|f| f.name == error.field || f.name == target);
        let label = field
            .as_ref()
            .map_or(error.field.to_string(), |f| f.label.clone());
        let mut placeholders = error.placeholders();
        placeholders[0] = ("field", label.as_str());
        let message = tr.f(error.message_key, &placeholders);
        if let Some(f) = field {
            f.error = Some(message.clone());
        }
        self.summary = Some(message);
        self
    }
}

/// A form page.
#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    /// The frame.
    pub layout: Layout,
    /// A line under the heading.
    pub intro: Option<String>,
    /// Where the form posts.
    pub action: String,
    /// Where Cancel goes.
    pub cancel: String,
    /// The fields.
    pub form: FormState,
}

impl FormPage {
    /// Renders with 200, or 422 when the form carries an error.
    pub fn respond(self) -> Result<Response, AppError> {
        let status = if self.form.summary.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        let html = self.render().map_err(|_| AppError::internal())?;
        Ok((status, Html(html)).into_response())
    }
}

/// The submitted pairs of a form, with repeated names kept (checkbox groups).
pub struct Submitted(pub Vec<(String, String)>);

impl Submitted {
    /// The first value of `name`, trimmed ("" if absent).
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The non-empty lines of a multiline field.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.get(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// An optional whole number; a wrong one names the field.
    pub fn number(&self, name: &'static str) -> Result<Option<u32>, FieldError> {
        let text = self.get(name);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| FieldError::with_detail(name, "error.form.number", text))
    }

    /// An optional date `YYYY-MM-DD`; a wrong one names the field.
    pub fn date(&self, name: &'static str) -> Result<Option<time::Date>, FieldError> {
        let text = self.get(name);
        if text.is_empty() {
            return Ok(None);
        }
        time::Date::parse(
            &text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map(Some)
        .map_err(|_| FieldError::with_detail(name, "error.form.date", text))
    }
}

/// Choices from `(value, label)` pairs with the `selected` values checked.
pub fn choices(
    options: impl IntoIterator<Item = (String, String)>,
    selected: &[String],
) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            checked: selected.contains(&value),
            value,
            label,
        })
        .collect()
}

/// A rendered page: 422 when the form it shows was refused, else 200.
pub fn page_response(page: &impl askama::Template, refused: bool) -> Result<Response, AppError> {
    let status = if refused {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = page.render().map_err(|_| AppError::internal())?;
    Ok((status, axum::response::Html(body)).into_response())
}

/// A wrong value's message, with the field named by its label under `section`
/// (`payment_form.belopp`).
pub fn labelled_message(tr: Tr, section: &str, e: &FieldError) -> String {
    let mut args = e.placeholders();
    let label = tr.t(&format!("{section}.{}", e.field)).to_string();
    args[0] = ("field", label.as_str());
    tr.f(e.message_key, &args)
}
