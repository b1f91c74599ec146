//! Imports: a whole participation file, or budget lines, in one transaction.
//! New rows get their ids here (after the largest id in the table, read inside
//! the write transaction) so that persons and participations can be inserted many
//! rows per statement.

/// `ImportRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_import {
    () => {
        mod import {
            use super::audit::append;
            use super::organisation::id_of;
            use super::*;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::codes::Code;
            use $crate::__private::samverka_domain::import::association_row::AssociationLine;
            use $crate::__private::samverka_domain::import::budget_row::BudgetLine;
            use $crate::__private::samverka_store::journey_rows::{ParticipationRow, PersonRow, code};
            use $crate::__private::samverka_store::schema::TABLES;
            use $crate::__private::samverka_store::{ImportBatch, ImportRepo, PersonRef, StoreError, StoreResult};
            use $crate::__private::sqlx;
            use $crate::{db_err, in_list, upsert_sql};
            use std::collections::HashMap;

            /// Rows per multi-row INSERT (kept well under every backend's parameter limit).
            const ROWS_PER_INSERT: usize = 200;

            const PERSON_COLUMNS: &str = "id, provider_id, personal_number, name, alias, sex, birth_year, protected, created_at";
            const PARTICIPATION_COLUMNS: &str = "id, intervention_id, person_id, referral_id, cohort_id, coach_user_id, start_on, sex,
                birth_year, consent_given_on, consent_scope, consent_withdrawn_on, income_before, occupation_before, education,
                time_away, municipality, obstacles, decisive_change, referred_by, exit_on, exit_reason, occupation_after,
                employment_form_after, extent_after, study_form_after, income_after, exit_analysis, receiving_org, updated_at, referred_unit";

            async fn next_id(conn: &mut DbConnection, table: &str) -> StoreResult<i64> {
                let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(db_err)?;
                Ok(max.unwrap_or(0) + 1)
            }

            async fn code_ids(conn: &mut DbConnection, table: &str, codes: impl Iterator<Item = String>, field: &'static str) -> StoreResult<HashMap<String, i64>> {
                let mut out = HashMap::new();
                for c in codes {
                    if !out.contains_key(&c) {
                        let id = id_of(conn, table, &c, field).await?;
                        out.insert(c, id);
                    }
                }
                Ok(out)
            }

            /// `(?, ?, …), (?, ?, …)` for `rows` rows of `cols` values.
            fn values(rows: usize, cols: usize) -> String {
                let one = format!("({})", in_list(cols));
                vec![one; rows].join(", ")
            }

            async fn insert_persons(conn: &mut DbConnection, persons: &[PersonRow], first_id: i64, providers: &HashMap<String, i64>, now: i64) -> StoreResult<()> {
                for (n, chunk) in persons.chunks(ROWS_PER_INSERT).enumerate() {
                    let sql = dialect::sql(&format!("INSERT INTO persons ({PERSON_COLUMNS}) VALUES {}", values(chunk.len(), 9))).into_owned();
                    let mut q = sqlx::query(&sql);
                    for (i, p) in chunk.iter().enumerate() {
                        let id = first_id + (n * ROWS_PER_INSERT + i) as i64;
                        q = q.bind(id).bind(providers[&p.provider]).bind(&p.personal_number).bind(&p.name).bind(&p.alias)
                            .bind(&p.sex).bind(p.birth_year).bind(p.protected).bind(now);
                    }
                    q.execute(&mut *conn).await.map_err($crate::conflict_on("personnummer"))?;
                }
                Ok(())
            }

            async fn insert_participations(conn: &mut DbConnection, rows: &[(i64, i64, ParticipationRow)], interventions: &HashMap<String, i64>, now: i64) -> StoreResult<()> {
                for chunk in rows.chunks(ROWS_PER_INSERT) {
                    let sql = dialect::sql(&format!("INSERT INTO participations ({PARTICIPATION_COLUMNS}) VALUES {}", values(chunk.len(), 31))).into_owned();
                    let mut q = sqlx::query(&sql);
                    for (id, person_id, r) in chunk {
                        q = q.bind(*id).bind(interventions[&r.intervention]).bind(*person_id).bind(r.referral_id).bind(r.cohort_id)
                            .bind(r.coach_user_id).bind(r.start_on).bind(&r.sex).bind(r.birth_year).bind(r.consent_given_on)
                            .bind(&r.consent_scope).bind(r.consent_withdrawn_on).bind(&r.income_before).bind(&r.occupation_before)
                            .bind(&r.education).bind(&r.time_away).bind(&r.municipality).bind(&r.obstacles).bind(&r.decisive_change)
                            .bind(&r.referred_by).bind(r.exit_on).bind(&r.exit_reason).bind(&r.occupation_after)
                            .bind(&r.employment_form_after).bind(r.extent_after).bind(&r.study_form_after).bind(&r.income_after)
                            .bind(&r.exit_analysis).bind(&r.receiving_org).bind(now).bind(&r.referred_unit);
                    }
                    q.execute(&mut *conn).await.map_err(db_err)?;
                }
                Ok(())
            }

            fn table(name: &str) -> StoreResult<&'static $crate::__private::samverka_store::TableDef> {
                TABLES.iter().find(|t| t.name == name).ok_or_else(|| StoreError::Database(format!("no table {name}")))
            }

            fn now_millis(drafts: &[AuditDraft]) -> i64 {
                drafts.first().map_or(0, |d| $crate::__private::samverka_domain::clock::to_millis(d.at))
            }

            #[$crate::__private::async_trait]
            impl ImportRepo for Store {
                async fn import_participations(&self, batch: &ImportBatch, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let now = now_millis(audit);
                    let providers = code_ids(&mut tx, "providers", batch.new_persons.iter().map(|p| p.provider.clone()), "anordnare").await?;
                    let interventions = code_ids(&mut tx, "interventions", batch.participations.iter().map(|(_, p)| p.intervention.clone()), "insats").await?;
                    let first_person = next_id(&mut tx, "persons").await?;
                    let persons: Vec<PersonRow> = batch.new_persons.iter().map(PersonRow::from_person).collect();
                    insert_persons(&mut tx, &persons, first_person, &providers, now).await?;
                    let mut next = next_id(&mut tx, "participations").await?;
                    let mut new_rows = Vec::new();
                    for (person, p) in &batch.participations {
                        let person_id = match person {
                            PersonRef::Existing(id) => *id,
                            PersonRef::New(n) => first_person + *n as i64,
                        };
                        let mut row = ParticipationRow::from_participation(p);
                        row.person_id = person_id;
                        if p.id == 0 {
                            new_rows.push((next, person_id, row));
                            next += 1;
                        } else {
                            let intervention_id = interventions[&p.intervention];
                            let sql = dialect::sql(&upsert_sql("participations", &[
                                "intervention_id", "person_id", "start_on", "sex", "birth_year", "consent_given_on", "consent_scope",
                                "income_before", "occupation_before", "education", "time_away", "municipality", "referred_by",
                                "exit_on", "exit_reason", "occupation_after", "employment_form_after", "extent_after",
                                "study_form_after", "income_after", "updated_at", "referred_unit"], p.id)).into_owned();
                            let updated: Option<i64> = sqlx::query_scalar(&sql)
                                .bind(intervention_id).bind(person_id).bind(row.start_on).bind(&row.sex).bind(row.birth_year)
                                .bind(row.consent_given_on).bind(&row.consent_scope).bind(&row.income_before).bind(&row.occupation_before)
                                .bind(&row.education).bind(&row.time_away).bind(&row.municipality).bind(&row.referred_by)
                                .bind(row.exit_on).bind(&row.exit_reason).bind(&row.occupation_after).bind(&row.employment_form_after)
                                .bind(row.extent_after).bind(&row.study_form_after).bind(&row.income_after).bind(now).bind(&row.referred_unit).bind(p.id)
                                .fetch_optional(&mut *tx)
                                .await
                                .map_err(db_err)?;
                            updated.ok_or(StoreError::NotFound)?;
                        }
                    }
                    insert_participations(&mut tx, &new_rows, &interventions, now).await?;
                    dialect::after_table_copied(&mut tx, table("persons")?).await?;
                    dialect::after_table_copied(&mut tx, table("participations")?).await?;
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }

                async fn save_budget_lines(&self, lines: &[BudgetLine], audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let interventions = code_ids(&mut tx, "interventions", lines.iter().map(|l| l.intervention.clone()), "insats").await?;
                    for l in lines {
                        let sql = dialect::sql(&upsert_sql("budget_lines", &[
                            "intervention_id", "year", "category", "post", "budget_type", "financier", "amount", "outcome",
                            "outcome_t1", "outcome_t2", "outcome_t3"], l.id)).into_owned();
                        let q = sqlx::query_scalar::<_, i64>(&sql)
                            .bind(interventions[&l.intervention]).bind(i64::from(l.year)).bind(l.category.code()).bind(&l.post)
                            .bind(l.budget_type.code()).bind(&l.financier).bind(l.amount).bind(l.outcome)
                            .bind(l.tertials[0]).bind(l.tertials[1]).bind(l.tertials[2]);
                        let q = if l.id == 0 { q } else { q.bind(l.id) };
                        q.fetch_optional(&mut *tx).await.map_err(db_err)?.ok_or(StoreError::NotFound)?;
                    }
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }

                async fn save_association_lines(&self, lines: &[AssociationLine], audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let associations = code_ids(&mut tx, "associations", lines.iter().map(|l| l.association.clone()), "forbund").await?;
                    for l in lines {
                        let sql = dialect::sql(&upsert_sql("association_lines", &[
                            "association_id", "year", "kind", "post", "financier", "amount", "outcome"], l.id)).into_owned();
                        let q = sqlx::query_scalar::<_, i64>(&sql)
                            .bind(associations[&l.association]).bind(i64::from(l.year)).bind(l.kind.code()).bind(&l.post)
                            .bind(&l.financier).bind(l.amount).bind(l.outcome);
                        let q = if l.id == 0 { q } else { q.bind(l.id) };
                        q.fetch_optional(&mut *tx).await.map_err(db_err)?.ok_or(StoreError::NotFound)?;
                    }
                    for d in audit {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }

                async fn association_lines(&self, codes: &[String]) -> StoreResult<Vec<AssociationLine>> {
                    if codes.is_empty() {
                        return Ok(Vec::new());
                    }
                    let sql = dialect::sql(&format!(
                        "SELECT l.*, a.code AS association FROM association_lines l JOIN associations a ON a.id = l.association_id
                         WHERE a.code IN ({}) ORDER BY a.code, l.year, l.kind, l.id",
                        in_list(codes.len())
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    for c in codes {
                        q = q.bind(c.as_str());
                    }
                    let rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok(AssociationLine {
                                id: r.try_get("id").map_err(db_err)?,
                                association: r.try_get("association").map_err(db_err)?,
                                year: r.try_get::<i64, _>("year").map_err(db_err)? as i32,
                                kind: code(&r.try_get::<String, _>("kind").map_err(db_err)?)?,
                                post: r.try_get("post").map_err(db_err)?,
                                financier: r.try_get("financier").map_err(db_err)?,
                                amount: r.try_get("amount").map_err(db_err)?,
                                outcome: r.try_get("outcome").map_err(db_err)?,
                            })
                        })
                        .collect()
                }

                async fn budget_lines(&self, codes: &[String]) -> StoreResult<Vec<BudgetLine>> {
                    if codes.is_empty() {
                        return Ok(Vec::new());
                    }
                    let sql = dialect::sql(&format!(
                        "SELECT b.*, i.code AS intervention FROM budget_lines b JOIN interventions i ON i.id = b.intervention_id
                         WHERE i.code IN ({}) ORDER BY i.code, b.year, b.category, b.id",
                        in_list(codes.len())
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    for c in codes {
                        q = q.bind(c.as_str());
                    }
                    let rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok(BudgetLine {
                                id: r.try_get("id").map_err(db_err)?,
                                intervention: r.try_get("intervention").map_err(db_err)?,
                                year: r.try_get::<i64, _>("year").map_err(db_err)? as i32,
                                category: code(&r.try_get::<String, _>("category").map_err(db_err)?)?,
                                post: r.try_get("post").map_err(db_err)?,
                                budget_type: code(&r.try_get::<String, _>("budget_type").map_err(db_err)?)?,
                                financier: r.try_get("financier").map_err(db_err)?,
                                amount: r.try_get("amount").map_err(db_err)?,
                                outcome: r.try_get("outcome").map_err(db_err)?,
                                tertials: [
                                    r.try_get("outcome_t1").map_err(db_err)?,
                                    r.try_get("outcome_t2").map_err(db_err)?,
                                    r.try_get("outcome_t3").map_err(db_err)?,
                                ],
                            })
                        })
                        .collect()
                }
            }
        }
    };
}
