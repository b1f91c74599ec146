//! Failed logins on PostgreSQL.

use crate::{PgStore, audit, db_err};
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::clock::{from_millis, to_millis};
use samverka_domain::throttle::RecentFailures;
use samverka_store::{FailedLogin, FailureSummary, LoginAttemptRepo, StoreResult};
use time::OffsetDateTime;

#[async_trait]
impl LoginAttemptRepo for PgStore {
    async fn record_failed_login(
        &self,
        failure: &FailedLogin,
        audit_draft: &AuditDraft,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("INSERT INTO failed_logins (at, username, address) VALUES ($1, $2, $3)")
            .bind(to_millis(failure.at))
            .bind(&failure.username)
            .bind(&failure.address)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        audit::append(&mut tx, audit_draft).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn recent_failures(
        &self,
        username: &str,
        address: &str,
        since: OffsetDateTime,
    ) -> StoreResult<FailureSummary> {
        let (account, address_count, last): (i64, i64, Option<i64>) = sqlx::query_as(
            "SELECT
                 COUNT(*) FILTER (WHERE username = $1),
                 COUNT(*) FILTER (WHERE address = $2),
                 MAX(at)
             FROM failed_logins
             WHERE at >= $3 AND (username = $1 OR address = $2)",
        )
        .bind(username)
        .bind(address)
        .bind(to_millis(since))
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
        sqlx::query("DELETE FROM failed_logins WHERE username = $1")
            .bind(username)
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
