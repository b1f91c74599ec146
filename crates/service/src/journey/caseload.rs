//! Lists of participations: the coach's own caseload with what is due, an
//! intervention's participants, and quick search by name, alias or number.
//! Every participation shown is logged as read.

use super::access::JourneyScope;
use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::journey::caseload::{
    CaseloadFit, Due, FOLLOWED_AFTER_EXIT_MONTHS, due_items, fit,
};
use samverka_domain::journey::dates::{days_between, sub_months};
use samverka_domain::journey::figures::{JourneyCounts, counts};
use samverka_domain::journey::{Participation, Person};
use samverka_store::ParticipationFilter;
use time::Date;

/// One line of a participation list.
#[derive(Debug, Clone)]
pub struct CaseloadRow {
    /// The participation.
    pub participation: Participation,
    /// Its person.
    pub person: Person,
    /// The current stage code, while active.
    pub stage: Option<String>,
    /// Days in the current stage.
    pub days_in_stage: Option<i64>,
    /// The next thing due.
    pub next_due: Option<Due>,
    /// Everything due before today.
    pub overdue: Vec<Due>,
}

/// The coach's start page.
#[derive(Debug, Clone)]
pub struct Caseload {
    /// Active participations owned by the caller.
    pub rows: Vec<CaseloadRow>,
    /// Follow-ups after exit that are due within 30 days or overdue.
    pub after_exit_due: Vec<CaseloadRow>,
    /// The caseload size per intervention against its target.
    pub targets: Vec<CaseloadTarget>,
}

/// A coach's caseload in one intervention against the intervention's target (e.g. 15–20).
#[derive(Debug, Clone)]
pub struct CaseloadTarget {
    /// Intervention code.
    pub code: String,
    /// Intervention name.
    pub name: String,
    /// Active participations owned by the coach.
    pub active: usize,
    /// Target lower bound.
    pub min: Option<u32>,
    /// Target upper bound.
    pub max: Option<u32>,
    /// How the count fits the target.
    pub fit: CaseloadFit,
}

/// An intervention's participants and counts.
#[derive(Debug, Clone)]
pub struct ParticipantList {
    /// The participations asked for, newest start first.
    pub rows: Vec<CaseloadRow>,
    /// Counts today (registration errors left out).
    pub counts: JourneyCounts,
    /// The referrals that led to any participation of the intervention, shown or not.
    pub enrolled_referrals: Vec<i64>,
}

