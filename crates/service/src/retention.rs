//! Retention (SPEC 10): personal data is kept for a set number of months after a
//! participation's exit, then removed while the statistics stay: dates, sex, birth
//! year, the exit outcome and the coded baseline (income sources, occupation,
//! education level and time away before start), so that goals still count the
//! participation. `samverka retention run` and the server's daily job do the same;
//! a dry run only lists.

use crate::accounts::Caller;
use crate::journey::anonymisation::Why;
use crate::{ServiceError, ServiceResult, Services};
use time::Date;

/// Months after exit that personal data is kept when nothing else is set.
pub const DEFAULT_MONTHS: u32 = 36;

/// One participation whose retention period has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expired {
    /// The participation.
    pub id: i64,
    /// Its intervention's code.
    pub intervention: String,
    /// Its exit day.
    pub exit_on: Date,
}

/// The last exit day whose personal data may still be kept on `today`.
pub fn cutoff(today: Date, months: u32) -> Date {
    samverka_domain::journey::dates::sub_months(today, months)
}

impl Services {
    /// The participations exited before the retention cutoff that still hold
    /// personal data, oldest exit first.
    pub async fn retention_due(&self, months: u32) -> ServiceResult<Vec<Expired>> {
        let last_kept = cutoff(self.clock.today(), months);
        let due = self
            .store
            .exited_not_anonymised(last_kept)
            .await?
            .into_iter()
            .map(|(id, intervention, exit_on)| Expired {
                id,
                intervention,
                exit_on,
            })
            .collect();
        Ok(due)
    }

    /// Makes every participation past retention anonymous; returns them. Only the
    /// command line and the server's own job may run it.
    pub async fn run_retention(&self, caller: &Caller, months: u32) -> ServiceResult<Vec<Expired>> {
        if !matches!(caller, Caller::Cli(_)) {
            return Err(ServiceError::Forbidden);
        }
        let due = self.retention_due(months).await?;
        for e in &due {
            if let Some(p) = self.store.participation(e.id).await? {
                self.anonymise(caller, p, Why::Retention).await?;
            }
        }
        if !due.is_empty() {
            self.store.purge_freed().await?;
        }
        Ok(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_cutoff_counts_whole_months_back() {
        assert_eq!(cutoff(date!(2026 - 11 - 30), 36), date!(2023 - 11 - 30));
        assert_eq!(cutoff(date!(2026 - 03 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(cutoff(date!(2026 - 01 - 15), 13), date!(2024 - 12 - 15));
    }
}
