//! The employer register: organisationsnummer, sector, industry and contacts, with
//! a log of every contact the provider's staff have had.

use crate::FieldError;
use crate::codes::Sector;
use time::Date;

/// An employer known to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employer {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The provider whose register this is, by code.
    pub provider: String,
    /// Name.
    pub name: String,
    /// Organisationsnummer (checked), if known.
    pub orgnr: Option<String>,
    /// Private, kommun, region, stat or ideell.
    pub sector: Sector,
    /// Industry (bransch), free text.
    pub industry: String,
    /// Contact person, phone or e-mail, as one line.
    pub contact: String,
}

impl Employer {
    /// Checks name and organisationsnummer.
    pub fn check(&self) -> Result<(), FieldError> {
        super::text::required("namn", &self.name)?;
        super::text::optional("bransch", &self.industry)?;
        super::text::optional("kontakt", &self.contact)?;
        if let Some(nr) = &self.orgnr {
            crate::orgnr::OrgNumber::parse("orgnr", nr)?;
        }
        Ok(())
    }
}

/// One contact with an employer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerContact {
    /// Database id; 0 until stored.
    pub id: i64,
    /// The employer.
    pub employer_id: i64,
    /// The day.
    pub on: Date,
    /// What was said or agreed; no participant names (link the participation instead).
    pub note: String,
    /// The participation the contact concerned, if any.
    pub participation_id: Option<i64>,
    /// Login name of whoever had the contact.
    pub written_by: String,
}

impl EmployerContact {
    /// Checks the note and that the day is not in the future.
    pub fn check(&self, today: Date) -> Result<(), FieldError> {
        super::text::required("anteckning", &self.note)?;
        if self.on > today {
            return Err(FieldError::new("datum", "error.date.future"));
        }
        Ok(())
    }
}
