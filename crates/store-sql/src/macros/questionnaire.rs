//! Questionnaire invitations: the answers are kept as JSON on the invitation and
//! saved page by page, each change with its access-log entries.

/// `QuestionnaireRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_questionnaire {
    () => {
        mod questionnaire {
            use super::audit::append;
            use super::*;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::questionnaire::instrument::InstrumentKind;
            use $crate::__private::samverka_domain::questionnaire::invitation::Invitation;
            use $crate::__private::samverka_domain::questionnaire::instrument::{Question, QuestionKind};
            use $crate::__private::samverka_domain::questionnaire::supplement::SupplementaryQuestion;
            use $crate::__private::samverka_store::questionnaire_repo::{answers_from_json, answers_to_json};
            use $crate::__private::samverka_store::{QuestionnaireRepo, StoreError, StoreResult};
            use $crate::__private::sqlx;
            use $crate::__private::time::Date;
            use $crate::{db_err, in_list};

            fn invitation(r: &DbRow) -> StoreResult<Invitation> {
                let occasion: String = r.try_get("occasion").map_err(db_err)?;
                let answers: String = r.try_get("answers").map_err(db_err)?;
                Ok(Invitation {
                    id: r.try_get("id").map_err(db_err)?,
                    participation_id: r.try_get("participation_id").map_err(db_err)?,
                    instrument: r.try_get("instrument").map_err(db_err)?,
                    version: r.try_get::<i64, _>("version").map_err(db_err)? as u32,
                    occasion: InstrumentKind::parse(&occasion)
                        .ok_or_else(|| StoreError::Database(format!("unknown occasion {occasion}")))?,
                    created_on: r.try_get::<Date, _>("created_on").map_err(db_err)?,
                    expires_on: r.try_get::<Date, _>("expires_on").map_err(db_err)?,
                    created_by: r.try_get("created_by").map_err(db_err)?,
                    answers: answers_from_json(&answers)?,
                    saved_on: r.try_get("saved_on").map_err(db_err)?,
                    completed_on: r.try_get("completed_on").map_err(db_err)?,
                    entered_by: r.try_get("entered_by").map_err(db_err)?,
                    supplement: from_json::<Vec<Question>>(&r.try_get::<String, _>("supplement").map_err(db_err)?)?,
                })
            }

            fn from_json<T: $crate::__private::serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
                $crate::__private::serde_json::from_str(text)
                    .map_err(|e| StoreError::Database(format!("stored JSON: {e}")))
            }

            fn to_json(v: &impl $crate::__private::serde::Serialize) -> String {
                $crate::__private::serde_json::to_string(v).unwrap_or_else(|_| "null".into())
            }

            fn supplementary(r: &DbRow) -> StoreResult<SupplementaryQuestion> {
                Ok(SupplementaryQuestion {
                    id: r.try_get("id").map_err(db_err)?,
                    association: r.try_get("association").map_err(db_err)?,
                    text: r.try_get("text").map_err(db_err)?,
                    kind: from_json::<QuestionKind>(&r.try_get::<String, _>("kind").map_err(db_err)?)?,
                    valid_from: r.try_get::<Date, _>("valid_from").map_err(db_err)?,
                    valid_to: r.try_get("valid_to").map_err(db_err)?,
                    position: r.try_get::<i64, _>("position").map_err(db_err)? as u32,
                    created_by: r.try_get("created_by").map_err(db_err)?,
                })
            }

            fn answers_json(i: &Invitation) -> String {
                answers_to_json(&i.answers)
            }

            async fn log(tx: &mut DbConnection, audit: &[AuditDraft], id: i64) -> StoreResult<()> {
                for d in audit {
                    let mut d = d.clone();
                    if d.target_id.is_empty() {
                        d.target_id = id.to_string();
                    }
                    append(tx, &d).await?;
                }
                Ok(())
            }

            #[$crate::__private::async_trait]
            impl QuestionnaireRepo for Store {
                async fn add_invitation(&self, i: &Invitation, token_hash: &str, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let id: i64 = sqlx::query_scalar(&dialect::sql(
                        "INSERT INTO questionnaire_invitations (participation_id, instrument, version, occasion, token_hash,
                         created_on, expires_on, created_by, answers, supplement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    ))
                    .bind(i.participation_id)
                    .bind(&i.instrument)
                    .bind(i64::from(i.version))
                    .bind(i.occasion.code())
                    .bind(token_hash)
                    .bind(i.created_on)
                    .bind(i.expires_on)
                    .bind(&i.created_by)
                    .bind(answers_json(i))
                    .bind(to_json(&i.supplement))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    log(&mut tx, audit, id).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(id)
                }

                async fn save_invitation(&self, i: &Invitation, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE questionnaire_invitations SET answers = ?, saved_on = ?, completed_on = ?, entered_by = ? WHERE id = ?",
                    ))
                    .bind(answers_json(i))
                    .bind(i.saved_on)
                    .bind(i.completed_on)
                    .bind(&i.entered_by)
                    .bind(i.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    log(&mut tx, audit, i.id).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn invitation_by_token(&self, token_hash: &str) -> StoreResult<Option<Invitation>> {
                    sqlx::query(&dialect::sql("SELECT * FROM questionnaire_invitations WHERE token_hash = ?"))
                        .bind(token_hash)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_err)?
                        .as_ref()
                        .map(invitation)
                        .transpose()
                }

                async fn invitations(&self, ids: &[i64]) -> StoreResult<Vec<Invitation>> {
                    let mut out = Vec::new();
                    for chunk in ids.chunks(500) {
                        let sql = dialect::sql(&format!(
                            "SELECT * FROM questionnaire_invitations WHERE participation_id IN ({}) ORDER BY created_on, id",
                            in_list(chunk.len())
                        ))
                        .into_owned();
                        let mut q = sqlx::query(&sql);
                        for id in chunk {
                            q = q.bind(*id);
                        }
                        for r in q.fetch_all(&self.pool).await.map_err(db_err)? {
                            out.push(invitation(&r)?);
                        }
                    }
                    Ok(out)
                }

                async fn add_supplementary_question(&self, q: &SupplementaryQuestion, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let id: i64 = sqlx::query_scalar(&dialect::sql(
                        "INSERT INTO supplementary_questions (association, text, kind, valid_from, valid_to, position, created_by)
                         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    ))
                    .bind(&q.association)
                    .bind(&q.text)
                    .bind(to_json(&q.kind))
                    .bind(q.valid_from)
                    .bind(q.valid_to)
                    .bind(i64::from(q.position))
                    .bind(&q.created_by)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    log(&mut tx, audit, id).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(id)
                }

                async fn save_supplementary_question(&self, q: &SupplementaryQuestion, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql(
                        "UPDATE supplementary_questions SET valid_to = ?, position = ? WHERE id = ?",
                    ))
                    .bind(q.valid_to)
                    .bind(i64::from(q.position))
                    .bind(q.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    log(&mut tx, audit, q.id).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn supplementary_questions(&self, associations: &[String]) -> StoreResult<Vec<SupplementaryQuestion>> {
                    if associations.is_empty() {
                        return Ok(Vec::new());
                    }
                    let sql = dialect::sql(&format!(
                        "SELECT * FROM supplementary_questions WHERE association IN ({}) ORDER BY association, position, id",
                        in_list(associations.len())
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    for a in associations {
                        q = q.bind(a);
                    }
                    q.fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?
                        .iter()
                        .map(supplementary)
                        .collect()
                }
            }
        }
    };
}
