//! Signed checkpoints of the access log: at an instant, the log held this many
//! entries and its chain ended in this hash. A log that was emptied, cut at the end
//! or rebuilt no longer matches a checkpoint signed before, and without the key kept
//! outside the database nobody can sign a new one that hides it.

use crate::audit::GENESIS_HASH;
use crate::clock::{from_millis, to_millis};
use crate::installation_key::InstallationKey;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The first word of a checkpoint line, so a line in syslog is easy to find.
pub const LINE_TAG: &str = "samverka-kontrollpunkt";

/// Where the log ended at an instant: what a checkpoint certifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    /// How many entries the log held.
    pub entries: i64,
    /// The sequence number of the last entry (0 for an empty log).
    pub last_seq: i64,
    /// The hash of the last entry ([`GENESIS_HASH`] for an empty log).
    pub hash: String,
}

impl AuditHead {
    /// The head of an empty log.
    pub fn empty() -> Self {
        Self {
            entries: 0,
            last_seq: 0,
            hash: GENESIS_HASH.into(),
        }
    }
}

/// A signed statement about the log's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// When it was made (whole milliseconds).
    pub at: OffsetDateTime,
    /// The head it certifies.
    pub head: AuditHead,
    /// The id of the key that signed it.
    pub key_id: String,
    /// Hex HMAC-SHA256 over the fields above.
    pub signature: String,
}

impl Checkpoint {
    /// Signs `head` as it was at `at`.
    pub fn sign(key: &InstallationKey, head: AuditHead, at: OffsetDateTime) -> Self {
        let at = from_millis(to_millis(at));
        let key_id = key.id().to_string();
        let signature = key.sign(&message(&head, at, &key_id));
        Self {
            at,
            head,
            key_id,
            signature,
        }
    }

    /// True when the signature is `key`'s over these fields.
    pub fn is_signed_by(&self, key: &InstallationKey) -> bool {
        self.key_id == key.id()
            && key.verify(&message(&self.head, self.at, &self.key_id), &self.signature)
    }

    /// One line for the checkpoint file or syslog.
    pub fn to_line(&self) -> String {
        format!(
            "{LINE_TAG} v1 at={} entries={} last_seq={} head={} key={} sig={}",
            self.at.format(&Rfc3339).unwrap_or_default(),
            self.head.entries,
            self.head.last_seq,
            self.head.hash,
            self.key_id,
            self.signature
        )
    }

    /// Reads a line written by [`to_line`](Self::to_line); text before the tag (a
    /// syslog prefix) is skipped. `None` if it is not such a line.
    pub fn parse_line(line: &str) -> Option<Self> {
        let rest = &line[line.find(LINE_TAG)? + LINE_TAG.len()..];
        let mut words = rest.split_whitespace();
        if words.next()? != "v1" {
            return None;
        }
        let mut field = |name: &str| {
            let word = words.next()?;
            word.strip_prefix(name)?
                .strip_prefix('=')
                .map(str::to_string)
        };
        let at = OffsetDateTime::parse(&field("at")?, &Rfc3339).ok()?;
        let entries = field("entries")?.parse().ok()?;
        let last_seq = field("last_seq")?.parse().ok()?;
        let hash = field("head")?;
        let key_id = field("key")?;
        let signature = field("sig")?;
        Some(Self {
            at,
            head: AuditHead {
                entries,
                last_seq,
                hash,
            },
            key_id,
            signature,
        })
    }
}

/// The signed bytes: each field length-prefixed, so no two checkpoints share them.
fn message(head: &AuditHead, at: OffsetDateTime, key_id: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut field = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        out.extend_from_slice(bytes);
    };
    field(b"samverka-checkpoint-v1");
    field(&head.entries.to_be_bytes());
    field(&head.last_seq.to_be_bytes());
    field(head.hash.as_bytes());
    field(&to_millis(at).to_be_bytes());
    field(key_id.as_bytes());
    out
}

