//! What a setup file did wrong: the file, the line, the key and a Swedish message.

use samverka_domain::FieldError;
use samverka_i18n::{Lang, fill};

/// One problem in a setup file, shown as `FILE:LINE: KEY: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError {
    /// The file name, as given to [`parse`](super::parse).
    pub file: String,
    /// The line of the offending key, counted from 1.
    pub line: usize,
    /// The dotted path of the key, e.g. `intervention[2].goal[1].numerator`.
    pub key: String,
    /// The message in Swedish, from the catalogue.
    pub message: String,
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.key, self.message
        )
    }
}

impl std::error::Error for SetupError {}

/// Turns byte offsets into 1-based line numbers.
#[derive(Debug)]
pub(super) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes the line starts of `text`.
    pub(super) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The line holding byte `offset`, counted from 1.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|start| *start <= offset).max(1)
    }
}

/// Every problem found so far; reading goes on after each one.
#[derive(Debug)]
pub(super) struct Problems {
    lines: Lines,
    found: Vec<(usize, String, FieldError)>,
}

impl Problems {
    /// An empty list for the file `text`.
    pub(super) fn new(text: &str) -> Self {
        Self {
            lines: Lines::new(text),
            found: Vec::new(),
        }
    }

    /// Records `error` for the key at `path`, found at byte `offset`.
    pub(super) fn push(&mut self, offset: usize, path: impl Into<String>, error: FieldError) {
        let line = self.lines.line(offset);
        self.found.push((line, path.into(), error));
    }

    /// How many problems so far; compare before and after reading something.
    pub(super) fn count(&self) -> usize {
        self.found.len()
    }

    /// The line of byte `offset`, for messages that point at another line.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// The problems in line order, with their Swedish messages.
    pub(super) fn into_errors(self, file: &str) -> Vec<SetupError> {
        let mut errors: Vec<SetupError> = self
            .found
            .into_iter()
            .map(|(line, key, error)| SetupError {
                file: file.to_string(),
                line,
                key,
                message: fill(Lang::Sv, error.message_key, &error.placeholders()),
            })
            .collect();
        errors.sort_by_key(|e| e.line);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(1), 1);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(5), 3);
        assert_eq!(lines.line(6), 4);
        assert_eq!(lines.line(60), 4);
    }

    #[test]
    fn errors_show_file_line_key_and_message() {
        let e = SetupError {
            file: "org.toml".into(),
            line: 7,
            key: "association[1].orgnr".into(),
            message: "fel".into(),
        };
        assert_eq!(e.to_string(), "org.toml:7: association[1].orgnr: fel");
    }
}
