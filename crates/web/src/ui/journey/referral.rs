//! Referrals: the new-referral form (with the duplicate question), the referral
//! page, and its status buttons.

use super::participants::source_name;
use super::person_fields;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::{Field, FieldKind, FormPage, FormState, Submitted, choices};
use crate::ui::journey::labels::person_label;
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use samverka_domain::codes::ReferralStatus;
use samverka_domain::journey::Person;
use samverka_domain::journey::person::Likeness;
use samverka_domain::journey::referral::OTHER_SOURCES;
use samverka_i18n::Tr;
use samverka_service::ServiceError;
use samverka_service::journey::persons::PersonChoice;
use samverka_service::journey::referrals::ReferralInput;
use samverka_service::sessions::Authenticated;

fn fields(tr: Tr, s: &Submitted, members: &[String], similar: &[(Person, Likeness)]) -> FormState {
    let get = |n: &str| s.get(n);
    let mut sources: Vec<(String, String)> =
        vec![(String::new(), tr.t("journey.not_given").to_string())];
    sources.extend(members.iter().map(|m| (m.clone(), m.clone())));
    sources.extend(
        OTHER_SOURCES
            .iter()
            .map(|o| (o.to_string(), tr.t(&format!("source.{o}")).to_string())),
    );
    let mut out = person_fields::fields(tr, s, similar);
    out.extend([
        Field::text(tr, "mottagen", "referral_form.received", get("mottagen"))
            .hint(tr, "referral_form.received_hint"),
        Field::new(
            tr,
            "kalla",
            "referral_form.source",
            String::new(),
            FieldKind::Select(choices(sources, &[get("kalla")])),
        )
        .hint(tr, "referral_form.source_hint"),
        Field::text(tr, "enhet", "referral_form.unit", get("enhet"))
            .hint(tr, "referral_form.unit_hint"),
        Field::text(
            tr,
            "handlaggare",
            "referral_form.officer",
            get("handlaggare"),
        )
        .hint(tr, "referral_form.officer_hint"),
        Field::new(
            tr,
            "anledning",
            "referral_form.reason",
            get("anledning"),
            FieldKind::Multiline,
        ),
    ]);
    FormState {
        fields: out,
        summary: None,
    }
}

fn form_page(tr: Tr, auth: &Authenticated, code: &str, form: FormState) -> FormPage {
    FormPage {
        layout: Layout::for_user(tr, "referral_form.title", auth, ""),
        intro: Some(tr.t("referral_form.intro").to_string()),
        action: format!("/interventions/{code}/referrals/new"),
        cancel: format!("/interventions/{code}/participants"),
        form,
    }
}

/// GET /interventions/{code}/referrals/new
pub async fn new(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let iv = state
        .services
        .journey_intervention(&auth.caller(), &code)
        .await?;
    let members = state.services.member_codes(&iv).await?;
    let s = Submitted(vec![(
        "mottagen".into(),
        state.services.clock.today().to_string(),
    )]);
    form_page(tr, &auth, &code, fields(tr, &s, &members, &[])).respond()
}

/// POST /interventions/{code}/referrals/new
pub async fn create(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let caller = auth.caller();
    let iv = state.services.journey_intervention(&caller, &code).await?;
    let members = state.services.member_codes(&iv).await?;
    let s = Submitted(pairs);
    let person = person_fields::choice(&s);
    let similar = match &person {
        PersonChoice::New {
            input,
            confirmed_new: false,
        } => {
            state
                .services
                .similar_persons(&caller, &iv.provider, input)
                .await?
        }
        _ => vec![],
    };
    let result = async {
        let (officer_name, account) = super::officer::split(&s.get("handlaggare"));
        let officer_user = match account {
            Some(u) => Some(
                state
                    .services
                    .partner_account(&iv, &u, "handlaggare")
                    .await?,
            ),
            None => None,
        };
        let input = ReferralInput {
            person,
            received_on: s.get("mottagen"),
            source: s.get("kalla"),
            source_unit: s.get("enhet"),
            officer_name,
            officer_user,
            reason: s.get("anledning"),
        };
        state.services.create_referral(&caller, &code, &input).await
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/referrals/{id}?saved=1")).into_response()),
        Err(ServiceError::Invalid(e)) => form_page(
            tr,
            &auth,
            &code,
            fields(tr, &s, &members, &similar).with_error(tr, &e),
        )
        .respond(),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "journey_referral.html")]
struct ReferralPage {
    layout: Layout,
    id: i64,
    code: String,
    notice: Option<String>,
    facts: Vec<(String, String)>,
    moves: Vec<(String, String)>,
    can_enrol: bool,
    participation: Option<i64>,
}

/// `?saved=1`
#[derive(serde::Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

/// GET /referrals/{id}
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let v = state.services.referral_view(&auth.caller(), id).await?;
    let r = &v.referral;
    let mut facts = vec![
        (
            tr.t("journey.col_name").to_string(),
            person_label(tr, &v.person),
        ),
        (
            tr.t("journey.col_status").to_string(),
            tr.t(&r.status.label_key()).to_string(),
        ),
        (
            tr.t("referral_form.received").to_string(),
            r.received_on.to_string(),
        ),
        (
            tr.t("referral_form.source").to_string(),
            source_name(tr, &r.source),
        ),
        (
            tr.t("referral_form.unit").to_string(),
            r.source_unit.clone(),
        ),
        (
            tr.t("referral_form.officer").to_string(),
            r.officer_name.clone(),
        ),
        (tr.t("referral_form.reason").to_string(), r.reason.clone()),
    ];
    if let Some(n) = v.person.number_display() {
        facts.insert(1, (tr.t("person_form.personal_number").to_string(), n));
    }
    if r.escalated {
        facts.push((
            tr.t("journey.escalated_label").to_string(),
            tr.t("journey.escalated_text").to_string(),
        ));
    }
    facts.retain(|(_, v)| !v.is_empty());
    let moves = [
        ReferralStatus::Proposed,
        ReferralStatus::Waiting,
        ReferralStatus::Declined,
    ]
    .into_iter()
    .filter(|next| {
        let mut probe = r.clone();
        probe.move_to(*next).is_ok()
    })
    .map(|next| {
        (
            next.code().to_string(),
            tr.t(&format!("journey.move_{}", next.code())).to_string(),
        )
    })
    .collect();
    let page = ReferralPage {
        layout: Layout::for_user(tr, "journey.referral_title", &auth, "").titled(format!(
            "{} – {}",
            tr.t("journey.referral_title"),
            v.person.label()
        )),
        id,
        code: v.intervention.code.clone(),
        notice: q.saved.map(|_| tr.t("participation.saved").to_string()),
        facts,
        moves,
        can_enrol: r.status == ReferralStatus::Accepted && v.participation_id.is_none(),
        participation: v.participation_id,
    };
    Ok(Html(page.render().map_err(|_| AppError::internal())?).into_response())
}

/// POST /referrals/{id}/status
pub async fn status(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(id): Path<i64>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = Submitted(pairs);
    state
        .services
        .move_referral(&auth.caller(), id, &s.get("status"))
        .await?;
    Ok(Redirect::to(&format!("/referrals/{id}?saved=1")).into_response())
}
