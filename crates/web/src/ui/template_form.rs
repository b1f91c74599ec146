//! Defining an own process template: a name and its stages, one per line.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted};
use crate::ui::layout::Layout;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::policy::can_define_templates;
use samverka_domain::template::ProcessTemplate;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;

fn page(tr: Tr, auth: &Authenticated, form: Option<&Submitted>) -> FormPage {
    let get = |n: &str| form.map(|f| f.get(n)).unwrap_or_default();
    FormPage {
        layout: Layout::for_user(tr, "templates.new", auth, "/organisation"),
        intro: Some(tr.t("templates.intro").to_string()),
        action: "/templates/new".into(),
        cancel: "/organisation".into(),
        form: FormState {
            fields: vec![
                Field::text(tr, "code", "templates.code", get("code"))
                    .hint(tr, "templates.code_hint"),
                Field::text(tr, "name", "org.name", get("name")),
                Field::new(
                    tr,
                    "stages",
                    "templates.stages",
                    get("stages"),
                    FieldKind::Multiline,
                )
                .hint(tr, "form.one_per_line"),
            ],
            summary: None,
        },
    }
}

/// GET /templates/new
pub async fn new(Auth(auth): Auth) -> Result<Response, AppError> {
    if !can_define_templates(&auth.roles) {
        return Err(AppError::forbidden());
    }
    page(Tr(current_lang()), &auth, None).respond()
}

/// POST /templates/new
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    if !can_define_templates(&auth.roles) {
        return Err(AppError::forbidden());
    }
    let form = Submitted(pairs);
    let result =
        match ProcessTemplate::own(&form.get("code"), &form.get("name"), &form.lines("stages")) {
            Ok(t) => state.services.save_template(&auth.caller(), t).await,
            Err(e) => Err(ServiceError::Invalid(e)),
        };
    match result {
        Ok(()) => Ok(Redirect::to("/organisation?saved=1").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let mut p = page(tr, &auth, Some(&form));
            p.form = p.form.with_error(tr, &e);
            p.respond()
        }
        Err(e) => Err(e.into()),
    }
}
