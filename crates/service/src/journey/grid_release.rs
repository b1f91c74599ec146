//! The association layer's reports come from a fixed grid (SPEC 7.4): an
//! association or one of its interventions, over a tertial, half-year or year that
//! has ended, or the whole years from the first one the interventions ran. Every
//! report of the grid is counted and suppressed together, so that no report can be
//! subtracted from another to pin a withheld count. The result is kept until a
//! figure of the family changes or the day does.

use super::report::{Audience, ReportScope};
use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::intervention::Intervention;
use samverka_reports::joint::{GridReport, Parent, jointly};
use samverka_reports::period::Preset;
use samverka_reports::standard::StandardReport;
use samverka_reports::tally::Tally;
use samverka_reports::withheld::Mark;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use time::Date;

/// Marks of every report of one family's grid, as counted at `versions` on `today`.
#[derive(Debug, Clone)]
struct Release {
    versions: Vec<(String, i64)>,
    today: Date,
    marks: HashMap<(String, Preset), BTreeMap<String, Mark>>,
}

/// Releases kept between requests, by family.
#[derive(Debug, Clone, Default)]
pub struct ReleaseCache(Arc<Mutex<HashMap<String, Arc<Release>>>>);

/// Associations and interventions whose reports add up to each other.
struct Family {
    associations: Vec<String>,
    interventions: Vec<Intervention>,
}

impl Family {
    /// The family's key and the first year any of its interventions ran.
    fn key(&self) -> String {
        self.associations.join(",")
    }

    fn first_year(&self) -> i32 {
        self.interventions
            .iter()
            .map(|iv| iv.start.year())
            .min()
            .unwrap_or(2000)
    }

    fn parents(&self) -> Vec<Parent> {
        self.associations
            .iter()
            .map(|a| Parent {
                scope: ReportScope::Association(a.clone()).key(),
                children: self
                    .interventions
                    .iter()
                    .filter(|iv| iv.associations.contains(a))
                    .map(|iv| ReportScope::Intervention(iv.code.clone()).key())
                    .collect(),
            })
            .collect()
    }
}

impl Services {
    /// The grid period `period` is, when `scope` may be reported on it for the
    /// association layer; a field error naming the choices otherwise.
    pub(crate) async fn on_grid(
        &self,
        scope: &ReportScope,
        period: (Date, Date),
    ) -> ServiceResult<Preset> {
        if !matches!(
            scope,
            ReportScope::Association(_) | ReportScope::Intervention(_)
        ) {
            return Err(FieldError::new("scope", "error.report.grid_scope").into());
        }
        let family = self.family(scope).await?;
        let grid = Preset::grid(family.first_year(), self.clock.today());
        match Preset::of_bounds(period).filter(|p| grid.contains(p)) {
            Some(p) => Ok(p),
            None => Err(FieldError::with_args(
                "period",
                "error.report.grid_period",
                vec![("first", family.first_year().to_string())],
            )
            .into()),
        }
    }

