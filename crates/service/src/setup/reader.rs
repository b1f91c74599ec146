//! Reading one table of a setup file: typed values with their places, every
//! problem recorded (reading goes on), unknown keys refused with the known ones listed.

use super::error::Problems;
use samverka_domain::FieldError;
use samverka_domain::codes::edit_distance;
use toml_edit::{Item, TableLike};

/// What a table may hold: its name in messages, the prefix the domain puts on its
/// field names (`goal.` for `goal.target`), and its keys in file order.
#[derive(Debug)]
pub(super) struct Shape {
    /// The name used in messages, e.g. `intervention`.
    pub name: &'static str,
    /// Prefix of the domain's field names for this table.
    pub prefix: &'static str,
    /// The known keys.
    pub keys: &'static [&'static str],
}

/// A code as written in the file, for duplicate and reference checks.
#[derive(Debug, Clone)]
pub(super) struct Named {
    /// The code.
    pub code: String,
    /// Where it is written.
    pub at: usize,
    /// The dotted path of its key.
    pub path: String,
}

/// Where a value was written, so a domain error about its field lands on its line.
#[derive(Debug, Clone)]
struct Spot {
    field: String,
    path: String,
    at: usize,
    text: String,
}

/// One table being read.
pub(super) struct Fields<'a> {
    table: &'a dyn TableLike,
    at: usize,
    path: String,
    shape: &'static Shape,
    spots: Vec<Spot>,
}

/// The byte offset where `span` starts, or `fallback`.
pub(super) fn start(span: Option<std::ops::Range<usize>>, fallback: usize) -> usize {
    span.map_or(fallback, |s| s.start)
}

impl<'a> Fields<'a> {
    /// Starts reading `table` (written at byte `at`, named `path`), refusing unknown keys.
    pub(super) fn new(
        p: &mut Problems,
        table: &'a dyn TableLike,
        at: usize,
        path: String,
        shape: &'static Shape,
    ) -> Self {
        let fields = Self {
            table,
            at,
            path,
            shape,
            spots: Vec::new(),
        };
        for (name, _) in table.iter() {
            if !shape.keys.contains(&name) {
                let key_at = start(table.key(name).and_then(|k| k.span()), at);
                p.push(key_at, fields.path_of(name), fields.unknown_key(name));
            }
        }
        fields
    }

    fn unknown_key(&self, name: &str) -> FieldError {
        let valid = self.shape.keys.join(", ");
        let near = self
            .shape
            .keys
            .iter()
            .map(|k| (edit_distance(name, k), *k))
            .min()
            .filter(|(d, _)| *d <= 2);
        match near {
            Some((_, suggestion)) => FieldError::with_args(
                self.shape.name,
                "error.setup.unknown_key_near",
                vec![
                    ("detail", name.to_string()),
                    ("suggestion", suggestion.to_string()),
                    ("valid", valid),
                ],
            ),
            None => FieldError::with_args(
                self.shape.name,
                "error.setup.unknown_key",
                vec![("detail", name.to_string()), ("valid", valid)],
            ),
        }
    }

    /// The dotted path of this table, e.g. `intervention[2]`.
    pub(super) fn path(&self) -> &str {
        &self.path
    }

    /// Where this table starts.
    pub(super) fn at(&self) -> usize {
        self.at
    }

    /// The dotted path of `key` in this table.
    pub(super) fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// True when the table has no keys at all.
    pub(super) fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// A code and where it is written, for duplicate and reference checks.
    pub(super) fn named(&self, key: &str, code: &str) -> Named {
        Named {
            code: code.to_string(),
            at: self.key_at(key),
            path: self.path_of(key),
        }
    }

    /// True when the table has `key`.
    pub(super) fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Where `key` is written, or the table's start.
    pub(super) fn key_at(&self, key: &str) -> usize {
        start(self.table.key(key).and_then(|k| k.span()), self.at)
    }

    /// Records where `key` (a domain field when prefixed) was written.
    pub(super) fn note(&mut self, key: &str, at: usize, text: &str) {
        self.spots.push(Spot {
            field: format!("{}{key}", self.shape.prefix),
            path: self.path_of(key),
            at,
            text: text.to_string(),
        });
    }

    /// Takes over the places of a part (a member, a goal's population), so
    /// domain errors naming the part's fields find them.
    pub(super) fn adopt(&mut self, part: Fields<'_>) {
        self.spots.extend(part.spots);
    }

    /// Records `error` on the key it names: the spot whose text is the error's
    /// detail (the second of two duplicates), else the first spot, else the table.
    pub(super) fn blame(&self, p: &mut Problems, error: FieldError) {
        let detail = error.arg("detail").or_else(|| error.arg("code"));
        let candidates: Vec<&Spot> = self
            .spots
            .iter()
            .filter(|s| s.field == error.field)
            .collect();
        let spot = candidates
            .iter()
            .rev()
            .find(|s| Some(s.text.as_str()) == detail)
            .or(candidates.first());
        match spot {
            Some(s) => p.push(s.at, s.path.clone(), error),
            None => p.push(self.at, self.path.clone(), error),
        }
    }

    /// Records an error about `key`, written at `at`.
    pub(super) fn fail(&self, p: &mut Problems, key: &str, at: usize, error: FieldError) {
        p.push(at, self.path_of(key), error);
    }

    /// The item under `key`; records a missing required key.
    pub(super) fn entry(
        &self,
        p: &mut Problems,
        key: &'static str,
        required: bool,
    ) -> Option<(usize, &'a Item)> {
        match self.table.get_key_value(key) {
            Some((k, item)) => Some((start(k.span(), self.at), item)),
            None => {
                if required {
                    p.push(
                        self.at,
                        self.path_of(key),
                        FieldError::new(key, "error.setup.missing"),
                    );
                }
                None
            }
        }
    }
}
