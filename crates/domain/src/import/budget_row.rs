//! One row of the budget file (SPEC 11): intervention, year, category, line,
//! budget type, financier, amount in whole kronor and, when known, the outcome.

use super::RowProblem;
use crate::FieldError;
use crate::codes::{BudgetCategory, BudgetType};
use serde::{Deserialize, Serialize};

/// The columns of the budget file, in the order exports write them.
pub const COLUMNS: [&str; 11] = [
    "insats",
    "ar",
    "kategori",
    "post",
    "budgettyp",
    "finansiar",
    "belopp",
    "utfall",
    "utfall_t1",
    "utfall_t2",
    "utfall_t3",
];

/// The tertial outcome columns, first tertial first.
pub const TERTIAL_COLUMNS: [&str; 3] = ["utfall_t1", "utfall_t2", "utfall_t3"];

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
    /// Outcome for the year in whole kronor, once known: as given, or the sum of
    /// the tertials given.
    pub outcome: Option<i64>,
    /// Outcome per tertial (January–April, May–August, September–December).
    pub tertials: [Option<i64>; 3],
}

impl BudgetLine {
    /// True for a member's own contribution in kind, which the association does
    /// not pay and budget totals leave out.
    pub fn in_kind(&self) -> bool {
        self.budget_type == BudgetType::EgenInsats
    }

    /// True for the rehabpott, the fund coaches spend on participants: the line
    /// whose post begins with `Rehabpott`.
    pub fn rehab_fund(&self) -> bool {
        self.post.trim().to_lowercase().starts_with("rehabpott")
    }

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
    let optional =
        |column: &'static str, keep: &mut dyn FnMut(&str, FieldError)| match get(column).trim() {
            "" => Some(None),
            t => kronor(column, t)
                .map(Some)
                .map_err(|e| keep(column, e))
                .ok(),
        };
    let outcome = optional("utfall", &mut keep);
    let t = TERTIAL_COLUMNS.map(|c| optional(c, &mut keep));
    let tertials = [t[0].flatten(), t[1].flatten(), t[2].flatten()];
    let outcome = match (outcome, tertials) {
        (Some(None), [None, None, None]) => Some(None),
        (Some(None), given) => Some(Some(given.iter().flatten().sum())),
        (Some(Some(year)), [Some(a), Some(b), Some(c)]) if year != a + b + c => {
            keep(
                "utfall",
                FieldError::with_args(
                    "utfall",
                    "error.import.outcome_sum",
                    vec![("sum", (a + b + c).to_string())],
                ),
            );
            None
        }
        (o, _) => o,
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
                tertials,
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

    #[test]
    fn the_year_outcome_is_the_sum_of_the_tertials() {
        let base = [
            ("insats", "NK"),
            ("ar", "2013"),
            ("kategori", "Personal"),
            ("budgettyp", "insatskostnad"),
            ("belopp", "415296"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut cells = base.to_vec();
            cells.extend_from_slice(extra);
            row(&cells)
        };
        let l = with(&[("utfall_t1", "130 000"), ("utfall_t2", "140000")]).unwrap();
        assert_eq!(
            (l.outcome, l.tertials),
            (Some(270_000), [Some(130_000), Some(140_000), None])
        );
        let p = with(&[
            ("utfall", "400000"),
            ("utfall_t1", "130000"),
            ("utfall_t2", "140000"),
            ("utfall_t3", "140000"),
        ])
        .unwrap_err();
        assert_eq!(
            (p[0].column.as_str(), p[0].error.message_key),
            ("utfall", "error.import.outcome_sum")
        );
        let p = with(&[("utfall_t2", "tio")]).unwrap_err();
        assert_eq!(p[0].column, "utfall_t2");
    }
}
