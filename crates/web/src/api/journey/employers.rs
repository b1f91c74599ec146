//! The employer register and its contact log.

use super::IdBody;
use super::requests::{ContactRequest, EmployerRequest};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Auth, ValidJson};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use samverka_domain::journey::employer::Employer;
use samverka_service::journey::employers::EmployerInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An employer with its contact log.
#[derive(Serialize, ToSchema)]
pub struct EmployerDto {
    /// Id.
    pub id: i64,
    /// Provider whose register it is.
    pub anordnare: String,
    /// Name.
    pub namn: String,
    /// Organisationsnummer.
    pub orgnr: Option<String>,
    /// Sector code.
    pub sektor: String,
    /// Industry.
    pub bransch: String,
    /// Contact line.
    pub kontakt: String,
    /// Contacts, newest first: day, note, written by.
    pub kontakter: Vec<(String, String, String)>,
}

fn dto(e: Employer, contacts: Vec<(String, String, String)>) -> EmployerDto {
    EmployerDto {
        id: e.id,
        anordnare: e.provider,
        namn: e.name,
        orgnr: e.orgnr,
        sektor: e.sector.code().into(),
        bransch: e.industry,
        kontakt: e.contact,
        kontakter: contacts,
    }
}

/// `?provider=`
#[derive(Deserialize, utoipa::IntoParams)]
pub struct ProviderQuery {
    /// The provider's code.
    pub provider: String,
}

/// A provider's employer register.
#[utoipa::path(get, path = "/api/v1/employers", tag = "journey", params(ProviderQuery),
    responses((status = 200, body = [EmployerDto]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<ProviderQuery>,
) -> Result<Json<Vec<EmployerDto>>, ApiError> {
    let rows = state
        .services
        .employers_of(&auth.caller(), &q.provider)
        .await?;
    Ok(Json(rows.into_iter().map(|e| dto(e, vec![])).collect()))
}

/// Adds an employer to a provider's register.
#[utoipa::path(post, path = "/api/v1/employers", tag = "journey", params(ProviderQuery), request_body = EmployerRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<ProviderQuery>,
    ValidJson(b): ValidJson<EmployerRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let input = EmployerInput {
        name: b.namn,
        orgnr: b.orgnr,
        sector: b.sektor,
        industry: b.bransch,
        contact: b.kontakt,
    };
    let id = state
        .services
        .save_employer(&auth.caller(), &q.provider, 0, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(IdBody { id })))
}

/// One employer with its contact log.
#[utoipa::path(get, path = "/api/v1/employers/{id}", tag = "journey",
    params(("id" = i64, Path, description = "Arbetsgivarens id")),
    responses((status = 200, body = EmployerDto), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Json<EmployerDto>, ApiError> {
    let (e, contacts) = state.services.employer_view(&auth.caller(), id).await?;
    let contacts = contacts
        .into_iter()
        .map(|c| (c.on.to_string(), c.note, c.written_by))
        .collect();
    Ok(Json(dto(e, contacts)))
}

/// Logs a contact with an employer.
#[utoipa::path(post, path = "/api/v1/employers/{id}/contacts", tag = "journey",
    params(("id" = i64, Path, description = "Arbetsgivarens id")), request_body = ContactRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn contact(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(b): ValidJson<ContactRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let cid = state
        .services
        .add_employer_contact(&auth.caller(), id, &b.datum, &b.anteckning, b.deltagande)
        .await?;
    Ok((StatusCode::CREATED, Json(IdBody { id: cid })))
}
