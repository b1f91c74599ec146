//! Goals counted from registrations for an intervention's page. Callers outside
//! the provider see small counts suppressed (SPEC 7.4): a count of 1–4, or one
//! that 1–4 people would give away by subtraction from the total, is withheld.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::codes::Reached;
use samverka_domain::goal::{Goal, Numerator};
use samverka_domain::journey::entry::EntryBody;
use samverka_domain::journey::goal_count::{GoalCount, count};
use samverka_domain::journey::recorded::Recorded;
use samverka_domain::policy::can_work_with_participants;
use samverka_domain::questionnaire::builtin;
use samverka_domain::questionnaire::experience::theme_scores;
use samverka_reports::disclosure::goal_may_show;
use samverka_reports::questionnaire::Answers;
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
    /// True when the caller sees exact figures (the provider and the command line);
    /// otherwise a count of 1–4 is shown only as fewer than 5.
    pub exact: bool,
}

impl Services {
    /// The employment and study entries of each participation, read only when a goal
    /// counts `reached_during`.
    async fn reached_by(
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

    /// The questionnaire answers of these participations, with every question they
    /// may answer: the built-in instrument's and the supplementary questions of
    /// `associations` (ended ones too).
    pub(crate) async fn questionnaire_answers(
        &self,
        participations: &[samverka_domain::journey::Participation],
        associations: &[String],
    ) -> ServiceResult<Answers> {
        let sex: HashMap<i64, samverka_domain::codes::Sex> =
            participations.iter().map(|p| (p.id, p.sex)).collect();
        let ids: Vec<i64> = participations.iter().map(|p| p.id).collect();
        let responses = self
            .store
            .invitations(&ids)
            .await?
            .into_iter()
            .filter_map(|i| i.response(*sex.get(&i.participation_id)?))
            .collect();
        Ok(Answers {
            questions: self.questions_of(associations).await?,
            responses,
        })
    }

    /// Every question participants of these associations' interventions may
    /// answer: the built-in instrument's, then the associations' supplementary ones.
    pub(crate) async fn questions_of(
        &self,
        associations: &[String],
    ) -> ServiceResult<Vec<samverka_domain::questionnaire::instrument::Question>> {
        let mut questions = builtin::instrument().questions;
        questions.extend(
            self.store
                .supplementary_questions(associations)
                .await?
                .iter()
                .map(|q| q.question()),
        );
        Ok(questions)
    }

    /// What goals count besides each participation's own row: its employment and
    /// study entries (for `reached_during`) and its questionnaire answers per theme
    /// (for experience goals; `answers` may be `None` when no goal needs them).
    pub(crate) async fn recorded_for(
        &self,
        participations: &[samverka_domain::journey::Participation],
        goals: &[Goal],
        answers: Option<&Answers>,
    ) -> ServiceResult<HashMap<i64, Recorded>> {
        let mut out: HashMap<i64, Recorded> = HashMap::new();
        for (id, reached) in self.reached_by(participations, goals).await? {
            out.entry(id).or_default().reached = reached;
        }
        if let Some(a) = answers {
            for (id, scores) in theme_scores(&builtin::instrument(), &a.responses) {
                out.entry(id).or_default().experience = scores;
            }
        }
        Ok(out)
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
        let answers = if iv.goals.iter().any(|g| !g.numerator.themes().is_empty()) {
            Some(self.questionnaire_answers(&all, &iv.associations).await?)
        } else {
            None
        };
        let recorded = self.recorded_for(&all, &iv.goals, answers.as_ref()).await?;
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
                    exact,
                }
            })
            .collect())
    }
}
