//! Creating and changing an intervention. Orientation and follow-up method are
//! chosen once and shown, not changeable, afterwards.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::intervention::template_name;
use crate::ui::layout::Layout;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::FieldError;
use samverka_domain::intervention::{FollowUp, Intervention, Orientation};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;
use serde::Deserialize;

/// `?association=SFU` for a new intervention.
#[derive(Deserialize)]
pub struct NewQuery {
    association: Option<String>,
}

fn opt(n: Option<u32>) -> String {
    n.map(|v| v.to_string()).unwrap_or_default()
}

async fn fields(
    state: &AppState,
    tr: Tr,
    iv: &Intervention,
    creating: bool,
) -> Result<FormState, AppError> {
    let providers = state
        .services
        .providers()
        .await?
        .into_iter()
        .map(|p| (p.code, p.name));
    let templates = state
        .services
        .templates()
        .await?
        .into_iter()
        .map(|t| (t.code.clone(), template_name(tr, &t)));
    let orientations = [
        Orientation::Individinriktad,
        Orientation::Strukturovergripande,
    ]
    .map(|o| {
        (
            o.code().to_string(),
            tr.t(&format!("org.orientation_{}", o.code())).to_string(),
        )
    });
    let follow_ups = [
        FollowUp::Individual,
        FollowUp::AnonymousOnly,
        FollowUp::HeadCount,
    ]
    .map(|f| {
        (
            f.code().to_string(),
            tr.t(&format!("org.follow_up_{}", f.code())).to_string(),
        )
    });
    let mut code = Field::text(tr, "code", "org.code", iv.code.clone()).hint(tr, "org.code_hint");
    code.disabled = !creating;
    let mut orientation = Field::new(
        tr,
        "orientation",
        "org.orientation",
        String::new(),
        FieldKind::Choice(choices(orientations, &[iv.orientation.code().into()])),
    );
    let mut follow_up = Field::new(
        tr,
        "follow_up",
        "org.follow_up",
        String::new(),
        FieldKind::Choice(choices(follow_ups, &[iv.follow_up.code().into()])),
    );
    orientation.disabled = !creating;
    follow_up.disabled = !creating;
    if !creating {
        orientation = orientation.hint(tr, "org.fixed_hint");
        follow_up = follow_up.hint(tr, "org.fixed_hint");
    }
    let mut esf = Field::new(
        tr,
        "esf_funded",
        "org.esf_funded",
        String::new(),
        FieldKind::Choice(choices(
            [("ja".to_string(), tr.t("org.yes").to_string())],
            &[if iv.esf_funded { "ja" } else { "" }.into()],
        )),
    );
    esf.multiple = true;
    Ok(FormState {
        fields: vec![
            code,
            Field::text(tr, "name", "org.name", iv.name.clone()),
            Field::new(
                tr,
                "description",
                "org.description",
                iv.description.clone(),
                FieldKind::Multiline,
            ),
            Field::new(
                tr,
                "provider",
                "org.provider",
                String::new(),
                FieldKind::Select(choices(providers, std::slice::from_ref(&iv.provider))),
            ),
            orientation,
            follow_up,
            Field::new(
                tr,
                "template",
                "org.template",
                String::new(),
                FieldKind::Select(choices(templates, std::slice::from_ref(&iv.template))),
            ),
            Field::text(tr, "start", "org.start", iv.start.to_string()).hint(tr, "form.date_hint"),
            Field::date(tr, "end", "org.end", iv.end),
            Field::lines(tr, "target_groups", "org.target_groups", &iv.target_groups),
            esf,
            Field::text(
                tr,
                "planned_places",
                "org.planned_places",
                opt(iv.planned_places),
            ),
            Field::text(
                tr,
                "planned_participants_per_year",
                "org.planned_per_year",
                opt(iv.planned_participants_per_year),
            ),
            Field::text(tr, "caseload_min", "org.caseload_min", opt(iv.caseload_min)),
            Field::text(tr, "caseload_max", "org.caseload_max", opt(iv.caseload_max)),
            Field::lines(
                tr,
                "steering_group",
                "org.steering_group",
                &iv.steering_group,
            ),
        ],
        summary: None,
    })
}

fn page(
    tr: Tr,
    auth: &Authenticated,
    title: &str,
    action: String,
    cancel: String,
    form: FormState,
) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, title, auth, "/organisation"),
        intro: None,
        action,
        cancel,
        form,
    }
}

/// The form for a new intervention of `association`.
fn new_page(tr: Tr, auth: &Authenticated, association: &str, form: FormState) -> FormPage {
    let action = format!("/interventions/new?association={association}");
    page(
        tr,
        auth,
        "org.new_intervention",
        action,
        format!("/associations/{association}"),
        form,
    )
}

