//! Payments to providers: planned, certified and released, each change with its
//! access-log entries in the same transaction.

/// `EconomyRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_economy {
    () => {
        mod economy {
            use super::audit::append;
            use super::organisation::id_of;
            use super::*;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::estimate::EstimateParameters;
            use $crate::__private::samverka_domain::journey::entry::EntryBody;
            use $crate::__private::samverka_domain::payment::{Certificate, Payment, Release};
            use $crate::__private::samverka_store::journey_rows::body_from_json;
            use $crate::__private::samverka_store::{EconomyRepo, StoreError, StoreResult};
            use $crate::__private::sqlx;
            use $crate::__private::time::Date;
            use $crate::{conflict_on, db_err, in_list, upsert_sql};

            fn payment(r: &DbRow) -> StoreResult<Payment> {
                let certificate = match (
                    r.try_get::<Option<String>, _>("certified_by").map_err(db_err)?,
                    r.try_get::<Option<Date>, _>("certified_on").map_err(db_err)?,
                ) {
                    (Some(by), Some(on)) => Some(Certificate {
                        by,
                        on,
                        text: r.try_get::<Option<String>, _>("certificate").map_err(db_err)?.unwrap_or_default(),
                    }),
                    _ => None,
                };
                let release = match (
                    r.try_get::<Option<String>, _>("released_by").map_err(db_err)?,
                    r.try_get::<Option<Date>, _>("released_on").map_err(db_err)?,
                ) {
                    (Some(by), Some(on)) => Some(Release { by, on }),
                    _ => None,
                };
                Ok(Payment {
                    id: r.try_get("id").map_err(db_err)?,
                    intervention: r.try_get("intervention").map_err(db_err)?,
                    year: r.try_get::<i64, _>("year").map_err(db_err)? as i32,
                    half: r.try_get::<i64, _>("half").map_err(db_err)? as u8,
                    amount: r.try_get("amount").map_err(db_err)?,
                    planned_by: r.try_get("planned_by").map_err(db_err)?,
                    certificate,
                    release,
                })
            }

            #[$crate::__private::async_trait]
            impl EconomyRepo for Store {
                async fn save_payment(&self, p: &Payment, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let intervention_id = id_of(&mut tx, "interventions", &p.intervention, "insats").await?;
                    let sql = dialect::sql(&upsert_sql("provider_payments", &[
                        "intervention_id", "year", "half", "amount", "planned_by", "certified_by", "certified_on",
                        "certificate", "released_by", "released_on"], p.id)).into_owned();
                    let c = p.certificate.as_ref();
                    let r = p.release.as_ref();
                    let q = sqlx::query_scalar::<_, i64>(&sql)
                        .bind(intervention_id).bind(i64::from(p.year)).bind(i64::from(p.half)).bind(p.amount)
                        .bind(&p.planned_by).bind(c.map(|c| c.by.clone())).bind(c.map(|c| c.on))
                        .bind(c.map(|c| c.text.clone())).bind(r.map(|r| r.by.clone())).bind(r.map(|r| r.on));
                    let q = if p.id == 0 { q } else { q.bind(p.id) };
                    let id = q
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(conflict_on("halvar"))?
                        .ok_or(StoreError::NotFound)?;
                    for d in audit {
                        let mut d = d.clone();
                        if d.target_id.is_empty() {
                            d.target_id = id.to_string();
                        }
                        append(&mut tx, &d).await?;
                    }
                    tx.commit().await.map_err(db_err)?;
                    Ok(id)
                }

                async fn save_estimate_parameters(&self, p: &EstimateParameters, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let association_id = id_of(&mut tx, "associations", &p.association, "forbund").await?;
                    sqlx::query(&dialect::sql("DELETE FROM estimate_parameters WHERE association_id = ?"))
                        .bind(association_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    sqlx::query(&dialect::sql(
                        "INSERT INTO estimate_parameters (association_id, cost_per_person_year, years, includes) VALUES (?, ?, ?, ?)",
                    ))
                    .bind(association_id)
                    .bind(p.cost_per_person_year)
                    .bind(i64::from(p.years))
                    .bind(&p.includes)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }

                async fn estimate_parameters(&self, association: &str) -> StoreResult<Option<EstimateParameters>> {
                    let row = sqlx::query(&dialect::sql(
                        "SELECT e.cost_per_person_year, e.years, e.includes FROM estimate_parameters e
                         JOIN associations a ON a.id = e.association_id WHERE a.code = ?",
                    ))
                    .bind(association)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    row.map(|r| {
                        Ok(EstimateParameters {
                            association: association.to_string(),
                            cost_per_person_year: r.try_get("cost_per_person_year").map_err(db_err)?,
                            years: r.try_get::<i64, _>("years").map_err(db_err)? as u8,
                            includes: r.try_get("includes").map_err(db_err)?,
                        })
                    })
                    .transpose()
                }

                async fn rehab_fund_entries(&self, codes: &[String], from: Date, to: Date) -> StoreResult<Vec<EntryBody>> {
                    if codes.is_empty() {
                        return Ok(Vec::new());
                    }
                    let sql = dialect::sql(&format!(
                        "SELECT e.body FROM participation_entries e
                         JOIN participations p ON p.id = e.participation_id
                         JOIN interventions i ON i.id = p.intervention_id
                         WHERE e.kind = 'rehab_fund' AND e.entry_on >= ? AND e.entry_on <= ? AND i.code IN ({})",
                        in_list(codes.len())
                    ))
                    .into_owned();
                    let mut q = sqlx::query_scalar::<_, String>(&sql).bind(from).bind(to);
                    for c in codes {
                        q = q.bind(c.as_str());
                    }
                    q.fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?
                        .iter()
                        .map(|b| body_from_json(b))
                        .collect()
                }

                async fn payments(&self, codes: &[String]) -> StoreResult<Vec<Payment>> {
                    if codes.is_empty() {
                        return Ok(Vec::new());
                    }
                    let sql = dialect::sql(&format!(
                        "SELECT p.*, i.code AS intervention FROM provider_payments p JOIN interventions i ON i.id = p.intervention_id
                         WHERE i.code IN ({}) ORDER BY i.code, p.year, p.half",
                        in_list(codes.len())
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    for c in codes {
                        q = q.bind(c.as_str());
                    }
                    let rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.iter().map(payment).collect()
                }
            }
        }
    };
}
