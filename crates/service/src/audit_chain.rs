//! Verifying the access log's hash chain from the first entry to the last.

use crate::{ServiceResult, Services};
use samverka_domain::audit::{ChainBreak, ChainVerifier};
use std::collections::{HashMap, HashSet};

/// Entries read per page while verifying.
const PAGE: i64 = 10_000;

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainReport {
    /// Every entry checked out.
    Intact {
        /// How many entries.
        entries: u64,
    },
    /// The first place where the chain does not hold, after `checked` good entries.
    Broken {
        /// Good entries before the break.
        checked: u64,
        /// The break.
        at: ChainBreak,
    },
}

impl Services {
    /// Walks the whole log and reports the first broken link, if any.
    pub async fn verify_audit_chain(&self) -> ServiceResult<ChainReport> {
        Ok(self.walk_audit_chain(&HashSet::new()).await?.0)
    }

    /// Walks the whole log; besides the report, returns the hashes of the entries
    /// numbered in `wanted` that were reached before any break.
    pub async fn walk_audit_chain(
        &self,
        wanted: &HashSet<i64>,
    ) -> ServiceResult<(ChainReport, HashMap<i64, String>)> {
        let mut verifier = ChainVerifier::default();
        let mut hashes = HashMap::new();
        let mut after = 0;
        loop {
            let page = self.store.audit_page(after, PAGE).await?;
            if page.is_empty() {
                let entries = verifier.checked();
                return Ok((ChainReport::Intact { entries }, hashes));
            }
            for entry in &page {
                if let Err(at) = verifier.check(entry) {
                    let checked = verifier.checked();
                    return Ok((ChainReport::Broken { checked, at }, hashes));
                }
                if wanted.contains(&entry.seq) {
                    hashes.insert(entry.seq, entry.hash.clone());
                }
                after = entry.seq;
            }
        }
    }
}
