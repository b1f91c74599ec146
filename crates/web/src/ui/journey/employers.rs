//! The employer register: list, new employer, an employer's page with its
//! contact log and a form to log a contact.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted};
use crate::ui::journey::labels::{code_choices, label};
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
    let input = EmployerInput {
        name: s.get("namn"),
        orgnr: s.get("orgnr"),
        sector: s.get("sektor"),
        industry: s.get("bransch"),
        contact: s.get("kontakt"),
    };
    match state
        .services
        .save_employer(&caller, &q.provider, 0, &input)
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/employers/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            form_page(tr, &auth, &q.provider, fields(tr, &s).with_error(tr, &e)).respond()
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "journey_employer.html")]
struct EmployerPage {
    layout: Layout,
    id: i64,
    facts: Vec<(String, String)>,
    contacts: Vec<(String, String, String)>,
    error: Option<String>,
    date: String,
    note: String,
}

async fn render(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    s: &Submitted,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let (e, contacts) = state.services.employer_view(&auth.caller(), id).await?;
    let facts = vec![
        (
            tr.t("employers.orgnr").to_string(),
            e.orgnr.clone().unwrap_or_else(|| "–".into()),
        ),
        (tr.t("employers.sector").to_string(), label(tr, e.sector)),
        (tr.t("employers.industry").to_string(), e.industry.clone()),
        (tr.t("employers.contact").to_string(), e.contact.clone()),
        (tr.t("employers.register").to_string(), e.provider.clone()),
    ];
    let contacts = contacts
        .into_iter()
        .map(|c| (c.on.to_string(), c.note, c.written_by))
        .collect();
    let page = EmployerPage {
        layout: Layout::for_user(tr, "employers.title", auth, "/employers").titled(e.name),
        id,
        facts,
        contacts,
        error,
        date: s.get("datum"),
        note: s.get("anteckning"),
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
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
            None,
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/employers/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let mut args = e.placeholders();
            let name = tr.t(&format!("employers.field_{}", e.field)).to_string();
            args[0] = ("field", name.as_str());
            render(&state, &auth, id, &s, Some(tr.f(e.message_key, &args))).await
        }
        Err(e) => Err(e.into()),
    }
}
