//! Adding a goal to an intervention: population, basis, what counts, target and period.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Choice, Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::layout::Layout;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::FieldError;
use samverka_domain::codes::{ExitReason, IncomeSource, Occupation, Reached, Sex, Theme};
use samverka_domain::goal::{Basis, Goal, Numerator, Population};
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;

fn numerator_choices(tr: Tr, selected: &[String]) -> Vec<Choice> {
    let mut options = Vec::new();
    let status = tr.t("goal_form.at_exit");
    for o in Occupation::ALL {
        options.push((
            format!("status_at_exit:{}", o.code()),
            format!("{status}: {}", tr.t(&o.label_key())),
        ));
    }
    let reason = tr.t("goal_form.exit_reason");
    for r in ExitReason::ALL
        .iter()
        .filter(|r| **r != ExitReason::Felregistrering)
    {
        options.push((
            format!("exit_reason:{}", r.code()),
            format!("{reason}: {}", tr.t(&r.label_key())),
        ));
    }
    let during = tr.t("goal_form.during");
    for r in Reached::ALL {
        options.push((
            format!("reached_during:{}", r.code()),
            format!("{during}: {}", tr.t(&r.label_key())),
        ));
    }
    for kind in ["experience_improved", "experience_agreed"] {
        let prefix = tr.t(&format!("goal_form.{kind}")).to_string();
        for t in Theme::ALL {
            options.push((
                format!("{kind}:{}", t.code()),
                format!("{prefix}: {}", tr.t(&t.label_key())),
            ));
        }
    }
    choices(options, selected)
}

fn form_fields(tr: Tr, submitted: Option<&Submitted>) -> FormState {
    let get = |n: &str| submitted.map(|s| s.get(n)).unwrap_or_default();
    let all = |n: &str| submitted.map(|s| s.all(n)).unwrap_or_default();
    let basis = [Basis::AllParticipations, Basis::Exits].map(|b| {
        (
            b.code().to_string(),
            tr.t(&format!("goal.basis.{}", b.code())).to_string(),
        )
    });
    let mut basis_selected = all("basis");
    if basis_selected.is_empty() {
        basis_selected.push("all_participations".into());
    }
    let income = IncomeSource::ALL
        .iter()
        .map(|c| (c.code().to_string(), tr.t(&c.label_key()).to_string()));
    let mut sexes = vec![(String::new(), tr.t("goal_form.sex_all").to_string())];
    sexes.extend(
        Sex::ALL
            .iter()
            .map(|s| (s.code().to_string(), tr.t(&s.label_key()).to_string())),
    );
    let mut numerator = Field::new(
        tr,
        "numerator",
        "goal_form.numerator",
        String::new(),
        FieldKind::Choice(numerator_choices(tr, &all("numerator"))),
    )
    .hint(tr, "goal_form.numerator_hint");
    numerator.multiple = true;
    let mut income_field = Field::new(
        tr,
        "income_source_before",
        "goal_form.income",
        String::new(),
        FieldKind::Choice(choices(income, &all("income_source_before"))),
    )
    .hint(tr, "goal_form.income_hint");
    income_field.multiple = true;
    FormState {
        fields: vec![
            Field::text(tr, "code", "goal_form.code", get("code")).hint(tr, "goal_form.code_hint"),
            Field::text(tr, "label", "goal_form.label", get("label")),
            Field::new(
                tr,
                "basis",
                "goal_form.basis",
                String::new(),
                FieldKind::Choice(choices(basis, &basis_selected)),
            ),
            numerator,
            income_field,
            Field::text(tr, "age_min", "goal_form.age_min", get("age_min")),
            Field::text(tr, "age_max", "goal_form.age_max", get("age_max")),
            Field::new(
                tr,
                "sex",
                "goal_form.sex",
                String::new(),
                FieldKind::Select(choices(sexes, &[get("sex")])),
            ),
            Field::text(tr, "target", "goal_form.target", get("target"))
                .hint(tr, "goal_form.target_hint"),
            Field::text(
                tr,
                "period_from",
                "goal_form.period_from",
                get("period_from"),
            )
            .hint(tr, "goal_form.period_hint"),
            Field::text(tr, "period_to", "goal_form.period_to", get("period_to")),
        ],
        summary: None,
    }
}

