//! Goals counted from registrations for an intervention's page. Callers outside
//! the provider see small counts suppressed (SPEC 7.4): a count of 1–4, or one
//! that 1–4 people would give away by subtraction from the total, is withheld.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::codes::Reached;
use samverka_domain::goal::{Goal, Numerator};
use samverka_domain::journey::entry::EntryBody;
use samverka_domain::journey::goal_count::{GoalCount, count};
use samverka_domain::policy::can_work_with_participants;
use samverka_reports::disclosure::goal_may_show;
use samverka_store::ParticipationFilter;
use std::collections::HashMap;
use time::Date;

/// A goal with its count, as far as the caller may see it.
#[derive(Debug, Clone)]
pub struct GoalResult {
    /// The goal.
    pub goal: Goal,
    /// The period counted.
    pub period: (Date, Date),
    /// The count; `None` when withheld for disclosure control.
    pub count: Option<GoalCount>,
}

impl Services {
    /// The employment and study entries of each participation, read only when a goal
    /// counts `reached_during`.
    pub(crate) async fn reached_by(
        &self,
        participations: &[samverka_domain::journey::Participation],
        goals: &[Goal],
    ) -> ServiceResult<HashMap<i64, Vec<Reached>>> {
        let mut recorded: HashMap<i64, Vec<Reached>> = HashMap::new();
        if !goals
            .iter()
            .any(|g| matches!(g.numerator, Numerator::ReachedDuring(_)))
        {
            return Ok(recorded);
        }
        let ids: Vec<i64> = participations.iter().map(|p| p.id).collect();
        for e in self.store.entries(&ids).await? {
            let r = match e.body {
                EntryBody::Employment { .. } => Reached::Employment,
                EntryBody::Study { .. } => Reached::Studies,
                _ => continue,
            };
            recorded.entry(e.participation_id).or_default().push(r);
        }
        Ok(recorded)
    }

    /// The intervention's goals counted from its start to `as_of` (today when `None`).
    pub async fn goal_results(
        &self,
        caller: &Caller,
        code: &str,
        as_of: Option<Date>,
    ) -> ServiceResult<Vec<GoalResult>> {
        let iv = self.intervention(caller, code).await?;
        let exact = match caller {
            Caller::Cli(_) => true,
            Caller::User { roles, .. } => can_work_with_participants(roles, &iv),
        };
        let to = as_of.unwrap_or(self.clock.today());
        let from = iv.start;
        let all = self
            .store
            .participations_for_figures(&ParticipationFilter {
                interventions: vec![iv.code.clone()],
                ..ParticipationFilter::default()
            })
            .await?;
        let recorded = self.reached_by(&all, &iv.goals).await?;
        Ok(iv
            .goals
            .iter()
            .map(|g| {
                let c = count(g, &all, from, to, &|p| {
                    recorded.get(&p.id).cloned().unwrap_or_default()
                });
                GoalResult {
                    goal: g.clone(),
                    period: g.period.unwrap_or((from, to)),
                    count: (exact || goal_may_show(c.numerator, c.denominator)).then_some(c),
                }
            })
            .collect())
    }
}
