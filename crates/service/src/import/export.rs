//! Writing participations in the import format, so that importing an export
//! changes nothing. Every CSV we write neutralises cells that a spreadsheet would
//! run as a formula.

use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::codes::{Code, join};
use samverka_domain::import::participation_row::COLUMNS;
use samverka_domain::journey::person::Identity;
use samverka_store::ParticipationFilter;

pub use samverka_reports::output::csv::{csv_text, guard};

fn opt<C: Code>(c: Option<C>) -> String {
    c.map(|c| c.code().to_string()).unwrap_or_default()
}

impl Services {
    /// Every participation of intervention `code` as an import file (CSV).
    pub async fn export_participations(
        &self,
        caller: &Caller,
        code: &str,
        reason: &str,
    ) -> ServiceResult<String> {
        let iv = self.journey_intervention(caller, code).await?;
        let reason = samverka_domain::access_reason::check_reason("skal", reason)?;
        let list = self
            .store
            .participations(&ParticipationFilter {
                interventions: vec![iv.code.clone()],
                ..ParticipationFilter::default()
            })
            .await?;
        let ids: Vec<i64> = list.iter().map(|p| p.person_id).collect();
        let persons = self.store.persons(&ids).await?;
        let mut rows = Vec::with_capacity(list.len());
        for p in list.iter().rev() {
            let Some(person) = persons.iter().find(|x| x.id == p.person_id) else {
                continue;
            };
            let (number, alias, sex, year) = match &person.identity {
                Identity::Number { number, .. } => (
                    number.display(),
                    String::new(),
                    String::new(),
                    String::new(),
                ),
                Identity::Alias {
                    alias,
                    sex,
                    birth_year,
                } => (
                    String::new(),
                    alias.clone(),
                    sex.code().to_string(),
                    birth_year.to_string(),
                ),
            };
            let b = &p.baseline;
            let x = p.exit.as_ref();
            rows.push(vec![
                p.intervention.clone(),
                number,
                alias,
                sex,
                year,
                b.municipality.clone(),
                if p.referred_unit.is_empty() {
                    p.referred_by.clone()
                } else {
                    format!("{} / {}", p.referred_by, p.referred_unit)
                },
                p.start_on.to_string(),
                join(&b.income),
                opt(b.occupation),
                opt(b.education),
                opt(b.time_away),
                x.map(|x| x.on.to_string()).unwrap_or_default(),
                x.map(|x| x.reason.code().to_string()).unwrap_or_default(),
                opt(x.and_then(|x| x.occupation)),
                opt(x.and_then(|x| x.employment_form)),
                x.and_then(|x| x.extent)
                    .map(|e| e.to_string())
                    .unwrap_or_default(),
                opt(x.and_then(|x| x.study_form)),
                x.map(|x| join(&x.income)).unwrap_or_default(),
                if p.is_anonymous() { "nej" } else { "ja" }.to_string(),
            ]);
        }
        let d = AuditDraft::new(
            self.clock.now(),
            caller.actor(),
            AuditEvent::ParticipationsExported,
            "intervention",
            &iv.code,
        )
        .details(format!("rows={}", rows.len()));
        let mut d = d;
        d.reason = Some(reason);
        self.store.append_audit(&d).await?;
        Ok(csv_text(&COLUMNS, &rows))
    }
}
