//! One account for system administrators: roles to grant and revoke, disable and enable.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::policy::Permission;
use samverka_domain::{Role, RoleAssignment};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;
use serde::Deserialize;

struct RoleRow {
    role: String,
    scope: String,
    label: String,
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    layout: Layout,
    notice: Option<String>,
    error: Option<String>,
    username: String,
    display_name: String,
    disabled: bool,
    totp: bool,
    roles: Vec<RoleRow>,
    role_options: Vec<(String, String)>,
    scope_options: Vec<(String, String)>,
}

/// `?saved=1` after a change.
#[derive(Deserialize)]
pub struct Saved {
    saved: Option<String>,
}

/// A role and scope as posted.
#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    scope: String,
}

/// Everything a role can be granted for: the installation and each organisation.
async fn scope_options(
    state: &AppState,
    auth: &Authenticated,
    tr: Tr,
) -> Result<Vec<(String, String)>, AppError> {
    let caller = auth.caller();
    let mut options = vec![(String::new(), tr.t("users.scope_installation").to_string())];
    for a in state.services.visible_associations(&caller).await? {
        options.push((
            format!("association:{}", a.code),
            format!("{} ({})", a.name, tr.t("users.scope_association")),
        ));
    }
    for p in state.services.providers().await? {
        options.push((
            format!("provider:{}", p.code),
            format!("{} ({})", p.name, tr.t("users.scope_provider")),
        ));
    }
    for i in state.services.visible_interventions(&caller).await? {
        options.push((
            format!("intervention:{}", i.code),
            format!("{} ({})", i.name, tr.t("users.scope_intervention")),
        ));
    }
    Ok(options)
}

async fn render(
    state: &AppState,
    auth: &Authenticated,
    username: &str,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let (user, roles) = state
        .services
        .user_with_roles(&auth.caller(), username)
        .await?;
    let scope_options = scope_options(state, auth, tr).await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = UserPage {
        layout: Layout::for_user(tr, "users.title", auth, "/admin/users")
            .titled(user.display_name.clone()),
        notice,
        error,
        display_name: user.display_name.clone(),
        disabled: user.disabled,
        totp: user.totp_secret.is_some(),
        roles: roles
            .iter()
            .map(|r| RoleRow {
                role: r.role.code().into(),
                scope: r.scope.to_string(),
                label: format!("{} – {}", tr.t(r.role.label_key()), r.scope),
            })
            .collect(),
        role_options: Role::ALL
            .iter()
            .map(|r| (r.code().to_string(), tr.t(r.label_key()).to_string()))
            .collect(),
        scope_options,
        username: user.username,
    };
    Ok((
        status,
        Html(page.render().map_err(|_| AppError::internal())?),
    )
        .into_response())
}

/// GET /admin/users/{username}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(username): Path<String>,
    Query(q): Query<Saved>,
) -> Result<Response, AppError> {
    let notice = q
        .saved
        .map(|_| Tr(current_lang()).t("org.saved").to_string());
    render(&state, &auth, &username, notice, None).await
}

fn assignment(form: &RoleForm) -> Result<RoleAssignment, samverka_domain::FieldError> {
    RoleAssignment::from_text(&form.role, &form.scope)
}

/// POST /admin/users/{username}/roles: grants a role; a wrong scope is shown on the page.
pub async fn grant(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(username): Path<String>,
    ValidForm(form): ValidForm<RoleForm>,
) -> Result<Response, AppError> {
    auth.caller().require(Permission::ManageAccounts)?;
    let result = match assignment(&form) {
        Ok(a) => {
            state
                .services
                .grant_role(&auth.caller(), &username, a)
                .await
        }
        Err(e) => Err(ServiceError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{username}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let message = AppError::invalid(e).message();
            render(&state, &auth, &username, None, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /admin/users/{username}/roles/revoke
pub async fn revoke(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(username): Path<String>,
    ValidForm(form): ValidForm<RoleForm>,
) -> Result<Response, AppError> {
    auth.caller().require(Permission::ManageAccounts)?;
    let a = assignment(&form).map_err(AppError::invalid)?;
    state
        .services
        .revoke_role(&auth.caller(), &username, a)
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{username}?saved=1")).into_response())
}

/// POST /admin/users/{username}/disable and /enable
pub async fn set_disabled(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((username, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let disabled = match action.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(AppError::not_found()),
    };
    if disabled && username == auth.user.username {
        return Err(AppError::invalid(samverka_domain::FieldError::new(
            "username",
            "error.users.self_disable",
        )));
    }
    state
        .services
        .set_disabled(&auth.caller(), &username, disabled)
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{username}?saved=1")).into_response())
}
