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
    modifiers(&CommonAnswers),
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

/// What every operation may answer besides its own documented responses, and
/// operation ids made unique from method and path (`get_participations_id`).
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, ResponseBuilder, content::ContentBuilder, schema::Ref};
        let error = |text: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(text)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        let common = [
            (
                "400",
                "The request could not be read (a wrong type, a missing field or body).",
            ),
            (
                "401",
                "Not logged in, or the second factor is not passed yet.",
            ),
            ("403", "The caller may not do this."),
            ("413", "The body is too large."),
            ("503", "The database cannot be reached just now."),
        ];
        for (path, item) in doc.paths.paths.iter_mut() {
            let slug: String = path
                .trim_start_matches('/')
                .replace(['{', '}'], "")
                .replace('/', "_");
            for (method, op) in [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("delete", item.delete.as_mut()),
            ] {
                let Some(op) = op else { continue };
                op.operation_id = Some(format!("{method}_{slug}"));
                for (code, text) in common {
                    op.responses
                        .responses
                        .entry(code.to_string())
                        .or_insert_with(|| error(text));
                }
            }
        }
    }
}

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
        .layer(axum::middleware::map_response(json_rejections))
}

/// Requests the framework refuses before a handler runs (a path id that is not a
/// number, a missing query field, unreadable JSON) answer in plain text; the API
/// answers every error as `{"error": …}`, so those are rewritten here.
async fn json_rejections(res: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let plain = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !plain || !(res.status().is_client_error() || res.status().is_server_error()) {
        return res;
    }
    let status = res.status();
    let err = match status.as_u16() {
        413 => crate::error::AppError::new(status, "too_large", "error.too_large"),
        415 => crate::error::AppError::new(status, "unsupported_media_type", "error.bad_request"),
        _ => crate::error::AppError::new(status, "bad_request", "error.bad_request"),
    };
    crate::error::ApiError(err).into_response()
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
