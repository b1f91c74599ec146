//! The journey's writes and the `JourneyRepo` implementation: each save runs in
//! one transaction together with its access-log entries.

/// `JourneyRepo`; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_journey {
    () => {
        mod journey {
            use super::audit::append;
            use super::organisation::id_of;
            use super::*;
            use $crate::__private::samverka_domain::audit::AuditDraft;
            use $crate::__private::samverka_domain::journey::cohort::Cohort;
            use $crate::__private::samverka_domain::journey::employer::{Employer, EmployerContact};
            use $crate::__private::samverka_domain::journey::entry::Entry;
            use $crate::__private::samverka_domain::journey::referral::Referral;
            use $crate::__private::samverka_domain::journey::selection::Meeting;
            use $crate::__private::samverka_domain::journey::{Participation, Person};
            use $crate::__private::samverka_store::journey_rows::{ParticipationRow, PersonRow, body_to_json};
            use $crate::__private::samverka_store::org_rows::to_json;
            use $crate::__private::samverka_store::{
                JourneyRepo, ParticipationFilter, ReferralFilter, StoreError, StoreResult,
            };
            use $crate::__private::sqlx;
            use $crate::{complete_drafts, conflict_on, db_err, expect_one, in_list, upsert_sql};

            /// Runs an [`upsert_sql`] query: binds the id for an update; `NotFound` when
            /// an update finds no row.
            async fn upsert<'q>(
                conn: &mut DbConnection,
                q: sqlx::query::QueryScalar<'q, Db, i64, <Db as sqlx::Database>::Arguments<'q>>,
                id: i64,
                err: impl Fn(sqlx::Error) -> StoreError,
            ) -> StoreResult<i64> {
                let q = if id == 0 { q } else { q.bind(id) };
                q.fetch_optional(&mut *conn).await.map_err(err)?.ok_or(StoreError::NotFound)
            }

            async fn finish(mut tx: dialect::WriteTx, drafts: &[AuditDraft], id: i64, participation: Option<i64>) -> StoreResult<i64> {
                for d in complete_drafts(drafts, id, participation) {
                    append(&mut tx, &d).await?;
                }
                tx.commit().await.map_err(db_err)?;
                Ok(id)
            }

            async fn write_referral(conn: &mut DbConnection, r: &Referral) -> StoreResult<i64> {
                let intervention_id = id_of(conn, "interventions", &r.intervention, "insats").await?;
                Ok({ let sql = dialect::sql(&upsert_sql("referrals", &["intervention_id", "person_id", "received_on", "source", "source_unit", "officer_name", "officer_user_id", "reason", "status", "escalated"], r.id)).into_owned(); let q = sqlx::query_scalar::<_, i64>(&sql); let q = q.bind(intervention_id).bind(r.person_id).bind(r.received_on).bind(&r.source).bind(&r.source_unit)
                        .bind(&r.officer_name).bind(r.officer_user).bind(&r.reason).bind(r.status.code()).bind(r.escalated); upsert(&mut *conn, q, r.id, db_err).await? })
            }

            async fn write_participation(conn: &mut DbConnection, p: &Participation, now: i64) -> StoreResult<i64> {
                let intervention_id = id_of(conn, "interventions", &p.intervention, "insats").await?;
                let r = ParticipationRow::from_participation(p);
                let id = { let sql = dialect::sql(&upsert_sql("participations", &["intervention_id", "person_id", "referral_id", "cohort_id", "coach_user_id", "start_on", "sex", "birth_year",
                     "consent_given_on", "consent_scope", "consent_withdrawn_on", "income_before", "occupation_before", "education",
                     "time_away", "municipality", "obstacles", "decisive_change", "referred_by", "exit_on", "exit_reason", "occupation_after",
                     "employment_form_after", "extent_after", "study_form_after", "income_after", "exit_analysis", "receiving_org",
                     "updated_at", "referred_unit"], p.id)).into_owned(); let q = sqlx::query_scalar::<_, i64>(&sql); let q = q.bind(intervention_id).bind(r.person_id).bind(r.referral_id).bind(r.cohort_id).bind(r.coach_user_id)
                        .bind(r.start_on).bind(&r.sex).bind(r.birth_year).bind(r.consent_given_on).bind(&r.consent_scope)
                        .bind(r.consent_withdrawn_on).bind(&r.income_before).bind(&r.occupation_before).bind(&r.education)
                        .bind(&r.time_away).bind(&r.municipality).bind(&r.obstacles).bind(&r.decisive_change).bind(&r.referred_by).bind(r.exit_on)
                        .bind(&r.exit_reason).bind(&r.occupation_after).bind(&r.employment_form_after).bind(r.extent_after)
                        .bind(&r.study_form_after).bind(&r.income_after).bind(&r.exit_analysis).bind(&r.receiving_org).bind(now).bind(&r.referred_unit); upsert(&mut *conn, q, p.id, db_err).await? };
                sqlx::query(&dialect::sql("DELETE FROM stage_periods WHERE participation_id = ?"))
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                for (position, s) in p.stages.iter().enumerate() {
                    sqlx::query(&dialect::sql(
                        "INSERT INTO stage_periods (participation_id, position, stage, entered_on, left_on) VALUES (?, ?, ?, ?, ?)",
                    ))
                    .bind(id)
                    .bind(position as i64)
                    .bind(&s.stage)
                    .bind(s.entered_on)
                    .bind(s.left_on)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                }
                Ok(id)
            }

            fn now_millis(drafts: &[AuditDraft]) -> i64 {
                drafts.first().map_or(0, |d| $crate::__private::samverka_domain::clock::to_millis(d.at))
            }

            #[$crate::__private::async_trait]
            impl JourneyRepo for Store {
                async fn save_person(&self, p: &Person, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let provider_id = id_of(&mut tx, "providers", &p.provider, "anordnare").await?;
                    let r = PersonRow::from_person(p);
                    let now = now_millis(audit);
                    let id = { let sql = dialect::sql(&upsert_sql("persons", &["provider_id", "personal_number", "name", "alias", "sex", "birth_year", "protected", "created_at"], p.id)).into_owned(); let q = sqlx::query_scalar::<_, i64>(&sql); let q = q.bind(provider_id).bind(&r.personal_number).bind(&r.name).bind(&r.alias).bind(&r.sex)
                            .bind(r.birth_year).bind(r.protected).bind(now); upsert(&mut *tx, q, p.id, conflict_on("personnummer")).await? };
                    finish(tx, audit, id, None).await
                }

                async fn persons(&self, ids: &[i64]) -> StoreResult<Vec<Person>> {
                    self.read_persons(ids, None).await
                }

                async fn persons_of_provider(&self, provider: &str) -> StoreResult<Vec<Person>> {
                    self.read_persons(&[], Some(provider)).await
                }

                async fn save_referral(&self, r: &Referral, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let id = write_referral(&mut tx, r).await?;
                    finish(tx, audit, id, None).await
                }

                async fn referral(&self, id: i64) -> StoreResult<Option<Referral>> {
                    Ok(self.read_referrals("r.id = ?", None, Some(id)).await?.into_iter().next())
                }

                async fn referrals(&self, f: &ReferralFilter) -> StoreResult<Vec<Referral>> {
                    if f.interventions.is_empty() && f.officer.is_none() {
                        return Ok(Vec::new());
                    }
                    let mut w = format!("i.code IN ({})", in_list(f.interventions.len()));
                    if f.interventions.is_empty() {
                        w = "1 = 1".into();
                    }
                    if f.officer.is_some() {
                        w.push_str(" AND r.officer_user_id = ?");
                    }
                    if f.person.is_some() {
                        w.push_str(" AND r.person_id = ?");
                    }
                    self.read_referrals(&w, Some(f), None).await
                }

                async fn save_meeting(&self, m: &Meeting, decided: &[Referral], audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let intervention_id = id_of(&mut tx, "interventions", &m.intervention, "insats").await?;
                    let id: i64 = sqlx::query_scalar(&dialect::sql(
                        "INSERT INTO selection_meetings (intervention_id, group_kind, held_on, attendees) VALUES (?, ?, ?, ?) RETURNING id",
                    ))
                    .bind(intervention_id)
                    .bind(m.group.code())
                    .bind(m.held_on)
                    .bind(to_json(&m.attendees))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    for (position, p) in m.proposals.iter().enumerate() {
                        sqlx::query(&dialect::sql(
                            "INSERT INTO selection_proposals (meeting_id, position, referral_id, decision, unanimous) VALUES (?, ?, ?, ?, ?)",
                        ))
                        .bind(id)
                        .bind(position as i64)
                        .bind(p.referral_id)
                        .bind(p.decision.code())
                        .bind(p.unanimous)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    }
                    for r in decided {
                        write_referral(&mut tx, r).await?;
                    }
                    finish(tx, audit, id, None).await
                }

                async fn meeting(&self, id: i64) -> StoreResult<Option<Meeting>> {
                    Ok(self.read_meetings("m.id = ?", Some(id), None).await?.into_iter().next())
                }

                async fn meetings(&self, intervention: &str) -> StoreResult<Vec<Meeting>> {
                    self.read_meetings("i.code = ?", None, Some(intervention)).await
                }

                async fn save_cohort(&self, c: &Cohort, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let intervention_id = id_of(&mut tx, "interventions", &c.intervention, "insats").await?;
                    let id = { let sql = dialect::sql(&upsert_sql("cohorts", &["intervention_id", "name", "starts_on", "capacity"], c.id)).into_owned(); let q = sqlx::query_scalar::<_, i64>(&sql); let q = q.bind(intervention_id).bind(&c.name).bind(c.starts_on).bind(i64::from(c.capacity)); upsert(&mut *tx, q, c.id, db_err).await? };
                    finish(tx, audit, id, None).await
                }

                async fn cohorts(&self, intervention: &str) -> StoreResult<Vec<Cohort>> {
                    self.read_cohorts(intervention).await
                }

                async fn save_participation(&self, p: &Participation, referral: Option<&Referral>, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let id = write_participation(&mut tx, p, now_millis(audit)).await?;
                    if let Some(r) = referral {
                        write_referral(&mut tx, r).await?;
                    }
                    finish(tx, audit, id, Some(id)).await
                }

                async fn participation(&self, id: i64) -> StoreResult<Option<Participation>> {
                    self.read_participation(id).await
                }

                async fn participations(&self, f: &ParticipationFilter) -> StoreResult<Vec<Participation>> {
                    self.read_participations(f).await
                }

                async fn participations_for_figures(&self, f: &ParticipationFilter) -> StoreResult<Vec<Participation>> {
                    self.read_figure_participations(f).await
                }

                async fn save_entry(&self, e: &Entry, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let now = now_millis(audit);
                    let id = { let sql = dialect::sql(&upsert_sql("participation_entries", &["participation_id", "kind", "entry_on", "body", "written_by", "written_at"], e.id)).into_owned(); let q = sqlx::query_scalar::<_, i64>(&sql); let q = q.bind(e.participation_id).bind(e.body.kind()).bind(e.on).bind(body_to_json(&e.body))
                            .bind(&e.written_by).bind(now); upsert(&mut *tx, q, e.id, db_err).await? };
                    finish(tx, audit, id, Some(e.participation_id)).await
                }

                async fn delete_entry(&self, id: i64, audit: &[AuditDraft]) -> StoreResult<()> {
                    let mut tx = self.write_tx().await?;
                    let done = sqlx::query(&dialect::sql("DELETE FROM participation_entries WHERE id = ?"))
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    expect_one(done.rows_affected())?;
                    finish(tx, audit, id, None).await.map(|_| ())
                }

                async fn entries(&self, ids: &[i64]) -> StoreResult<Vec<Entry>> {
                    self.read_entries(ids).await
                }

                async fn save_employer(&self, e: &Employer, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let provider_id = id_of(&mut tx, "providers", &e.provider, "anordnare").await?;
                    let id = { let sql = dialect::sql(&upsert_sql("employers", &["provider_id", "name", "orgnr", "sector", "industry", "contact"], e.id)).into_owned(); let q = sqlx::query_scalar::<_, i64>(&sql); let q = q.bind(provider_id).bind(&e.name).bind(&e.orgnr).bind(e.sector.code()).bind(&e.industry).bind(&e.contact); upsert(&mut *tx, q, e.id, db_err).await? };
                    finish(tx, audit, id, None).await
                }

                async fn employer(&self, id: i64) -> StoreResult<Option<Employer>> {
                    Ok(self.read_employers("e.id = ?", None, Some(id)).await?.into_iter().next())
                }

                async fn employers(&self, provider: &str) -> StoreResult<Vec<Employer>> {
                    self.read_employers("pr.code = ?", Some(provider), None).await
                }

                async fn add_employer_contact(&self, c: &EmployerContact, audit: &[AuditDraft]) -> StoreResult<i64> {
                    let mut tx = self.write_tx().await?;
                    let id: i64 = sqlx::query_scalar(&dialect::sql(
                        "INSERT INTO employer_contacts (employer_id, contact_on, note, participation_id, written_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    ))
                    .bind(c.employer_id)
                    .bind(c.on)
                    .bind(&c.note)
                    .bind(c.participation_id)
                    .bind(&c.written_by)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    finish(tx, audit, c.employer_id, c.participation_id).await.map(|_| id)
                }

                async fn employer_contacts(&self, employer_id: i64) -> StoreResult<Vec<EmployerContact>> {
                    self.read_contacts(employer_id).await
                }
            }
        }
    };
}
