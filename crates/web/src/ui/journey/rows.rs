//! Participation lists as tables show them (caseload, search, participant list).

use crate::AppState;
use crate::error::AppError;
use crate::ui::journey::labels::{person_label, stage_label};
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

/// Turns list rows into table lines, naming stages by each intervention's template.
pub async fn case_rows(
    state: &AppState,
    caller: &Caller,
    tr: Tr,
    rows: &[CaseloadRow],
    today: Date,
) -> Result<Vec<CaseRow>, AppError> {
    let scope = state.services.journey_scope(caller).await?;
    let mut templates = HashMap::new();
    for iv in &scope.interventions {
        templates.insert(
            iv.code.clone(),
            state.services.template(&iv.template).await?,
        );
    }
    Ok(rows
        .iter()
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
        .collect())
}
