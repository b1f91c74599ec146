//! `GET /api/v1/users`: the account list, for system administrators.

use crate::AppState;
use crate::api::me::RoleGrant;
use crate::error::ApiError;
use crate::extract::Auth;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// One account as administrators see it.
#[derive(Serialize, ToSchema)]
pub struct UserSummary {
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// True when an authenticator app is enrolled.
    pub totp_enrolled: bool,
    /// Roles with scopes.
    pub roles: Vec<RoleGrant>,
}

/// Every account, by login name.
#[utoipa::path(get, path = "/api/v1/users", tag = "konton",
    responses((status = 200, body = [UserSummary]), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(auth): Auth,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    let users = state.services.list_users(&auth.caller()).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|(u, roles)| UserSummary {
                username: u.username,
                display_name: u.display_name,
                disabled: u.disabled,
                totp_enrolled: u.totp_secret.is_some(),
                roles: roles
                    .iter()
                    .map(|r| RoleGrant {
                        role: r.role.code().into(),
                        scope: r.scope.to_string(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A role with its scope, as posted to grant or revoke.
#[derive(serde::Deserialize, ToSchema)]
pub struct RoleRequest {
    /// Role code, e.g. `coach`.
    pub role: String,
    /// Scope: `installation`, `association:SFU`, `provider:UK-SP` or `intervention:NK`.
    pub scope: String,
}

fn assignment(body: &RoleRequest) -> Result<samverka_domain::RoleAssignment, ApiError> {
    samverka_domain::RoleAssignment::from_text(&body.role, &body.scope)
        .map_err(|e| ApiError(crate::AppError::invalid(e)))
}

/// Grants a role (system administrators); the scope must exist.
#[utoipa::path(post, path = "/api/v1/users/{username}/roles", tag = "konton",
    params(("username" = String, Path, description = "Användarnamn")), request_body = RoleRequest,
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn grant(
    State(state): State<AppState>,
    Auth(auth): Auth,
    axum::extract::Path(username): axum::extract::Path<String>,
    crate::extract::ValidJson(body): crate::extract::ValidJson<RoleRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    auth.caller()
        .require(samverka_domain::policy::Permission::ManageAccounts)?;
    state
        .services
        .grant_role(&auth.caller(), &username, assignment(&body)?)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Revokes a role (system administrators).
#[utoipa::path(post, path = "/api/v1/users/{username}/roles/revoke", tag = "konton",
    params(("username" = String, Path, description = "Användarnamn")), request_body = RoleRequest,
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    Auth(auth): Auth,
    axum::extract::Path(username): axum::extract::Path<String>,
    crate::extract::ValidJson(body): crate::extract::ValidJson<RoleRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    auth.caller()
        .require(samverka_domain::policy::Permission::ManageAccounts)?;
    state
        .services
        .revoke_role(&auth.caller(), &username, assignment(&body)?)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
