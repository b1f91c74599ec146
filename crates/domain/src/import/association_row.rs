//! One row of the association economy file: funds per financier, equity brought
//! into the year (eget kapital), and administrative costs (Kring: premises, phone,
//! office; Personal: staff, board fees, auditors, training) with budget and outcome.

use super::RowProblem;
use super::budget_row::kronor;
use crate::FieldError;
use crate::codes::AssociationLineKind;
use serde::{Deserialize, Serialize};

/// The columns of the file.
pub const COLUMNS: [&str; 7] = [
    "forbund",
    "ar",
    "slag",
    "post",
    "finansiar",
    "belopp",
    "utfall",
];

/// Columns every file must have.
pub const REQUIRED: [&str; 4] = ["forbund", "ar", "slag", "belopp"];

/// Financiers that are not members: the European Social Fund and other income.
pub const OTHER_FINANCIERS: [&str; 2] = ["ESF", "OVRIGT"];

/// A line of an association's economy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssociationLine {
    /// Database id; 0 until stored.
    pub id: i64,
    /// Association code.
    pub association: String,
    /// Year.
    pub year: i32,
    /// Funds, equity or an administrative cost.
    pub kind: AssociationLineKind,
    /// What, e.g. `Lokaler` or `Styrelsearvoden` (may be empty for funds).
    pub post: String,
    /// For funds: the member code, `ESF` or `OVRIGT`.
    pub financier: Option<String>,
    /// Funds granted, equity brought in, or the cost's budget, in whole kronor.
    pub amount: i64,
    /// Funds paid in or the cost's outcome, once known.
    pub outcome: Option<i64>,
}

impl AssociationLine {
    /// The key lines match on when a file is imported again.
    pub fn key(&self) -> (String, i32, &'static str, String, String) {
        (
            self.association.clone(),
            self.year,
            self.kind.code(),
            self.post.trim().to_lowercase(),
            self.financier.clone().unwrap_or_default(),
        )
    }
}

/// Reads one data row; every problem of the row is returned.
pub fn read_row(
    row: usize,
    get: &dyn Fn(&str) -> String,
) -> Result<AssociationLine, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut keep = |column: &str, e: FieldError| problems.push(RowProblem::new(row, column, e));
    let association = get("forbund").trim().to_string();
    if association.is_empty() {
        keep("forbund", FieldError::new("forbund", "error.required"));
    }
    let year = match get("ar").trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            keep(
                "ar",
                FieldError::with_detail("ar", "error.import.year", get("ar").trim()),
            );
            None
        }
    };
    let kind = AssociationLineKind::parse("slag", &get("slag"))
        .map_err(|e| keep("slag", e))
        .ok();
    let financier = Some(get("finansiar").trim().to_string()).filter(|f| !f.is_empty());
    if kind == Some(AssociationLineKind::Medel) && financier.is_none() {
        keep(
            "finansiar",
            FieldError::new("finansiar", "error.import.funds_financier"),
        );
    }
    let amount = kronor("belopp", &get("belopp"))
        .map_err(|e| keep("belopp", e))
        .ok();
    let outcome = match get("utfall").trim() {
        "" => Some(None),
        t => kronor("utfall", t)
            .map(Some)
            .map_err(|e| keep("utfall", e))
            .ok(),
    };
    match (year, kind, amount, outcome) {
        (Some(year), Some(kind), Some(amount), Some(outcome)) if problems.is_empty() => {
            Ok(AssociationLine {
                id: 0,
                association,
                year,
                kind,
                post: get("post").trim().to_string(),
                financier,
                amount,
                outcome,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn row(cells: &[(&str, &str)]) -> Result<AssociationLine, Vec<RowProblem>> {
        let map: HashMap<String, String> = cells
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read_row(4, &|c| map.get(c).cloned().unwrap_or_default())
    }

    #[test]
    fn funds_and_costs_read() {
        let l = row(&[
            ("forbund", "SFU"),
            ("ar", "2026"),
            ("slag", "medel"),
            ("finansiar", "FK"),
            ("belopp", "2 500 000"),
        ])
        .unwrap();
        assert_eq!((l.amount, l.financier.as_deref()), (2_500_000, Some("FK")));
        let l = row(&[
            ("forbund", "SFU"),
            ("ar", "2026"),
            ("slag", "kring"),
            ("post", "Lokaler"),
            ("belopp", "120000"),
            ("utfall", "118 400"),
        ])
        .unwrap();
        assert_eq!(l.outcome, Some(118_400));
    }

    #[test]
    fn every_wrong_cell_is_named() {
        let p = row(&[
            ("forbund", "SFU"),
            ("ar", "20x6"),
            ("slag", "medel"),
            ("belopp", "-1"),
            ("utfall", "mycket"),
        ])
        .unwrap_err();
        let cols: Vec<&str> = p.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(cols, ["ar", "finansiar", "belopp", "utfall"]);
        assert!(p.iter().all(|p| p.row == 4));
        let p = row(&[
            ("forbund", "SFU"),
            ("ar", "2026"),
            ("slag", "lön"),
            ("belopp", "1"),
        ])
        .unwrap_err();
        assert_eq!(p[0].column, "slag");
    }
}