/// Why the log does not match a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorBreak {
    /// The checkpoint's signature is not the key's: forged, changed, or signed with
    /// another key (`key_id` then differs from the configured key's).
    Signature {
        /// The checkpoint.
        checkpoint: Checkpoint,
    },
    /// The log holds fewer entries than the checkpoint certifies: entries at the end
    /// were removed, or the whole log was emptied.
    Shorter {
        /// Entries in the log now.
        entries: i64,
        /// The checkpoint.
        checkpoint: Checkpoint,
    },
    /// The entry the checkpoint ends at has another hash: the chain was rebuilt.
    Rebuilt {
        /// The checkpoint.
        checkpoint: Checkpoint,
    },
}

/// Checks the log against one checkpoint, after the chain itself was found whole:
/// `entries` is how many entries the log holds, and `hash_at` the hash of the entry
/// at the checkpoint's `last_seq` (`None` when there is none).
pub fn check_against(
    checkpoint: &Checkpoint,
    entries: i64,
    hash_at: Option<&str>,
) -> Result<(), AnchorBreak> {
    let head = &checkpoint.head;
    if entries < head.entries || entries < head.last_seq {
        return Err(AnchorBreak::Shorter {
            entries,
            checkpoint: checkpoint.clone(),
        });
    }
    let matches = if head.last_seq == 0 {
        head.hash == GENESIS_HASH
    } else {
        hash_at == Some(head.hash.as_str())
    };
    if !matches {
        return Err(AnchorBreak::Rebuilt {
            checkpoint: checkpoint.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> InstallationKey {
        InstallationKey::from_text("en nyckel som är lång nog för att duga i test").unwrap()
    }

    fn head(n: i64) -> AuditHead {
        AuditHead {
            entries: n,
            last_seq: n,
            hash: format!("{n:064x}"),
        }
    }

    fn at() -> OffsetDateTime {
        time::macros::datetime!(2026-11-22 08:05:00.123456 UTC)
    }

    #[test]
    fn a_checkpoint_is_signed_and_survives_its_line() {
        let cp = Checkpoint::sign(&key(), head(12), at());
        assert_eq!(cp.at, time::macros::datetime!(2026-11-22 08:05:00.123 UTC));
        assert!(cp.is_signed_by(&key()));
        let line = cp.to_line();
        assert!(
            line.starts_with(
                "samverka-kontrollpunkt v1 at=2026-11-22T08:05:00.123Z entries=12 last_seq=12 head="
            ),
            "{line}"
        );
        let back =
            Checkpoint::parse_line(&format!("Nov 22 09:05:00 host samverka[12]: {line}")).unwrap();
        assert_eq!(back, cp);
        assert!(back.is_signed_by(&key()));
        assert_eq!(
            Checkpoint::parse_line("samverka-kontrollpunkt v2 at=x"),
            None
        );
        assert_eq!(Checkpoint::parse_line("något annat"), None);
    }

    #[test]
    fn a_changed_field_or_another_key_breaks_the_signature() {
        let cp = Checkpoint::sign(&key(), head(12), at());
        let mut fewer = cp.clone();
        fewer.head.entries = 7;
        assert!(!fewer.is_signed_by(&key()));
        let mut later = cp.clone();
        later.at += time::Duration::milliseconds(1);
        assert!(!later.is_signed_by(&key()));
        let other =
            InstallationKey::from_text("en annan nyckel som också är lång nog här").unwrap();
        assert!(!cp.is_signed_by(&other));
    }

    #[test]
    fn the_log_is_checked_against_the_checkpoint() {
        let cp = Checkpoint::sign(&key(), head(12), at());
        let hash = head(12).hash;
        assert_eq!(check_against(&cp, 12, Some(&hash)), Ok(()));
        assert_eq!(
            check_against(&cp, 20, Some(&hash)),
            Ok(()),
            "entries after it are allowed"
        );
        assert!(matches!(
            check_against(&cp, 7, None),
            Err(AnchorBreak::Shorter { entries: 7, .. })
        ));
        assert!(matches!(
            check_against(&cp, 0, None),
            Err(AnchorBreak::Shorter { entries: 0, .. })
        ));
        assert!(matches!(
            check_against(&cp, 12, Some("annan")),
            Err(AnchorBreak::Rebuilt { .. })
        ));
        let empty = Checkpoint::sign(&key(), AuditHead::empty(), at());
        assert_eq!(check_against(&empty, 0, None), Ok(()));
    }
}
