//! Referrals, selection meetings and cohorts.

use super::IdBody;
use super::dto::PersonDto;
use super::requests::{CohortRequest, MeetingRequest, ReferralRequest, StatusRequest};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Auth, ValidJson};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samverka_domain::journey::referral::Referral;
use samverka_service::journey::referrals::ReferralInput;
use samverka_service::journey::selection::MeetingInput;
use serde::Serialize;
use utoipa::ToSchema;

/// A referral.
#[derive(Serialize, ToSchema)]
pub struct ReferralDto {
    /// Id.
    pub id: i64,
    /// Intervention code.
    pub intervention: String,
    /// The person.
    pub person: PersonDto,
    /// Received on.
    pub mottagen: String,
    /// Source code.
    pub kalla: String,
    /// Unit.
    pub enhet: String,
    /// Officer's name.
    pub handlaggare: String,
    /// Reason.
    pub anledning: String,
    /// Status code.
    pub status: String,
    /// Waiting for the preparatory group.
    pub till_beredningsgruppen: bool,
}

fn referral_dto(r: &Referral, p: &samverka_domain::journey::Person) -> ReferralDto {
    ReferralDto {
        id: r.id,
        intervention: r.intervention.clone(),
        person: PersonDto::of(p),
        mottagen: r.received_on.to_string(),
        kalla: r.source.clone(),
        enhet: r.source_unit.clone(),
        handlaggare: r.officer_name.clone(),
        anledning: r.reason.clone(),
        status: r.status.code().into(),
        till_beredningsgruppen: r.escalated,
    }
}

/// An intervention's referrals.
#[utoipa::path(get, path = "/api/v1/interventions/{code}/referrals", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")),
    responses((status = 200, body = [ReferralDto]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Json<Vec<ReferralDto>>, ApiError> {
    let rows = state.services.referrals_of(&auth.caller(), &code).await?;
    Ok(Json(rows.iter().map(|(r, p)| referral_dto(r, p)).collect()))
}

/// Registers a referral.
#[utoipa::path(post, path = "/api/v1/interventions/{code}/referrals", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")), request_body = ReferralRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<ReferralRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let caller = auth.caller();
    let iv = state.services.journey_intervention(&caller, &code).await?;
    let officer_user = match body
        .handlaggare_konto
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        Some(u) => Some(
            state
                .services
                .partner_account(&iv, u, "handlaggare_konto")
                .await?,
        ),
        None => None,
    };
    let input = ReferralInput {
        person: body.person.choice(),
        received_on: body.mottagen,
        source: body.kalla,
        source_unit: body.enhet,
        officer_name: body.handlaggare,
        officer_user,
        reason: body.anledning,
    };
    let id = state
        .services
        .create_referral(&caller, &code, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(IdBody { id })))
}

/// One referral.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "journey",
    params(("id" = i64, Path, description = "Anmälans id")),
    responses((status = 200, body = ReferralDto), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Json<ReferralDto>, ApiError> {
    let v = state.services.referral_view(&auth.caller(), id).await?;
    Ok(Json(referral_dto(&v.referral, &v.person)))
}

/// Moves a referral's status by hand.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/status", tag = "journey",
    params(("id" = i64, Path, description = "Anmälans id")), request_body = StatusRequest,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidJson(body): ValidJson<StatusRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .move_referral(&auth.caller(), id, &body.status)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a selection or preparatory group meeting with its decisions.
#[utoipa::path(post, path = "/api/v1/interventions/{code}/meetings", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")), request_body = MeetingRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn meeting(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<MeetingRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let input = MeetingInput {
        group: body.grupp,
        held_on: body.datum,
        attendees: body.narvarande.join("\n"),
        decisions: body
            .beslut
            .into_iter()
            .map(|d| (d.anmalan, d.beslut, d.enig))
            .collect(),
    };
    let id = state
        .services
        .record_meeting(&auth.caller(), &code, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(IdBody { id })))
}

/// A meeting and its decisions.
#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    /// Id.
    pub id: i64,
    /// Group code.
    pub grupp: String,
    /// Day.
    pub datum: String,
    /// Attendees.
    pub narvarande: Vec<String>,
    /// Decisions: referral id, decision code, agreement.
    pub beslut: Vec<(i64, String, bool)>,
}

/// One meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "journey",
    params(("id" = i64, Path, description = "Mötets id")),
    responses((status = 200, body = MeetingDto), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_meeting(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Json<MeetingDto>, ApiError> {
    let (m, _) = state.services.meeting_view(&auth.caller(), id).await?;
    Ok(Json(MeetingDto {
        id: m.id,
        grupp: m.group.code().into(),
        datum: m.held_on.to_string(),
        narvarande: m.attendees,
        beslut: m
            .proposals
            .iter()
            .map(|p| (p.referral_id, p.decision.code().to_string(), p.unanimous))
            .collect(),
    }))
}

/// A cohort with its places taken.
#[derive(Serialize, ToSchema)]
pub struct CohortDto {
    /// Id.
    pub id: i64,
    /// Name.
    pub namn: String,
    /// Start.
    pub start: String,
    /// Places.
    pub platser: u32,
    /// Places taken.
    pub tagna: usize,
}

/// An intervention's cohorts.
#[utoipa::path(get, path = "/api/v1/interventions/{code}/cohorts", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")),
    responses((status = 200, body = [CohortDto]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn cohorts(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Json<Vec<CohortDto>>, ApiError> {
    let rows = state.services.cohorts_of(&auth.caller(), &code).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(c, tagna)| CohortDto {
                id: c.id,
                namn: c.name,
                start: c.starts_on.to_string(),
                platser: c.capacity,
                tagna,
            })
            .collect(),
    ))
}

/// Creates a cohort.
#[utoipa::path(post, path = "/api/v1/interventions/{code}/cohorts", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")), request_body = CohortRequest,
    responses((status = 201, body = IdBody), (status = 422, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn create_cohort(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidJson(body): ValidJson<CohortRequest>,
) -> Result<(StatusCode, Json<IdBody>), ApiError> {
    let id = state
        .services
        .create_cohort(
            &auth.caller(),
            &code,
            &body.namn,
            &body.start,
            &body.platser,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(IdBody { id })))
}
