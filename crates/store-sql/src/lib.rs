//! The SQL repositories of Samverka, written once for every sqlx backend.
//!
//! SQLite and PostgreSQL run the same queries; only a handful of things differ
//! (the concrete sqlx types, placeholder syntax, how the access-log chain is
//! serialised, DATE columns, backups, identity sequences after a copy). Each
//! backend crate therefore keeps its connection code, its migrations and a tiny
//! `dialect` module with one hook per real difference, and invokes
//! [`sql_repositories!`] once to get every repository trait implemented.
//!
//! A macro rather than generic functions over [`sqlx::Database`]: generic code
//! needs a higher-ranked `Executor` bound for every connection use plus an
//! `Encode + Decode + Type` bound for every column type, and those bounds cannot
//! be bundled into a helper trait (Rust only elaborates supertraits, not
//! `where` clauses on associated types), so they would be repeated on every
//! function. The macro is expanded with the concrete types instead; everything
//! that does not touch sqlx types lives here as ordinary, once-compiled code.
//!
//! All SQL in the macro is written with `?` placeholders and passed through the
//! backend's `dialect::sql`, which is the identity on SQLite and rewrites to
//! `$1..$n` on PostgreSQL (see [`numbered_placeholders`]).

mod errors;
mod macros;
mod placeholders;
mod write_tx;

pub use errors::{conflict_on, db_err};
pub use placeholders::numbered_placeholders;
pub use write_tx::WriteTx;

use samverka_domain::audit::{AuditDraft, AuditEvent, GENESIS_HASH, entry_hash};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_store::{StoreError, StoreResult};

/// What the macro's expansion needs from other crates, reached through `$crate`
/// so that backend crates need not name them. Not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use async_trait::async_trait;
    pub use futures_util;
    pub use samverka_domain;
    pub use samverka_store;
    pub use serde;
    pub use serde_json;
    pub use sqlx;
    pub use time;
}

/// One value of a row packed as JSON by the database, as text: a string's
/// contents (unescaped only when it has escapes), a number's digits, or empty for
/// `null`.
pub fn json_field(raw: &serde_json::value::RawValue) -> Result<std::borrow::Cow<'_, str>, String> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') if !text.contains('\\') => {
            Ok(std::borrow::Cow::Borrowed(&text[1..text.len() - 1]))
        }
        Some(b'"') => serde_json::from_str::<String>(text)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| e.to_string()),
        _ if text == "null" => Ok(std::borrow::Cow::Borrowed("")),
        _ => Ok(std::borrow::Cow::Borrowed(text)),
    }
}

#[cfg(test)]
mod json_field_tests {
    use super::json_field;

