//! Sessions.

/// `SessionRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_sessions {
    () => {
        mod sessions {
            use super::audit::append;
            use super::*;
            use $crate::__private::samverka_domain::UserId;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::clock::{from_millis, to_millis};
            use $crate::__private::samverka_store::{
                NewSession, Session, SessionRepo, StoreResult,
            };
            use $crate::__private::sqlx;
            use $crate::__private::time::OffsetDateTime;
            use $crate::{SESSION_COLUMNS, db_err, expect_one};

            fn session_from_row(row: &DbRow) -> Result<Session, sqlx::Error> {
                Ok(Session {
                    id: row.try_get("id")?,
                    token_hash: row.try_get("token_hash")?,
                    user_id: UserId(row.try_get("user_id")?),
                    created_at: from_millis(row.try_get("created_at")?),
                    last_seen_at: from_millis(row.try_get("last_seen_at")?),
                    second_factor_done: row.try_get("second_factor_done")?,
                    client: row.try_get("client")?,
                })
            }

            #[$crate::__private::async_trait]
            impl SessionRepo for Store {
                async fn create_session(
                    &self,
                    new: &NewSession,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<Session> {
                    let mut tx = self.write_tx().await?;
                    let row = sqlx::query(&dialect::sql(&format!(
                        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, second_factor_done, client)
                         VALUES (?, ?, ?, ?, ?, ?) RETURNING {SESSION_COLUMNS}"
                    )))
                    .bind(&new.token_hash)
                    .bind(new.user_id.0)
                    .bind(to_millis(new.created_at))
                    .bind(to_millis(new.created_at))
                    .bind(new.second_factor_done)
                    .bind(&new.client)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    let session = session_from_row(&row).map_err(db_err)?;
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(session)
                }

                async fn session_by_token(&self, token_hash: &str) -> StoreResult<Option<Session>> {
                    let row = sqlx::query(&dialect::sql(&format!(
                        "SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = ?"
                    )))
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    row.as_ref()
                        .map(session_from_row)
                        .transpose()
                        .map_err(db_err)
                }

                async fn touch_session(&self, id: i64, at: OffsetDateTime) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql("UPDATE sessions SET last_seen_at = ? WHERE id = ?"))
                        .bind(to_millis(at))
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)
                }

                async fn complete_second_factor(
                    &self,
                    id: i64,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE sessions SET second_factor_done = ? WHERE id = ?",
                    ))
                    .bind(true)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    expect_one(done.rows_affected())?;
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>> {
                    let rows = sqlx::query(&dialect::sql(&format!(
                        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ? ORDER BY created_at DESC, id DESC"
                    )))
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(session_from_row)
                        .collect::<Result<_, _>>()
                        .map_err(db_err)
                }

                async fn end_session(
                    &self,
                    user: UserId,
                    id: i64,
                    audit_draft: Option<&AuditDraft>,
                ) -> StoreResult<bool> {
                    let mut tx = self.write_tx().await?;
                    let done =
                        sqlx::query(&dialect::sql("DELETE FROM sessions WHERE id = ? AND user_id = ?"))
                            .bind(id)
                            .bind(user.0)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    if done.rows_affected() == 0 {
                        return Ok(false);
                    }
                    if let Some(d) = audit_draft {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)?;
                    Ok(true)
                }

                async fn delete_expired_sessions(
                    &self,
                    idle_before: OffsetDateTime,
                    created_before: OffsetDateTime,
                ) -> StoreResult<u64> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                    ))
                    .bind(to_millis(idle_before))
                    .bind(to_millis(created_before))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(done.rows_affected())
                }
            }
        }
    };
}
