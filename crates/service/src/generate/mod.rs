//! `samverka gen`: a synthetic installation of a given size, the same for the same
//! seed. The organisation goes through the ordinary setup import; participations
//! and what hangs on them are loaded many rows per statement, straight into the
//! tables. Persons are registered by alias only, so no generated row can hold a
//! real person's personnummer.

mod journey;
mod organisation;
mod pick;
mod rows;

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use journey::Ids;
use organisation::GenIntervention;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rows::{Cell, Rows, participation_values, person_values, row, table};
use samverka_domain::FieldError;
use samverka_domain::codes::{BudgetCategory, BudgetType};
use samverka_domain::import::budget_row::BudgetLine;
use samverka_domain::questionnaire::builtin::instrument;
use samverka_store::schema::Value;
use std::collections::HashMap;

/// The password of every generated account.
pub const PASSWORD: &str = "samverka-gen";
/// The TOTP secret of every generated account that needs a second factor.
pub const TOTP_SECRET: &str = "MZXW6YTBOJRGC4TCMF5GK3LBNZSXE2LF";

/// Rows buffered before they are written.
const BATCH_ROWS: usize = 250_000;

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Associations.
    pub associations: usize,
    /// Interventions.
    pub interventions: usize,
    /// Staff accounts.
    pub accounts: usize,
    /// Participations (one person each).
    pub participations: usize,
    /// Stage periods.
    pub stage_periods: usize,
    /// Plan entries, follow-ups and follow-ups after exit.
    pub entries: usize,
    /// Answered questionnaires.
    pub questionnaires: usize,
    /// Budget lines.
    pub budget_lines: usize,
}

