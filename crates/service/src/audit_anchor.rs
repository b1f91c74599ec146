//! Anchoring the access log (finding M7): signed checkpoints of its head, written to
//! the database and to a checkpoint file, and the chain verified against them, so a
//! log that was emptied, cut at the end or rebuilt is found.

use crate::audit_chain::ChainReport;
use crate::checkpoint_file::CheckpointFile;
use crate::{ServiceResult, Services};
use samverka_domain::audit_checkpoint::{AnchorBreak, AuditHead, Checkpoint, check_against};
use samverka_domain::installation_key::InstallationKey;
use std::collections::{HashMap, HashSet};

/// What writing a checkpoint did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchoring {
    /// No key is configured: nothing can be signed.
    NoKey,
    /// The log has not moved since this checkpoint: nothing written.
    Unchanged(Checkpoint),
    /// A new checkpoint was signed and written.
    Written(Checkpoint),
    /// The log no longer extends an earlier checkpoint, so none is signed: signing
    /// now would hide that entries were removed.
    Refused(AnchorBreak),
}

/// The outcome of verifying the log against its checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchoredReport {
    /// The chain itself, entry by entry.
    pub chain: ChainReport,
    /// The chain against the signed checkpoints.
    pub anchor: AnchorState,
}

/// How the log stands against its checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorState {
    /// No key is configured; `stored` checkpoints are in the database all the same.
    NoKey {
        /// Checkpoints in the database's table.
        stored: usize,
    },
    /// A key is configured but the source holds no checkpoint.
    NoCheckpoint,
    /// Every checkpoint holds.
    Held {
        /// The checkpoint that certifies the most entries.
        latest: Checkpoint,
        /// How many checkpoints were checked.
        checked: usize,
        /// Entries written after the latest checkpoint (not yet anchored).
        after: i64,
    },
    /// The log does not match a checkpoint.
    Broken(AnchorBreak),
    /// The chain itself is broken, so it was not compared with the checkpoints
    /// (their signatures were checked and hold).
    NotChecked,
}

impl Services {
    /// Signs the log's head and writes it to the table and to `file`, unless the log
    /// has not moved. The head must extend every earlier checkpoint known here (the
    /// table's latest, the file's last and `remembered`, the last one this process
    /// wrote); when it does not, nothing is signed.
    pub async fn write_checkpoint(
        &self,
        file: Option<&CheckpointFile>,
        remembered: Option<&Checkpoint>,
    ) -> ServiceResult<Anchoring> {
        let Some(key) = self.audit_key.clone() else {
            return Ok(Anchoring::NoKey);
        };
        let head = self.store.audit_head().await?;
        let in_table = self.store.latest_checkpoint().await?;
        let in_file = match file {
            Some(f) => f.last()?,
            None => None,
        };
        let known = [in_table.as_ref(), in_file.as_ref(), remembered];
        for earlier in known.into_iter().flatten() {
            if let Err(at) = self.extends(&key, earlier, &head).await? {
                return Ok(Anchoring::Refused(at));
            }
        }
        let current = |c: &Option<Checkpoint>| c.as_ref().is_some_and(|c| c.head == head);
        if current(&in_table) && (file.is_none() || current(&in_file)) {
            return Ok(Anchoring::Unchanged(in_table.expect("checked above")));
        }
        let checkpoint = Checkpoint::sign(&key, head, self.clock.now());
        self.store.save_checkpoint(&checkpoint).await?;
        if let Some(f) = file {
            f.append(&checkpoint)?;
        }
        Ok(Anchoring::Written(checkpoint))
    }

    /// Whether `head` extends `earlier`: its signature is the key's, the log holds at
    /// least as many entries, and the entry it ended at still has its hash.
    async fn extends(
        &self,
        key: &InstallationKey,
        earlier: &Checkpoint,
        head: &AuditHead,
    ) -> ServiceResult<Result<(), AnchorBreak>> {
        if !earlier.is_signed_by(key) {
            return Ok(Err(AnchorBreak::Signature {
                checkpoint: earlier.clone(),
            }));
        }
        let seq = earlier.head.last_seq;
        let hash_at = if seq > 0 {
            self.store
                .audit_page(seq - 1, 1)
                .await?
                .into_iter()
                .find(|e| e.seq == seq)
                .map(|e| e.hash)
        } else {
            None
        };
        Ok(check_against(earlier, head.entries, hash_at.as_deref()))
    }

