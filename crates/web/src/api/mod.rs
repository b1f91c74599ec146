//! The JSON API under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json`. It uses the same session cookie as the pages.

mod journey;
mod me;
mod organisation;
mod users;

use crate::AppState;
use crate::error::{ErrorBody, ErrorDetail};
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

/// The OpenAPI description of every operation.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samverka API",
        version = "1",
        description = "Samverkas JSON-gränssnitt. Fel har formen {\"error\": {\"code\", \"message\"}}."
    ),
    paths(
        me::me,
        users::list,
        organisation::associations,
        organisation::association,
        organisation::put_association,
        organisation::providers,
        organisation::put_provider,
        organisation::interventions,
        organisation::intervention,
        organisation::put_intervention,
        organisation::templates,
        organisation::put_template,
        users::grant,
        users::revoke,
        journey::lists::caseload,
        journey::lists::search,
        journey::lists::partner,
        journey::lists::participations,
        journey::lists::participation,
        journey::participations::enrol,
        journey::participations::stage,
        journey::participations::withdraw,
        journey::participations::coach,
        journey::participations::exit,
        journey::participations::add_entry,
        journey::participations::update_entry,
        journey::participations::delete_entry,
        journey::participations::approve,
        journey::referrals::list,
        journey::referrals::create,
        journey::referrals::get,
        journey::referrals::status,
        journey::referrals::meeting,
        journey::referrals::get_meeting,
        journey::referrals::cohorts,
        journey::referrals::create_cohort,
        journey::employers::list,
        journey::employers::create,
        journey::employers::get,
        journey::employers::contact
    ),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        me::Me,
        me::RoleGrant,
        users::UserSummary,
        organisation::AssociationBody,
        organisation::InterventionBody,
        organisation::GoalText,
        organisation::TemplateRequest,
        users::RoleRequest,
        journey::IdBody,
        journey::dto::PersonDto,
        journey::dto::DueDto,
        journey::dto::CaseloadLine,
        journey::dto::ExitDto,
        journey::dto::EntryDto,
        journey::dto::StageDto,
        journey::dto::ConsentDto,
        journey::dto::ParticipationDto,
        journey::lists::CaseloadBody,
        journey::lists::TargetDto,
        journey::lists::ParticipantsBody,
        journey::lists::PartnerBody,
        journey::lists::PartnerReferralDto,
        journey::lists::PartnerMeetingDto,
        journey::referrals::ReferralDto,
        journey::referrals::MeetingDto,
        journey::referrals::CohortDto,
        journey::employers::EmployerDto,
        journey::requests::PersonRequest,
        journey::requests::ReferralRequest,
        journey::requests::StatusRequest,
        journey::requests::DecisionRequest,
        journey::requests::MeetingRequest,
        journey::requests::CohortRequest,
        journey::requests::EnrolRequest,
        journey::requests::StageRequest,
        journey::requests::DayRequest,
        journey::requests::CoachRequest,
        journey::requests::ExitRequest,
        journey::requests::EntryRequest,
        journey::requests::EmployerRequest,
        journey::requests::ContactRequest
    ))
)]
pub struct ApiDoc;

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(me::me))
        .route("/users", get(users::list))
        .route("/associations", get(organisation::associations))
        .route(
            "/associations/{code}",
            get(organisation::association).put(organisation::put_association),
        )
        .route("/providers", get(organisation::providers))
        .route(
            "/providers/{code}",
            axum::routing::put(organisation::put_provider),
        )
        .route("/interventions", get(organisation::interventions))
        .route(
            "/interventions/{code}",
            get(organisation::intervention).put(organisation::put_intervention),
        )
        .route("/templates", get(organisation::templates))
        .route(
            "/templates/{code}",
            axum::routing::put(organisation::put_template),
        )
        .route("/users/{username}/roles", axum::routing::post(users::grant))
        .route(
            "/users/{username}/roles/revoke",
            axum::routing::post(users::revoke),
        )
        .merge(journey::routes())
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
