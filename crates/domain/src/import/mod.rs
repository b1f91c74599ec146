//! Reading rows of the participation and budget files of SPEC 11. Every row is
//! checked on its own and every problem is kept, with the row number as the
//! spreadsheet shows it (the header is row 1) and the column.

pub mod association_row;
pub mod budget_row;
pub mod participation_row;
pub mod problem;

pub use problem::RowProblem;

/// Checks the header: every column must be known; returns the problems (row 1).
pub fn check_header(headers: &[String], known: &[&str], required: &[&str]) -> Vec<RowProblem> {
    let mut problems = Vec::new();
    for h in headers {
        if !known.contains(&h.as_str()) {
            problems.push(RowProblem::new(
                1,
                h,
                crate::FieldError::with_args(
                    "kolumn",
                    "error.import.unknown_column",
                    vec![("column", h.clone()), ("known", known.join(", "))],
                ),
            ));
        }
    }
    for r in required {
        if !headers.iter().any(|h| h == r) {
            problems.push(RowProblem::new(
                1,
                r,
                crate::FieldError::with_detail("kolumn", "error.import.missing_column", *r),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for h in headers {
        if !seen.insert(h) {
            problems.push(RowProblem::new(
                1,
                h,
                crate::FieldError::with_detail("kolumn", "error.import.twice", h.clone()),
            ));
        }
    }
    problems
}
