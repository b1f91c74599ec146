//! GET/POST /interventions/{code}/payments: the half-yearly payments to the
//! provider. The association plans and releases; the provider's manager records the
//! certificate (intyg) in between.

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Auth, ValidForm, current_lang};
use crate::ui::form::Submitted;
use crate::ui::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use samverka_domain::payment::PaymentState;
use samverka_i18n::Tr;
use samverka_reports::format::kronor;
use samverka_service::ServiceError;
use samverka_service::sessions::Authenticated;

/// One payment as a table row.
struct PaymentRow {
    id: i64,
    year: i32,
    half: String,
    amount: String,
    state: String,
    may_certify: bool,
    may_release: bool,
}

#[derive(Template)]
#[template(path = "payments.html")]
struct PaymentsPage {
    layout: Layout,
    code: String,
    name: String,
    rows: Vec<PaymentRow>,
    total_released: String,
    may_pay: bool,
    error: Option<String>,
    error_field: String,
    error_payment: i64,
    year: String,
    half: String,
    amount: String,
}

async fn render(
    state: &AppState,
    auth: &Authenticated,
    code: &str,
    s: &Submitted,
    error: Option<(String, String, i64)>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    let p = state.services.payments(&auth.caller(), code).await?;
    let half_label = |h: u8| tr.t(&format!("payment.half_{h}")).to_string();
    let rows = p
        .payments
        .iter()
        .map(|pay| {
            let st = pay.state();
            let text = match (st, &pay.certificate, &pay.release) {
                (PaymentState::Released, _, Some(r)) => tr.f(
                    "payment.released",
                    &[("on", &r.on.to_string()), ("by", &r.by)],
                ),
                (PaymentState::Certified, Some(c), _) => tr.f(
                    "payment.certified",
                    &[("on", &c.on.to_string()), ("by", &c.by), ("text", &c.text)],
                ),
                _ => tr.t("payment.awaiting_certificate").to_string(),
            };
            PaymentRow {
                id: pay.id,
                year: pay.year,
                half: half_label(pay.half),
                amount: kronor(pay.amount),
                state: text,
                may_certify: p.may_certify && st == PaymentState::AwaitingCertificate,
                may_release: p.may_pay && st == PaymentState::Certified,
            }
        })
        .collect();
    let released: i64 = p
        .payments
        .iter()
        .filter(|x| x.state() == PaymentState::Released)
        .map(|x| x.amount)
        .sum();
    let failed = error.is_some();
    let (error_field, error, error_payment) = match error {
        Some((f, m, id)) => (f, Some(m), id),
        None => (String::new(), None, 0),
    };
    let page = PaymentsPage {
        layout: Layout::for_user(tr, "payment.title", auth, ""),
        code: p.intervention.code.clone(),
        name: p.intervention.name.clone(),
        rows,
        total_released: tr.f("payment.total_released", &[("sum", &kronor(released))]),
        may_pay: p.may_pay,
        error,
        error_field,
        error_payment,
        year: s.get("ar"),
        half: s.get("halvar"),
        amount: s.get("belopp"),
    };
    crate::ui::form::page_response(&page, failed)
}

/// What happens after a change: back to the page, or the page with the problem.
async fn after(
    state: &AppState,
    auth: &Authenticated,
    code: &str,
    s: &Submitted,
    id: i64,
    result: Result<samverka_domain::payment::Payment, ServiceError>,
) -> Result<Response, AppError> {
    let tr = Tr(current_lang());
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/interventions/{code}/payments")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let m = crate::ui::form::labelled_message(tr, "payment_form", &e);
            render(state, auth, code, s, Some((e.field.to_string(), m, id))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /interventions/{code}/payments
pub async fn page(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    render(&state, &auth, &code, &Submitted(Vec::new()), None).await
}

/// POST /interventions/{code}/payments
pub async fn plan(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path(code): Path<String>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = Submitted(pairs);
    let r = state
        .services
        .plan_payment(
            &auth.caller(),
            &code,
            (&s.get("ar"), &s.get("halvar"), &s.get("belopp")),
        )
        .await;
    after(&state, &auth, &code, &s, 0, r).await
}

/// POST /interventions/{code}/payments/{id}/certificate
pub async fn certify(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((code, id)): Path<(String, i64)>,
    ValidForm(pairs): ValidForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = Submitted(pairs);
    let r = state
        .services
        .certify_payment(&auth.caller(), &code, id, &s.get("intyg"))
        .await;
    after(&state, &auth, &code, &Submitted(Vec::new()), id, r).await
}

/// POST /interventions/{code}/payments/{id}/release
pub async fn release(
    State(state): State<AppState>,
    Auth(auth): Auth,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let r = state
        .services
        .release_payment(&auth.caller(), &code, id)
        .await;
    after(&state, &auth, &code, &Submitted(Vec::new()), id, r).await
}