    #[test]
    fn packed_json_values_read_as_text() {
        let row: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(r#"[12, "NK", null, "Arbetsförmedlingen \"Umeå\"\u001e", 75.0]"#)
                .unwrap();
        let texts: Vec<String> = row
            .iter()
            .map(|v| json_field(v).unwrap().into_owned())
            .collect();
        assert_eq!(
            texts,
            ["12", "NK", "", "Arbetsförmedlingen \"Umeå\"\u{1e}", "75.0"]
        );
    }
}

/// Columns of `users`, in the order the row mapping reads them.
pub const USER_COLUMNS: &str =
    "id, username, display_name, password_hash, disabled, totp_secret, totp_last_step, created_at";

/// Columns of `sessions`, in the order the row mapping reads them.
pub const SESSION_COLUMNS: &str =
    "id, token_hash, user_id, created_at, last_seen_at, second_factor_done, client";

/// Columns of `audit_log`, in insertion order.
pub const AUDIT_COLUMNS: &str = "seq, at, actor_user_id, actor_name, event, target_kind, target_id, participation_id, reason, details, prev_hash, hash";

/// Columns of an intervention joined with its provider (`i` and `p`).
pub const INTERVENTION_COLUMNS: &str =
    "i.id, i.code, i.name, i.description, p.code AS provider, i.orientation, i.follow_up,
    i.template, i.start_date, i.end_date, i.target_groups, i.esf_funded, i.planned_places,
    i.planned_participants_per_year, i.caseload_min, i.caseload_max, i.steering_group";

/// The audit drafts of a journey write, completed with the saved row's id: an empty
/// `target_id` becomes `id`, and a missing `participation_id` becomes `participation`.
pub fn complete_drafts(
    drafts: &[AuditDraft],
    id: i64,
    participation: Option<i64>,
) -> Vec<AuditDraft> {
    drafts
        .iter()
        .cloned()
        .map(|mut d| {
            if d.target_id.is_empty() {
                d.target_id = id.to_string();
            }
            if d.participation_id.is_none() {
                d.participation_id = participation;
            }
            d
        })
        .collect()
}

/// The SQL that inserts (`id == 0`) or updates one row of `table` and returns its id.
/// Bind `cols` in order, then, for an update, the id.
pub fn upsert_sql(table: &str, cols: &[&str], id: i64) -> String {
    if id == 0 {
        format!(
            "INSERT INTO {table} ({}) VALUES ({}) RETURNING id",
            cols.join(", "),
            in_list(cols.len())
        )
    } else {
        let sets: Vec<String> = cols.iter().map(|c| format!("{c} = ?")).collect();
        format!(
            "UPDATE {table} SET {} WHERE id = ? RETURNING id",
            sets.join(", ")
        )
    }
}

/// `?, ?, …` for an IN list of `n` values (at least one, so the SQL stays valid).
pub fn in_list(n: usize) -> String {
    vec!["?"; n.max(1)].join(", ")
}

/// An UPDATE of one account or session must touch exactly one row, else it does not exist.
pub fn expect_one(rows_affected: u64) -> StoreResult<()> {
    if rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Turns `(role, scope_kind, scope_code)` rows into role assignments.
pub fn roles_from_rows(rows: Vec<(String, String, String)>) -> StoreResult<Vec<RoleAssignment>> {
    rows.into_iter()
        .map(|(role, kind, code)| {
            let scope = Scope::from_parts(&kind, &code).map_err(StoreError::Rule)?;
            Ok(RoleAssignment {
                role: Role::parse(&role).map_err(StoreError::Rule)?,
                scope,
            })
        })
        .collect()
}

/// The event stored under `code`; codes this version does not know read as
/// [`AuditEvent::AuditLogRead`] so an old program can still show a newer log.
pub fn event_from_code(code: &str) -> AuditEvent {
    AuditEvent::parse(code).unwrap_or(AuditEvent::AuditLogRead)
}

/// The next link of the access-log chain after `last` (`(seq, hash)` of the newest entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    /// Sequence number of the new entry.
    pub seq: i64,
    /// The event's stored code.
    pub event_code: String,
    /// Hash of the previous entry (or the genesis hash).
    pub prev_hash: String,
    /// Hash of the new entry.
    pub hash: String,
}

impl ChainLink {
    /// Computes the link that appends `draft` after `last`.
    pub fn after(last: Option<(i64, String)>, draft: &AuditDraft) -> Self {
        let (seq, prev_hash) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS_HASH.to_string()),
        };
        let event_code = draft.event.code().to_string();
        let hash = entry_hash(seq, draft, &event_code, &prev_hash);
        Self {
            seq,
            event_code,
            prev_hash,
            hash,
        }
    }
}

/// `n` comma-separated `?` placeholders.
pub fn placeholder_list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// A field of a row packed as text, with free text's escapes undone: a backslash
/// followed by `R` or `U` is U+001E or U+001F, followed by anything else is that
/// character (other fields never hold a backslash).
pub fn unescape_packed(field: &str) -> std::borrow::Cow<'_, str> {
    if !field.contains('\\') {
        return std::borrow::Cow::Borrowed(field);
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('R') => out.push('\u{1e}'),
            Some('U') => out.push('\u{1f}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod unescape_tests {
    use super::unescape_packed;

    #[test]
    fn escaped_text_fields_read_back_exactly() {
        assert_eq!(unescape_packed("Umeå"), "Umeå");
        assert_eq!(unescape_packed(r"a\\b\Rc\U"), "a\\b\u{1e}c\u{1f}");
    }
}
