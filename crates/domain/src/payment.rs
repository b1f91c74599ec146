//! Payments to a provider: planned per half-year by the association, certified by
//! the provider's manager (intyg: the money was used as the application said), and
//! only then released. Each step is recorded once, by whom and when.

use crate::FieldError;
use serde::{Deserialize, Serialize};
use time::Date;

/// The provider manager's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Who certified (login name).
    pub by: String,
    /// The day.
    pub on: Date,
    /// What the manager certifies, in their words.
    pub text: String,
}

/// The release of a certified payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// Who released it (login name).
    pub by: String,
    /// The day.
    pub on: Date,
}

/// A half-year's payment to the provider of an intervention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Database id; 0 until stored.
    pub id: i64,
    /// Intervention code.
    pub intervention: String,
    /// Year.
    pub year: i32,
    /// Half-year: 1 (January–June) or 2 (July–December).
    pub half: u8,
    /// Whole kronor.
    pub amount: i64,
    /// Who planned it (login name).
    pub planned_by: String,
    /// The certificate, once recorded.
    pub certificate: Option<Certificate>,
    /// The release, once made.
    pub release: Option<Release>,
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentState {
    /// Waiting for the provider manager's certificate.
    AwaitingCertificate,
    /// Certified; the association may release it.
    Certified,
    /// Released.
    Released,
}

impl PaymentState {
    /// The stored code, also the catalogue key under `payment.state`.
    pub fn code(self) -> &'static str {
        match self {
            PaymentState::AwaitingCertificate => "awaiting_certificate",
            PaymentState::Certified => "certified",
            PaymentState::Released => "released",
        }
    }
}

impl Payment {
    /// A planned payment, checked: half 1 or 2, a positive amount, a year the
    /// intervention runs (`first`–`last`).
    pub fn plan(
        intervention: &str,
        (year, half, amount): (i32, u8, i64),
        (first, last): (i32, Option<i32>),
        planned_by: &str,
    ) -> Result<Payment, Vec<FieldError>> {
        let mut problems = Vec::new();
        if year < first || last.is_some_and(|l| year > l) {
            problems.push(FieldError::with_args(
                "ar",
                "error.payment.year",
                vec![
                    ("year", year.to_string()),
                    ("first", first.to_string()),
                    ("last", last.map_or(String::new(), |l| l.to_string())),
                ],
            ));
        }
        if !(1..=2).contains(&half) {
            problems.push(FieldError::new("halvar", "error.payment.half"));
        }
        if amount <= 0 {
            problems.push(FieldError::new("belopp", "error.payment.amount"));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Payment {
            id: 0,
            intervention: intervention.to_string(),
            year,
            half,
            amount,
            planned_by: planned_by.to_string(),
            certificate: None,
            release: None,
        })
    }

    /// Where the payment stands.
    pub fn state(&self) -> PaymentState {
        match (&self.certificate, &self.release) {
            (_, Some(_)) => PaymentState::Released,
            (Some(_), None) => PaymentState::Certified,
            (None, None) => PaymentState::AwaitingCertificate,
        }
    }

    /// Records the manager's certificate; once only, and not without words.
    pub fn certify(&mut self, by: &str, on: Date, text: &str) -> Result<(), FieldError> {
        if self.certificate.is_some() {
            return Err(FieldError::new("intyg", "error.payment.already_certified"));
        }
        if text.trim().is_empty() {
            return Err(FieldError::new("intyg", "error.payment.certificate_text"));
        }
        self.certificate = Some(Certificate {
            by: by.to_string(),
            on,
            text: text.trim().to_string(),
        });
        Ok(())
    }

    /// Releases the payment; only after the certificate, and once.
    pub fn release(&mut self, by: &str, on: Date) -> Result<(), FieldError> {
        match self.state() {
            PaymentState::AwaitingCertificate => Err(FieldError::new(
                "utbetalning",
                "error.payment.not_certified",
            )),
            PaymentState::Released => Err(FieldError::new(
                "utbetalning",
                "error.payment.already_released",
            )),
            PaymentState::Certified => {
                self.release = Some(Release {
                    by: by.to_string(),
                    on,
                });
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_payment_is_released_only_after_its_certificate() {
        let mut p = Payment::plan("NK", (2026, 1, 589_450), (2006, None), "karin").unwrap();
        assert_eq!(p.state(), PaymentState::AwaitingCertificate);
        assert_eq!(
            p.release("karin", date!(2026 - 07 - 01))
                .unwrap_err()
                .message_key,
            "error.payment.not_certified"
        );
        assert_eq!(
            p.certify("per", date!(2026 - 07 - 02), "  ")
                .unwrap_err()
                .message_key,
            "error.payment.certificate_text"
        );
        p.certify(
            "per",
            date!(2026 - 07 - 02),
            "Medlen har använts enligt ansökan.",
        )
        .unwrap();
        assert!(p.certify("per", date!(2026 - 07 - 03), "igen").is_err());
        p.release("karin", date!(2026 - 07 - 03)).unwrap();
        assert_eq!(p.state(), PaymentState::Released);
        assert_eq!(
            p.release("karin", date!(2026 - 07 - 04))
                .unwrap_err()
                .message_key,
            "error.payment.already_released"
        );
    }

    #[test]
    fn every_wrong_value_of_a_plan_is_named() {
        let e = Payment::plan("GT", (2011, 3, -5), (2008, Some(2010)), "karin").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["ar", "halvar", "belopp"]);
    }
}
