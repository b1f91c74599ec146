//! The access log: a hash chain appended inside the caller's write transaction.

/// `AuditRepo` and the chain's `append`; expanded by
/// [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_audit {
    () => {
        mod audit {
            use super::*;
            use $crate::__private::samverka_domain::audit::{Actor, AuditDraft, AuditEntry};
            use $crate::__private::samverka_domain::clock::{from_millis, to_millis};
            use $crate::__private::samverka_store::{AuditFilter, AuditRepo, StoreResult};
            use $crate::__private::sqlx::{self, QueryBuilder};
            use $crate::{AUDIT_COLUMNS, ChainLink, db_err};

            /// Appends one entry within an open write transaction. The backend's
            /// `lock_audit_chain` runs first, so the chain's last hash cannot change
            /// before the transaction ends.
            pub(super) async fn append(
                conn: &mut DbConnection,
                draft: &AuditDraft,
            ) -> StoreResult<AuditEntry> {
                dialect::lock_audit_chain(&mut *conn).await?;
                let last: Option<(i64, String)> =
                    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(db_err)?;
                let link = ChainLink::after(last, draft);
                sqlx::query(&dialect::sql(&format!(
                    "INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES ({})",
                    $crate::placeholder_list(12)
                )))
                .bind(link.seq)
                .bind(to_millis(draft.at))
                .bind(draft.actor.user_id)
                .bind(&draft.actor.name)
                .bind(&link.event_code)
                .bind(&draft.target_kind)
                .bind(&draft.target_id)
                .bind(draft.participation_id)
                .bind(&draft.reason)
                .bind(&draft.details)
                .bind(&link.prev_hash)
                .bind(&link.hash)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
                Ok(AuditEntry {
                    seq: link.seq,
                    draft: draft.clone(),
                    event_code: link.event_code,
                    prev_hash: link.prev_hash,
                    hash: link.hash,
                })
            }

            /// Appends several entries within an open write transaction: the chain's
            /// last hash read once, the links made in order, the rows inserted many
            /// per statement.
            pub(super) async fn append_many(
                conn: &mut DbConnection,
                drafts: &[AuditDraft],
            ) -> StoreResult<()> {
                dialect::lock_audit_chain(&mut *conn).await?;
                let mut last: Option<(i64, String)> =
                    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(db_err)?;
                for chunk in drafts.chunks(100) {
                    let one = format!("({})", $crate::placeholder_list(12));
                    let sql = dialect::sql(&format!(
                        "INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES {}",
                        vec![one.as_str(); chunk.len()].join(", ")
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    for draft in chunk {
                        let link = ChainLink::after(last.take(), draft);
                        q = q
                            .bind(link.seq)
                            .bind(to_millis(draft.at))
                            .bind(draft.actor.user_id)
                            .bind(draft.actor.name.clone())
                            .bind(link.event_code.clone())
                            .bind(draft.target_kind.clone())
                            .bind(draft.target_id.clone())
                            .bind(draft.participation_id)
                            .bind(draft.reason.clone())
                            .bind(draft.details.clone())
                            .bind(link.prev_hash.clone())
                            .bind(link.hash.clone());
                        last = Some((link.seq, link.hash));
                    }
                    q.execute(&mut *conn).await.map_err(db_err)?;
                }
                Ok(())
            }

            fn entry_from_row(row: &DbRow) -> Result<AuditEntry, sqlx::Error> {
                let event_code: String = row.try_get("event")?;
                Ok(AuditEntry {
                    seq: row.try_get("seq")?,
                    draft: AuditDraft {
                        at: from_millis(row.try_get("at")?),
                        actor: Actor {
                            user_id: row.try_get("actor_user_id")?,
                            name: row.try_get("actor_name")?,
                        },
                        event: $crate::event_from_code(&event_code),
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

            #[$crate::__private::async_trait]
            impl AuditRepo for Store {
                async fn append_audit(&self, draft: &AuditDraft) -> StoreResult<AuditEntry> {
                    let mut tx = self.write_tx().await?;
                    let entry = append(&mut tx, draft).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(entry)
                }

                async fn append_audits(&self, drafts: &[AuditDraft]) -> StoreResult<()> {
                    if drafts.is_empty() {
                        return Ok(());
                    }
                    let mut tx = self.write_tx().await?;
                    append_many(&mut tx, drafts).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn audit_page(
                    &self,
                    after_seq: i64,
                    limit: i64,
                ) -> StoreResult<Vec<AuditEntry>> {
                    let rows = sqlx::query(&dialect::sql(&format!(
                        "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"
                    )))
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
                    let mut q = QueryBuilder::<Db>::new(format!(
                        "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE 1 = 1"
                    ));
                    if let Some(v) = filter.actor_user_id {
                        q.push(" AND actor_user_id = ").push_bind(v);
                    }
                    if let Some(v) = filter.participation_id {
                        q.push(" AND participation_id = ").push_bind(v);
                    }
                    if let Some(v) = &filter.event_code {
                        q.push(" AND event = ").push_bind(v.clone());
                    }
                    if let Some(v) = &filter.intervention {
                        q.push(
                            " AND participation_id IN (SELECT p.id FROM participations p \
                             JOIN interventions i ON i.id = p.intervention_id WHERE i.code = ",
                        )
                        .push_bind(v.clone())
                        .push(")");
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
        }
    };
}
