//! Anonymisation records and forgetting employer contacts, each change with its
//! access-log entries.

/// `PrivacyRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_privacy {
    () => {
        mod privacy {
            use super::audit::append;
            use super::*;
            use $crate::__private::samverka_domain::access_reason::AccessReason;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::clock::{from_millis, to_millis};
            use $crate::__private::samverka_store::{Anonymisation, PrivacyRepo, StoreResult};
            use $crate::__private::sqlx;
            use $crate::__private::time::Date;
            use $crate::db_err;

            #[$crate::__private::async_trait]
            impl PrivacyRepo for Store {
                async fn mark_anonymised(&self, a: &Anonymisation, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql(
                        "INSERT INTO anonymisations (participation_id, anonymised_on, why) VALUES (?, ?, ?)
                         ON CONFLICT (participation_id) DO NOTHING",
                    ))
                    .bind(a.participation_id)
                    .bind(a.on)
                    .bind(&a.why)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }

                async fn anonymisations(&self) -> StoreResult<Vec<Anonymisation>> {
                    let rows = sqlx::query(&dialect::sql(
                        "SELECT participation_id, anonymised_on, why FROM anonymisations ORDER BY participation_id",
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok(Anonymisation {
                                participation_id: r.try_get("participation_id").map_err(db_err)?,
                                on: r.try_get::<Date, _>("anonymised_on").map_err(db_err)?,
                                why: r.try_get("why").map_err(db_err)?,
                            })
                        })
                        .collect()
                }

                async fn exited_not_anonymised(&self, before: Date) -> StoreResult<Vec<(i64, String, Date)>> {
                    let rows = sqlx::query(&dialect::sql(
                        "SELECT p.id, i.code, p.exit_on FROM participations p
                         JOIN interventions i ON i.id = p.intervention_id
                         WHERE p.exit_on < ?
                           AND NOT EXISTS (SELECT 1 FROM anonymisations a WHERE a.participation_id = p.id)
                         ORDER BY p.exit_on, p.id",
                    ))
                    .bind(before)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok((
                                r.try_get("id").map_err(db_err)?,
                                r.try_get("code").map_err(db_err)?,
                                r.try_get::<Date, _>("exit_on").map_err(db_err)?,
                            ))
                        })
                        .collect()
                }

                async fn forget_employer_contacts(&self, id: i64, audit: &[AuditDraft]) -> StoreResult<u64> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE employer_contacts SET participation_id = NULL, note = '' WHERE participation_id = ?",
                    ))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)?;
                    Ok(done.rows_affected())
                }

                async fn add_access_reason(&self, r: &AccessReason, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql(
                        "INSERT INTO access_reasons (user_id, participation_id, reason, given_at, until) VALUES (?, ?, ?, ?, ?)",
                    ))
                    .bind(r.user_id)
                    .bind(r.participation_id)
                    .bind(&r.reason)
                    .bind(to_millis(r.given_at))
                    .bind(to_millis(r.until))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }

                async fn latest_access_reason(&self, user_id: i64, id: i64) -> StoreResult<Option<AccessReason>> {
                    let row = sqlx::query(&dialect::sql(
                        "SELECT user_id, participation_id, reason, given_at, until FROM access_reasons
                         WHERE user_id = ? AND participation_id = ? ORDER BY given_at DESC, id DESC LIMIT 1",
                    ))
                    .bind(user_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    row.map(|r| {
                        Ok(AccessReason {
                            user_id: r.try_get("user_id").map_err(db_err)?,
                            participation_id: r.try_get("participation_id").map_err(db_err)?,
                            reason: r.try_get("reason").map_err(db_err)?,
                            given_at: from_millis(r.try_get("given_at").map_err(db_err)?),
                            until: from_millis(r.try_get("until").map_err(db_err)?),
                        })
                    })
                    .transpose()
                }
            }
        }
    };
}