    /// True when `caller` would read `scope` in the association layer (wanting
    /// `wanted`), and so chooses among the grid's periods.
    pub async fn reads_on_grid(
        &self,
        caller: &Caller,
        scope: &ReportScope,
        wanted: Audience,
    ) -> ServiceResult<bool> {
        let today = self.clock.today();
        match self.reach(caller, scope, (today, today), wanted).await {
            Ok((_, audience)) => Ok(audience == Audience::Association),
            Err(ServiceError::NotFound | ServiceError::Forbidden) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The association layer's grid for `scope`, oldest first.
    pub async fn grid_for(&self, scope: &ReportScope) -> ServiceResult<Vec<Preset>> {
        let family = self.family(scope).await?;
        Ok(Preset::grid(family.first_year(), self.clock.today()))
    }

    /// What the association layer may see of `scope`'s report over `preset`: the
    /// marks of the family's joint release.
    pub(crate) async fn grid_marks(
        &self,
        scope: &ReportScope,
        preset: Preset,
    ) -> ServiceResult<BTreeMap<String, Mark>> {
        let family = self.family(scope).await?;
        let release = self.release(&family).await?;
        Ok(release
            .marks
            .get(&(scope.key(), preset))
            .cloned()
            .unwrap_or_default())
    }

    /// The associations funding what `scope` covers and every intervention any of
    /// them funds, closed under shared funding.
    async fn family(&self, scope: &ReportScope) -> ServiceResult<Family> {
        let all = self.store.interventions().await?;
        let mut associations: Vec<String> = match scope {
            ReportScope::Association(a) => vec![a.clone()],
            _ => all
                .iter()
                .filter(|iv| scope.key() == ReportScope::Intervention(iv.code.clone()).key())
                .flat_map(|iv| iv.associations.clone())
                .collect(),
        };
        loop {
            let before = associations.len();
            for iv in &all {
                if iv.associations.iter().any(|a| associations.contains(a)) {
                    associations.extend(iv.associations.iter().cloned());
                }
            }
            associations.sort();
            associations.dedup();
            if associations.len() == before {
                break;
            }
        }
        let interventions: Vec<Intervention> = all
            .into_iter()
            .filter(|iv| iv.associations.iter().any(|a| associations.contains(a)))
            .collect();
        if interventions.is_empty() {
            return Err(ServiceError::NotFound);
        }
        Ok(Family {
            associations,
            interventions,
        })
    }

    /// The family's release: kept while its figures and the day are the same.
    async fn release(&self, family: &Family) -> ServiceResult<Arc<Release>> {
        let codes: Vec<String> = family
            .interventions
            .iter()
            .map(|iv| iv.code.clone())
            .collect();
        // A period nothing is stored for: only the versions are wanted.
        let never = time::macros::date!(1900 - 01 - 01);
        let mut versions: Vec<(String, i64)> = self
            .store
            .tallies(&codes, (never, never))
            .await?
            .into_iter()
            .map(|t| (t.intervention, t.version))
            .collect();
        versions.sort();
        let today = self.clock.today();
        let key = family.key();
        if let Some(kept) = self.releases.get(&key)
            && kept.versions == versions
            && kept.today == today
        {
            return Ok(kept);
        }
        let marks = self.count_release(family, today).await?;
        let release = Arc::new(Release {
            versions,
            today,
            marks,
        });
        self.releases.put(key, release.clone());
        Ok(release)
    }

    /// Counts every report of the family's grid and suppresses them together.
    async fn count_release(
        &self,
        family: &Family,
        today: Date,
    ) -> ServiceResult<HashMap<(String, Preset), BTreeMap<String, Mark>>> {
        let codes: Vec<String> = family
            .interventions
            .iter()
            .map(|iv| iv.code.clone())
            .collect();
        let by_code: HashMap<&str, &Intervention> = family
            .interventions
            .iter()
            .map(|iv| (iv.code.as_str(), iv))
            .collect();
        let material = self.counting_material(&codes, &by_code).await?;
        let grid = Preset::grid(family.first_year(), today);
        let parents = family.parents();
        let mut reports: Vec<(String, Preset, StandardReport)> = Vec::new();
        for preset in &grid {
            let period = preset.bounds();
            let tallies: BTreeMap<&String, Tally> = material
                .iter()
                .map(|(code, (ps, answers))| (code, Tally::count(ps, period, answers)))
                .collect();
            for parent in &parents {
                let mut sum = Tally::default();
                for iv in family.interventions.iter().filter(|iv| {
                    parent
                        .children
                        .contains(&ReportScope::Intervention(iv.code.clone()).key())
                }) {
                    sum.merge(&tallies[&iv.code]);
                }
                reports.push((
                    parent.scope.clone(),
                    *preset,
                    sum.finish(&parent.scope, period),
                ));
            }
            for (code, tally) in tallies {
                let scope = ReportScope::Intervention(code.clone()).key();
                reports.push((scope.clone(), *preset, tally.finish(&scope, period)));
            }
        }
        let marks = tokio::task::spawn_blocking(move || {
            let grid_reports: Vec<GridReport> = reports
                .iter()
                .map(|(scope, period, report)| GridReport {
                    scope,
                    period: *period,
                    report,
                })
                .collect();
            let marks = jointly(&grid_reports, &parents);
            reports
                .iter()
                .zip(marks)
                .map(|((scope, period, _), m)| ((scope.clone(), *period), m))
                .collect()
        })
        .await
        .map_err(|e| ServiceError::Storage(format!("joint disclosure control: {e}")))?;
        Ok(marks)
    }
}

impl ReleaseCache {
    fn get(&self, key: &str) -> Option<Arc<Release>> {
        self.0.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, release: Arc<Release>) {
        if let Ok(mut kept) = self.0.lock() {
            kept.insert(key, release);
        }
    }
}
