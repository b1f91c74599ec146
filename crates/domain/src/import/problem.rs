//! One problem in an import file: row, column and what is wrong.

use crate::FieldError;

/// A problem found in a file, named by row (the header is row 1) and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row as the spreadsheet numbers it.
    pub row: usize,
    /// The column's header name.
    pub column: String,
    /// What is wrong, with its message key.
    pub error: FieldError,
}

impl RowProblem {
    /// A problem in `column` of `row`.
    pub fn new(row: usize, column: &str, error: FieldError) -> Self {
        Self {
            row,
            column: column.to_string(),
            error,
        }
    }
}
