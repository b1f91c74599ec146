//! The budget file: every line checked (financier must be a member of the
//! intervention's association), then stored in one transaction. Lines match on
//! intervention, year, category, line, budget type and financier.

use super::lines::{changes, read_lines};
use super::table::Table;
use super::{ImportError, ImportSummary};
use crate::accounts::Caller;
use crate::{ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::codes::BudgetType;
use samverka_domain::import::RowProblem;
use samverka_domain::import::budget_row::{BudgetLine, COLUMNS, REQUIRED, read_row};
use samverka_domain::policy::can_import_into;
use std::collections::HashMap;

impl Services {
    /// Imports a budget file.
    pub async fn import_budget(
        &self,
        caller: &Caller,
        table: &Table,
    ) -> Result<ImportSummary, ImportError> {
        let (lines, mut problems) = read_lines(table, (&COLUMNS, &REQUIRED), read_row)?;
        let all = self.store.interventions().await?;
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for (row, l) in &lines {
            let iv = all
                .iter()
                .find(|iv| iv.code == l.intervention)
                .filter(|iv| match caller {
                    Caller::Cli(_) => true,
                    Caller::User { roles, .. } => can_import_into(roles, iv),
                });
            let Some(iv) = iv else {
                problems.push(RowProblem::new(
                    *row,
                    "insats",
                    FieldError::with_detail(
                        "insats",
                        "error.import.intervention",
                        l.intervention.clone(),
                    ),
                ));
                continue;
            };
            let first = iv.start.year();
            let last = iv.end.map_or(first + 50, |e| e.year());
            if !(first..=last).contains(&l.year) {
                problems.push(RowProblem::new(
                    *row,
                    "ar",
                    FieldError::with_args(
                        "ar",
                        "error.import.year_outside",
                        vec![
                            ("year", l.year.to_string()),
                            ("first", first.to_string()),
                            (
                                "last",
                                iv.end.map_or(String::new(), |e| e.year().to_string()),
                            ),
                        ],
                    ),
                ));
            }
            if l.budget_type == BudgetType::EgenInsats && l.financier.is_none() {
                problems.push(RowProblem::new(
                    *row,
                    "finansiar",
                    FieldError::new("finansiar", "error.import.in_kind_financier"),
                ));
            }
            if !members.contains_key(&iv.code) {
                members.insert(iv.code.clone(), self.member_codes(iv).await?);
            }
            if let Some(f) = &l.financier
                && !members[&iv.code].contains(f)
            {
                problems.push(RowProblem::new(
                    *row,
                    "finansiar",
                    FieldError::with_detail("finansiar", "error.import.financier", f.clone()),
                ));
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(ImportError::Problems(problems));
        }
        let codes: Vec<String> = members.keys().cloned().collect();
        let stored = self.store.budget_lines(&codes).await?;
        let (summary, changes) = changes(lines.into_iter().map(|(_, l)| l).collect(), &stored);
        let audit = self.import_drafts(
            caller,
            (AuditEvent::BudgetImported, "intervention"),
            &codes,
            &summary,
        );
        self.store.save_budget_lines(&changes, &audit).await?;
        Ok(summary)
    }

    /// The budget lines of interventions the caller may import into (the CLI: all), for listing.
    pub async fn budget_of(&self, caller: &Caller, code: &str) -> ServiceResult<Vec<BudgetLine>> {
        let iv = self.intervention(caller, code).await?;
        Ok(self.store.budget_lines(&[iv.code]).await?)
    }
}
