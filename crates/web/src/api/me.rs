//! `GET /api/v1/me`: the logged-in account and its roles.

use crate::error::ApiError;
use crate::extract::Auth;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// One role and what it is granted for.
#[derive(Serialize, ToSchema)]
pub struct RoleGrant {
    /// Role code, e.g. `coach`.
    pub role: String,
    /// Scope, e.g. `intervention:NK` or `installation`.
    pub scope: String,
}

/// The logged-in account.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Roles with scopes.
    pub roles: Vec<RoleGrant>,
    /// True when an authenticator app is enrolled.
    pub totp_enrolled: bool,
}

/// The account behind the session.
#[utoipa::path(get, path = "/api/v1/me", tag = "konto",
    responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(Auth(auth): Auth) -> Result<Json<Me>, ApiError> {
    Ok(Json(Me {
        username: auth.user.username.clone(),
        display_name: auth.user.display_name.clone(),
        roles: auth
            .roles
            .iter()
            .map(|r| RoleGrant {
                role: r.role.code().into(),
                scope: r.scope.to_string(),
            })
            .collect(),
        totp_enrolled: auth.user.totp_secret.is_some(),
    }))
}
