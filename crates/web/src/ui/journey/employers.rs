//! The employer register: list, new employer, an employer's page with its
//! contact log and a form to log a contact (optionally about a participant of
//! the caller's caseload), and changing an employer.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::journey::labels::{code_choices, label, person_label};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::codes::Sector;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::employers::EmployerInput;
use samverka_service::sessions::Authenticated;

/// An employer as the register lists it: id, name, sector, industry.
type EmployerLine = (i64, String, String, String);

#[derive(Template)]
#[template(path = "journey_employers.html")]
struct EmployersPage {
    layout: Layout,
    registers: Vec<(String, Vec<EmployerLine>)>,
}

/// GET /employers
pub async fn list(State(state): State<AppState>, Auth(auth): Auth) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let mut registers = Vec::new();
    for provider in state.services.employer_providers(&caller).await? {
        let employers = state
            .services
            .employers_of(&caller, &provider)
            .await?
            .into_iter()
            .map(|e| (e.id, e.name, label(tr, e.sector), e.industry))
            .collect();
        registers.push((provider, employers));
    }
    let page = EmployersPage {
        layout: Layout::for_user(tr, "employers.title", &auth, "/employers"),
        registers,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

/// `?provider=…`
#[derive(serde::Deserialize)]
pub struct ProviderQuery {
    provider: String,
}

fn fields(tr: Tr, s: &Submitted) -> FormState {
    let get = |n: &str| s.get(n);
    FormState {
        fields: vec![
            Field::text(tr, "namn", "employers.name", get("namn")),
            Field::text(tr, "orgnr", "employers.orgnr", get("orgnr"))
                .hint(tr, "employers.orgnr_hint"),
            Field::new(
                tr,
                "sektor",
                "employers.sector",
                String::new(),
                FieldKind::Select(code_choices::<Sector>(tr, &[get("sektor")], false)),
            ),
            Field::text(tr, "bransch", "employers.industry", get("bransch")),
            Field::text(tr, "kontakt", "employers.contact", get("kontakt"))
                .hint(tr, "employers.contact_hint"),
        ],
        summary: None,
    }
}

fn form_page(tr: Tr, auth: &Authenticated, provider: &str, form: FormState) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "employers.new", auth, "/employers"),
        intro: Some(format!("{} {provider}.", tr.t("employers.new_intro"))),
        action: format!("/employers/new?provider={provider}"),
        cancel: "/employers".into(),
        form,
    }
}

fn edit_page(tr: Tr, auth: &Authenticated, id: i64, name: &str, form: FormState) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "journey_pages.employer_edit", auth, "/employers")
            .titled(format!("{} – {name}", tr.t("journey_pages.employer_edit"))),
        intro: None,
        action: format!("/employers/{id}/edit"),
        cancel: format!("/employers/{id}"),
        form,
    }
}

fn typed(s: &Submitted) -> EmployerInput {
    EmployerInput {
        name: s.get("namn"),
        orgnr: s.get("orgnr"),
        sector: s.get("sektor"),
        industry: s.get("bransch"),
        contact: s.get("kontakt"),
    }
}

/// GET /employers/new?provider=…
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<ProviderQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    state
        .services
        .employers_of(&auth.caller(), &q.provider)
        .await?;
    form_page(tr, &auth, &q.provider, fields(tr, &Submitted(vec![]))).respond()
}

/// POST /employers/new?provider=…
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<ProviderQuery>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    state.services.employers_of(&caller, &q.provider).await?;
    let s = Submitted(pairs);
    match state
        .services
        .save_employer(&caller, &q.provider, 0, &typed(&s))
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/employers/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            form_page(tr, &auth, &q.provider, fields(tr, &s).with_error(tr, &e)).respond()
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /employers/{id}/edit
pub async fn edit(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let (e, _) = state.services.employer_view(&auth.caller(), id).await?;
    let s = Submitted(vec![
        ("namn".into(), e.name.clone()),
        ("orgnr".into(), e.orgnr.clone().unwrap_or_default()),
        ("sektor".into(), e.sector.code().into()),
        ("bransch".into(), e.industry.clone()),
        ("kontakt".into(), e.contact.clone()),
    ]);
    edit_page(tr, &auth, id, &e.name, fields(tr, &s)).respond()
}

/// POST /employers/{id}/edit
pub async fn update(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let (e, _) = state.services.employer_view(&caller, id).await?;
    let s = Submitted(pairs);
    match state
        .services
        .save_employer(&caller, &e.provider, id, &typed(&s))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/employers/{id}")).into_response()),
        Err(ServiceError::Invalid(err)) => {
            edit_page(tr, &auth, id, &e.name, fields(tr, &s).with_error(tr, &err)).respond()
        }
        Err(err) => Err(err.into()),
    }
}

