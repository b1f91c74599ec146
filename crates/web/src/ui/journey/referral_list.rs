//! GET /interventions/{code}/referrals: every intresseanmälan of an intervention
//! with its status, newest first.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, current_lang};
use crate::ui::journey::labels::person_label;
use crate::ui::journey::participants::source_name;
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use samverka_domain::journey::Person;
use samverka_domain::journey::referral::Referral;
use samverka_i18n::Tr;

/// A referral as lists show it.
pub struct ReferralLine {
    /// Id.
    pub id: i64,
    /// Received on.
    pub received: String,
    /// Person.
    pub name: String,
    /// Source organisation and unit.
    pub source: String,
    /// Status text (with a note when the beredningsgrupp decides).
    pub status: String,
}

impl ReferralLine {
    /// The line for one referral and its person.
    pub fn of(tr: Tr, r: &Referral, p: &Person) -> Self {
        let source = if r.source_unit.is_empty() {
            source_name(tr, &r.source)
        } else {
            format!("{} – {}", source_name(tr, &r.source), r.source_unit)
        };
        let mut status = tr.t(&r.status.label_key()).to_string();
        if r.escalated {
            status = format!("{status} ({})", tr.t("journey.escalated"));
        }
        Self {
            id: r.id,
            received: r.received_on.to_string(),
            name: person_label(tr, p),
            source,
            status,
        }
    }
}

#[derive(Template)]
#[template(path = "journey_referrals.html")]
struct ReferralsPage {
    layout: Layout,
    code: String,
    referrals: Vec<ReferralLine>,
}

/// GET /interventions/{code}/referrals
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let iv = state.services.journey_intervention(&caller, &code).await?;
    let referrals = state
        .services
        .referrals_of(&caller, &code)
        .await?
        .iter()
        .map(|(r, p)| ReferralLine::of(tr, r, p))
        .collect();
    let page = ReferralsPage {
        layout: Layout::for_user(tr, "journey.referrals", &auth, "").titled(format!(
            "{} – {}",
            iv.name,
            tr.t("journey.referrals")
        )),
        code: iv.code,
        referrals,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}
