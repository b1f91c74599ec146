//! Enrolment and the changes to a participation: stage, consent, coach, exit,
//! and its entries.

use super::IdBody;
use super::requests::{
    CoachRequest, DayRequest, EnrolRequest, EntryRequest, ExitRequest, StageRequest,
};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Auth, ValidJson};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samverka_domain::FieldError;
use samverka_domain::journey::dates;
use samverka_domain::journey::entry::EntryBody;
use samverka_service::ServiceError;
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest as Enrol};
use samverka_service::journey::persons::PersonChoice;

/// Enrols a person, from an accepted referral or directly.
#[utoipa::path(post, path = "/api/v1/interventions/{code}/participations", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")), request_body = EnrolRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn enrol(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<EnrolRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let from = match (&body.anmalan, &body.person) {
        (Some(id), _) => EnrolFrom::Referral(*id),
        (None, Some(p)) => EnrolFrom::Person(p.choice()),
        (None, None) => EnrolFrom::Person(PersonChoice::New {
            input: Default::default(),
            confirmed_new: false,
        }),
    };
    let req = Enrol {
        from,
        coach: body.coach,
        cohort: body.grupp,
        input: body.input(),
    };
    let id = state.services.enrol(&auth.caller(), &code, &req).await?;
    Ok((StatusCode::CREATED, Json(IdBody { id })))
}

/// Moves the participation to another stage.
#[utoipa::path(post, path = "/api/v1/participations/{id}/stage", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id")), request_body = StageRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn stage(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(body): ValidJson<StageRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .move_stage(&auth.caller(), id, &body.steg, &body.datum)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records that consent was withdrawn.
#[utoipa::path(post, path = "/api/v1/participations/{id}/consent/withdraw", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id")), request_body = DayRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(body): ValidJson<DayRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .withdraw_consent(&auth.caller(), id, &body.datum)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Gives the participation to another coach.
#[utoipa::path(post, path = "/api/v1/participations/{id}/coach", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id")), request_body = CoachRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn coach(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(body): ValidJson<CoachRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .set_coach(&auth.caller(), id, body.coach)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registers or corrects the exit.
#[utoipa::path(post, path = "/api/v1/participations/{id}/exit", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id")), request_body = ExitRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn exit(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(body): ValidJson<ExitRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .register_exit(&auth.caller(), id, &body.input())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reads an entry request after the reach check, so strangers learn nothing from errors.
async fn read_entry(
    state: &AppState,
    auth: &samverka_service::sessions::Authenticated,
    id: i64,
    body: EntryRequest,
) -> Result<(time::Date, EntryBody), ApiError> {
    state
        .services
        .check_participation_reach(&auth.caller(), id)
        .await?;
    let on = dates::parse("datum", &body.datum).map_err(ServiceError::Invalid)?;
    let entry: EntryBody = serde_json::from_value(body.body).map_err(|e| {
        ServiceError::Invalid(FieldError::with_detail(
            "body",
            "error.entry.body",
            e.to_string(),
        ))
    })?;
    Ok((on, entry))
}

/// Adds an entry (profile, plan item, follow-up, checkpoint, placement, employment,
/// study, rehab-fund spending, or follow-up after exit).
#[utoipa::path(post, path = "/api/v1/participations/{id}/entries", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id")), request_body = EntryRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn add_entry(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(body): ValidJson<EntryRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let (on, entry) = read_entry(&state, &auth, id, body).await?;
    let entry_id = state
        .services
        .add_entry(&auth.caller(), id, on, entry)
        .await?;
    Ok((StatusCode::CREATED, Json(IdBody { id: entry_id })))
}

/// Replaces an entry's day and content (the kind stays).
#[utoipa::path(put, path = "/api/v1/participations/{id}/entries/{entry}", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id"), ("entry" = i64, Path, description = "Anteckningens id")),
    request_body = EntryRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn update_entry(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, entry_id)): Path<(i64, i64)>,
    ValidJson(body): ValidJson<EntryRequest>,
) -> Result<StatusCode, ApiError> {
    let (on, entry) = read_entry(&state, &auth, id, body).await?;
    state
        .services
        .update_entry(&auth.caller(), id, entry_id, on, entry)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes an entry.
#[utoipa::path(delete, path = "/api/v1/participations/{id}/entries/{entry}", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id"), ("entry" = i64, Path, description = "Anteckningens id")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_entry(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, entry_id)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .delete_entry(&auth.caller(), id, entry_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approves rehab-fund spending (the intervention lead).
#[utoipa::path(post, path = "/api/v1/participations/{id}/entries/{entry}/approve", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id"), ("entry" = i64, Path, description = "Anteckningens id")),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((id, entry_id)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .approve_rehab_fund(&auth.caller(), id, entry_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
