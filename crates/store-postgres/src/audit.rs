//! The access log on PostgreSQL. Appends take a transaction-scoped advisory lock,
//! so the chain's last hash cannot change under them.

use crate::{PgStore, db_err};
use async_trait::async_trait;
use samverka_domain::audit::{Actor, AuditDraft, AuditEntry, GENESIS_HASH, entry_hash};
use samverka_domain::clock::{from_millis, to_millis};
use samverka_store::{AuditFilter, AuditRepo, StoreResult};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};

const COLUMNS: &str = "seq, at, actor_user_id, actor_name, event, target_kind, target_id, participation_id, reason, details, prev_hash, hash";

/// Key of the transaction-scoped advisory lock that serialises appends to the chain.
const CHAIN_LOCK: i64 = 0x0053_414D_5645_524B; // "SAMVERKA"

/// Appends one entry within an open transaction, holding the chain lock until it ends.
pub(crate) async fn append(conn: &mut PgConnection, draft: &AuditDraft) -> StoreResult<AuditEntry> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CHAIN_LOCK)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let event_code = draft.event.code().to_string();
    let hash = entry_hash(seq, draft, &event_code, &prev_hash);
    sqlx::query(&format!("INSERT INTO audit_log ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
        .bind(seq)
        .bind(to_millis(draft.at))
        .bind(draft.actor.user_id)
        .bind(&draft.actor.name)
        .bind(&event_code)
        .bind(&draft.target_kind)
        .bind(&draft.target_id)
        .bind(draft.participation_id)
        .bind(&draft.reason)
        .bind(&draft.details)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(AuditEntry {
        seq,
        draft: draft.clone(),
        event_code,
        prev_hash,
        hash,
    })
}

fn entry_from_row(row: &PgRow) -> Result<AuditEntry, sqlx::Error> {
    let event_code: String = row.try_get("event")?;
    let event = samverka_domain::audit::AuditEvent::parse(&event_code)
        .unwrap_or(samverka_domain::audit::AuditEvent::AuditLogRead);
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        draft: AuditDraft {
            at: from_millis(row.try_get("at")?),
            actor: Actor {
                user_id: row.try_get("actor_user_id")?,
                name: row.try_get("actor_name")?,
            },
            event,
            target_kind: row.try_get("target_kind")?,
            target_id: row.try_get("target_id")?,
            participation_id: row.try_get("participation_id")?,
            reason: row.try_get("reason")?,
            details: row.try_get("details")?,
        },
        event_code,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

#[async_trait]
impl AuditRepo for PgStore {
    async fn append_audit(&self, draft: &AuditDraft) -> StoreResult<AuditEntry> {
        let mut tx = self.write_tx().await?;
        let entry = append(&mut tx, draft).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(entry)
    }

    async fn audit_page(&self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter()
            .map(entry_from_row)
            .collect::<Result<_, _>>()
            .map_err(db_err)
    }

    async fn search_audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let mut q =
            QueryBuilder::<Postgres>::new(format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
        if let Some(v) = filter.actor_user_id {
            q.push(" AND actor_user_id = ").push_bind(v);
        }
        if let Some(v) = filter.participation_id {
            q.push(" AND participation_id = ").push_bind(v);
        }
        if let Some(v) = &filter.event_code {
            q.push(" AND event = ").push_bind(v.clone());
        }
        if let Some(v) = filter.from {
            q.push(" AND at >= ").push_bind(to_millis(v));
        }
        if let Some(v) = filter.until {
            q.push(" AND at < ").push_bind(to_millis(v));
        }
        if let Some(v) = filter.before_seq {
            q.push(" AND seq < ").push_bind(v);
        }
        q.push(" ORDER BY seq DESC LIMIT ").push_bind(filter.limit);
        let rows = q.build().fetch_all(&self.pool).await.map_err(db_err)?;
        rows.iter()
            .map(entry_from_row)
            .collect::<Result<_, _>>()
            .map_err(db_err)
    }
}
