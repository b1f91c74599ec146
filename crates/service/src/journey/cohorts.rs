//! Gruppstarter for basprogram interventions: create them and see how full they are.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::audit::AuditEvent;
use samverka_domain::journey::cohort::Cohort;
use samverka_domain::journey::dates;
use samverka_store::ParticipationFilter;

impl Services {
    /// Creates a cohort in intervention `code`; returns its id.
    pub async fn create_cohort(
        &self,
        caller: &Caller,
        code: &str,
        name: &str,
        starts_on: &str,
        capacity: &str,
    ) -> ServiceResult<i64> {
        let iv = self.journey_intervention(caller, code).await?;
        let capacity: u32 = capacity.trim().parse().map_err(|_| {
            samverka_domain::FieldError::with_detail(
                "platser",
                "error.number.format",
                capacity.trim(),
            )
        })?;
        let cohort = Cohort {
            id: 0,
            intervention: iv.code,
            name: name.trim().to_string(),
            starts_on: dates::parse("start", starts_on)?,
            capacity,
        };
        cohort.check()?;
        let d = self.journey_draft(caller, AuditEvent::CohortSaved, "cohort", "", None);
        Ok(self.store.save_cohort(&cohort, &[d]).await?)
    }

    /// An intervention's cohorts with the number of places taken.
    pub async fn cohorts_of(
        &self,
        caller: &Caller,
        code: &str,
    ) -> ServiceResult<Vec<(Cohort, usize)>> {
        let iv = self.journey_intervention(caller, code).await?;
        let cohorts = self.store.cohorts(&iv.code).await?;
        let members = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code],
                ..ParticipationFilter::default()
            })
            .await?;
        Ok(cohorts
            .into_iter()
            .map(|c| {
                let taken = members
                    .iter()
                    .filter(|p| p.cohort_id == Some(c.id) && !p.is_registration_error())
                    .count();
                (c, taken)
            })
            .collect())
    }
}
