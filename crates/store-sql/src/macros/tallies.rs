//! The report cache: tallies stored per intervention, period and figure version.

/// `TallyRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_tallies {
    () => {
        mod tallies {
            use super::*;
            use $crate::__private::samverka_store::tally_repo::{CachedTally, TallyRepo};
            use $crate::__private::samverka_store::StoreResult;
            use $crate::__private::sqlx;
            use $crate::__private::time::Date;
            use $crate::{db_err, in_list};

            /// Codes per statement (well under every backend's limit).
            const CODES_PER_QUERY: usize = 5_000;

            #[$crate::__private::async_trait]
            impl TallyRepo for Store {
                async fn tallies(&self, interventions: &[String], (from, to): (Date, Date)) -> StoreResult<Vec<CachedTally>> {
                    let mut out = Vec::with_capacity(interventions.len());
                    for chunk in interventions.chunks(CODES_PER_QUERY) {
                        let sql = format!(
                            "SELECT i.code, COALESCE(v.version, 0) AS version, t.version AS tally_version, t.body
                             FROM interventions i
                             LEFT JOIN figure_versions v ON v.intervention_id = i.id
                             LEFT JOIN report_tallies t ON t.intervention_id = i.id AND t.period_from = ? AND t.period_to = ?
                             WHERE i.code IN ({})",
                            in_list(chunk.len())
                        );
                        let sql = dialect::sql(&sql);
                        let mut q = sqlx::query(&sql).bind(from).bind(to);
                        for c in chunk {
                            q = q.bind(c);
                        }
                        for r in q.fetch_all(&self.pool).await.map_err(db_err)? {
                            let version: i64 = r.try_get("version").map_err(db_err)?;
                            let stored: Option<i64> = r.try_get("tally_version").map_err(db_err)?;
                            let body: Option<String> = r.try_get("body").map_err(db_err)?;
                            out.push(CachedTally {
                                intervention: r.try_get("code").map_err(db_err)?,
                                version,
                                body: body.filter(|_| stored == Some(version)),
                            });
                        }
                    }
                    Ok(out)
                }

                async fn save_tally(&self, intervention: &str, (from, to): (Date, Date), version: i64, body: &str) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    sqlx::query(&dialect::sql(
                        "INSERT INTO report_tallies (intervention_id, period_from, period_to, version, body)
                         SELECT id, ?, ?, ?, ? FROM interventions WHERE code = ?
                         ON CONFLICT (intervention_id, period_from, period_to)
                         DO UPDATE SET version = excluded.version, body = excluded.body
                         WHERE excluded.version >= report_tallies.version",
                    ))
                    .bind(from)
                    .bind(to)
                    .bind(version)
                    .bind(body)
                    .bind(intervention)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    tx.commit().await.map_err(db_err)
                }
            }
        }
    };
}
