//! Failed logins.

/// `LoginAttemptRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_logins {
    () => {
        mod logins {
            use super::audit::append;
            use super::*;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::clock::{from_millis, to_millis};
            use $crate::__private::samverka_domain::throttle::RecentFailures;
            use $crate::__private::samverka_store::{
                FailedLogin, FailureSummary, LoginAttemptRepo, StoreResult,
            };
            use $crate::__private::sqlx;
            use $crate::__private::time::OffsetDateTime;
            use $crate::db_err;

            #[$crate::__private::async_trait]
            impl LoginAttemptRepo for Store {
                async fn record_failed_login(
                    &self,
                    failure: &FailedLogin,
                    audit_draft: &AuditDraft,
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql(
                        "INSERT INTO failed_logins (at, username, address) VALUES (?, ?, ?)",
                    ))
                    .bind(to_millis(failure.at))
                    .bind(&failure.username)
                    .bind(&failure.address)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    append(&mut tx, audit_draft).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn recent_failures(
                    &self,
                    username: &str,
                    address: &str,
                    since: OffsetDateTime,
                ) -> StoreResult<FailureSummary> {
                    let (account, address_count, last): (i64, i64, Option<i64>) =
                        sqlx::query_as(&dialect::sql(
                            "SELECT
                                 COUNT(CASE WHEN username = ? THEN 1 END),
                                 COUNT(CASE WHEN address = ? THEN 1 END),
                                 MAX(at)
                             FROM failed_logins
                             WHERE at >= ? AND (username = ? OR address = ?)",
                        ))
                        .bind(username)
                        .bind(address)
                        .bind(to_millis(since))
                        .bind(username)
                        .bind(address)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(db_err)?;
                    Ok(FailureSummary {
                        counts: RecentFailures {
                            account: account as u32,
                            address: address_count as u32,
                        },
                        last_at: last.map(from_millis),
                    })
                }

                async fn clear_failures(&self, username: &str) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql(
                        "DELETE FROM failed_logins WHERE username = ?",
                    ))
                    .bind(username)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)
                }
            }
        }
    };
}
