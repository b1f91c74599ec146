//! GET /participations/{id}: everything about one participation on one page,
//! arranged for a coach: where the person is, what is due, and the work so far.

use super::summary::{entry_lines, fact_list};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::journey::labels::{label, labels, stage_label};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::journey::entry::EntryBody;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::participation::ParticipationView;

/// The entry kinds in the order the page shows them.
pub const SECTIONS: [&str; 8] = [
    "profile",
    "plan_item",
    "monthly_follow_up",
    "checkpoint",
    "placement",
    "employment",
    "study",
    "rehab_fund",
];

/// One entry as listed.
pub struct EntryRow {
    /// Id.
    pub id: i64,
    /// The day.
    pub on: String,
    /// Label–value lines.
    pub lines: Vec<(String, String)>,
    /// Who wrote it.
    pub by: String,
    /// For plan items: whether done (offers the toggle).
    pub plan_done: Option<bool>,
    /// For rehab-fund spending awaiting approval: true.
    pub awaits_approval: bool,
}

/// One section of entries.
pub struct EntrySection {
    /// The kind.
    pub kind: &'static str,
    /// Heading.
    pub heading: String,
    /// Entries, newest first (the profile: newest version first).
    pub rows: Vec<EntryRow>,
    /// A line under the heading (e.g. the rehab-fund total).
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "participation.html")]
struct ParticipationPage {
    layout: Layout,
    id: i64,
    notice: Option<String>,
    subtitle: Vec<String>,
    anonymous: bool,
    protected: bool,
    exited: bool,
    stage_now: Option<(String, i64)>,
    stage_choices: Vec<(String, String, bool)>,
    stage_days: Vec<(String, i64)>,
    due: Vec<(String, String, bool)>,
    consent: Vec<(String, String)>,
    consent_active: bool,
    baseline: Vec<(String, String)>,
    sections: Vec<EntrySection>,
    exit: Vec<(String, String)>,
    after_exit: Vec<EntryRow>,
    coaches: Vec<(i64, String, bool)>,
    may_approve: bool,
}

/// `?saved=1` after a change.
#[derive(serde::Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

