//! Reading the journey: row mappings and the queries behind `JourneyRepo`'s reads.

/// Journey reads; expanded by [`sql_repositories!`](crate::sql_repositories).
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_journey_reads {
    () => {
        mod journey_reads {
            use super::*;
            use $crate::__private::samverka_domain::codes::{Decision, GroupKind, ReferralStatus, Sector};
            use $crate::__private::samverka_domain::journey::cohort::Cohort;
            use $crate::__private::samverka_domain::journey::employer::{Employer, EmployerContact};
            use $crate::__private::samverka_domain::journey::entry::Entry;
            use $crate::__private::samverka_domain::journey::referral::Referral;
            use $crate::__private::samverka_domain::journey::selection::{Meeting, Proposal};
            use $crate::__private::samverka_domain::journey::stage::StagePeriod;
            use $crate::__private::samverka_domain::journey::{Participation, Person};
            use $crate::__private::samverka_store::journey_rows::{PersonRow, ParticipationRow, body_from_json, code};
            use $crate::__private::samverka_store::org_rows::from_json;
            use $crate::__private::samverka_store::{ParticipationFilter, ReferralFilter, StoreError, StoreResult};
            use $crate::__private::sqlx;
            use $crate::__private::time::Date;
            use $crate::{db_err, in_list};

            /// Ids are read in chunks so that IN lists stay within every backend's limit.
            const CHUNK: usize = 500;

            fn person_row(row: &DbRow) -> Result<PersonRow, sqlx::Error> {
                Ok(PersonRow {
                    id: row.try_get("id")?,
                    provider: row.try_get("provider")?,
                    personal_number: row.try_get("personal_number")?,
                    name: row.try_get("name")?,
                    alias: row.try_get("alias")?,
                    sex: row.try_get("sex")?,
                    birth_year: row.try_get("birth_year")?,
                    protected: row.try_get("protected")?,
                })
            }

            fn referral(row: &DbRow) -> StoreResult<Referral> {
                let get = |e| db_err(e);
                Ok(Referral {
                    id: row.try_get("id").map_err(get)?,
                    intervention: row.try_get("intervention").map_err(get)?,
                    person_id: row.try_get("person_id").map_err(get)?,
                    received_on: row.try_get::<Date, _>("received_on").map_err(get)?,
                    source: row.try_get("source").map_err(get)?,
                    source_unit: row.try_get("source_unit").map_err(get)?,
                    officer_name: row.try_get("officer_name").map_err(get)?,
                    officer_user: row.try_get("officer_user_id").map_err(get)?,
                    reason: row.try_get("reason").map_err(get)?,
                    status: code::<ReferralStatus>(&row.try_get::<String, _>("status").map_err(get)?)?,
                    escalated: row.try_get("escalated").map_err(get)?,
                })
            }

            fn participation_row(row: &DbRow) -> Result<ParticipationRow, sqlx::Error> {
                Ok(ParticipationRow {
                    id: row.try_get("id")?,
                    intervention: row.try_get("intervention")?,
                    person_id: row.try_get("person_id")?,
                    referral_id: row.try_get("referral_id")?,
                    cohort_id: row.try_get("cohort_id")?,
                    coach_user_id: row.try_get("coach_user_id")?,
                    start_on: Some(row.try_get::<Date, _>("start_on")?),
                    sex: row.try_get("sex")?,
                    birth_year: row.try_get("birth_year")?,
                    consent_given_on: row.try_get("consent_given_on")?,
                    consent_scope: row.try_get("consent_scope")?,
                    consent_withdrawn_on: row.try_get("consent_withdrawn_on")?,
                    income_before: row.try_get("income_before")?,
                    occupation_before: row.try_get("occupation_before")?,
                    education: row.try_get("education")?,
                    time_away: row.try_get("time_away")?,
                    municipality: row.try_get("municipality")?,
                    obstacles: row.try_get("obstacles")?,
                    decisive_change: row.try_get("decisive_change")?,
                    referred_by: row.try_get("referred_by")?,
                    referred_unit: row.try_get("referred_unit")?,
                    exit_on: row.try_get("exit_on")?,
                    exit_reason: row.try_get("exit_reason")?,
                    occupation_after: row.try_get("occupation_after")?,
                    employment_form_after: row.try_get("employment_form_after")?,
                    extent_after: row.try_get("extent_after")?,
                    study_form_after: row.try_get("study_form_after")?,
                    income_after: row.try_get("income_after")?,
                    exit_analysis: row.try_get("exit_analysis")?,
                    receiving_org: row.try_get("receiving_org")?,
                })
            }

            /// The columns figures count, in the order [`figure_row`] reads them; `true`
            /// marks free text (escaped where the database packs rows as text).
            const FIGURE_FIELDS: [(&str, bool); 16] = [
                ("p.id", false),
                ("i.code", false),
                ("p.coach_user_id", false),
                ("p.start_on", false),
                ("p.sex", false),
                ("p.birth_year", false),
                ("p.income_before", false),
                ("p.referred_by", true),
                ("p.exit_on", false),
                ("p.exit_reason", false),
                ("p.occupation_after", false),
                ("p.employment_form_after", false),
                ("p.extent_after", false),
                ("p.study_form_after", false),
                ("p.income_after", false),
                ("p.referred_unit", true),
            ];

            /// A stage period's columns, in the order the figure read uses them.
            const STAGE_FIELDS: [(&str, bool); 5] = [
                ("s.participation_id", false),
                ("s.position", false),
                ("s.stage", false),
                ("s.entered_on", false),
                ("s.left_on", false),
            ];

            fn packed_int(text: &str) -> StoreResult<i64> {
                text.parse().map_err(|_| StoreError::Database(format!("not a number: {text}")))
            }

            fn packed_opt_int(text: &str) -> StoreResult<Option<i64>> {
                (!text.is_empty()).then(|| packed_int(text)).transpose()
            }

            fn packed_date(text: &str) -> StoreResult<Date> {
                Date::parse(text, $crate::__private::time::macros::format_description!("[year]-[month]-[day]"))
                    .map_err(|_| StoreError::Database(format!("not a date: {text}")))
            }

            fn packed_opt_date(text: &str) -> StoreResult<Option<Date>> {
                (!text.is_empty()).then(|| packed_date(text)).transpose()
            }

            fn packed_opt_text(text: &str) -> Option<String> {
                (!text.is_empty()).then(|| text.to_string())
            }

            /// A participation with only what figures count (no person, consent or free
            /// text but who referred), from the fields of [`FIGURE_FIELDS`].
            fn figure_row(r: &[&str]) -> StoreResult<ParticipationRow> {
                Ok(ParticipationRow {
                    id: packed_int(r[0])?,
                    intervention: r[1].to_string(),
                    coach_user_id: packed_opt_int(r[2])?,
                    start_on: Some(packed_date(r[3])?),
                    sex: r[4].to_string(),
                    birth_year: packed_int(r[5])?,
                    income_before: r[6].to_string(),
                    referred_by: r[7].to_string(),
                    exit_on: packed_opt_date(r[8])?,
                    exit_reason: packed_opt_text(r[9]),
                    occupation_after: packed_opt_text(r[10]),
                    employment_form_after: packed_opt_text(r[11]),
                    extent_after: packed_opt_int(r[12])?,
                    study_form_after: packed_opt_text(r[13]),
                    income_after: r[14].to_string(),
                    referred_unit: r[15].to_string(),
                    ..ParticipationRow::default()
                })
            }

            fn entry(row: &DbRow) -> StoreResult<Entry> {
                Ok(Entry {
                    id: row.try_get("id").map_err(db_err)?,
                    participation_id: row.try_get("participation_id").map_err(db_err)?,
                    on: row.try_get::<Date, _>("entry_on").map_err(db_err)?,
                    body: body_from_json(&row.try_get::<String, _>("body").map_err(db_err)?)?,
                    written_by: row.try_get("written_by").map_err(db_err)?,
                })
            }

            fn employer(row: &DbRow) -> StoreResult<Employer> {
                Ok(Employer {
                    id: row.try_get("id").map_err(db_err)?,
                    provider: row.try_get("provider").map_err(db_err)?,
                    name: row.try_get("name").map_err(db_err)?,
                    orgnr: row.try_get("orgnr").map_err(db_err)?,
                    sector: code::<Sector>(&row.try_get::<String, _>("sector").map_err(db_err)?)?,
                    industry: row.try_get("industry").map_err(db_err)?,
                    contact: row.try_get("contact").map_err(db_err)?,
                })
            }

            /// The WHERE clause and its binds for a participation filter (`p` and `i` aliases).
            fn participation_where(f: &ParticipationFilter) -> String {
                let mut w = format!("i.code IN ({})", in_list(f.interventions.len()));
                if f.coach.is_some() {
                    w.push_str(" AND p.coach_user_id = ?");
                }
                if f.person.is_some() {
                    w.push_str(" AND p.person_id = ?");
                }
                if f.open_only {
                    w.push_str(" AND p.exit_on IS NULL");
                }
                if f.exited_since.is_some() {
                    w.push_str(" AND (p.exit_on IS NULL OR p.exit_on >= ?)");
                }
                w
            }

            type DbQuery<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;

            /// Binds a participation filter's values in the order of [`participation_where`].
            fn bind_filter<'q>(mut q: DbQuery<'q>, f: &'q ParticipationFilter) -> DbQuery<'q> {
                for c in &f.interventions {
                    q = q.bind(c.as_str());
                }
                if let Some(c) = f.coach {
                    q = q.bind(c);
                }
                if let Some(p) = f.person {
                    q = q.bind(p);
                }
                if let Some(d) = f.exited_since {
                    q = q.bind(d);
                }
                q
            }

            impl Store {
                pub(super) async fn read_persons(&self, ids: &[i64], provider: Option<&str>) -> StoreResult<Vec<Person>> {
                    let base = "SELECT x.id, pr.code AS provider, x.personal_number, x.name, x.alias, x.sex, x.birth_year, x.protected
                                FROM persons x JOIN providers pr ON pr.id = x.provider_id";
                    let mut rows = Vec::new();
                    if let Some(provider) = provider {
                        rows = sqlx::query(&dialect::sql(&format!("{base} WHERE pr.code = ? ORDER BY x.id")))
                            .bind(provider.to_string())
                            .fetch_all(&self.pool)
                            .await
                            .map_err(db_err)?;
                    } else {
                        for chunk in ids.chunks(CHUNK) {
                            let sql = dialect::sql(&format!("{base} WHERE x.id IN ({}) ORDER BY x.id", in_list(chunk.len()))).into_owned();
                            let mut q = sqlx::query(&sql);
                            for id in chunk {
                                q = q.bind(*id);
                            }
                            rows.extend(q.fetch_all(&self.pool).await.map_err(db_err)?);
                        }
                    }
                    rows.iter().map(|r| person_row(r).map_err(db_err)?.into_person()).collect()
                }

                pub(super) async fn read_referrals(&self, where_: &str, f: Option<&ReferralFilter>, id: Option<i64>) -> StoreResult<Vec<Referral>> {
                    let sql = format!(
                        "SELECT r.*, i.code AS intervention FROM referrals r JOIN interventions i ON i.id = r.intervention_id
                         WHERE {where_} ORDER BY r.received_on DESC, r.id DESC"
                    );
                    let sql = dialect::sql(&sql).into_owned();
                    let mut q = sqlx::query(&sql);
                    if let Some(f) = f {
                        for c in &f.interventions {
                            q = q.bind(c.clone());
                        }
                        if let Some(o) = f.officer {
                            q = q.bind(o);
                        }
                        if let Some(p) = f.person {
                            q = q.bind(p);
                        }
                    }
                    if let Some(id) = id {
                        q = q.bind(id);
                    }
                    let rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.iter().map(referral).collect()
                }

                /// Participations for figures. The driver hands rows over one by one at
                /// a cost of about 14 µs each on SQLite, so the database packs a thousand
                /// rows into one text value and they are split here.
                pub(super) async fn read_figure_participations(&self, f: &ParticipationFilter) -> StoreResult<Vec<Participation>> {
                    if f.interventions.is_empty() {
                        return Ok(Vec::new());
                    }
                    let w = participation_where(f);
                    let from = format!("FROM participations p JOIN interventions i ON i.id = p.intervention_id WHERE {w}");
                    let rows = self.read_packed("p.id", &FIGURE_FIELDS, &from, f, figure_row).await?;
                    let stage_from = format!(
                        "FROM stage_periods s JOIN participations p ON p.id = s.participation_id \
                         JOIN interventions i ON i.id = p.intervention_id WHERE {w}"
                    );
                    let mut stages: std::collections::HashMap<i64, Vec<(i64, StagePeriod)>> = std::collections::HashMap::new();
                    let stage_rows = self
                        .read_packed("s.participation_id", &STAGE_FIELDS, &stage_from, f, |r| {
                            let period = StagePeriod {
                                stage: r[2].to_string(),
                                entered_on: packed_date(r[3])?,
                                left_on: packed_opt_date(r[4])?,
                            };
                            Ok((packed_int(r[0])?, packed_int(r[1])?, period))
                        })
                        .await?;
                    for (participation, position, period) in stage_rows {
                        stages.entry(participation).or_default().push((position, period));
                    }
                    rows.into_iter()
                        .map(|row| {
                            let mut own = stages.remove(&row.id).unwrap_or_default();
                            own.sort_by_key(|(position, _)| *position);
                            row.into_participation(own.into_iter().map(|(_, s)| s).collect())
                        })
                        .collect()
                }

                /// Reads `fields` of the rows `from_where` selects, packed by the database
                /// a thousand rows (by `key`) at a time, as text fields.
                async fn read_packed<T>(
                    &self,
                    key: &str,
                    fields: &[(&str, bool)],
                    from_where: &str,
                    f: &ParticipationFilter,
                    each: impl Fn(&[&str]) -> StoreResult<T>,
                ) -> StoreResult<Vec<T>> {
                    let sql = format!(
                        "SELECT {rows} {from_where} GROUP BY {key} / 1000",
                        rows = dialect::packed_rows(fields),
                    );
                    let sql = dialect::sql(&sql).into_owned();
                    let chunks = bind_filter(sqlx::query(&sql), f)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    let mut out = Vec::new();
                    let mut one = |texts: Vec<std::borrow::Cow<'_, str>>| -> StoreResult<()> {
                        if texts.len() != fields.len() {
                            return Err(StoreError::Database(format!(
                                "a packed row has {} fields, not {}",
                                texts.len(),
                                fields.len()
                            )));
                        }
                        let row: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
                        out.push(each(&row)?);
                        Ok(())
                    };
                    for chunk in &chunks {
                        let Some(chunk) = chunk.try_get::<Option<String>, _>(0).map_err(db_err)? else {
                            continue;
                        };
                        if dialect::PACKED_AS_JSON {
                            let rows: Vec<Vec<&$crate::__private::serde_json::value::RawValue>> =
                                $crate::__private::serde_json::from_str(&chunk)
                                    .map_err(|e| StoreError::Database(format!("a packed chunk: {e}")))?;
                            for r in rows {
                                let texts = r
                                    .iter()
                                    .map(|v| $crate::json_field(v).map_err(StoreError::Database))
                                    .collect::<StoreResult<Vec<_>>>()?;
                                one(texts)?;
                            }
                        } else {
                            for r in chunk.split('\u{1e}') {
                                one(r.split('\u{1f}').map($crate::unescape_packed).collect())?;
                            }
                        }
                    }
                    Ok(out)
                }

                /// Participations read as a stream and mapped row by row (a whole
                /// association's rows stay small in memory), with their stage periods.
                pub(super) async fn read_participations(&self, f: &ParticipationFilter) -> StoreResult<Vec<Participation>> {
                    if f.interventions.is_empty() {
                        return Ok(Vec::new());
                    }
                    let w = participation_where(f);
                    let sql = format!(
                        "SELECT p.*, i.code AS intervention FROM participations p JOIN interventions i ON i.id = p.intervention_id
                         WHERE {w} ORDER BY p.start_on DESC, p.id DESC"
                    );
                    let sql = dialect::sql(&sql).into_owned();
                    let mut rows = Vec::new();
                    {
                        use $crate::__private::futures_util::TryStreamExt;
                        let mut stream = bind_filter(sqlx::query(&sql), f).fetch(&self.pool);
                        while let Some(row) = stream.try_next().await.map_err(db_err)? {
                            rows.push(participation_row(&row).map_err(db_err)?);
                        }
                    }
                    let sql = format!(
                        "SELECT s.participation_id, s.stage, s.entered_on, s.left_on FROM stage_periods s
                         JOIN participations p ON p.id = s.participation_id JOIN interventions i ON i.id = p.intervention_id
                         WHERE {w} ORDER BY s.participation_id, s.position"
                    );
                    let sql = dialect::sql(&sql).into_owned();
                    let stage_rows = bind_filter(sqlx::query(&sql), f).fetch_all(&self.pool).await.map_err(db_err)?;
                    let mut stages: std::collections::HashMap<i64, Vec<StagePeriod>> = std::collections::HashMap::new();
                    for r in &stage_rows {
                        stages.entry(r.try_get(0).map_err(db_err)?).or_default().push(StagePeriod {
                            stage: r.try_get(1).map_err(db_err)?,
                            entered_on: r.try_get::<Date, _>(2).map_err(db_err)?,
                            left_on: r.try_get::<Option<Date>, _>(3).map_err(db_err)?,
                        });
                    }
                    rows.into_iter()
                        .map(|row| {
                            let own = stages.remove(&row.id).unwrap_or_default();
                            row.into_participation(own)
                        })
                        .collect()
                }

                pub(super) async fn read_participation(&self, id: i64) -> StoreResult<Option<Participation>> {
                    let row = sqlx::query(&dialect::sql(
                        "SELECT p.*, i.code AS intervention FROM participations p JOIN interventions i ON i.id = p.intervention_id WHERE p.id = ?",
                    ))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_err)?;
                    let Some(row) = row else { return Ok(None) };
                    let stage_rows = sqlx::query(&dialect::sql(
                        "SELECT stage, entered_on, left_on FROM stage_periods WHERE participation_id = ? ORDER BY position",
                    ))
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    let stages = stage_rows
                        .iter()
                        .map(|r| {
                            Ok(StagePeriod {
                                stage: r.try_get("stage").map_err(db_err)?,
                                entered_on: r.try_get::<Date, _>("entered_on").map_err(db_err)?,
                                left_on: r.try_get::<Option<Date>, _>("left_on").map_err(db_err)?,
                            })
                        })
                        .collect::<StoreResult<Vec<_>>>()?;
                    Ok(Some(participation_row(&row).map_err(db_err)?.into_participation(stages)?))
                }

                pub(super) async fn read_meetings(&self, where_: &str, id: Option<i64>, intervention: Option<&str>) -> StoreResult<Vec<Meeting>> {
                    let sql = dialect::sql(&format!(
                        "SELECT m.id, i.code AS intervention, m.group_kind, m.held_on, m.attendees
                         FROM selection_meetings m JOIN interventions i ON i.id = m.intervention_id
                         WHERE {where_} ORDER BY m.held_on DESC, m.id DESC"
                    ))
                    .into_owned();
                    let mut q = sqlx::query(&sql);
                    if let Some(id) = id {
                        q = q.bind(id);
                    }
                    if let Some(intervention) = intervention {
                        q = q.bind(intervention.to_string());
                    }
                    let rows = q.fetch_all(&self.pool).await.map_err(db_err)?;
                    let mut out = Vec::new();
                    for r in &rows {
                        let id: i64 = r.try_get("id").map_err(db_err)?;
                        let proposals = sqlx::query(&dialect::sql(
                            "SELECT referral_id, decision, unanimous FROM selection_proposals WHERE meeting_id = ? ORDER BY position",
                        ))
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?
                        .iter()
                        .map(|p| {
                            Ok(Proposal {
                                referral_id: p.try_get("referral_id").map_err(db_err)?,
                                decision: code::<Decision>(&p.try_get::<String, _>("decision").map_err(db_err)?)?,
                                unanimous: p.try_get("unanimous").map_err(db_err)?,
                            })
                        })
                        .collect::<StoreResult<Vec<_>>>()?;
                        out.push(Meeting {
                            id,
                            intervention: r.try_get("intervention").map_err(db_err)?,
                            group: code::<GroupKind>(&r.try_get::<String, _>("group_kind").map_err(db_err)?)?,
                            held_on: r.try_get::<Date, _>("held_on").map_err(db_err)?,
                            attendees: from_json(&r.try_get::<String, _>("attendees").map_err(db_err)?)?,
                            proposals,
                        });
                    }
                    Ok(out)
                }

                pub(super) async fn read_cohorts(&self, intervention: &str) -> StoreResult<Vec<Cohort>> {
                    let rows = sqlx::query(&dialect::sql(
                        "SELECT c.id, i.code AS intervention, c.name, c.starts_on, c.capacity FROM cohorts c
                         JOIN interventions i ON i.id = c.intervention_id WHERE i.code = ? ORDER BY c.starts_on, c.id",
                    ))
                    .bind(intervention.to_string())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok(Cohort {
                                id: r.try_get("id").map_err(db_err)?,
                                intervention: r.try_get("intervention").map_err(db_err)?,
                                name: r.try_get("name").map_err(db_err)?,
                                starts_on: r.try_get::<Date, _>("starts_on").map_err(db_err)?,
                                capacity: r.try_get::<i64, _>("capacity").map_err(db_err)? as u32,
                            })
                        })
                        .collect()
                }

                pub(super) async fn read_entries(&self, ids: &[i64]) -> StoreResult<Vec<Entry>> {
                    let mut out = Vec::new();
                    for chunk in ids.chunks(CHUNK) {
                        let sql = format!(
                            "SELECT * FROM participation_entries WHERE participation_id IN ({}) ORDER BY entry_on, id",
                            in_list(chunk.len())
                        );
                        let sql = dialect::sql(&sql).into_owned();
                        let mut q = sqlx::query(&sql);
                        for id in chunk {
                            q = q.bind(*id);
                        }
                        for r in q.fetch_all(&self.pool).await.map_err(db_err)? {
                            out.push(entry(&r)?);
                        }
                    }
                    out.sort_by_key(|e| (e.on, e.id));
                    Ok(out)
                }

                pub(super) async fn read_employers(&self, where_: &str, key: Option<&str>, id: Option<i64>) -> StoreResult<Vec<Employer>> {
                    let sql = format!(
                        "SELECT e.*, pr.code AS provider FROM employers e JOIN providers pr ON pr.id = e.provider_id
                         WHERE {where_} ORDER BY e.name, e.id"
                    );
                    let sql = dialect::sql(&sql).into_owned();
                    let mut q = sqlx::query(&sql);
                    if let Some(k) = key {
                        q = q.bind(k.to_string());
                    }
                    if let Some(id) = id {
                        q = q.bind(id);
                    }
                    q.fetch_all(&self.pool).await.map_err(db_err)?.iter().map(employer).collect()
                }

                pub(super) async fn read_contacts(&self, employer_id: i64) -> StoreResult<Vec<EmployerContact>> {
                    let rows = sqlx::query(&dialect::sql(
                        "SELECT * FROM employer_contacts WHERE employer_id = ? ORDER BY contact_on DESC, id DESC",
                    ))
                    .bind(employer_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.iter()
                        .map(|r| {
                            Ok(EmployerContact {
                                id: r.try_get("id").map_err(db_err)?,
                                employer_id: r.try_get("employer_id").map_err(db_err)?,
                                on: r.try_get::<Date, _>("contact_on").map_err(db_err)?,
                                note: r.try_get("note").map_err(db_err)?,
                                participation_id: r.try_get("participation_id").map_err(db_err)?,
                                written_by: r.try_get("written_by").map_err(db_err)?,
                            })
                        })
                        .collect()
                }
            }
        }
    };
}
