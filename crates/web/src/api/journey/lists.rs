//! Lists: the caller's caseload, search, an intervention's participations and the
//! partner officer's overview.

use super::dto::{CaseloadLine, ParticipationDto, PersonDto};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::Auth;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The caseload: open participations and due follow-ups after exit.
#[derive(Serialize, ToSchema)]
pub struct CaseloadBody {
    /// Open participations owned by the caller.
    pub deltagare: Vec<CaseloadLine>,
    /// Exited participations with a follow-up due within 30 days or overdue.
    pub uppfoljningar_efter_avslut: Vec<CaseloadLine>,
    /// Caseload size per intervention against its target.
    pub mal: Vec<TargetDto>,
}

/// A caseload target.
#[derive(Serialize, ToSchema)]
pub struct TargetDto {
    /// Intervention code.
    pub intervention: String,
    /// Open participations.
    pub antal: usize,
    /// Target lower bound.
    pub min: Option<u32>,
    /// Target upper bound.
    pub max: Option<u32>,
}

/// The caller's caseload.
#[utoipa::path(get, path = "/api/v1/caseload", tag = "journey",
    responses((status = 200, body = CaseloadBody), (status = 401, body = crate::error::ErrorBody)))]
pub async fn caseload(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<CaseloadBody>, ApiError> {
    let c = state.services.caseload(&auth.caller()).await?;
    let today = state.services.clock.today();
    Ok(Json(CaseloadBody {
        deltagare: c.rows.iter().map(|r| CaseloadLine::of(r, today)).collect(),
        uppfoljningar_efter_avslut: c
            .after_exit_due
            .iter()
            .map(|r| CaseloadLine::of(r, today))
            .collect(),
        mal: c
            .targets
            .iter()
            .map(|t| TargetDto {
                intervention: t.code.clone(),
                antal: t.active,
                min: t.min,
                max: t.max,
            })
            .collect(),
    }))
}

/// `?q=`
#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// Name, alias or at least six digits of the personnummer.
    #[serde(default)]
    pub q: String,
}

/// Participations within reach whose person matches.
#[utoipa::path(get, path = "/api/v1/search", tag = "journey", params(SearchQuery),
    responses((status = 200, body = [CaseloadLine]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<CaseloadLine>>, ApiError> {
    let today = state.services.clock.today();
    let rows = state
        .services
        .search_participants(&auth.caller(), &q.q)
        .await?;
    Ok(Json(
        rows.iter().map(|r| CaseloadLine::of(r, today)).collect(),
    ))
}

/// An intervention's participations and counts.
#[derive(Serialize, ToSchema)]
pub struct ParticipantsBody {
    /// Open, not exited before today (registration errors left out).
    pub pagaende: usize,
    /// Exited.
    pub avslutade: usize,
    /// Exited to work or studies.
    pub till_arbete_eller_studier: usize,
    /// Without consent.
    pub anonyma: usize,
    /// Every participation, newest start first.
    pub deltaganden: Vec<CaseloadLine>,
}

/// An intervention's participations.
#[utoipa::path(get, path = "/api/v1/interventions/{code}/participations", tag = "journey",
    params(("code" = String, Path, description = "Insatsens kod")),
    responses((status = 200, body = ParticipantsBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn participations(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Json<ParticipantsBody>, ApiError> {
    let list = state
        .services
        .participants_of(&auth.caller(), &code)
        .await?;
    let today = state.services.clock.today();
    Ok(Json(ParticipantsBody {
        pagaende: list.counts.active,
        avslutade: list.counts.exited,
        till_arbete_eller_studier: list.counts.exited_to_work_or_studies,
        anonyma: list.counts.anonymous,
        deltaganden: list
            .rows
            .iter()
            .map(|r| CaseloadLine::of(r, today))
            .collect(),
    }))
}

/// What a partner officer sees.
#[derive(Serialize, ToSchema)]
pub struct PartnerBody {
    /// Referrals the officer made, with the participation when consent shares it.
    pub anmalningar: Vec<PartnerReferralDto>,
    /// Checkpoint meetings the officer attended, shared by consent.
    pub moten: Vec<PartnerMeetingDto>,
}

/// A referral the officer made.
#[derive(Serialize, ToSchema)]
pub struct PartnerReferralDto {
    /// Referral id.
    pub anmalan: i64,
    /// Intervention.
    pub intervention: String,
    /// Status code.
    pub status: String,
    /// The person.
    pub person: PersonDto,
    /// Start, when shared.
    pub startdatum: Option<String>,
    /// Exit, when shared.
    pub slutdatum: Option<String>,
}

/// A checkpoint meeting the officer attended.
#[derive(Serialize, ToSchema)]
pub struct PartnerMeetingDto {
    /// Intervention.
    pub intervention: String,
    /// The person.
    pub person: PersonDto,
    /// Day.
    pub datum: String,
}

/// The partner officer's overview.
#[utoipa::path(get, path = "/api/v1/partner/overview", tag = "journey",
    responses((status = 200, body = PartnerBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn partner(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<PartnerBody>, ApiError> {
    if !auth
        .roles
        .iter()
        .any(|a| a.role == samverka_domain::Role::PartnerOfficer)
    {
        return Err(ApiError(crate::AppError::forbidden()));
    }
    let (referrals, meetings) = state.services.partner_overview(&auth.caller()).await?;
    Ok(Json(PartnerBody {
        anmalningar: referrals
            .iter()
            .map(|r| PartnerReferralDto {
                anmalan: r.referral.id,
                intervention: r.referral.intervention.clone(),
                status: r.referral.status.code().into(),
                person: PersonDto::of(&r.person),
                startdatum: r.shared.as_ref().map(|p| p.start_on.to_string()),
                slutdatum: r
                    .shared
                    .as_ref()
                    .and_then(|p| p.exit.as_ref().map(|x| x.on.to_string())),
            })
            .collect(),
        moten: meetings
            .iter()
            .map(|m| PartnerMeetingDto {
                intervention: m.intervention.clone(),
                person: PersonDto::of(&m.person),
                datum: m.entry.on.to_string(),
            })
            .collect(),
    }))
}

/// One participation, whole.
#[utoipa::path(get, path = "/api/v1/participations/{id}", tag = "journey",
    params(("id" = i64, Path, description = "Deltagandets id")),
    responses((status = 200, body = ParticipationDto), (status = 404, body = crate::error::ErrorBody)))]
pub async fn participation(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Json<ParticipationDto>, ApiError> {
    let v = state
        .services
        .participation_view(&auth.caller(), id)
        .await?;
    Ok(Json(ParticipationDto::of(&v, state.services.clock.today())))
}
