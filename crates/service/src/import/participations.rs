//! The participation file: every row checked (and the rows checked against each
//! other and against what is stored), then written in one transaction. Rows match
//! stored participations on intervention + person + start date and update them.

use super::table::Table;
use super::{ImportError, ImportSummary, Progress};
use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::import::participation_row::{
    COLUMNS, ImportedRow, REQUIRED, person_key, read_row,
};
use samverka_domain::import::{RowProblem, check_header};
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::{Participation, Person};
use samverka_domain::policy::can_import_into;
use samverka_store::{ImportBatch, ParticipationFilter, PersonRef};
use std::collections::HashMap;

/// How often progress is reported while checking.
const PROGRESS_EVERY: usize = 5_000;

impl Services {
    /// Imports a participation file; `progress` hears how far it has come.
    pub async fn import_participations(
        &self,
        caller: &Caller,
        table: &Table,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<ImportSummary, ImportError> {
        let mut problems = check_header(&table.headers, &COLUMNS, &REQUIRED);
        if !problems.is_empty() {
            return Err(ImportError::Problems(problems));
        }
        if table.rows.is_empty() {
            return Err(ImportError::Problems(vec![RowProblem::new(
                1,
                "insats",
                FieldError::new("fil", "error.import.empty"),
            )]));
        }
        let today = self.clock.today();
        let positions = table.positions();
        let mut rows = Vec::with_capacity(table.rows.len());
        for i in 0..table.rows.len() {
            match read_row(i + 2, &table.getter(i, &positions), today) {
                Ok(r) => rows.push(r),
                Err(p) => problems.extend(p),
            }
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(Progress::Checked(i + 1, table.rows.len()));
            }
        }
        let interventions = self.importable(caller, &rows, &mut problems).await?;
        check_against_each_other(&rows, &interventions, today, &mut problems);
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(ImportError::Problems(problems));
        }
        progress(Progress::Writing(rows.len()));
        let (batch, summary) = self.plan(&rows, &interventions).await?;
        let audit: Vec<AuditDraft> = interventions
            .keys()
            .map(|code| {
                let n = rows.iter().filter(|r| &r.intervention == code).count();
                AuditDraft::new(
                    self.clock.now(),
                    caller.actor(),
                    AuditEvent::ParticipationsImported,
                    "intervention",
                    code,
                )
                .details(format!(
                    "rows={n} created={} updated={} unchanged={}",
                    summary.created, summary.updated, summary.unchanged
                ))
            })
            .collect();
        self.store.import_participations(&batch, &audit).await?;
        Ok(summary)
    }

    /// The interventions the rows name, each checked to exist and to be the caller's to import into.
    async fn importable(
        &self,
        caller: &Caller,
        rows: &[ImportedRow],
        problems: &mut Vec<RowProblem>,
    ) -> ServiceResult<HashMap<String, Intervention>> {
        let all = self.store.interventions().await?;
        let mut out = HashMap::new();
        for r in rows {
            if out.contains_key(&r.intervention) {
                continue;
            }
            let found = all
                .iter()
                .find(|iv| iv.code == r.intervention)
                .filter(|iv| match caller {
                    Caller::Cli(_) => true,
                    Caller::User { roles, .. } => can_import_into(roles, iv),
                });
            if let Some(iv) = found {
                out.insert(iv.code.clone(), iv.clone());
            }
        }
        for r in rows.iter().filter(|r| !out.contains_key(&r.intervention)) {
            problems.push(RowProblem::new(
                r.row,
                "insats",
                FieldError::with_detail(
                    "insats",
                    "error.import.intervention",
                    r.intervention.clone(),
                ),
            ));
        }
        Ok(out)
    }

    /// Decides, row by row, what to create, update or leave.
    async fn plan(
        &self,
        rows: &[ImportedRow],
        interventions: &HashMap<String, Intervention>,
    ) -> ServiceResult<(ImportBatch, ImportSummary)> {
        let codes: Vec<String> = interventions.keys().cloned().collect();
        let existing = self
            .store
            .participations(&ParticipationFilter {
                interventions: codes,
                ..ParticipationFilter::default()
            })
            .await?;
        let mut persons: HashMap<(String, String), i64> = HashMap::new();
        for provider in interventions.values().map(|iv| iv.provider.clone()) {
            for p in self.store.persons_of_provider(&provider).await? {
                persons.insert((provider.clone(), person_key(&p.identity)), p.id);
            }
        }
        let key_of: HashMap<i64, &String> = persons.iter().map(|((_, k), id)| (*id, k)).collect();
        let stored: HashMap<(String, String, time::Date), &Participation> = existing
            .iter()
            .filter_map(|p| {
                let key = key_of.get(&p.person_id)?;
                Some(((p.intervention.clone(), (*key).clone(), p.start_on), p))
            })
            .collect();
        let mut batch = ImportBatch::default();
        let mut new_persons: HashMap<(String, String), usize> = HashMap::new();
        let mut summary = ImportSummary {
            rows: rows.len(),
            ..ImportSummary::default()
        };
        for r in rows {
            let iv = &interventions[&r.intervention];
            let pkey = (iv.provider.clone(), person_key(&r.identity));
            let person = match persons.get(&pkey) {
                Some(id) => PersonRef::Existing(*id),
                None => PersonRef::New(*new_persons.entry(pkey).or_insert_with(|| {
                    batch.new_persons.push(Person {
                        id: 0,
                        provider: iv.provider.clone(),
                        identity: r.identity.clone(),
                        protected: false,
                    });
                    batch.new_persons.len() - 1
                })),
            };
            let old = stored.get(&r.key()).copied();
            let p = merged(r, old);
            match old {
                Some(o) if *o == p => summary.unchanged += 1,
                Some(_) => {
                    summary.updated += 1;
                    batch.participations.push((person, p));
                }
                None => {
                    summary.created += 1;
                    batch.participations.push((person, p));
                }
            }
        }
        Ok((batch, summary))
    }
}

