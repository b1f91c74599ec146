//! The start page after login. Coaches and leads see their caseload first: who
//! they follow, where each person is and what is due; partner officers see what
//! consent shares with them.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::journey::labels::{label, person_label};
use crate::ui::journey::rows::{CaseRow, StageNames, case_rows};
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::Role;
use samverka_domain::journey::caseload::CaseloadFit;
use samverka_domain::policy::{Permission, permits};
use samverka_i18n::Tr;

/// The partner officer's view of one referral.
pub struct PartnerLine {
    /// Person.
    pub name: String,
    /// Intervention.
    pub intervention: String,
    /// Referral status.
    pub status: String,
    /// Start day, when consent shares the participation ("–" otherwise).
    pub start: String,
    /// Current stage, when shared and active.
    pub stage: String,
    /// Exit day and reason, when shared and exited.
    pub exit: String,
}

/// A checkpoint meeting the partner officer attended.
pub struct PartnerMeetingLine {
    /// Person.
    pub name: String,
    /// Intervention.
    pub intervention: String,
    /// Day.
    pub on: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    greeting: String,
    roles: Vec<String>,
    can_manage_accounts: bool,
    can_view_organisation: bool,
    show_caseload: bool,
    works_with_participants: bool,
    rows: Vec<CaseRow>,
    after_exit: Vec<CaseRow>,
    targets: Vec<String>,
    partner: Option<(Vec<PartnerLine>, Vec<PartnerMeetingLine>)>,
    cards: Vec<crate::ui::start::StartCard>,
}

fn target_text(tr: Tr, t: &samverka_service::journey::caseload::CaseloadTarget) -> String {
    let range = match (t.min, t.max) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (a, b) => a.or(b).map(|v| v.to_string()).unwrap_or_default(),
    };
    let fit = match t.fit {
        CaseloadFit::NoTarget => String::new(),
        CaseloadFit::Below => format!(" – {}", tr.t("journey.below_target")),
        CaseloadFit::Within => format!(" – {}", tr.t("journey.within_target")),
        CaseloadFit::Above => format!(" – {}", tr.t("journey.above_target")),
    };
    let target = if range.is_empty() {
        String::new()
    } else {
        format!(", {} {range}", tr.t("journey.target"))
    };
    format!(
        "{} ({}): {} {}{target}{fit}",
        t.name,
        t.code,
        t.active,
        tr.t("journey.participants_word")
    )
}

/// GET /
pub async fn page(State(state): State<AppState>, Auth(auth): Auth) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    // The auditor's start page is the access log.
    if auth.roles.iter().all(|a| a.role == Role::Auditor) && !auth.roles.is_empty() {
        return Ok(axum::response::Redirect::to("/audit").into_response());
    }
    let roles = auth
        .roles
        .iter()
        .map(|a| match a.scope.code() {
            "" => tr.t(a.role.label_key()).to_string(),
            code => format!("{} ({code})", tr.t(a.role.label_key())),
        })
        .collect();
    let works = auth
        .roles
        .iter()
        .any(|a| matches!(a.role, Role::Coach | Role::InterventionLead));
    let today = state.services.clock.today();
    let (rows, after_exit, targets) = if works {
        let c = state.services.caseload(&caller).await?;
        let names = StageNames::of(&state, &caller, &[&c.rows, &c.after_exit_due]).await?;
        (
            case_rows(tr, &names, &c.rows, today),
            case_rows(tr, &names, &c.after_exit_due, today),
            // The caseload target is a coach's; a lead without a caseload is not "below" it.
            if auth.roles.iter().any(|a| a.role == Role::Coach) {
                c.targets.iter().map(|t| target_text(tr, t)).collect()
            } else {
                Vec::new()
            },
        )
    } else {
        (vec![], vec![], vec![])
    };
    let partner = if auth.roles.iter().any(|a| a.role == Role::PartnerOfficer) {
        let (referrals, meetings) = state.services.partner_overview(&caller).await?;
        let dash = || "–".to_string();
        let refs = referrals
            .iter()
            .map(|r| PartnerLine {
                name: person_label(tr, &r.person),
                intervention: r.referral.intervention.clone(),
                status: tr.t(&r.referral.status.label_key()).to_string(),
                start: r
                    .shared
                    .as_ref()
                    .map_or_else(dash, |p| p.start_on.to_string()),
                stage: r
                    .stage
                    .as_ref()
                    .map_or_else(dash, |s| crate::ui::intervention::stage_name(tr, s)),
                exit: r
                    .shared
                    .as_ref()
                    .and_then(|p| p.exit.as_ref())
                    .map_or_else(dash, |x| format!("{} ({})", x.on, label(tr, x.reason))),
            })
            .collect();
        let meets = meetings
            .iter()
            .map(|m| PartnerMeetingLine {
                name: person_label(tr, &m.person),
                intervention: m.intervention.clone(),
                on: m.entry.on.to_string(),
            })
            .collect();
        Some((refs, meets))
    } else {
        None
    };
    let mut cards = crate::ui::start::lead_cards(&state, &auth, tr).await?;
    cards.extend(crate::ui::start::association_cards(&state, &auth, tr).await?);
    // A lead without a caseload of their own sees the intervention instead.
    let show_caseload = auth.roles.iter().any(|a| a.role == Role::Coach) || !rows.is_empty();
    let page = HomePage {
        show_caseload,
        cards,
        layout: Layout::for_user(tr, "home.title", &auth, "/"),
        greeting: tr.f("home.greeting", &[("name", &auth.user.display_name)]),
        roles,
        can_manage_accounts: permits(&auth.roles, Permission::ManageAccounts),
        can_view_organisation: samverka_domain::policy::can_view_organisation(&auth.roles),
        works_with_participants: works,
        rows,
        after_exit,
        targets,
        partner,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}