/// The form for changing intervention `code`.
fn edit_page(tr: Tr, auth: &Authenticated, code: &str, form: FormState) -> FormPage {
    page(
        tr,
        auth,
        "org.edit_intervention",
        format!("/interventions/{code}/edit"),
        format!("/interventions/{code}"),
        form,
    )
}

/// Refuses unless the person sees `association` and may create interventions for it.
async fn may_create(
    state: &AppState,
    auth: &Authenticated,
    association: &str,
) -> Result<(), AppError> {
    state
        .services
        .association_view(&auth.caller(), association)
        .await?;
    if samverka_domain::policy::can_create_intervention(&auth.roles, association) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Reads the form into an intervention, starting from `base` (fixed fields stay as they are).
fn read(form: &Submitted, base: &Intervention, creating: bool) -> Result<Intervention, FieldError> {
    let mut iv = base.clone();
    if creating {
        iv.code = form.get("code").to_uppercase();
        iv.orientation = Orientation::parse(&form.get("orientation"))?;
        iv.follow_up = FollowUp::parse(&form.get("follow_up"))?;
    }
    iv.name = form.get("name");
    iv.description = form.get("description");
    iv.provider = form.get("provider");
    iv.template = form.get("template");
    iv.start = form
        .date("start")?
        .ok_or(FieldError::new("start", "error.form.required"))?;
    iv.end = form.date("end")?;
    iv.target_groups = form.lines("target_groups");
    iv.esf_funded = form.get("esf_funded") == "ja";
    iv.planned_places = form.number("planned_places")?;
    iv.planned_participants_per_year = form.number("planned_participants_per_year")?;
    iv.caseload_min = form.number("caseload_min")?;
    iv.caseload_max = form.number("caseload_max")?;
    iv.steering_group = form.lines("steering_group");
    Ok(iv)
}

/// Puts what was typed back into the fields, so nothing is lost on an error.
fn keep_typed(mut state: FormState, form: &Submitted) -> FormState {
    for f in state.fields.iter_mut() {
        if matches!(f.kind, FieldKind::Text(_) | FieldKind::Multiline) && !f.disabled {
            f.value = form.get(f.name);
        }
    }
    state
}

fn blank(association: &str) -> Intervention {
    Intervention {
        code: String::new(),
        name: String::new(),
        description: String::new(),
        associations: vec![association.to_string()],
        provider: String::new(),
        orientation: Orientation::Individinriktad,
        follow_up: FollowUp::Individual,
        template: "supported_employment".into(),
        start: time::OffsetDateTime::now_utc().date(),
        end: None,
        target_groups: vec![],
        esf_funded: false,
        planned_places: None,
        planned_participants_per_year: None,
        caseload_min: None,
        caseload_max: None,
        steering_group: vec![],
        goals: vec![],
    }
}

/// GET /interventions/new?association=CODE
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let association = q.association.unwrap_or_default();
    may_create(&state, &auth, &association).await?;
    let form = fields(&state, tr, &blank(&association), true).await?;
    new_page(tr, &auth, &association, form).respond()
}

/// POST /interventions/new?association=CODE
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<NewQuery>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let association = q.association.unwrap_or_default();
    may_create(&state, &auth, &association).await?;
    let form = Submitted(pairs);
    let base = blank(&association);
    let result = match read(&form, &base, true) {
        Ok(iv) => state
            .services
            .create_intervention(&auth.caller(), iv.clone())
            .await
            .map(|_| iv),
        Err(e) => Err(ServiceError::Invalid(e)),
    };
    match result {
        Ok(iv) => Ok(Redirect::to(&format!("/interventions/{}?saved=1", iv.code)).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let typed = read(&form, &base, true).unwrap_or(base);
            let fields =
                keep_typed(fields(&state, tr, &typed, true).await?, &form).with_error(tr, &e);
            new_page(tr, &auth, &association, fields).respond()
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /interventions/{code}/edit
pub async fn edit(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let iv = state
        .services
        .editable_intervention(&auth.caller(), &code)
        .await?;
    let form = fields(&state, tr, &iv, false).await?;
    edit_page(tr, &auth, &code, form).respond()
}

/// POST /interventions/{code}/edit
pub async fn save(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let existing = state
        .services
        .editable_intervention(&auth.caller(), &code)
        .await?;
    let form = Submitted(pairs);
    let result = match read(&form, &existing, false) {
        Ok(iv) => state.services.save_intervention(&auth.caller(), iv).await,
        Err(e) => Err(ServiceError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/interventions/{code}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let fields =
                keep_typed(fields(&state, tr, &existing, false).await?, &form).with_error(tr, &e);
            edit_page(tr, &auth, &code, fields).respond()
        }
        Err(e) => Err(e.into()),
    }
}