/// The participation a row describes, keeping what the file does not hold (coach,
/// cohort, referral, stages, consent details) from the stored one.
fn merged(r: &ImportedRow, old: Option<&Participation>) -> Participation {
    let person = Person {
        id: 0,
        provider: String::new(),
        identity: r.identity.clone(),
        protected: false,
    };
    let mut p = Participation {
        id: 0,
        intervention: r.intervention.clone(),
        person_id: 0,
        referral_id: None,
        cohort_id: None,
        coach: None,
        start_on: r.enrolment.start_on,
        sex: person.sex(),
        birth_year: person.birth_year(),
        consent: r.enrolment.consent.clone(),
        baseline: r.enrolment.baseline.clone(),
        decisive_change: String::new(),
        referred_by: r.referred_by.clone(),
        referred_unit: r.referred_unit.clone(),
        stages: Vec::new(),
        exit: r.exit.clone(),
    };
    if let Some(o) = old {
        p.id = o.id;
        p.person_id = o.person_id;
        p.referral_id = o.referral_id;
        p.cohort_id = o.cohort_id;
        p.coach = o.coach;
        p.decisive_change = o.decisive_change.clone();
        p.stages = o.stages.clone();
        if o.consent.is_some() && p.consent.is_some() {
            p.consent = o.consent.clone();
        }
        if let (Some(new_exit), Some(old_exit)) = (&mut p.exit, &o.exit) {
            new_exit.analysis = old_exit.analysis.clone();
            new_exit.receiving_org = old_exit.receiving_org.clone();
        }
    }
    if p.is_anonymous() {
        p.strip_for_anonymity();
    }
    p
}

/// Rules across rows: the same key twice, overlapping participations of one person,
/// and starts in the future or outside the intervention's period.
fn check_against_each_other(
    rows: &[ImportedRow],
    interventions: &HashMap<String, Intervention>,
    today: time::Date,
    problems: &mut Vec<RowProblem>,
) {
    let mut seen: HashMap<(String, String, time::Date), usize> = HashMap::new();
    let mut by_person: HashMap<(String, String), Vec<&ImportedRow>> = HashMap::new();
    for r in rows {
        if let Some(first) = seen.insert(r.key(), r.row) {
            problems.push(RowProblem::new(
                r.row,
                "startdatum",
                FieldError::with_detail("startdatum", "error.import.same_row", first.to_string()),
            ));
        }
        by_person
            .entry((r.intervention.clone(), person_key(&r.identity)))
            .or_default()
            .push(r);
        if let Some(iv) = interventions.get(&r.intervention) {
            let probe = Participation {
                start_on: r.enrolment.start_on,
                birth_year: 0,
                ..merged(r, None)
            };
            if let Err(e) = probe.check_start(iv.start, iv.end, today) {
                problems.push(RowProblem::new(r.row, e.field, e));
            }
        }
    }
    for list in by_person.values_mut() {
        list.sort_by_key(|r| r.enrolment.start_on);
        for pair in list.windows(2) {
            let open = pair[0]
                .exit
                .as_ref()
                .is_none_or(|x| x.on >= pair[1].enrolment.start_on);
            if open && pair[0].enrolment.start_on != pair[1].enrolment.start_on {
                let e = FieldError::with_detail(
                    "startdatum",
                    "error.import.overlap",
                    pair[0].row.to_string(),
                );
                problems.push(RowProblem::new(pair[1].row, "startdatum", e));
            }
        }
    }
}
