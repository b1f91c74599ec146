//! The report cache: each intervention's tally of the standard report per period,
//! valid while the intervention's figure version (raised by the database in the
//! same transaction as every change to what the figures count) is the one it was
//! counted at.

use crate::StoreResult;
use async_trait::async_trait;
use time::Date;

/// An intervention's figure version and its stored tally, when that is current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedTally {
    /// Intervention code.
    pub intervention: String,
    /// The current figure version.
    pub version: i64,
    /// The tally (JSON) stored for this version and period, if any.
    pub body: Option<String>,
}

/// Reads and stores tallies.
#[async_trait]
pub trait TallyRepo: Send + Sync {
    /// For each of `interventions`: its current version and, if stored at that
    /// version, its tally for `period`. Read the versions before the rows counted.
    async fn tallies(
        &self,
        interventions: &[String],
        period: (Date, Date),
    ) -> StoreResult<Vec<CachedTally>>;
    /// Stores a tally counted at `version` (an older one never replaces a newer).
    async fn save_tally(
        &self,
        intervention: &str,
        period: (Date, Date),
        version: i64,
        body: &str,
    ) -> StoreResult<()>;
}
