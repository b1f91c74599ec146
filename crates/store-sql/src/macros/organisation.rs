//! The organisation: each item saved whole by code in one transaction.

/// `OrganisationRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_organisation {
    () => {
        mod organisation {
            use super::audit::append;
            use super::*;
            use $crate::__private::samverka_domain::FieldError;
            use $crate::__private::samverka_domain::association::{Association, Provider};
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::intervention::Intervention;
            use $crate::__private::samverka_domain::template::ProcessTemplate;
            use $crate::__private::samverka_store::org_rows::{
                GoalRow, InterventionRow, MemberRow, from_json, stages_from_json, stages_to_json,
                to_json,
            };
            use $crate::__private::samverka_store::{
                OrganisationChanges, OrganisationRepo, StoreError, StoreResult,
            };
            use $crate::__private::sqlx;
            use $crate::__private::time::Date;
            use $crate::{INTERVENTION_COLUMNS, db_err};

            pub(super) async fn id_of(
                conn: &mut DbConnection,
                table: &str,
                code: &str,
                field: &'static str,
            ) -> StoreResult<i64> {
                sqlx::query_scalar(&dialect::sql(&format!("SELECT id FROM {table} WHERE code = ?")))
                    .bind(code)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(db_err)?
                    .ok_or_else(|| {
                        StoreError::Rule(FieldError::with_detail(
                            field,
                            "error.reference.unknown",
                            code,
                        ))
                    })
            }

            async fn save_association(conn: &mut DbConnection, a: &Association) -> StoreResult<()> {
                let id: i64 = sqlx::query_scalar(&dialect::sql(
                    "INSERT INTO associations (code, name, orgnr, start_date, municipalities) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, orgnr = excluded.orgnr,
                         start_date = excluded.start_date, municipalities = excluded.municipalities
                     RETURNING id",
                ))
                .bind(&a.code)
                .bind(&a.name)
                .bind(&a.orgnr)
                .bind(a.start)
                .bind(to_json(&a.municipalities))
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
                sqlx::query(&dialect::sql("DELETE FROM association_members WHERE association_id = ?"))
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                for (position, m) in a.members.iter().enumerate() {
                    let row = MemberRow::from_member(m);
                    sqlx::query(&dialect::sql(
                        "INSERT INTO association_members (association_id, position, code, name, kind, financier, share)
                         VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ))
                    .bind(id)
                    .bind(position as i64)
                    .bind(row.code)
                    .bind(row.name)
                    .bind(row.kind)
                    .bind(row.financier)
                    .bind(row.share)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                }
                Ok(())
            }

            async fn save_intervention(conn: &mut DbConnection, i: &Intervention) -> StoreResult<()> {
                let provider_id = id_of(conn, "providers", &i.provider, "provider").await?;
                let mut association_ids = Vec::new();
                for code in &i.associations {
                    association_ids.push(id_of(conn, "associations", code, "association").await?);
                }
                let r = InterventionRow::from_intervention(i);
                let id: i64 = sqlx::query_scalar(&dialect::sql(
                    "INSERT INTO interventions (code, name, description, provider_id, orientation, follow_up, template,
                         start_date, end_date, target_groups, esf_funded, planned_places, planned_participants_per_year,
                         caseload_min, caseload_max, steering_group)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description,
                         provider_id = excluded.provider_id, orientation = excluded.orientation, follow_up = excluded.follow_up,
                         template = excluded.template, start_date = excluded.start_date, end_date = excluded.end_date,
                         target_groups = excluded.target_groups, esf_funded = excluded.esf_funded,
                         planned_places = excluded.planned_places,
                         planned_participants_per_year = excluded.planned_participants_per_year,
                         caseload_min = excluded.caseload_min, caseload_max = excluded.caseload_max,
                         steering_group = excluded.steering_group
                     RETURNING id",
                ))
                .bind(r.code)
                .bind(r.name)
                .bind(r.description)
                .bind(provider_id)
                .bind(r.orientation)
                .bind(r.follow_up)
                .bind(r.template)
                .bind(r.start)
                .bind(r.end)
                .bind(r.target_groups)
                .bind(r.esf_funded)
                .bind(r.planned_places)
                .bind(r.planned_participants_per_year)
                .bind(r.caseload_min)
                .bind(r.caseload_max)
                .bind(r.steering_group)
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
                sqlx::query(&dialect::sql("DELETE FROM intervention_associations WHERE intervention_id = ?"))
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                for association_id in association_ids {
                    sqlx::query(&dialect::sql("INSERT INTO intervention_associations (intervention_id, association_id) VALUES (?, ?) ON CONFLICT DO NOTHING"))
                        .bind(id)
                        .bind(association_id)
                        .execute(&mut *conn)
                        .await
                        .map_err(db_err)?;
                }
                sqlx::query(&dialect::sql("DELETE FROM goals WHERE intervention_id = ?"))
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                for (position, goal) in i.goals.iter().enumerate() {
                    let g = GoalRow::from_goal(goal);
                    sqlx::query(&dialect::sql(
                        "INSERT INTO goals (intervention_id, position, code, label, basis, numerator_kind, numerator_codes,
                             population, target, period_from, period_to)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ))
                    .bind(id)
                    .bind(position as i64)
                    .bind(g.code)
                    .bind(g.label)
                    .bind(g.basis)
                    .bind(g.numerator_kind)
                    .bind(g.numerator_codes)
                    .bind(g.population)
                    .bind(g.target)
                    .bind(g.period_from)
                    .bind(g.period_to)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                }
                Ok(())
            }

            fn intervention_row(row: &DbRow) -> Result<(i64, InterventionRow), sqlx::Error> {
                Ok((
                    row.try_get("id")?,
                    InterventionRow {
                        code: row.try_get("code")?,
                        name: row.try_get("name")?,
                        description: row.try_get("description")?,
                        provider: row.try_get("provider")?,
                        orientation: row.try_get("orientation")?,
                        follow_up: row.try_get("follow_up")?,
                        template: row.try_get("template")?,
                        start: row.try_get::<Date, _>("start_date")?,
                        end: row.try_get::<Option<Date>, _>("end_date")?,
                        target_groups: row.try_get("target_groups")?,
                        esf_funded: row.try_get("esf_funded")?,
                        planned_places: row.try_get("planned_places")?,
                        planned_participants_per_year: row.try_get("planned_participants_per_year")?,
                        caseload_min: row.try_get("caseload_min")?,
                        caseload_max: row.try_get("caseload_max")?,
                        steering_group: row.try_get("steering_group")?,
                    },
                ))
            }

            fn member_row(row: &DbRow) -> Result<MemberRow, sqlx::Error> {
                Ok(MemberRow {
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                    kind: row.try_get("kind")?,
                    financier: row.try_get("financier")?,
                    share: row.try_get("share")?,
                })
            }

            fn goal_row(row: &DbRow) -> Result<GoalRow, sqlx::Error> {
                Ok(GoalRow {
                    code: row.try_get("code")?,
                    label: row.try_get("label")?,
                    basis: row.try_get("basis")?,
                    numerator_kind: row.try_get("numerator_kind")?,
                    numerator_codes: row.try_get("numerator_codes")?,
                    population: row.try_get("population")?,
                    target: row.try_get("target")?,
                    period_from: row.try_get("period_from")?,
                    period_to: row.try_get("period_to")?,
                })
            }

            impl Store {
                async fn load_interventions(&self, code: Option<&str>) -> StoreResult<Vec<Intervention>> {
                    let select = format!(
                        "SELECT {INTERVENTION_COLUMNS} FROM interventions i JOIN providers p ON p.id = i.provider_id"
                    );
                    let rows = match code {
                        Some(code) => {
                            sqlx::query(&dialect::sql(&format!("{select} WHERE i.code = ?")))
                                .bind(code)
                                .fetch_all(&self.pool)
                                .await
                        }
                        None => {
                            sqlx::query(&format!("{select} ORDER BY i.code"))
                                .fetch_all(&self.pool)
                                .await
                        }
                    }
                    .map_err(db_err)?;
                    // Associations and goals of every intervention read at once (one
                    // query each, not one per intervention), then shared out by id.
                    let only = match (code, rows.first()) {
                        (Some(_), Some(row)) => Some(intervention_row(row).map_err(db_err)?.0),
                        (Some(_), None) => return Ok(Vec::new()),
                        (None, _) => None,
                    };
                    let filter = if only.is_some() { " WHERE ia.intervention_id = ?" } else { "" };
                    let sql = dialect::sql(&format!(
                        "SELECT ia.intervention_id, a.code FROM intervention_associations ia
                         JOIN associations a ON a.id = ia.association_id{filter} ORDER BY ia.id"
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    if let Some(id) = only {
                        q = q.bind(id);
                    }
                    let links = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    let mut associations: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
                    for l in &links {
                        associations
                            .entry(l.try_get("intervention_id").map_err(db_err)?)
                            .or_default()
                            .push(l.try_get("code").map_err(db_err)?);
                    }
                    let filter = if only.is_some() { " WHERE intervention_id = ?" } else { "" };
                    let sql = dialect::sql(&format!("SELECT * FROM goals{filter} ORDER BY intervention_id, position")).into_owned();
                    let mut q = sqlx::query(&sql);
                    if let Some(id) = only {
                        q = q.bind(id);
                    }
                    let goal_rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    let mut goals: std::collections::HashMap<i64, Vec<_>> = std::collections::HashMap::new();
                    for g in &goal_rows {
                        let id: i64 = g.try_get("intervention_id").map_err(db_err)?;
                        goals.entry(id).or_default().push(goal_row(g).map_err(db_err)?.into_goal()?);
                    }
                    let mut out = Vec::new();
                    for row in &rows {
                        let (id, r) = intervention_row(row).map_err(db_err)?;
                        out.push(r.into_intervention(
                            associations.remove(&id).unwrap_or_default(),
                            goals.remove(&id).unwrap_or_default(),
                        )?);
                    }
                    Ok(out)
                }
            }

            #[$crate::__private::async_trait]
            impl OrganisationRepo for Store {
                async fn associations(&self) -> StoreResult<Vec<Association>> {
                    let rows = sqlx::query(&dialect::sql("SELECT id, code, name, orgnr, start_date, municipalities FROM associations ORDER BY code"))
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    // Every association's members in one query, shared out by id.
                    let member_rows = sqlx::query(&dialect::sql(
                        "SELECT association_id, code, name, kind, financier, share FROM association_members ORDER BY association_id, position",
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    let mut by_association: std::collections::HashMap<i64, Vec<_>> = std::collections::HashMap::new();
                    for m in &member_rows {
                        let id: i64 = m.try_get("association_id").map_err(db_err)?;
                        by_association.entry(id).or_default().push(member_row(m).map_err(db_err)?.into_member()?);
                    }
                    let mut out = Vec::new();
                    for row in rows {
                        let id: i64 = row.try_get("id").map_err(db_err)?;
                        let members = by_association.remove(&id).unwrap_or_default();
                        out.push(Association {
                            code: row.try_get("code").map_err(db_err)?,
                            name: row.try_get("name").map_err(db_err)?,
                            orgnr: row.try_get("orgnr").map_err(db_err)?,
                            start: row.try_get("start_date").map_err(db_err)?,
                            municipalities: from_json(
                                &row.try_get::<String, _>("municipalities").map_err(db_err)?,
                            )?,
                            members,
                        });
                    }
                    Ok(out)
                }

                async fn member_codes_of(&self, associations: &[String]) -> StoreResult<Vec<String>> {
                    if associations.is_empty() {
                        return Ok(Vec::new());
                    }
                    let sql = dialect::sql(&format!(
                        "SELECT m.code FROM association_members m JOIN associations a ON a.id = m.association_id
                         WHERE a.code IN ({}) ORDER BY a.code, m.position",
                        $crate::in_list(associations.len())
                    ))
                    .into_owned();
                    let mut q = sqlx::query_scalar::<_, String>(&sql);
                    for code in associations {
                        q = q.bind(code);
                    }
                    let mut out: Vec<String> = Vec::new();
                    for code in q.fetch_all(&self.pool).await.map_err(db_err)? {
                        if !out.contains(&code) {
                            out.push(code);
                        }
                    }
                    Ok(out)
                }

                async fn providers(&self) -> StoreResult<Vec<Provider>> {
                    let rows: Vec<(String, String)> =
                        sqlx::query_as(&dialect::sql("SELECT code, name FROM providers ORDER BY code"))
                            .fetch_all(&self.pool)
                            .await
                            .map_err(db_err)?;
                    Ok(rows
                        .into_iter()
                        .map(|(code, name)| Provider { code, name })
                        .collect())
                }

                async fn own_templates(&self) -> StoreResult<Vec<ProcessTemplate>> {
                    let rows: Vec<(String, String, String)> =
                        sqlx::query_as(&dialect::sql("SELECT code, name, stages FROM process_templates ORDER BY code"))
                            .fetch_all(&self.pool)
                            .await
                            .map_err(db_err)?;
                    rows.into_iter()
                        .map(|(code, name, stages)| {
                            Ok(ProcessTemplate {
                                code,
                                name: Some(name),
                                stages: stages_from_json(&stages)?,
                                sub_process: None,
                                builtin: false,
                            })
                        })
                        .collect()
                }

                async fn interventions(&self) -> StoreResult<Vec<Intervention>> {
                    self.load_interventions(None).await
                }

                async fn intervention(&self, code: &str) -> StoreResult<Option<Intervention>> {
                    Ok(self
                        .load_interventions(Some(code))
                        .await?
                        .into_iter()
                        .next())
                }

                async fn save_organisation(
                    &self,
                    changes: &OrganisationChanges,
                    audit_drafts: &[AuditDraft],
                ) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    for a in &changes.associations {
                        save_association(&mut tx, a).await?;
                    }
                    for p in &changes.providers {
                        sqlx::query(&dialect::sql("INSERT INTO providers (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name"))
                            .bind(&p.code)
                            .bind(&p.name)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    }
                    for t in &changes.templates {
                        sqlx::query(&dialect::sql(
                            "INSERT INTO process_templates (code, name, stages) VALUES (?, ?, ?)
                             ON CONFLICT (code) DO UPDATE SET name = excluded.name, stages = excluded.stages",
                        ))
                        .bind(&t.code)
                        .bind(t.name.clone().unwrap_or_default())
                        .bind(stages_to_json(&t.stages))
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    }
                    for i in &changes.interventions {
                        save_intervention(&mut tx, i).await?;
                    }
                    for d in audit_drafts {
                        append(&mut tx, d).await?;
                    }
                    tx.commit().await.map_err(db_err)
                }
            }
        }
    };
}
