//! Verifying the access log's hash chain from the first entry to the last.

use crate::{ServiceResult, Services};
use samverka_domain::audit::{ChainBreak, ChainVerifier};

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
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let page = self.store.audit_page(after, PAGE).await?;
            if page.is_empty() {
                return Ok(ChainReport::Intact {
                    entries: verifier.checked(),
                });
            }
            for entry in &page {
                if let Err(at) = verifier.check(entry) {
                    return Ok(ChainReport::Broken {
                        checked: verifier.checked(),
                        at,
                    });
                }
                after = entry.seq;
            }
        }
    }
}
