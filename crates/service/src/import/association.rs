//! The association economy file: funds per financier, equity and administrative
//! costs, every line checked (a financier must be a member, `ESF` or `OVRIGT`),
//! then stored in one transaction. Lines match on association, year, kind, line and
//! financier, so a file read again updates instead of doubling.

use super::lines::{changes, read_lines};
use super::table::Table;
use super::{ImportError, ImportSummary};
use crate::Services;
use crate::accounts::Caller;
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::import::RowProblem;
use samverka_domain::import::association_row::{COLUMNS, OTHER_FINANCIERS, REQUIRED, read_row};
use samverka_domain::policy::can_edit_association;

impl Services {
    /// Imports an association economy file.
    pub async fn import_association_economy(
        &self,
        caller: &Caller,
        table: &Table,
    ) -> Result<ImportSummary, ImportError> {
        let (lines, mut problems) = read_lines(table, (&COLUMNS, &REQUIRED), read_row)?;
        let associations = self.store.associations().await?;
        for (row, l) in &lines {
            let found = associations.iter().find(|a| {
                a.code == l.association
                    && match caller {
                        Caller::Cli(_) => true,
                        Caller::User { roles, .. } => can_edit_association(roles, &a.code),
                    }
            });
            let Some(a) = found else {
                problems.push(RowProblem::new(
                    *row,
                    "forbund",
                    FieldError::with_detail(
                        "forbund",
                        "error.import.association",
                        l.association.clone(),
                    ),
                ));
                continue;
            };
            if let Some(f) = &l.financier
                && !OTHER_FINANCIERS.contains(&f.as_str())
                && !a.members.iter().any(|m| &m.code == f)
            {
                problems.push(RowProblem::new(
                    *row,
                    "finansiar",
                    FieldError::with_detail("finansiar", "error.import.funds_member", f.clone()),
                ));
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(ImportError::Problems(problems));
        }
        let mut codes: Vec<String> = lines.iter().map(|(_, l)| l.association.clone()).collect();
        codes.sort();
        codes.dedup();
        let stored = self.store.association_lines(&codes).await?;
        let (summary, changes) = changes(lines.into_iter().map(|(_, l)| l).collect(), &stored);
        let audit = self.import_drafts(
            caller,
            (AuditEvent::AssociationEconomyImported, "association"),
            &codes,
            &summary,
        );
        self.store.save_association_lines(&changes, &audit).await?;
        Ok(summary)
    }
}
