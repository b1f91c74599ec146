//! Participation lists as tables show them (caseload, search, participant list).

use crate::AppState;
use crate::error::AppError;
use crate::ui::journey::labels::{person_label, stage_label};
use samverka_domain::template::ProcessTemplate;
use samverka_i18n::Tr;
use samverka_service::accounts::Caller;
use samverka_service::journey::caseload::CaseloadRow;
use std::collections::HashMap;
use time::Date;

/// One line of a participation table.
pub struct CaseRow {
    /// Participation id (the link).
    pub id: i64,
    /// Name or alias.
    pub name: String,
    /// Intervention code.
    pub intervention: String,
    /// Current stage, or the exit text.
    pub stage: String,
    /// Days in the current stage ("–" when exited).
    pub days: String,
    /// The next thing due: day and what.
    pub next: String,
    /// Overdue items as text (empty when none).
    pub overdue: String,
}

/// The stage templates of the interventions some rows belong to, by intervention code.
pub struct StageNames(HashMap<String, ProcessTemplate>);

impl StageNames {
    /// Reads the template of each intervention named in `lists` (nothing when they are empty).
    pub async fn of(
        state: &AppState,
        caller: &Caller,
        lists: &[&[CaseloadRow]],
    ) -> Result<Self, AppError> {
        let mut templates = HashMap::new();
        for r in lists.iter().flat_map(|l| l.iter()) {
            let code = &r.participation.intervention;
            if !templates.contains_key(code) {
                let iv = state.services.intervention(caller, code).await?;
                templates.insert(code.clone(), state.services.template(&iv.template).await?);
            }
        }
        Ok(Self(templates))
    }
}

/// Turns list rows into table lines, naming stages by each intervention's template.
pub fn case_rows(tr: Tr, names: &StageNames, rows: &[CaseloadRow], today: Date) -> Vec<CaseRow> {
    let templates = &names.0;
    rows.iter()
        .map(|r| {
            let p = &r.participation;
            let stage = match (&r.stage, &p.exit) {
                (_, Some(x)) => format!(
                    "{} {} ({})",
                    tr.t("journey.exited_on"),
                    x.on,
                    crate::ui::journey::labels::label(tr, x.reason)
                ),
                (Some(s), None) => templates
                    .get(&p.intervention)
                    .map_or_else(|| s.clone(), |t| stage_label(tr, t, s)),
                (None, None) => "–".into(),
            };
            let overdue = r
                .overdue
                .iter()
                .map(|d| format!("{} {}", tr.t(d.label_key()), d.on()))
                .collect::<Vec<_>>()
                .join(", ");
            CaseRow {
                id: p.id,
                name: person_label(tr, &r.person),
                intervention: p.intervention.clone(),
                stage,
                days: r
                    .days_in_stage
                    .map_or_else(|| "–".into(), |d| d.to_string()),
                next: r.next_due.filter(|d| d.on() >= today).map_or_else(
                    || "–".into(),
                    |d| format!("{} – {}", d.on(), tr.t(d.label_key())),
                ),
                overdue,
            }
        })
        .collect()
}
