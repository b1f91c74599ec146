//! GET/POST /interventions/{code}/enrol[?referral=ID]: inskrivning with consent and
//! the baseline. Without a referral the person is typed here, with the same
//! duplicate question as for referrals.

use super::person_fields;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::journey::labels::code_choices;
use crate::ui::layout::Layout;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::Role;
use samverka_domain::codes::{EducationLevel, IncomeSource, Obstacle, Occupation, TimeAway};
use samverka_domain::journey::Person;
use samverka_domain::journey::input::EnrolmentInput;
use samverka_domain::journey::person::Likeness;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
use samverka_service::journey::persons::PersonChoice;
use samverka_service::sessions::Authenticated;

/// `?referral=…`
#[derive(serde::Deserialize, Default)]
pub struct From {
    referral: Option<i64>,
}

struct Context {
    members: Vec<String>,
    coaches: Vec<(String, String)>,
    cohorts: Vec<(String, String)>,
    referred: Option<String>,
}

fn multi(tr: Tr, name: &'static str, key: &str, options: Vec<crate::ui::form::Choice>) -> Field {
    let mut f = Field::new(tr, name, key, String::new(), FieldKind::Choice(options));
    f.multiple = true;
    f
}

fn fields(tr: Tr, s: &Submitted, c: &Context, similar: &[(Person, Likeness)]) -> FormState {
    let get = |n: &str| s.get(n);
    let mut out = if c.referred.is_some() {
        Vec::new()
    } else {
        person_fields::fields(tr, s, similar)
    };
    let yes_no = [
        ("ja".to_string(), tr.t("enrol_form.consent_yes").to_string()),
        ("nej".to_string(), tr.t("enrol_form.consent_no").to_string()),
    ];
    out.push(
        Field::text(tr, "startdatum", "enrol_form.start", get("startdatum"))
            .hint(tr, "form.date_hint"),
    );
    out.push(Field::new(
        tr,
        "coach",
        "enrol_form.coach",
        String::new(),
        FieldKind::Select(choices(c.coaches.clone(), &[get("coach")])),
    ));
    if !c.cohorts.is_empty() {
        let mut options = vec![(String::new(), tr.t("enrol_form.no_cohort").to_string())];
        options.extend(c.cohorts.clone());
        out.push(Field::new(
            tr,
            "grupp",
            "enrol_form.cohort",
            String::new(),
            FieldKind::Select(choices(options, &[get("grupp")])),
        ));
    }
    out.push(
        Field::new(
            tr,
            "samtycke",
            "enrol_form.consent",
            String::new(),
            FieldKind::Choice(choices(yes_no, &[get("samtycke")])),
        )
        .hint(tr, "enrol_form.consent_hint"),
    );
    out.push(
        Field::text(
            tr,
            "samtycke_datum",
            "enrol_form.consent_date",
            get("samtycke_datum"),
        )
        .hint(tr, "enrol_form.consent_date_hint"),
    );
    let members = c.members.iter().map(|m| (m.clone(), m.clone()));
    out.push(
        multi(
            tr,
            "samtycke_omfattning",
            "enrol_form.consent_scope",
            choices(members, &s.all("samtycke_omfattning")),
        )
        .hint(tr, "enrol_form.consent_scope_hint"),
    );
    out.push(
        multi(
            tr,
            "forsorjning_fore",
            "enrol_form.income",
            code_choices::<IncomeSource>(tr, &s.all("forsorjning_fore"), false),
        )
        .hint(tr, "enrol_form.income_hint"),
    );
    let select = |name: &'static str, key: &str, options| {
        Field::new(tr, name, key, String::new(), FieldKind::Select(options))
    };
    out.push(select(
        "sysselsattning_fore",
        "enrol_form.occupation",
        code_choices::<Occupation>(tr, &[get("sysselsattning_fore")], true),
    ));
    out.push(select(
        "utbildningsniva",
        "enrol_form.education",
        code_choices::<EducationLevel>(tr, &[get("utbildningsniva")], true),
    ));
    out.push(select(
        "tid_utan_arbete",
        "enrol_form.time_away",
        code_choices::<TimeAway>(tr, &[get("tid_utan_arbete")], true),
    ));
    out.push(Field::text(
        tr,
        "kommun",
        "enrol_form.municipality",
        get("kommun"),
    ));
    out.push(
        multi(
            tr,
            "hinder",
            "enrol_form.obstacles",
            code_choices::<Obstacle>(tr, &s.all("hinder"), false),
        )
        .hint(tr, "enrol_form.obstacles_hint"),
    );
    out.push(
        Field::new(
            tr,
            "avgorande_forandring",
            "enrol_form.decisive_change",
            get("avgorande_forandring"),
            FieldKind::Multiline,
        )
        .hint(tr, "enrol_form.decisive_change_hint"),
    );
    FormState {
        fields: out,
        summary: None,
    }
}

