//! The organisation overview and the association page, with its edit form.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FormPage, FormState, Submitted};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::association::{Association, ShareWarning};
use samverka_domain::goal::format_share;
use samverka_domain::intervention::Intervention;
use samverka_domain::policy::can_edit_association;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use serde::Deserialize;

struct AssociationCard {
    code: String,
    name: String,
    summary: String,
}

struct InterventionLink {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    layout: Layout,
    associations: Vec<AssociationCard>,
    interventions: Vec<InterventionLink>,
    templates: Vec<(String, String)>,
    can_define_templates: bool,
}

/// GET /organisation: the associations and interventions the person may see.
pub async fn overview(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    if !samverka_domain::policy::can_view_organisation(&auth.roles) {
        return Err(AppError::forbidden());
    }
    let caller = auth.caller();
    let all_interventions = state.services.visible_interventions(&caller).await?;
    let associations = state
        .services
        .visible_associations(&caller)
        .await?
        .into_iter()
        .map(|a| {
            let count = all_interventions
                .iter()
                .filter(|i| i.associations.contains(&a.code))
                .count();
            AssociationCard {
                summary: tr.f(
                    "org.summary",
                    &[
                        ("municipalities", &a.municipalities.join(", ")),
                        ("count", &count.to_string()),
                    ],
                ),
                code: a.code,
                name: a.name,
            }
        })
        .collect();
    let interventions = all_interventions
        .into_iter()
        .map(|i| InterventionLink {
            code: i.code,
            name: i.name,
        })
        .collect();
    let templates = state
        .services
        .templates()
        .await?
        .iter()
        .map(|t| {
            let stages = t
                .stages
                .iter()
                .map(|s| crate::ui::intervention::stage_name(tr, s))
                .collect::<Vec<_>>()
                .join(" → ");
            (crate::ui::intervention::template_name(tr, t), stages)
        })
        .collect();
    let page = OrganisationPage {
        layout: Layout::for_user(tr, "org.title", &auth, "/organisation"),
        associations,
        interventions,
        templates,
        can_define_templates: samverka_domain::policy::can_define_templates(&auth.roles),
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

struct MemberRow {
    code: String,
    name: String,
    kind: String,
    financier: String,
    share: String,
}

struct InterventionRow {
    code: String,
    name: String,
    provider: String,
    period: String,
    template: String,
    goals: usize,
}

#[derive(Template)]
#[template(path = "association.html")]
struct AssociationPage {
    layout: Layout,
    notice: Option<String>,
    warnings: Vec<String>,
    a: Association,
    start: String,
    municipalities: String,
    members: Vec<MemberRow>,
    interventions: Vec<InterventionRow>,
    can_edit: bool,
}

/// `?saved=1` after a change.
#[derive(Deserialize)]
pub struct SavedQuery {
    pub saved: Option<String>,
}

/// The period of an intervention in words: `2006-05-01 – 2013-12-31`.
pub fn period(tr: Tr, i: &Intervention) -> String {
    match i.end {
        Some(end) => format!("{} – {end}", i.start),
        None => tr.f("org.period_open", &[("start", &i.start.to_string())]),
    }
}

/// A share warning in words.
pub fn warning_text(tr: Tr, w: &ShareWarning) -> String {
    w.text(tr.lang())
}

/// GET /associations/{code}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let view = state
        .services
        .association_view(&auth.caller(), &code)
        .await?;
    let provider_name = |c: &str| {
        view.providers
            .iter()
            .find(|p| p.code == c)
            .map_or(c.to_string(), |p| p.name.clone())
    };
    let templates = state.services.templates().await?;
    let template_name = |c: &str| {
        templates
            .iter()
            .find(|t| t.code == c)
            .and_then(|t| t.name.clone())
            .unwrap_or_else(|| tr.t(&format!("template.{c}")).to_string())
    };
    let a = view.association.clone();
    let page = AssociationPage {
        layout: Layout::for_user(tr, "org.title", &auth, "/organisation")
            .titled(view.association.name.clone()),
        notice: q.saved.map(|_| tr.t("org.saved").to_string()),
        warnings: view.warnings.iter().map(|w| warning_text(tr, w)).collect(),
        start: a
            .start
            .map(|d| d.to_string())
            .unwrap_or_else(|| tr.t("org.unknown").to_string()),
        municipalities: a.municipalities.join(", "),
        members: a
            .members
            .iter()
            .map(|m| MemberRow {
                code: m.code.clone(),
                name: m.name.clone(),
                kind: tr
                    .t(&format!("org.member_kind.{}", m.kind.code()))
                    .to_string(),
                financier: tr
                    .t(if m.financier { "org.yes" } else { "org.no" })
                    .to_string(),
                share: m
                    .share
                    .map(|s| format_share(s, tr.lang()))
                    .unwrap_or_default(),
            })
            .collect(),
        interventions: view
            .interventions
            .iter()
            .map(|i| InterventionRow {
                code: i.code.clone(),
                name: i.name.clone(),
                provider: provider_name(&i.provider),
                period: period(tr, i),
                template: template_name(&i.template),
                goals: i.goals.len(),
            })
            .collect(),
        can_edit: can_edit_association(&auth.roles, &code),
        a,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

fn edit_form(tr: Tr, a: &Association) -> FormState {
    FormState {
        fields: vec![
            Field::text(tr, "name", "org.name", a.name.clone()),
            Field::text(tr, "orgnr", "org.orgnr", a.orgnr.clone()).hint(tr, "org.orgnr_hint"),
            Field::date(tr, "start", "org.start", a.start),
            Field::lines(
                tr,
                "municipalities",
                "org.municipalities",
                &a.municipalities,
            ),
        ],
        summary: None,
    }
}

fn edit_page(
    tr: Tr,
    auth: &samverka_service::sessions::Authenticated,
    a: &Association,
    form: FormState,
) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "org.edit_association", auth, "/organisation"),
        intro: Some(a.name.clone()),
        action: format!("/associations/{}/edit", a.code),
        cancel: format!("/associations/{}", a.code),
        form,
    }
}

/// GET /associations/{code}/edit
pub async fn edit(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let view = state
        .services
        .association_view(&auth.caller(), &code)
        .await?;
    if !can_edit_association(&auth.roles, &code) {
        return Err(AppError::forbidden());
    }
    edit_page(
        tr,
        &auth,
        &view.association,
        edit_form(tr, &view.association),
    )
    .respond()
}

/// POST /associations/{code}/edit
pub async fn save(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let view = state
        .services
        .association_view(&auth.caller(), &code)
        .await?;
    let form = Submitted(pairs);
    let mut updated = view.association.clone();
    updated.name = form.get("name");
    updated.orgnr = form.get("orgnr");
    updated.municipalities = form.lines("municipalities");
    let result = match form.date("start") {
        Ok(start) => {
            updated.start = start;
            state
                .services
                .save_association(&auth.caller(), updated.clone())
                .await
        }
        Err(e) => Err(ServiceError::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/associations/{code}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let mut state_form = edit_form(tr, &updated);
            if let Some(f) = state_form.fields.iter_mut().find(|f| f.name == "start") {
                f.value = form.get("start");
            }
            edit_page(tr, &auth, &view.association, state_form.with_error(tr, &e)).respond()
        }
        Err(e) => Err(e.into()),
    }
}
