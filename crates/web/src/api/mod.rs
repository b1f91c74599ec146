//! The JSON API under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json`. It uses the same session cookie as the pages.

mod me;
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
    paths(me::me, users::list),
    components(schemas(ErrorBody, ErrorDetail, me::Me, me::RoleGrant, users::UserSummary))
)]
pub struct ApiDoc;

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(me::me))
        .route("/users", get(users::list))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
