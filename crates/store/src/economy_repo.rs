//! Payments to providers and the parameters of the socio-economic estimate.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::estimate::EstimateParameters;
use samverka_domain::journey::entry::EntryBody;
use samverka_domain::payment::Payment;
use time::Date;

/// Stores payments.
#[async_trait]
pub trait EconomyRepo: Send + Sync {
    /// Inserts (`id == 0`) or replaces a payment with its audit entries; returns its
    /// id. A second payment for the same intervention and half-year is a conflict.
    async fn save_payment(&self, payment: &Payment, audit: &[AuditDraft]) -> StoreResult<i64>;
    /// The payments of these interventions, by intervention, year and half.
    async fn payments(&self, interventions: &[String]) -> StoreResult<Vec<Payment>>;
    /// The rehab-fund entries (`EntryBody::RehabFund`) dated `from`–`to` on the
    /// participations of these interventions; other entries are not read.
    async fn rehab_fund_entries(
        &self,
        interventions: &[String],
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<EntryBody>>;
    /// Sets an association's assumptions for the socio-economic estimate.
    async fn save_estimate_parameters(
        &self,
        parameters: &EstimateParameters,
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
    /// An association's assumptions, if it has stated any.
    async fn estimate_parameters(
        &self,
        association: &str,
    ) -> StoreResult<Option<EstimateParameters>>;
}
