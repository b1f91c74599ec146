//! One row of the budget file (SPEC 11): intervention, year, category, line,
//! budget type, financier, amount in whole kronor and, when known, the outcome.

use super::RowProblem;
use crate::FieldError;
use crate::codes::{BudgetCategory, BudgetType};
use serde::{Deserialize, Serialize};

/// The columns of the budget file, in the order exports write them.
pub const COLUMNS: [&str; 8] = [
    "insats",
    "ar",
    "kategori",
    "post",
    "budgettyp",
    "finansiar",
    "belopp",
    "utfall",
];

/// Columns every budget file must have.
pub const REQUIRED: [&str; 5] = ["insats", "ar", "kategori", "budgettyp", "belopp"];

/// A budget line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// Database id; 0 until stored.
    pub id: i64,
    /// Intervention code.
    pub intervention: String,
    /// Year.
    pub year: i32,
    /// Category.
    pub category: BudgetCategory,
    /// The line's own text (may be empty).
    pub post: String,
    /// Own or ESF cost.
    pub budget_type: BudgetType,
    /// Member code of the financier, if given.
    pub financier: Option<String>,
    /// Budget in whole kronor.
    pub amount: i64,
    /// Outcome in whole kronor, once known.
    pub outcome: Option<i64>,
}

impl BudgetLine {
    /// The key lines match on when a file is imported again.
    pub fn key(&self) -> (String, i32, &'static str, String, &'static str, String) {
        (
            self.intervention.clone(),
            self.year,
            self.category.code(),
            self.post.trim().to_lowercase(),
            self.budget_type.code(),
            self.financier.clone().unwrap_or_default(),
        )
    }
}

/// Whole kronor: digits with optional spaces as thousands separators, never negative.
pub fn kronor(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match digits.parse::<i64>() {
        Ok(v) if v >= 0 => Ok(v),
        _ => Err(FieldError::with_detail(
            field,
            "error.import.kronor",
            text.trim(),
        )),
    }
}

/// Reads one data row; every problem of the row is returned.
pub fn read_row(row: usize, get: &dyn Fn(&str) -> String) -> Result<BudgetLine, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut keep = |column: &str, e: FieldError| problems.push(RowProblem::new(row, column, e));
    let intervention = get("insats").trim().to_string();
    if intervention.is_empty() {
        keep("insats", FieldError::new("insats", "error.required"));
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
    let category = BudgetCategory::parse("kategori", &get("kategori"))
        .map_err(|e| keep("kategori", e))
        .ok();
    let budget_type = BudgetType::parse("budgettyp", &get("budgettyp"))
        .map_err(|e| keep("budgettyp", e))
        .ok();
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
    let financier = Some(get("finansiar").trim().to_string()).filter(|f| !f.is_empty());
    let post = get("post").trim().to_string();
    match (year, category, budget_type, amount, outcome) {
        (Some(year), Some(category), Some(budget_type), Some(amount), Some(outcome))
            if problems.is_empty() =>
        {
            Ok(BudgetLine {
                id: 0,
                intervention,
                year,
                category,
                post,
                budget_type,
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

    fn row(cells: &[(&str, &str)]) -> Result<BudgetLine, Vec<RowProblem>> {
        let map: HashMap<String, String> = cells
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read_row(3, &|c| map.get(c).cloned().unwrap_or_default())
    }

    #[test]
    fn a_budget_line_reads_with_spaces_in_amounts() {
        let l = row(&[
            ("insats", "SV"),
            ("ar", "2012"),
            ("kategori", "Externa tjänster"),
            ("budgettyp", "esf_insatskostnad"),
            ("belopp", "1 200 000"),
            ("utfall", ""),
        ])
        .unwrap();
        assert_eq!(
            (l.amount, l.outcome, l.category),
            (1_200_000, None, BudgetCategory::ExternaTjanster)
        );
    }

    #[test]
    fn every_wrong_cell_is_named() {
        let p = row(&[
            ("insats", "SV"),
            ("ar", "tolv"),
            ("kategori", "Lokal"),
            ("budgettyp", "x"),
            ("belopp", "-5"),
        ])
        .unwrap_err();
        let cols: Vec<&str> = p.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(cols, ["ar", "kategori", "budgettyp", "belopp"]);
        assert_eq!(p[1].error.message_key, "error.code.did_you_mean");
    }
}
