//! The start page after login.

use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::layout::Layout;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::policy::{Permission, permits};
use samverka_i18n::Tr;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    greeting: String,
    roles: Vec<String>,
    can_manage_accounts: bool,
}

/// GET /
pub async fn page(Auth(auth): Auth) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let roles = auth
        .roles
        .iter()
        .map(|a| match a.scope.code() {
            "" => tr.t(a.role.label_key()).to_string(),
            code => format!("{} ({code})", tr.t(a.role.label_key())),
        })
        .collect();
    let page = HomePage {
        layout: Layout::for_user(tr, "home.title", &auth, "/"),
        greeting: tr.f("home.greeting", &[("name", &auth.user.display_name)]),
        roles,
        can_manage_accounts: permits(&auth.roles, Permission::ManageAccounts),
    };
    Ok(Html(page.render().map_err(|_| AppError::bad_request())?).into_response())
}