/// GET /participations/{id}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let view = match state.services.participation_view(&auth.caller(), id).await {
        Ok(v) => v,
        Err(ServiceError::ReasonRequired(id)) => {
            return super::reason::form(tr, &auth, id, "", None);
        }
        Err(e) => return Err(e.into()),
    };
    let today = state.services.clock.today();
    let page = build(
        tr,
        &view,
        today,
        Layout::for_user(tr, "participation.title", &auth, ""),
    );
    let page = ParticipationPage {
        notice: q.saved.map(|_| tr.t("participation.saved").to_string()),
        ..page
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

fn build(tr: Tr, v: &ParticipationView, today: time::Date, layout: Layout) -> ParticipationPage {
    let p = &v.participation;
    let mut subtitle = Vec::new();
    if let Some(n) = v.person.number_display() {
        subtitle.push(n);
    }
    subtitle.push(format!("{} {}", label(tr, p.sex), p.birth_year));
    subtitle.push(v.intervention.name.clone());
    subtitle.push(format!("{} {}", tr.t("participation.started"), p.start_on));
    if let Some(c) = v.coach_name() {
        subtitle.push(format!("{} {c}", tr.t("participation.coach")));
    }
    if let Some(c) = &v.cohort {
        subtitle.push(format!("{} {}", tr.t("participation.cohort"), c.name));
    }
    let stage_now = p.current_stage().map(|s| {
        (
            stage_label(tr, &v.template, &s.stage),
            samverka_domain::journey::dates::days_between(s.entered_on, today),
        )
    });
    let codes: Vec<&str> = v.template.all_stages().map(|s| s.code.as_str()).collect();
    let current = p.current_stage().map(|s| s.stage.as_str());
    let next = current
        .and_then(|c| codes.iter().position(|x| *x == c))
        .and_then(|i| codes.get(i + 1))
        .copied();
    let stage_choices = codes
        .iter()
        .map(|c| {
            (
                c.to_string(),
                stage_label(tr, &v.template, c),
                Some(*c) == next,
            )
        })
        .collect();
    let stage_days = v
        .days_per_stage
        .iter()
        .map(|(s, d)| (stage_label(tr, &v.template, s), *d))
        .collect();
    let due = v
        .due
        .iter()
        .map(|d| {
            (
                tr.t(d.label_key()).to_string(),
                d.on().to_string(),
                d.on() < today,
            )
        })
        .collect();
    let consent = match &p.consent {
        None => vec![(
            tr.t("participation.consent").to_string(),
            tr.t("participation.no_consent").to_string(),
        )],
        Some(c) => {
            let mut f = vec![
                (
                    tr.t("participation.consent_given").to_string(),
                    c.given_on.to_string(),
                ),
                (
                    tr.t("participation.consent_scope").to_string(),
                    if c.scope.is_empty() {
                        tr.t("participation.scope_none").to_string()
                    } else {
                        c.scope.join(", ")
                    },
                ),
            ];
            if let Some(w) = c.withdrawn_on {
                f.push((
                    tr.t("participation.consent_withdrawn").to_string(),
                    w.to_string(),
                ));
            }
            f
        }
    };
    let b = &p.baseline;
    let baseline = {
        let facts = [
            ("participation.income_before", labels(tr, &b.income)),
            (
                "participation.occupation_before",
                b.occupation
                    .map_or_else(|| tr.t("org.unknown").to_string(), |c| label(tr, c)),
            ),
            (
                "participation.education",
                b.education
                    .map_or_else(|| tr.t("org.unknown").to_string(), |c| label(tr, c)),
            ),
            (
                "participation.time_away",
                b.time_away
                    .map_or_else(|| tr.t("org.unknown").to_string(), |c| label(tr, c)),
            ),
            (
                "participation.municipality",
                if b.municipality.is_empty() {
                    tr.t("org.unknown").to_string()
                } else {
                    b.municipality.clone()
                },
            ),
            (
                "participation.obstacles",
                if b.obstacles.is_empty() {
                    tr.t("participation.not_screened").to_string()
                } else {
                    labels(tr, &b.obstacles)
                },
            ),
            (
                "participation.decisive_change",
                if p.decisive_change.is_empty() {
                    "–".into()
                } else {
                    p.decisive_change.clone()
                },
            ),
        ];
        // An anonymous participation keeps only the coded facts, the first four.
        let kept = if p.is_anonymous() { 4 } else { facts.len() };
        fact_list(tr, &facts[..kept])
    };
    let row = |e: &samverka_domain::journey::entry::Entry| EntryRow {
        id: e.id,
        on: e.on.to_string(),
        lines: entry_lines(tr, e, v),
        by: e.written_by.clone(),
        plan_done: match e.body {
            EntryBody::PlanItem { done, .. } => Some(done),
            _ => None,
        },
        awaits_approval: matches!(
            e.body,
            EntryBody::RehabFund {
                approved_by: None,
                ..
            }
        ),
    };
    let sections = SECTIONS
        .iter()
        .map(|kind| {
            let mut rows: Vec<EntryRow> = v
                .entries
                .iter()
                .filter(|e| e.body.kind() == *kind)
                .map(row)
                .collect();
            rows.reverse();
            let note = (*kind == "rehab_fund" && !rows.is_empty()).then(|| {
                let total: i64 = v
                    .entries
                    .iter()
                    .filter_map(|e| match e.body {
                        EntryBody::RehabFund { cost, .. } => Some(cost),
                        _ => None,
                    })
                    .sum();
                format!(
                    "{} {}",
                    tr.t("participation.rehab_total"),
                    samverka_reports::format::kronor(total)
                )
            });
            EntrySection {
                kind,
                heading: tr.t(&format!("entry.{kind}")).to_string(),
                rows,
                note,
            }
        })
        .collect();
    let exit = p
        .exit
        .as_ref()
        .map(|x| super::summary::exit_facts(tr, x))
        .unwrap_or_default();
    let after_exit = v
        .entries
        .iter()
        .filter(|e| e.body.kind() == "after_exit")
        .map(row)
        .collect();
    let coaches = v
        .staff
        .iter()
        .filter(|s| {
            s.roles.contains(&samverka_domain::Role::Coach)
                || s.roles.contains(&samverka_domain::Role::InterventionLead)
        })
        .map(|s| {
            (
                s.user_id,
                s.display_name.clone(),
                Some(s.user_id) == p.coach,
            )
        })
        .collect();
    ParticipationPage {
        layout: layout.titled(v.person.label().to_string()),
        id: p.id,
        notice: None,
        subtitle,
        anonymous: p.is_anonymous(),
        protected: v.person.protected,
        exited: p.exit.is_some(),
        stage_now,
        stage_choices,
        stage_days,
        due,
        consent_active: p.consent.as_ref().is_some_and(|c| c.withdrawn_on.is_none()),
        consent,
        baseline,
        sections,
        exit,
        after_exit,
        coaches,
        may_approve: v.may_approve,
    }
}
