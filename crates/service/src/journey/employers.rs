//! The employer register of a provider and its contact log. Staff reach the
//! register of every provider running an intervention they work in.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::codes::Sector;
use samverka_domain::journey::employer::{Employer, EmployerContact};
use samverka_domain::journey::{dates, text};

/// An employer as typed.
#[derive(Debug, Clone, Default)]
pub struct EmployerInput {
    /// Name.
    pub name: String,
    /// Organisationsnummer, may be empty.
    pub orgnr: String,
    /// Sector code.
    pub sector: String,
    /// Industry.
    pub industry: String,
    /// Contact line.
    pub contact: String,
}

impl Services {
    /// The providers whose registers the caller reaches, by code.
    pub async fn employer_providers(&self, caller: &Caller) -> ServiceResult<Vec<String>> {
        self.require_participant_work(caller)?;
        let mut out: Vec<String> = Vec::new();
        for iv in self.journey_scope(caller).await?.interventions {
            if !out.contains(&iv.provider) {
                out.push(iv.provider);
            }
        }
        Ok(out)
    }

    async fn reachable_provider(&self, caller: &Caller, provider: &str) -> ServiceResult<()> {
        if self
            .employer_providers(caller)
            .await?
            .iter()
            .any(|p| p == provider)
        {
            Ok(())
        } else {
            Err(ServiceError::NotFound)
        }
    }

    /// A provider's employer register.
    pub async fn employers_of(
        &self,
        caller: &Caller,
        provider: &str,
    ) -> ServiceResult<Vec<Employer>> {
        self.reachable_provider(caller, provider).await?;
        Ok(self.store.employers(provider).await?)
    }

    /// Adds (`id == 0`) or changes an employer in `provider`'s register; returns the id.
    pub async fn save_employer(
        &self,
        caller: &Caller,
        provider: &str,
        id: i64,
        input: &EmployerInput,
    ) -> ServiceResult<i64> {
        self.reachable_provider(caller, provider).await?;
        if id != 0 {
            self.store
                .employer(id)
                .await?
                .filter(|e| e.provider == provider)
                .ok_or(ServiceError::NotFound)?;
        }
        let orgnr = match input.orgnr.trim() {
            "" => None,
            t => Some(
                samverka_domain::orgnr::OrgNumber::parse("orgnr", t)?
                    .as_str()
                    .to_string(),
            ),
        };
        let employer = Employer {
            id,
            provider: provider.to_string(),
            name: input.name.trim().to_string(),
            orgnr,
            sector: Sector::parse("sektor", &input.sector)?,
            industry: input.industry.trim().to_string(),
            contact: input.contact.trim().to_string(),
        };
        employer.check()?;
        let target = if id == 0 {
            String::new()
        } else {
            id.to_string()
        };
        let d = self.journey_draft(caller, AuditEvent::EmployerSaved, "employer", target, None);
        Ok(self.store.save_employer(&employer, &[d]).await?)
    }

    /// One employer and its contact log.
    pub async fn employer_view(
        &self,
        caller: &Caller,
        id: i64,
    ) -> ServiceResult<(Employer, Vec<EmployerContact>)> {
        let employer = self
            .store
            .employer(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.reachable_provider(caller, &employer.provider).await?;
        let contacts = self.store.employer_contacts(id).await?;
        Ok((employer, contacts))
    }

    /// Logs a contact with employer `id`; `participation` must be within reach.
    pub async fn add_employer_contact(
        &self,
        caller: &Caller,
        id: i64,
        on: &str,
        note: &str,
        participation: Option<i64>,
    ) -> ServiceResult<i64> {
        let employer = self
            .store
            .employer(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.reachable_provider(caller, &employer.provider).await?;
        if let Some(pid) = participation {
            self.reachable_participation(caller, pid)
                .await
                .map_err(|_| {
                    ServiceError::Invalid(FieldError::with_detail(
                        "deltagande",
                        "error.reference.unknown",
                        pid.to_string(),
                    ))
                })?;
        }
        let contact = EmployerContact {
            id: 0,
            employer_id: id,
            on: dates::parse_optional("datum", on)?.unwrap_or(self.clock.today()),
            note: text::optional("anteckning", note)?,
            participation_id: participation,
            written_by: caller.actor().name,
        };
        contact.check(self.clock.today())?;
        let d = self.journey_draft(
            caller,
            AuditEvent::EmployerContactAdded,
            "employer",
            id,
            participation,
        );
        Ok(self.store.add_employer_contact(&contact, &[d]).await?)
    }
}
