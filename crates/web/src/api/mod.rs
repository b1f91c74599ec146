//! The JSON API under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json`. It uses the same session cookie as the pages.

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
        users::revoke
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
        users::RoleRequest
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
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