    /// Verifies the chain entry by entry and then against every signed checkpoint in
    /// `file`, or in the database's table when no file is given.
    pub async fn verify_anchored(
        &self,
        file: Option<&CheckpointFile>,
    ) -> ServiceResult<AnchoredReport> {
        let Some(key) = self.audit_key.clone() else {
            let stored = self.store.checkpoints().await?.len();
            return Ok(AnchoredReport {
                chain: self.verify_audit_chain().await?,
                anchor: AnchorState::NoKey { stored },
            });
        };
        let checkpoints = match file {
            Some(f) => f.read_all()?,
            None => self.store.checkpoints().await?,
        };
        let wanted: HashSet<i64> = checkpoints.iter().map(|c| c.head.last_seq).collect();
        let (chain, hashes) = self.walk_audit_chain(&wanted).await?;
        let anchor = match (&chain, checkpoints.is_empty()) {
            (_, true) => AnchorState::NoCheckpoint,
            (&ChainReport::Intact { entries }, false) => {
                judge(&key, checkpoints, entries as i64, &hashes)
            }
            (ChainReport::Broken { .. }, false) => match first_forged(&key, &checkpoints) {
                Some(b) => AnchorState::Broken(b),
                None => AnchorState::NotChecked,
            },
        };
        Ok(AnchoredReport { chain, anchor })
    }
}

/// The first checkpoint whose signature is not the key's.
fn first_forged(key: &InstallationKey, checkpoints: &[Checkpoint]) -> Option<AnchorBreak> {
    checkpoints
        .iter()
        .find(|c| !c.is_signed_by(key))
        .map(|c| AnchorBreak::Signature {
            checkpoint: c.clone(),
        })
}

/// An intact chain of `entries` entries against its checkpoints, earliest first, so
/// that a rebuilt chain is named by the first checkpoint it no longer matches.
fn judge(
    key: &InstallationKey,
    mut checkpoints: Vec<Checkpoint>,
    entries: i64,
    hashes: &HashMap<i64, String>,
) -> AnchorState {
    if let Some(b) = first_forged(key, &checkpoints) {
        return AnchorState::Broken(b);
    }
    checkpoints.sort_by_key(|c| (c.head.last_seq, c.at));
    for c in &checkpoints {
        let hash = hashes.get(&c.head.last_seq).map(String::as_str);
        if let Err(b) = check_against(c, entries, hash) {
            return AnchorState::Broken(b);
        }
    }
    let latest = checkpoints.pop().expect("at least one checkpoint");
    AnchorState::Held {
        after: entries - latest.head.last_seq,
        latest,
        checked: checkpoints.len() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::FixedClock;
    use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
    use samverka_store_sqlite::SqliteStore;
    use std::sync::Arc;

    async fn services(dir: &std::path::Path) -> Services {
        let url = format!("sqlite://{}", dir.join("a.db").display());
        let store = Arc::new(SqliteStore::connect(&url).await.unwrap());
        let clock = Arc::new(FixedClock::new(
            time::macros::datetime!(2026-11-22 08:00 UTC),
        ));
        let key = InstallationKey::from_text("tjänstetestets nyckel som är lång nog").unwrap();
        Services::new(store, clock).with_audit_key(Some(Arc::new(key)))
    }

    async fn append(s: &Services, n: usize) {
        let at = s.clock.now();
        let drafts: Vec<_> = (0..n)
            .map(|i| AuditDraft::new(at, Actor::system(), AuditEvent::UserCreated, "user", i))
            .collect();
        s.store.append_audits(&drafts).await.unwrap();
    }

    #[tokio::test]
    async fn checkpoints_are_written_when_the_log_moves_and_verified() {
        let dir = tempfile::tempdir().unwrap();
        let s = services(dir.path()).await;
        let file = CheckpointFile::new(dir.path().join("kp.log"));
        assert!(matches!(
            s.write_checkpoint(Some(&file), None).await.unwrap(),
            Anchoring::Written(c) if c.head.entries == 0
        ));
        append(&s, 4).await;
        let Anchoring::Written(cp) = s.write_checkpoint(Some(&file), None).await.unwrap() else {
            panic!("written")
        };
        assert_eq!(cp.head.entries, 4);
        assert_eq!(
            s.write_checkpoint(Some(&file), Some(&cp)).await.unwrap(),
            Anchoring::Unchanged(cp.clone())
        );
        append(&s, 2).await;
        let report = s.verify_anchored(Some(&file)).await.unwrap();
        assert_eq!(report.chain, ChainReport::Intact { entries: 6 });
        assert_eq!(
            report.anchor,
            AnchorState::Held {
                latest: cp,
                checked: 2,
                after: 2
            }
        );
    }

    #[tokio::test]
    async fn no_checkpoint_is_signed_over_a_cut_log() {
        let dir = tempfile::tempdir().unwrap();
        let s = services(dir.path()).await;
        append(&s, 5).await;
        let Anchoring::Written(cp) = s.write_checkpoint(None, None).await.unwrap() else {
            panic!("written")
        };
        s.store
            .run_sql("DELETE FROM audit_log WHERE seq > 3 RETURNING seq")
            .await
            .unwrap();
        s.store
            .run_sql("DELETE FROM audit_checkpoints RETURNING id")
            .await
            .unwrap();
        assert!(matches!(
            s.write_checkpoint(None, Some(&cp)).await.unwrap(),
            Anchoring::Refused(AnchorBreak::Shorter { entries: 3, .. })
        ));
        assert_eq!(s.store.checkpoints().await.unwrap(), vec![]);
    }
}