/// A logged contact as the page shows it.
pub struct ContactLine {
    /// Day.
    pub on: String,
    /// What was said or done.
    pub note: String,
    /// Who logged it.
    pub by: String,
    /// The participant it was about: participation id and name, when in the caller's caseload.
    pub about: Option<(i64, String)>,
    /// True when it was about a participant outside the caller's caseload.
    pub about_other: bool,
}

#[derive(Template)]
#[template(path = "journey_employer.html")]
struct EmployerPage {
    layout: Layout,
    id: i64,
    facts: Vec<(String, String)>,
    contacts: Vec<ContactLine>,
    error: Option<String>,
    error_field: String,
    date: String,
    note: String,
    participants: Vec<crate::ui::form::Choice>,
}

async fn render(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    s: &Submitted,
    error: Option<(String, String)>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let failed = error.is_some();
    let caller = auth.caller();
    let (e, contacts) = state.services.employer_view(&caller, id).await?;
    let caseload = own_participants(state, &caller, &e.provider).await?;
    let mut options = vec![(
        String::new(),
        tr.t("journey_pages.employer_about_nobody").to_string(),
    )];
    options.extend(
        caseload
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    let participants = choices(options, &[s.get("deltagande")]);
    let facts = vec![
        (
            tr.t("employers.orgnr").to_string(),
            e.orgnr.clone().unwrap_or_else(|| "–".into()),
        ),
        (tr.t("employers.sector").to_string(), label(tr, e.sector)),
        (tr.t("employers.industry").to_string(), or_dash(&e.industry)),
        (tr.t("employers.contact").to_string(), or_dash(&e.contact)),
        (tr.t("employers.register").to_string(), e.provider.clone()),
    ];
    let contacts = contacts
        .into_iter()
        .map(|c| {
            let about = c
                .participation_id
                .and_then(|pid| caseload.iter().find(|(id, _)| *id == pid).cloned());
            ContactLine {
                on: c.on.to_string(),
                note: c.note,
                by: c.written_by,
                about_other: c.participation_id.is_some() && about.is_none(),
                about,
            }
        })
        .collect();
    let page = EmployerPage {
        layout: Layout::for_user(tr, "employers.title", auth, "/employers").titled(e.name),
        id,
        facts,
        contacts,
        error_field: error.as_ref().map(|e| e.0.clone()).unwrap_or_default(),
        error: error.map(|e| e.1),
        date: s.get("datum"),
        note: s.get("anteckning"),
        participants,
    };
    let status = if failed {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        Html(page.render().map_err(|_| AppError::internal())?),
    )
        .into_response())
}

/// GET /employers/{id}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let today = state.services.clock.today().to_string();
    render(
        &state,
        &auth,
        id,
        &Submitted(vec![("datum".into(), today)]),
        None,
    )
    .await
}

/// POST /employers/{id}/contacts
pub async fn add_contact(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let s = Submitted(pairs);
    match state
        .services
        .add_employer_contact(
            &auth.caller(),
            id,
            &s.get("datum"),
            &s.get("anteckning"),
            s.get("deltagande").parse().ok(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/employers/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let mut args = e.placeholders();
            let name = tr.t(&format!("employers.field_{}", e.field)).to_string();
            args[0] = ("field", name.as_str());
            let message = tr.f(e.message_key, &args);
            render(&state, &auth, id, &s, Some((e.field.to_string(), message))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The caller's own active participants in interventions run by `provider`, as
/// (participation id, name): the choices for "the contact was about".
async fn own_participants(
    state: &AppState,
    caller: &samverka_service::accounts::Caller,
    provider: &str,
) -> Result<Vec<(i64, String)>, AppError> {
    let tr = Tr(current_lang());
    let scope = state.services.journey_scope(caller).await?;
    let here: Vec<String> = scope
        .interventions
        .iter()
        .filter(|iv| iv.provider == provider)
        .map(|iv| iv.code.clone())
        .collect();
    Ok(state
        .services
        .caseload(caller)
        .await?
        .rows
        .iter()
        .filter(|r| here.contains(&r.participation.intervention))
        .map(|r| {
            (
                r.participation.id,
                format!(
                    "{} ({})",
                    person_label(tr, &r.person),
                    r.participation.intervention
                ),
            )
        })
        .collect())
}

/// `text`, or a dash when it is empty.
fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "–".into()
    } else {
        text.to_string()
    }
}
