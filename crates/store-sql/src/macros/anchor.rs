//! The access log's signed checkpoints and the sealing of stored TOTP secrets.

/// `AnchorRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_anchor {
    () => {
        mod anchor {
            use super::*;
            use $crate::__private::samverka_domain::UserId;
            use $crate::__private::samverka_domain::audit_checkpoint::{AuditHead, Checkpoint};
            use $crate::__private::samverka_domain::clock::{from_millis, to_millis};
            use $crate::__private::samverka_store::{AnchorRepo, StoreResult};
            use $crate::__private::sqlx;
            use $crate::db_err;

            const CHECKPOINT_COLUMNS: &str = "at, entries, last_seq, head_hash, key_id, signature";

            fn checkpoint_from_row(row: &DbRow) -> Result<Checkpoint, sqlx::Error> {
                Ok(Checkpoint {
                    at: from_millis(row.try_get("at")?),
                    head: AuditHead {
                        entries: row.try_get("entries")?,
                        last_seq: row.try_get("last_seq")?,
                        hash: row.try_get("head_hash")?,
                    },
                    key_id: row.try_get("key_id")?,
                    signature: row.try_get("signature")?,
                })
            }

            #[$crate::__private::async_trait]
            impl AnchorRepo for Store {
                async fn audit_head(&self) -> StoreResult<AuditHead> {
                    let row: Option<(i64, i64, String)> = sqlx::query_as(
                        "SELECT (SELECT COUNT(*) FROM audit_log), seq, hash \
                         FROM audit_log ORDER BY seq DESC LIMIT 1",
                    )
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    Ok(match row {
                        Some((entries, last_seq, hash)) => AuditHead {
                            entries,
                            last_seq,
                            hash,
                        },
                        None => AuditHead::empty(),
                    })
                }

                async fn save_checkpoint(&self, cp: &Checkpoint) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql(&format!(
                        "INSERT INTO audit_checkpoints ({CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
                    )))
                    .bind(to_millis(cp.at))
                    .bind(cp.head.entries)
                    .bind(cp.head.last_seq)
                    .bind(&cp.head.hash)
                    .bind(&cp.key_id)
                    .bind(&cp.signature)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)
                }

                async fn checkpoints(&self) -> StoreResult<Vec<Checkpoint>> {
                    let rows = sqlx::query(&format!(
                        "SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY id"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(checkpoint_from_row)
                        .collect::<Result<_, _>>()
                        .map_err(db_err)
                }

                async fn latest_checkpoint(&self) -> StoreResult<Option<Checkpoint>> {
                    let row = sqlx::query(&format!(
                        "SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints \
                         ORDER BY last_seq DESC, id DESC LIMIT 1"
                    ))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    row.as_ref()
                        .map(checkpoint_from_row)
                        .transpose()
                        .map_err(db_err)
                }

                async fn reseal_totp_secret(
                    &self,
                    id: UserId,
                    old: &str,
                    new: &str,
                ) -> StoreResult<bool> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?",
                    ))
                    .bind(new)
                    .bind(id.0)
                    .bind(old)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(done.rows_affected() == 1)
                }
            }
        }
    };
}