fn input(s: &Submitted) -> EnrolmentInput {
    EnrolmentInput {
        startdatum: s.get("startdatum"),
        samtycke: s.get("samtycke"),
        samtycke_datum: s.get("samtycke_datum"),
        samtycke_omfattning: s.all("samtycke_omfattning").join("|"),
        forsorjning_fore: s.all("forsorjning_fore").join("|"),
        sysselsattning_fore: s.get("sysselsattning_fore"),
        utbildningsniva: s.get("utbildningsniva"),
        tid_utan_arbete: s.get("tid_utan_arbete"),
        kommun: s.get("kommun"),
        hinder: s.all("hinder").join("|"),
        avgorande_forandring: s.get("avgorande_forandring"),
    }
}

async fn context(
    state: &AppState,
    auth: &Authenticated,
    code: &str,
    referral: Option<i64>,
) -> Result<Context, AppError> {
    let caller = auth.caller();
    let iv = state.services.journey_intervention(&caller, code).await?;
    let referred = match referral {
        Some(id) => {
            let v = state.services.referral_view(&caller, id).await?;
            if v.intervention.code != iv.code {
                return Err(AppError::not_found());
            }
            Some(v.person.label().to_string())
        }
        None => None,
    };
    let coaches = state
        .services
        .staff_of(&iv)
        .await?
        .into_iter()
        .filter(|s| s.roles.contains(&Role::Coach) || s.roles.contains(&Role::InterventionLead))
        .map(|s| (s.user_id.to_string(), s.display_name))
        .collect();
    let cohorts = state
        .services
        .cohorts_of(&caller, code)
        .await?
        .into_iter()
        .map(|(c, taken)| {
            (
                c.id.to_string(),
                format!("{} ({} {taken}/{})", c.name, c.starts_on, c.capacity),
            )
        })
        .collect();
    Ok(Context {
        members: state.services.member_codes(&iv).await?,
        coaches,
        cohorts,
        referred,
    })
}

fn page(
    tr: Tr,
    auth: &Authenticated,
    code: &str,
    referral: Option<i64>,
    c: &Context,
    form: FormState,
) -> FormPage {
    let intro = match &c.referred {
        Some(name) => format!(
            "{} {name}. {}",
            tr.t("enrol_form.intro_referred"),
            tr.t("enrol_form.intro")
        ),
        None => tr.t("enrol_form.intro").to_string(),
    };
    FormPage {
        layout: Layout::for_user(tr, "enrol_form.title", auth, ""),
        intro: Some(intro),
        action: match referral {
            Some(id) => format!("/interventions/{code}/enrol?referral={id}"),
            None => format!("/interventions/{code}/enrol"),
        },
        cancel: format!("/interventions/{code}/participants"),
        form,
    }
}

/// GET /interventions/{code}/enrol
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<From>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let c = context(&state, &auth, &code, q.referral).await?;
    let today = state.services.clock.today().to_string();
    let s = Submitted(vec![
        ("startdatum".into(), today),
        ("coach".into(), auth.user.id.0.to_string()),
        ("samtycke".into(), "ja".into()),
    ]);
    page(tr, &auth, &code, q.referral, &c, fields(tr, &s, &c, &[])).respond()
}

/// POST /interventions/{code}/enrol
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<From>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let c = context(&state, &auth, &code, q.referral).await?;
    let s = Submitted(pairs);
    let from = match q.referral {
        Some(id) => EnrolFrom::Referral(id),
        None => EnrolFrom::Person(person_fields::choice(&s)),
    };
    let similar = match &from {
        EnrolFrom::Person(PersonChoice::New {
            input,
            confirmed_new: false,
        }) => {
            let iv = state.services.journey_intervention(&caller, &code).await?;
            state
                .services
                .similar_persons(&caller, &iv.provider, input)
                .await?
        }
        _ => vec![],
    };
    let req = EnrolRequest {
        from,
        coach: s.get("coach").parse().ok(),
        cohort: s.get("grupp").parse().ok(),
        input: input(&s),
    };
    match state.services.enrol(&caller, &code, &req).await {
        Ok(id) => Ok(Redirect::to(&format!("/participations/{id}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => page(
            tr,
            &auth,
            &code,
            q.referral,
            &c,
            fields(tr, &s, &c, &similar).with_error(tr, &e),
        )
        .respond(),
        Err(e) => Err(e.into()),
    }
}