impl Services {
    /// Generates an installation of `participations` participations from `seed`
    /// into an installation with no organisation yet; `progress` hears how far it got.
    pub async fn generate_installation(
        &self,
        participations: usize,
        seed: u64,
        progress: &(dyn Fn(&Generated) + Sync),
    ) -> ServiceResult<Generated> {
        if !self.store.interventions().await?.is_empty()
            || !self.store.list_users().await?.is_empty()
        {
            return Err(FieldError::new("database", "error.gen.not_empty").into());
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let org = organisation::organisation(&mut rng, participations);
        self.import_setup(&Caller::Cli("samverka gen".into()), "gen.toml", &org.setup)
            .await
            .map_err(|e| {
                ServiceError::Storage(format!("the generated setup does not import: {e:?}"))
            })?;
        let interventions = self.ids_by_code("interventions").await?;
        let providers = self.ids_by_code("providers").await?;
        let mut done = Generated {
            associations: org.associations.len(),
            interventions: org.interventions.len(),
            ..Generated::default()
        };
        let first_coach = self
            .generate_accounts(&org.associations, &org.interventions, &mut done)
            .await?;
        let today = self.clock.today();
        // Today's midnight, so that the same seed on the same day gives the same rows.
        let now = self.clock.today().midnight().assume_utc().unix_timestamp();
        let questions = instrument();
        let mut ids = Ids {
            person: 1,
            participation: 1,
            stage: 1,
            entry: 1,
            invitation: 1,
            first_coach: 0,
        };
        let mut rows = Rows::default();
        for (k, iv) in org.interventions.iter().enumerate() {
            // Each intervention has its own stream, so sizes elsewhere do not move it.
            let mut rng = StdRng::seed_from_u64(seed ^ ((k as u64 + 1) << 20));
            ids.first_coach = first_coach[k];
            ids = journey::intervention(
                &mut rng,
                iv,
                &iv.provider,
                ids,
                (today, crate::retention::DEFAULT_MONTHS),
                &questions,
                &mut rows,
            );
            if rows.len() >= BATCH_ROWS || k + 1 == org.interventions.len() {
                self.load(
                    std::mem::take(&mut rows),
                    &providers,
                    &interventions,
                    now,
                    &mut done,
                )
                .await?;
                progress(&done);
            }
        }
        let lines = budget_lines(&org.interventions, today.year());
        done.budget_lines = lines.len();
        self.store.save_budget_lines(&lines, &[]).await?;
        // Fresh statistics, so that the query planner knows the tables' new sizes
        // (PostgreSQL otherwise scans whole tables until autovacuum comes by).
        self.store.run_sql("ANALYZE").await?;
        progress(&done);
        Ok(done)
    }

    /// Ids of a code-keyed table's rows.
    async fn ids_by_code(&self, name: &str) -> ServiceResult<HashMap<String, i64>> {
        let def = table(name);
        let code = def
            .columns
            .iter()
            .position(|c| c.0 == "code")
            .expect("a code column");
        let mut out = HashMap::new();
        let mut after = None;
        loop {
            let page = self.store.table_page(def, after, 5_000).await?;
            let Some(last) = page.last() else { break };
            after = match last[0] {
                Value::Int(i) => Some(i),
                _ => None,
            };
            for r in &page {
                if let (Value::Int(id), Value::Text(c)) = (&r[0], &r[code]) {
                    out.insert(c.clone(), *id);
                }
            }
        }
        Ok(out)
    }

    /// A lead and coaches per intervention and an administrator per association;
    /// returns each intervention's first coach id.
    async fn generate_accounts(
        &self,
        associations: &[String],
        interventions: &[GenIntervention],
        done: &mut Generated,
    ) -> ServiceResult<Vec<i64>> {
        let hash = crate::password::hash(PASSWORD.into()).await?;
        // Today's midnight, so that the same seed on the same day gives the same rows.
        let now = self.clock.today().midnight().assume_utc().unix_timestamp();
        let mut users = Vec::new();
        let mut roles = Vec::new();
        let mut first_coach = Vec::new();
        let mut add = |name: String, display: String, role: &str, kind: &str, scope: &str| {
            let id = users.len() as i64 + 1;
            let second_factor = role != "association_admin";
            users.push(row([
                id.into(),
                name.into(),
                display.into(),
                hash.clone().into(),
                false.into(),
                second_factor.then(|| TOTP_SECRET.to_string()).into(),
                Cell::Null,
                now.into(),
            ]));
            roles.push(row([
                id.into(),
                id.into(),
                role.to_string().into(),
                kind.to_string().into(),
                scope.to_string().into(),
            ]));
            id
        };
        for code in associations {
            add(
                format!("forbund-{}", code.to_lowercase()),
                format!("Förbundskansliet {code}"),
                "association_admin",
                "association",
                code,
            );
        }
        for iv in interventions {
            add(
                format!("lead-{}", iv.code.to_lowercase()),
                format!("Samordnare {}", iv.code),
                "intervention_lead",
                "intervention",
                &iv.code,
            );
            let mut first = 0;
            for c in 1..=iv.coaches {
                let id = add(
                    format!("coach-{}-{c}", iv.code.to_lowercase()),
                    format!("Coach {c} {}", iv.code),
                    "coach",
                    "intervention",
                    &iv.code,
                );
                if c == 1 {
                    first = id;
                }
            }
            first_coach.push(first);
        }
        done.accounts = users.len();
        self.store.load_rows(table("users"), users).await?;
        self.store
            .load_rows(table("role_assignments"), roles)
            .await?;
        Ok(first_coach)
    }

    /// Writes a batch of generated rows, table by table.
    async fn load(
        &self,
        rows: Rows,
        providers: &HashMap<String, i64>,
        interventions: &HashMap<String, i64>,
        now: i64,
        done: &mut Generated,
    ) -> ServiceResult<()> {
        done.participations += rows.participations.len();
        done.stage_periods += rows.stages.len();
        done.entries += rows.entries.len();
        done.questionnaires += rows.invitations.len();
        let persons = rows
            .persons
            .into_iter()
            .map(|p| person_values(p, providers, now))
            .collect();
        self.store.load_rows(table("persons"), persons).await?;
        let participations = rows
            .participations
            .into_iter()
            .map(|p| participation_values(p, interventions, now))
            .collect();
        self.store
            .load_rows(table("participations"), participations)
            .await?;
        self.store
            .load_rows(table("stage_periods"), rows.stages)
            .await?;
        self.store
            .load_rows(table("participation_entries"), rows.entries)
            .await?;
        self.store
            .load_rows(table("questionnaire_invitations"), rows.invitations)
            .await?;
        self.store
            .load_rows(table("anonymisations"), rows.anonymisations)
            .await?;
        Ok(())
    }
}

/// Staff, premises and other costs per intervention and year since its start,
/// with outcomes for the years that have ended.
fn budget_lines(interventions: &[GenIntervention], this_year: i32) -> Vec<BudgetLine> {
    let mut out = Vec::new();
    for iv in interventions {
        for year in iv.start.year()..=this_year {
            let staff = 560_000 * (iv.coaches as i64 + 1);
            for (category, post, amount) in [
                (BudgetCategory::Personal, "Coacher och samordnare", staff),
                (BudgetCategory::Lokaler, "Lokalhyra", 60_000),
                (
                    BudgetCategory::OvrigaKostnader,
                    "Resor och material",
                    40_000,
                ),
            ] {
                let outcome = (year < this_year).then(|| amount * (95 + (year as i64 % 9)) / 100);
                out.push(BudgetLine {
                    id: 0,
                    intervention: iv.code.clone(),
                    year,
                    category,
                    post: post.into(),
                    budget_type: BudgetType::Insatskostnad,
                    financier: None,
                    amount,
                    outcome,
                    tertials: [None; 3],
                });
            }
        }
    }
    out
}
