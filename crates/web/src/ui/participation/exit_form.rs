//! Registering (or correcting) a participation's exit.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted};
use crate::ui::journey::labels::code_choices;
use crate::ui::layout::Layout;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::codes::{
    EmploymentForm, ExitReason, IncomeSource, Occupation, StudyForm, join,
};
use samverka_domain::journey::exit::Exit;
use samverka_domain::journey::input::ExitInput;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;

fn fields(tr: Tr, s: &Submitted, anonymous: bool) -> FormState {
    let get = |n: &str| s.get(n);
    let select = |name: &'static str, key: &str, options| {
        Field::new(tr, name, key, String::new(), FieldKind::Select(options))
    };
    let mut income = Field::new(
        tr,
        "forsorjning_efter",
        "exit_form.forsorjning_efter",
        String::new(),
        FieldKind::Choice(code_choices::<IncomeSource>(
            tr,
            &s.all("forsorjning_efter"),
            false,
        )),
    );
    income.multiple = true;
    let mut fields = vec![
        Field::text(tr, "slutdatum", "exit_form.slutdatum", get("slutdatum"))
            .hint(tr, "form.date_hint"),
        select(
            "avslutsorsak",
            "exit_form.avslutsorsak",
            code_choices::<ExitReason>(tr, &[get("avslutsorsak")], true),
        )
        .hint(tr, "exit_form.avslutsorsak_hint"),
        select(
            "sysselsattning_efter",
            "exit_form.sysselsattning_efter",
            code_choices::<Occupation>(tr, &[get("sysselsattning_efter")], true),
        ),
        select(
            "anstallningsform",
            "exit_form.anstallningsform",
            code_choices::<EmploymentForm>(tr, &[get("anstallningsform")], true),
        )
        .hint(tr, "exit_form.anstallningsform_hint"),
        Field::text(
            tr,
            "omfattning_procent",
            "exit_form.omfattning_procent",
            get("omfattning_procent"),
        )
        .hint(tr, "entry_form.extent_hint"),
        select(
            "studieform",
            "exit_form.studieform",
            code_choices::<StudyForm>(tr, &[get("studieform")], true),
        ),
    ];
    if !anonymous {
        fields.push(income);
        fields.push(
            Field::new(
                tr,
                "avslutsanalys",
                "exit_form.avslutsanalys",
                get("avslutsanalys"),
                FieldKind::Multiline,
            )
            .hint(tr, "exit_form.avslutsanalys_hint"),
        );
        fields.push(Field::text(
            tr,
            "mottagande_organisation",
            "exit_form.mottagande_organisation",
            get("mottagande_organisation"),
        ));
    }
    FormState {
        fields,
        summary: None,
    }
}

fn input(s: &Submitted) -> ExitInput {
    ExitInput {
        slutdatum: s.get("slutdatum"),
        avslutsorsak: s.get("avslutsorsak"),
        sysselsattning_efter: s.get("sysselsattning_efter"),
        anstallningsform: s.get("anstallningsform"),
        omfattning_procent: s.get("omfattning_procent"),
        studieform: s.get("studieform"),
        forsorjning_efter: s.all("forsorjning_efter").join("|"),
        avslutsanalys: s.get("avslutsanalys"),
        mottagande_organisation: s.get("mottagande_organisation"),
    }
}

fn from_exit(x: &Exit) -> Submitted {
    let code = |c: Option<&'static str>| c.unwrap_or_default().to_string();
    let mut pairs = vec![
        ("slutdatum".to_string(), x.on.to_string()),
        ("avslutsorsak".into(), x.reason.code().into()),
        (
            "sysselsattning_efter".into(),
            code(x.occupation.map(|c| c.code())),
        ),
        (
            "anstallningsform".into(),
            code(x.employment_form.map(|c| c.code())),
        ),
        (
            "omfattning_procent".into(),
            x.extent.map(|e| e.to_string()).unwrap_or_default(),
        ),
        ("studieform".into(), code(x.study_form.map(|c| c.code()))),
        ("avslutsanalys".into(), x.analysis.clone()),
        ("mottagande_organisation".into(), x.receiving_org.clone()),
    ];
    pairs.extend(
        join(&x.income)
            .split('|')
            .filter(|c| !c.is_empty())
            .map(|c| ("forsorjning_efter".to_string(), c.to_string())),
    );
    Submitted(pairs)
}

fn page(tr: Tr, auth: &Authenticated, id: i64, form: FormState) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "exit_form.title", auth, ""),
        intro: Some(tr.t("exit_form.intro").to_string()),
        action: format!("/participations/{id}/exit"),
        cancel: format!("/participations/{id}"),
        form,
    }
}

/// GET /participations/{id}/exit
pub async fn form(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let v = state
        .services
        .participation_view(&auth.caller(), id)
        .await?;
    let s = match &v.participation.exit {
        Some(x) => from_exit(x),
        None => Submitted(vec![(
            "slutdatum".into(),
            state.services.clock.today().to_string(),
        )]),
    };
    page(
        tr,
        &auth,
        id,
        fields(tr, &s, v.participation.is_anonymous()),
    )
    .respond()
}

/// POST /participations/{id}/exit
pub async fn save(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let v = state.services.participation_view(&caller, id).await?;
    let s = Submitted(pairs);
    match state.services.register_exit(&caller, id, &input(&s)).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/participations/{id}?saved=1#exit-heading")).into_response())
        }
        Err(ServiceError::Invalid(e)) => page(
            tr,
            &auth,
            id,
            fields(tr, &s, v.participation.is_anonymous()).with_error(tr, &e),
        )
        .respond(),
        Err(e) => Err(e.into()),
    }
}
