//! The standard report of many interventions from each intervention's stored
//! tally (the report cache), counting afresh only the interventions whose figures
//! changed since; and the same report counted straight from every participation,
//! which is the definition the cache is tested against.

use super::report::ReportScope;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::intervention::Intervention;
use samverka_domain::journey::Participation;
use samverka_reports::questionnaire::Answers;
use samverka_reports::standard::{StandardReport, standard};
use samverka_reports::tally::Tally;
use samverka_store::ParticipationFilter;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;

/// Interventions counted afresh per read of their participations.
const INTERVENTIONS_PER_READ: usize = 50;

impl Services {
    /// The report of `interventions` merged from their tallies for the period.
    pub(crate) async fn report_from_tallies(
        &self,
        scope: &ReportScope,
        interventions: &[Intervention],
        period: (Date, Date),
    ) -> ServiceResult<StandardReport> {
        let codes: Vec<String> = interventions.iter().map(|iv| iv.code.clone()).collect();
        // The versions are read before any participation, so a tally saved below
        // is never newer than the version it is stored with.
        let cached = self.store.tallies(&codes, period).await?;
        let mut total = Tally::default();
        let mut stale = Vec::new();
        for c in cached {
            match c.body.as_deref().and_then(Tally::from_stored) {
                Some(t) => total.merge(&t),
                None => stale.push((c.intervention, c.version)),
            }
        }
        let by_code: HashMap<&str, &Intervention> = interventions
            .iter()
            .map(|iv| (iv.code.as_str(), iv))
            .collect();
        for chunk in stale.chunks(INTERVENTIONS_PER_READ) {
            for (code, version, tally) in self.count_tallies(chunk, &by_code, period).await? {
                let body = tally
                    .to_stored()
                    .map_err(|e| ServiceError::Storage(format!("tally: {e}")))?;
                self.store.save_tally(&code, period, version, &body).await?;
                total.merge(&tally);
            }
        }
        Ok(total.finish(&scope.key(), period))
    }

    /// Counts the tallies of a few interventions from one read of their participations.
    async fn count_tallies(
        &self,
        chunk: &[(String, i64)],
        by_code: &HashMap<&str, &Intervention>,
        period: (Date, Date),
    ) -> ServiceResult<Vec<(String, i64, Tally)>> {
        let codes: Vec<String> = chunk.iter().map(|(c, _)| c.clone()).collect();
        let mut material = self.counting_material(&codes, by_code).await?;
        Ok(chunk
            .iter()
            .map(|(code, version)| {
                let (ps, answers) = material.remove(code).unwrap_or_default();
                (code.clone(), *version, Tally::count(&ps, period, &answers))
            })
            .collect())
    }

    /// Each of `codes`' participations with their questionnaire answers, from one
    /// read: what its tally of any period is counted from.
    pub(crate) async fn counting_material(
        &self,
        codes: &[String],
        by_code: &HashMap<&str, &Intervention>,
    ) -> ServiceResult<BTreeMap<String, (Vec<Participation>, Answers)>> {
        let participations = self
            .store
            .participations_for_figures(&ParticipationFilter {
                interventions: codes.to_vec(),
                ..ParticipationFilter::default()
            })
            .await?;
        let associations = funders(
            codes
                .iter()
                .filter_map(|c| by_code.get(c.as_str()).copied()),
        );
        let answers = self
            .questionnaire_answers(&participations, &associations)
            .await?;
        let mut own: BTreeMap<String, Vec<Participation>> = BTreeMap::new();
        for p in participations {
            if codes.contains(&p.intervention) {
                own.entry(p.intervention.clone()).or_default().push(p);
            }
        }
        let mut questions_by_funders = HashMap::new();
        let mut out = BTreeMap::new();
        for code in codes {
            let ps = own.remove(code).unwrap_or_default();
            let its_funders = by_code
                .get(code.as_str())
                .map(|iv| iv.associations.clone())
                .unwrap_or_default();
            if !questions_by_funders.contains_key(&its_funders) {
                let q = self.questions_of(&its_funders).await?;
                questions_by_funders.insert(its_funders.clone(), q);
            }
            let ids: HashSet<i64> = ps.iter().map(|p| p.id).collect();
            let own_answers = Answers {
                questions: questions_by_funders[&its_funders].clone(),
                responses: answers
                    .responses
                    .iter()
                    .filter(|r| ids.contains(&r.participation_id))
                    .cloned()
                    .collect(),
            };
            out.insert(code.clone(), (ps, own_answers));
        }
        Ok(out)
    }

    /// The report counted straight from every participation of `interventions`
    /// (with their goals when the scope is one intervention): the definition.
    pub(crate) async fn report_by_definition(
        &self,
        scope: &ReportScope,
        interventions: &[Intervention],
        period: (Date, Date),
    ) -> ServiceResult<StandardReport> {
        let codes: Vec<String> = interventions.iter().map(|iv| iv.code.clone()).collect();
        let participations = self
            .store
            .participations_for_figures(&ParticipationFilter {
                interventions: codes,
                ..ParticipationFilter::default()
            })
            .await?;
        let goals = goals_of(scope, interventions);
        let associations = funders(interventions);
        let answers = self
            .questionnaire_answers(&participations, &associations)
            .await?;
        let recorded = self
            .recorded_for(&participations, &goals, Some(&answers))
            .await?;
        Ok(standard(
            &scope.key(),
            &participations,
            &goals,
            period,
            &|p| recorded.get(&p.id).cloned().unwrap_or_default(),
            &answers,
        ))
    }

    /// The standard report of `scope` counted straight from every participation,
    /// never from the cache: what the cached report must always equal (tests and
    /// `samverka bench` compare the two).
    pub async fn standard_report_by_definition(
        &self,
        scope: &ReportScope,
        period: (Date, Date),
    ) -> ServiceResult<StandardReport> {
        let interventions = self.covered(scope).await?;
        if interventions.is_empty() {
            return Err(ServiceError::NotFound);
        }
        self.report_by_definition(scope, &interventions, period)
            .await
    }
}

/// The goals a report of `scope` counts: an intervention's own; none for more.
pub(crate) fn goals_of(
    scope: &ReportScope,
    interventions: &[Intervention],
) -> Vec<samverka_domain::goal::Goal> {
    match scope {
        ReportScope::Intervention(_) => interventions
            .iter()
            .flat_map(|iv| iv.goals.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// The associations that fund any of `interventions`, each once, in code order.
pub(crate) fn funders<'a>(
    interventions: impl IntoIterator<Item = &'a Intervention>,
) -> Vec<String> {
    let mut associations: Vec<String> = interventions
        .into_iter()
        .flat_map(|iv| iv.associations.clone())
        .collect();
    associations.sort();
    associations.dedup();
    associations
}