impl Services {
    /// The caller's caseload: their open participations and after-exit follow-ups.
    pub async fn caseload(&self, caller: &Caller) -> ServiceResult<Caseload> {
        self.require_participant_work(caller)?;
        let scope = self.journey_scope(caller).await?;
        let Caller::User { id: me, .. } = caller else {
            return Ok(Caseload {
                rows: vec![],
                after_exit_due: vec![],
                targets: vec![],
            });
        };
        let today = self.clock.today();
        let mine = self
            .store
            .participations(&ParticipationFilter {
                interventions: scope.codes(),
                coach: Some(*me),
                exited_since: Some(sub_months(today, FOLLOWED_AFTER_EXIT_MONTHS)),
                ..ParticipationFilter::default()
            })
            .await?;
        let rows = self
            .rows(
                mine.into_iter()
                    .filter(|p| !p.is_registration_error())
                    .collect(),
                today,
            )
            .await?;
        let (active, exited): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|r| r.participation.exit.is_none());
        let soon = today + time::Duration::days(30);
        let after_exit_due: Vec<CaseloadRow> = exited
            .into_iter()
            .filter(|r| r.next_due.is_some_and(|d| d.on() <= soon))
            .collect();
        let targets = caseload_targets(&scope, &active);
        let ids: Vec<i64> = active
            .iter()
            .chain(&after_exit_due)
            .map(|r| r.participation.id)
            .collect();
        self.log_read(caller, "caseload", ids).await?;
        Ok(Caseload {
            rows: active,
            after_exit_due,
            targets,
        })
    }

    /// Every participation of intervention `code`, with counts.
    pub async fn participants_of(
        &self,
        caller: &Caller,
        code: &str,
    ) -> ServiceResult<ParticipantList> {
        self.participant_rows(caller, code, true).await
    }

    /// The intervention's participations for its participant page: the open ones,
    /// and the exited too when `with_exited`. The counts always cover every one.
    pub async fn participant_rows(
        &self,
        caller: &Caller,
        code: &str,
        with_exited: bool,
    ) -> ServiceResult<ParticipantList> {
        let iv = self.journey_intervention(caller, code).await?;
        let all = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code],
                ..ParticipationFilter::default()
            })
            .await?;
        let today = self.clock.today();
        let counts = counts(&all, today);
        let enrolled_referrals = all.iter().filter_map(|p| p.referral_id).collect();
        let shown = all
            .into_iter()
            .filter(|p| with_exited || p.exit.is_none())
            .collect();
        let rows = self.rows(shown, today).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.participation.id).collect();
        self.log_read(caller, "participant_list", ids).await?;
        Ok(ParticipantList {
            rows,
            counts,
            enrolled_referrals,
        })
    }

    /// Participations within reach whose person matches `query` (name, alias or at
    /// least six digits of the number). At most 50.
    pub async fn search_participants(
        &self,
        caller: &Caller,
        query: &str,
    ) -> ServiceResult<Vec<CaseloadRow>> {
        self.require_participant_work(caller)?;
        let scope = self.journey_scope(caller).await?;
        let mut persons: Vec<Person> = Vec::new();
        for provider in scope.interventions.iter().map(|i| &i.provider) {
            if persons.iter().any(|p| &p.provider == provider) {
                continue;
            }
            persons.extend(self.store.persons_of_provider(provider).await?);
        }
        let hits: Vec<i64> = persons
            .iter()
            .filter(|p| p.matches(query))
            .map(|p| p.id)
            .collect();
        let mut found = Vec::new();
        for person in hits {
            found.extend(
                self.store
                    .participations(&ParticipationFilter {
                        interventions: scope.codes(),
                        person: Some(person),
                        ..ParticipationFilter::default()
                    })
                    .await?,
            );
        }
        found.truncate(50);
        let rows = self.rows(found, self.clock.today()).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.participation.id).collect();
        self.log_read(caller, "search", ids).await?;
        Ok(rows)
    }

    async fn rows(
        &self,
        participations: Vec<Participation>,
        today: Date,
    ) -> ServiceResult<Vec<CaseloadRow>> {
        let ids: Vec<i64> = participations.iter().map(|p| p.id).collect();
        let person_ids: Vec<i64> = participations.iter().map(|p| p.person_id).collect();
        let entries = self.store.entries(&ids).await?;
        let persons = self.store.persons(&person_ids).await?;
        let mut rows = Vec::new();
        for p in participations {
            let Some(person) = persons.iter().find(|x| x.id == p.person_id).cloned() else {
                continue;
            };
            let own: Vec<_> = entries
                .iter()
                .filter(|e| e.participation_id == p.id)
                .cloned()
                .collect();
            let due = due_items(&p, &own);
            let current = p.current_stage().cloned();
            rows.push(CaseloadRow {
                stage: current.as_ref().map(|s| s.stage.clone()),
                days_in_stage: current.map(|s| days_between(s.entered_on, today)),
                next_due: due.first().copied(),
                overdue: due.iter().copied().filter(|d| d.on() < today).collect(),
                participation: p,
                person,
            });
        }
        Ok(rows)
    }
}

fn caseload_targets(scope: &JourneyScope, active: &[CaseloadRow]) -> Vec<CaseloadTarget> {
    scope
        .interventions
        .iter()
        .filter_map(|iv| {
            let n = active
                .iter()
                .filter(|r| r.participation.intervention == iv.code)
                .count();
            (n > 0 || iv.caseload_min.is_some()).then(|| CaseloadTarget {
                code: iv.code.clone(),
                name: iv.name.clone(),
                active: n,
                min: iv.caseload_min,
                max: iv.caseload_max,
                fit: fit(n, iv.caseload_min, iv.caseload_max),
            })
        })
        .collect()
}
