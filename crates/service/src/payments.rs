//! Payments to providers (SPEC 8): the association plans a half-year's payment,
//! the provider's manager certifies that the money was used as applied for (intyg),
//! and only then may the association release it. Every step is in the access log.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::intervention::Intervention;
use samverka_domain::payment::Payment;
use samverka_domain::policy::{can_certify_payment, can_pay_provider};

/// An intervention's payments and what the caller may do with them.
#[derive(Debug, Clone)]
pub struct Payments {
    /// The intervention.
    pub intervention: Intervention,
    /// Its payments, oldest first.
    pub payments: Vec<Payment>,
    /// True when the caller may plan and release payments.
    pub may_pay: bool,
    /// True when the caller may certify.
    pub may_certify: bool,
}

pub(crate) fn may(
    caller: &Caller,
    check: impl Fn(&[samverka_domain::RoleAssignment]) -> bool,
) -> bool {
    match caller {
        Caller::Cli(_) => true,
        Caller::User { roles, .. } => check(roles),
    }
}

fn login(caller: &Caller) -> String {
    caller.actor().name
}

impl Services {
    /// The payments of an intervention the caller may see.
    pub async fn payments(&self, caller: &Caller, code: &str) -> ServiceResult<Payments> {
        let iv = self.intervention(caller, code).await?;
        let payments = self.store.payments(std::slice::from_ref(&iv.code)).await?;
        Ok(Payments {
            may_pay: may(caller, |r| can_pay_provider(r, &iv)),
            may_certify: may(caller, |r| can_certify_payment(r, &iv)),
            intervention: iv,
            payments,
        })
    }

    fn payment_draft(&self, caller: &Caller, event: AuditEvent, p: &Payment) -> AuditDraft {
        let target = if p.id == 0 {
            String::new()
        } else {
            p.id.to_string()
        };
        AuditDraft::new(self.clock.now(), caller.actor(), event, "payment", &target).details(
            format!(
                "intervention={} year={} half={} amount={}",
                p.intervention, p.year, p.half, p.amount
            ),
        )
    }

    /// Plans a half-year's payment: `year`, `half` (1 or 2) and `amount` as typed.
    pub async fn plan_payment(
        &self,
        caller: &Caller,
        code: &str,
        (year, half, amount): (&str, &str, &str),
    ) -> ServiceResult<Payment> {
        let iv = self.intervention(caller, code).await?;
        if !may(caller, |r| can_pay_provider(r, &iv)) {
            return Err(ServiceError::Forbidden);
        }
        let number = |field: &'static str, text: &str| {
            text.trim()
                .replace([' ', '\u{a0}'], "")
                .parse::<i64>()
                .map_err(|_| FieldError::with_detail(field, "error.payment.number", text.trim()))
        };
        let year = number("ar", year)?;
        let half = number("halvar", half)?;
        let amount = number("belopp", amount)?;
        let mut p = Payment::plan(
            &iv.code,
            (year as i32, half.clamp(0, 9) as u8, amount),
            (iv.start.year(), iv.end.map(|e| e.year())),
            &login(caller),
        )
        .map_err(|mut e| ServiceError::Invalid(e.remove(0)))?;
        let draft = self.payment_draft(caller, AuditEvent::PaymentPlanned, &p);
        p.id = self.store.save_payment(&p, &[draft]).await?;
        Ok(p)
    }

    async fn stored_payment(&self, iv: &Intervention, id: i64) -> ServiceResult<Payment> {
        self.store
            .payments(std::slice::from_ref(&iv.code))
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(ServiceError::NotFound)
    }

    /// Records the provider manager's certificate for a payment.
    pub async fn certify_payment(
        &self,
        caller: &Caller,
        code: &str,
        id: i64,
        text: &str,
    ) -> ServiceResult<Payment> {
        let iv = self.intervention(caller, code).await?;
        if !may(caller, |r| can_certify_payment(r, &iv)) {
            return Err(ServiceError::Forbidden);
        }
        let mut p = self.stored_payment(&iv, id).await?;
        p.certify(&login(caller), self.clock.today(), text)?;
        let draft = self.payment_draft(caller, AuditEvent::CertificateRecorded, &p);
        self.store.save_payment(&p, &[draft]).await?;
        Ok(p)
    }

    /// Releases a certified payment.
    pub async fn release_payment(
        &self,
        caller: &Caller,
        code: &str,
        id: i64,
    ) -> ServiceResult<Payment> {
        let iv = self.intervention(caller, code).await?;
        if !may(caller, |r| can_pay_provider(r, &iv)) {
            return Err(ServiceError::Forbidden);
        }
        let mut p = self.stored_payment(&iv, id).await?;
        p.release(&login(caller), self.clock.today())?;
        let draft = self.payment_draft(caller, AuditEvent::PaymentReleased, &p);
        self.store.save_payment(&p, &[draft]).await?;
        Ok(p)
    }
}

impl Services {
    /// An association's assumptions for the socio-economic estimate, for those who
    /// may see the association.
    pub async fn estimate_parameters(
        &self,
        caller: &Caller,
        association: &str,
    ) -> ServiceResult<Option<samverka_domain::estimate::EstimateParameters>> {
        if !may(caller, |r| {
            samverka_domain::policy::can_view_association(r, association)
        }) {
            return Err(ServiceError::NotFound);
        }
        Ok(self.store.estimate_parameters(association).await?)
    }

    /// Sets an association's assumptions from the form's values.
    pub async fn save_estimate_parameters(
        &self,
        caller: &Caller,
        association: &str,
        (cost, years, includes): (&str, &str, &str),
    ) -> ServiceResult<samverka_domain::estimate::EstimateParameters> {
        if !may(caller, |r| {
            samverka_domain::policy::can_view_association(r, association)
        }) {
            return Err(ServiceError::NotFound);
        }
        if !may(caller, |r| {
            samverka_domain::policy::can_edit_association(r, association)
        }) {
            return Err(ServiceError::Forbidden);
        }
        let p = samverka_domain::estimate::EstimateParameters::parse(
            association,
            cost,
            years,
            includes,
        )?;
        let draft = AuditDraft::new(
            self.clock.now(),
            caller.actor(),
            AuditEvent::EstimateParametersSaved,
            "association",
            association,
        )
        .details(format!(
            "cost_per_person_year={} years={}",
            p.cost_per_person_year, p.years
        ));
        self.store.save_estimate_parameters(&p, &[draft]).await?;
        Ok(p)
    }
}