/// Reads the goal; every wrong value names its field.
fn read(form: &Submitted) -> Result<Goal, FieldError> {
    let picked = form.all("numerator");
    let kinds: Vec<&str> = picked
        .iter()
        .filter_map(|p| p.split_once(':').map(|x| x.0))
        .collect();
    let kind = kinds
        .first()
        .copied()
        .ok_or(FieldError::new("numerator", "error.goal.numerator_empty"))?;
    if kinds.iter().any(|k| *k != kind) {
        return Err(FieldError::new("numerator", "error.goal_form.mixed"));
    }
    let codes: Vec<String> = picked
        .iter()
        .filter_map(|p| p.split_once(':').map(|x| x.1.to_string()))
        .collect();
    let target_text = form.get("target").replace(',', ".").replace('%', "");
    let target: f64 = target_text.trim().parse().map_err(|_| {
        FieldError::with_detail("target", "error.goal_form.target", form.get("target"))
    })?;
    if !(0.0..=100.0).contains(&target) {
        return Err(FieldError::with_detail(
            "target",
            "error.goal_form.target",
            form.get("target"),
        ));
    }
    let age = |n: &'static str| form.number(n).map(|v| v.map(|a| a.min(255) as u8));
    let sex = form.get("sex");
    let period = match (form.date("period_from")?, form.date("period_to")?) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        _ => return Err(FieldError::new("period_to", "error.goal_form.period_both")),
    };
    Ok(Goal {
        code: form.get("code"),
        label: form.get("label"),
        basis: Basis::parse("basis", &form.get("basis"))?,
        numerator: Numerator::parse("numerator", kind, &codes)?,
        population: Population {
            income_source_before: form
                .all("income_source_before")
                .iter()
                .map(|c| IncomeSource::parse("income_source_before", c))
                .collect::<Result<_, _>>()?,
            age_min: age("age_min")?,
            age_max: age("age_max")?,
            sex: if sex.is_empty() {
                None
            } else {
                Some(Sex::parse("sex", &sex)?)
            },
        },
        target: (target * 100.0).round() as u32,
        period,
    })
}

fn page(tr: Tr, auth: &Authenticated, code: &str, form: FormState) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "org.new_goal", auth, "/organisation"),
        intro: Some(tr.t("goal_form.intro").to_string()),
        action: format!("/interventions/{code}/goals/new"),
        cancel: format!("/interventions/{code}"),
        form,
    }
}

/// GET /interventions/{code}/goals/new
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    state
        .services
        .editable_intervention(&auth.caller(), &code)
        .await?;
    page(tr, &auth, &code, form_fields(tr, None)).respond()
}

/// POST /interventions/{code}/goals/new
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let mut iv = state
        .services
        .editable_intervention(&auth.caller(), &code)
        .await?;
    let form = Submitted(pairs);
    let result = match read(&form) {
        Ok(goal) => {
            iv.goals.push(goal);
            state.services.save_intervention(&auth.caller(), iv).await
        }
        Err(e) => Err(ServiceError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/interventions/{code}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => page(
            tr,
            &auth,
            &code,
            form_fields(tr, Some(&form)).with_error(tr, &e),
        )
        .respond(),
        Err(e) => Err(e.into()),
    }
}

/// POST /interventions/{code}/goals/{goal}/delete
pub async fn delete(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((code, goal)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let mut iv = state
        .services
        .editable_intervention(&auth.caller(), &code)
        .await?;
    let before = iv.goals.len();
    iv.goals.retain(|g| g.code != goal);
    if iv.goals.len() == before {
        return Err(AppError::not_found());
    }
    state.services.save_intervention(&auth.caller(), iv).await?;
    Ok(Redirect::to(&format!("/interventions/{code}?saved=1")).into_response())
}
