//! The intervention page: facts, goals in words, template stages and staff.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::layout::Layout;
use crate::ui::organisation::{SavedQuery, period};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::intervention::Intervention;
use samverka_domain::policy::can_edit_intervention;
use samverka_domain::template::{ProcessTemplate, Stage};
use samverka_i18n::Tr;

#[derive(Template)]
#[template(path = "intervention.html")]
struct InterventionPage {
    layout: Layout,
    notice: Option<String>,
    iv: Intervention,
    facts: Vec<(String, String)>,
    goals: Vec<(String, String, String, String)>,
    stages_heading: String,
    stages: Vec<String>,
    sub_process: Option<(String, Vec<String>)>,
    staff: Vec<(String, String)>,
    can_edit: bool,
    works_with_participants: bool,
    budget_totals: Vec<(String, String)>,
}

/// The budget summed per year and in all, computed from the lines.
fn budget_totals(
    tr: Tr,
    lines: &[samverka_domain::import::budget_row::BudgetLine],
) -> Vec<(String, String)> {
    let mut years: std::collections::BTreeMap<i32, i64> = std::collections::BTreeMap::new();
    for l in lines.iter().filter(|l| !l.in_kind()) {
        *years.entry(l.year).or_default() += l.amount;
    }
    let mut out: Vec<(String, String)> = years
        .iter()
        .map(|(y, sum)| (y.to_string(), samverka_reports::format::kronor(*sum)))
        .collect();
    if years.len() > 1 {
        out.push((
            tr.t("budget.total").to_string(),
            samverka_reports::format::kronor(years.values().sum()),
        ));
    }
    out
}

/// A goal's outcome in words: "37,4 % (58 av 155), 95 % KI 30,2–45,3 % – målet nått".
fn goal_result_text(tr: Tr, r: &samverka_service::journey::goals::GoalResult) -> String {
    use samverka_reports::format::percent;
    let period = format!("{}–{}", r.period.0, r.period.1);
    let Some(c) = r.count else {
        return tr.f("goal_result.withheld", &[("period", &period)]);
    };
    let not_judged = match c.not_judged {
        0 => String::new(),
        1..=4 if !r.exact => format!(" {}", tr.t("goal_result.not_judged_few")),
        n => format!(
            " {}",
            tr.f("goal_result.not_judged", &[("n", &n.to_string())])
        ),
    };
    let Some(value) = c.value() else {
        return tr.f("goal_result.nobody", &[("period", &period)]) + &not_judged;
    };
    let (lo, hi) =
        samverka_reports::wilson::interval95(c.numerator, c.denominator).unwrap_or((0.0, 1.0));
    let target = f64::from(r.goal.target) / 10_000.0;
    let verdict = tr.t(if value >= target {
        "goal_result.met"
    } else {
        "goal_result.not_met"
    });
    tr.f(
        "goal_result.value",
        &[
            ("value", &percent(value)),
            ("numerator", &c.numerator.to_string()),
            ("denominator", &c.denominator.to_string()),
            ("low", &percent(lo)),
            ("high", &percent(hi)),
            ("verdict", verdict),
            ("period", &period),
        ],
    ) + &not_judged
}

/// A stage's name: its own, or the built-in one from the catalogue.
pub fn stage_name(tr: Tr, stage: &Stage) -> String {
    stage
        .name
        .clone()
        .unwrap_or_else(|| tr.t(&format!("stage.{}", stage.code)).to_string())
}

/// A template's name: its own, or the built-in one from the catalogue.
pub fn template_name(tr: Tr, t: &ProcessTemplate) -> String {
    t.name
        .clone()
        .unwrap_or_else(|| tr.t(&format!("template.{}", t.code)).to_string())
}

fn facts(tr: Tr, iv: &Intervention, provider: &str) -> Vec<(String, String)> {
    let yes_no = |b: bool| tr.t(if b { "org.yes" } else { "org.no" }).to_string();
    let number = |n: Option<u32>| {
        n.map(|v| v.to_string())
            .unwrap_or_else(|| tr.t("org.unknown").to_string())
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            tr.t("org.unknown").to_string()
        } else {
            v.join(", ")
        }
    };
    let caseload = match (iv.caseload_min, iv.caseload_max) {
        (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
        (lo, hi) => number(lo.or(hi)),
    };
    vec![
        (tr.t("org.code").into(), iv.code.clone()),
        (tr.t("org.association").into(), iv.associations.join(", ")),
        (tr.t("org.provider").into(), provider.to_string()),
        (tr.t("org.period").into(), period(tr, iv)),
        (
            tr.t("org.orientation").into(),
            tr.t(&format!("org.orientation_{}", iv.orientation.code()))
                .into(),
        ),
        (
            tr.t("org.follow_up").into(),
            tr.t(&format!("org.follow_up_{}", iv.follow_up.code()))
                .into(),
        ),
        (tr.t("org.target_groups").into(), list(&iv.target_groups)),
        (tr.t("org.esf_funded").into(), yes_no(iv.esf_funded)),
        (tr.t("org.planned_places").into(), number(iv.planned_places)),
        (
            tr.t("org.planned_per_year").into(),
            number(iv.planned_participants_per_year),
        ),
        (tr.t("org.caseload").into(), caseload),
        (tr.t("org.steering_group").into(), list(&iv.steering_group)),
    ]
}

/// GET /interventions/{code}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let services = &state.services;
    let iv = services.intervention(&auth.caller(), &code).await?;
    let template = services.template(&iv.template).await?;
    let provider = services
        .providers()
        .await?
        .into_iter()
        .find(|p| p.code == iv.provider)
        .map_or(iv.provider.clone(), |p| p.name);
    let staff = services
        .staff_of(&iv)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.display_name,
                s.roles
                    .iter()
                    .map(|r| tr.t(r.label_key()))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
        .collect();
    let lines = services.budget_of(&auth.caller(), &code).await?;
    let budget_totals = budget_totals(tr, &lines);
    let results = services.goal_results(&auth.caller(), &code, None).await?;
    let page = InterventionPage {
        budget_totals,
        layout: Layout::for_user(tr, "org.title", &auth, "/organisation").titled(iv.name.clone()),
        notice: q.saved.map(|_| tr.t("org.saved").to_string()),
        facts: facts(tr, &iv, &provider),
        goals: results
            .iter()
            .map(|r| {
                let g = &r.goal;
                (
                    g.code.clone(),
                    g.label.clone(),
                    g.sentence(tr.lang()),
                    goal_result_text(tr, r),
                )
            })
            .collect(),
        stages_heading: tr.f(
            "org.stages_of",
            &[("template", &template_name(tr, &template))],
        ),
        stages: template.stages.iter().map(|s| stage_name(tr, s)).collect(),
        sub_process: template.sub_process.as_ref().map(|(code, stages)| {
            (
                tr.t(&format!("template.{code}")).to_string(),
                stages.iter().map(|s| stage_name(tr, s)).collect(),
            )
        }),
        staff,
        can_edit: can_edit_intervention(&auth.roles, &iv),
        works_with_participants: samverka_domain::policy::can_work_with_participants(
            &auth.roles,
            &iv,
        ),
        iv,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}
