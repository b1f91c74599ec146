//! The organisation in the API: associations, providers, interventions and templates.
//! Bodies are the same shapes the setup file describes, as JSON.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Auth, ValidJson, current_lang};
use axum::Json;
use axum::extract::{Path, State};
use samverka_domain::FieldError;
use samverka_domain::association::{Association, Provider};
use samverka_domain::intervention::Intervention;
use samverka_domain::template::ProcessTemplate;
use serde::Serialize;
use utoipa::ToSchema;

/// An association with its interventions' codes and any share warnings.
#[derive(Serialize, ToSchema)]
pub struct AssociationBody {
    /// The association: code, name, orgnr, start, municipalities, members.
    #[schema(value_type = Object)]
    pub association: Association,
    /// Codes of its interventions.
    pub interventions: Vec<String>,
    /// Where the financing shares differ from the legal split (a warning, not an error).
    pub warnings: Vec<String>,
}

/// A goal with its definition in words.
#[derive(Serialize, ToSchema)]
pub struct GoalText {
    /// The goal's code.
    pub code: String,
    /// The definition in words, in the request's language.
    pub sentence: String,
}

/// An intervention with its goals in words.
#[derive(Serialize, ToSchema)]
pub struct InterventionBody {
    /// Every field of the intervention, with its goals.
    #[schema(value_type = Object)]
    pub intervention: Intervention,
    /// The goals in words.
    pub goals_in_words: Vec<GoalText>,
}

/// Refuses roles that have no view of the organisation at all (auditor, partner officer).
fn require_organisation_view(
    auth: &samverka_service::sessions::Authenticated,
) -> Result<(), ApiError> {
    if samverka_domain::policy::can_view_organisation(&auth.roles) {
        Ok(())
    } else {
        Err(ApiError(crate::AppError::forbidden()))
    }
}

fn code_must_match(path: &str, body: &str) -> Result<(), ApiError> {
    if path == body {
        Ok(())
    } else {
        Err(ApiError::from(crate::AppError::invalid(FieldError::new(
            "code",
            "error.api.code_mismatch",
        ))))
    }
}

fn intervention_body(iv: Intervention) -> InterventionBody {
    let lang = current_lang();
    let goals_in_words = iv
        .goals
        .iter()
        .map(|g| GoalText {
            code: g.code.clone(),
            sentence: g.sentence(lang),
        })
        .collect();
    InterventionBody {
        intervention: iv,
        goals_in_words,
    }
}

/// The associations the caller may see.
#[utoipa::path(get, path = "/api/v1/associations", tag = "organisation",
    responses((status = 200, body = [Object]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn associations(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<Vec<Association>>, ApiError> {
    require_organisation_view(&auth)?;
    Ok(Json(
        state.services.visible_associations(&auth.caller()).await?,
    ))
}

/// One association.
#[utoipa::path(get, path = "/api/v1/associations/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Förbundets kod")),
    responses((status = 200, body = AssociationBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn association(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Json<AssociationBody>, ApiError> {
    let view = state
        .services
        .association_view(&auth.caller(), &code)
        .await?;
    let tr = samverka_i18n::Tr(current_lang());
    Ok(Json(AssociationBody {
        warnings: view
            .warnings
            .iter()
            .map(|w| crate::ui::organisation::warning_text(tr, w))
            .collect(),
        interventions: view.interventions.into_iter().map(|i| i.code).collect(),
        association: view.association,
    }))
}

/// Creates or replaces an association (code in the path and the body must agree).
#[utoipa::path(put, path = "/api/v1/associations/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Förbundets kod")),
    request_body(content = Object, description = "Förbundet: code, name, orgnr, start, municipalities, members"),
    responses((status = 200, body = [String], description = "Varningar om finansieringsandelar"),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_association(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<Association>,
) -> Result<Json<Vec<String>>, ApiError> {
    code_must_match(&code, &body.code)?;
    let tr = samverka_i18n::Tr(current_lang());
    let warnings = state
        .services
        .save_association(&auth.caller(), body)
        .await?;
    Ok(Json(
        warnings
            .iter()
            .map(|w| crate::ui::organisation::warning_text(tr, w))
            .collect(),
    ))
}

/// Every provider.
#[utoipa::path(get, path = "/api/v1/providers", tag = "organisation",
    responses((status = 200, body = [Object]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn providers(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<Vec<Provider>>, ApiError> {
    require_organisation_view(&auth)?;
    Ok(Json(state.services.providers().await?))
}

/// Creates or replaces a provider (system administrators).
#[utoipa::path(put, path = "/api/v1/providers/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Anordnarens kod")),
    request_body(content = Object, description = "Anordnaren: code, name"),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_provider(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<Provider>,
) -> Result<axum::http::StatusCode, ApiError> {
    code_must_match(&code, &body.code)?;
    state.services.save_provider(&auth.caller(), body).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The interventions the caller may see.
#[utoipa::path(get, path = "/api/v1/interventions", tag = "organisation",
    responses((status = 200, body = [InterventionBody]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn interventions(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<Vec<InterventionBody>>, ApiError> {
    require_organisation_view(&auth)?;
    let all = state.services.visible_interventions(&auth.caller()).await?;
    Ok(Json(all.into_iter().map(intervention_body).collect()))
}

/// One intervention with its goals in words.
#[utoipa::path(get, path = "/api/v1/interventions/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Insatsens kod")),
    responses((status = 200, body = InterventionBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn intervention(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Json<InterventionBody>, ApiError> {
    Ok(Json(intervention_body(
        state.services.intervention(&auth.caller(), &code).await?,
    )))
}

/// Creates or replaces an intervention with its goals. Orientation and follow-up
/// method cannot change once created.
#[utoipa::path(put, path = "/api/v1/interventions/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Insatsens kod")),
    request_body(content = Object, description = "Insatsen med alla fält och mål"),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_intervention(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<Intervention>,
) -> Result<axum::http::StatusCode, ApiError> {
    code_must_match(&code, &body.code)?;
    state
        .services
        .save_intervention(&auth.caller(), body)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Every process template: built-in and own.
#[utoipa::path(get, path = "/api/v1/templates", tag = "organisation",
    responses((status = 200, body = [Object]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn templates(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<Vec<ProcessTemplate>>, ApiError> {
    require_organisation_view(&auth)?;
    Ok(Json(state.services.templates().await?))
}

/// An own process template as sent: code, name and stage names in order.
#[derive(serde::Deserialize, ToSchema)]
pub struct TemplateRequest {
    /// Code, e.g. `jobbspar`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Stage names in order.
    pub stages: Vec<String>,
}

/// Creates or replaces an own process template (leads and system administrators).
#[utoipa::path(put, path = "/api/v1/templates/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Mallens kod")), request_body = TemplateRequest,
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_template(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<TemplateRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    if !samverka_domain::policy::can_define_templates(&auth.roles) {
        return Err(ApiError(crate::AppError::forbidden()));
    }
    code_must_match(&code, &body.code)?;
    let template = ProcessTemplate::own(&body.code, &body.name, &body.stages)
        .map_err(|e| ApiError(crate::AppError::invalid(e)))?;
    state
        .services
        .save_template(&auth.caller(), template)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
