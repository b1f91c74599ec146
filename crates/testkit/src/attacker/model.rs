//! What the attacker knows: every shown figure, every withheld one as an unknown
//! with the bounds its mark gives, and the sums that must hold between them.

use std::collections::HashMap;

/// A figure the attacker reasons about: known, or an unknown by number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Term {
    Known(f64),
    Unknown(usize),
}

/// One withheld or hidden quantity.
#[derive(Debug, Clone)]
pub struct Unknown {
    /// Least and greatest value the mark allows.
    pub bounds: (f64, f64),
    /// A `<5`: the attacker tries to pin these.
    pub small: bool,
    /// Scope, period and path of the figure.
    pub name: String,
}

/// Unknowns and the equations (Σ coefficient × term = 0) that tie them.
#[derive(Default)]
pub struct Model {
    /// Reads every shown count of 5 or more as just that: an unknown of at least
    /// 5, so that only what the marks say (and which counts are 0) is known.
    pub marks_only: bool,
    pub unknowns: Vec<Unknown>,
    terms: HashMap<String, Term>,
    pub equations: Vec<Vec<(f64, Term)>>,
}

impl Model {
    /// A model that reads counts of 5 or more as only that (see `marks_only`).
    pub fn new(marks_only: bool) -> Self {
        Model {
            marks_only,
            ..Model::default()
        }
    }

    /// Reads a shown figure: a number is known, `<5` is 1–4, `..` at least 0.
    pub fn read(&mut self, key: &str, value: &serde_json::Value) {
        let term = match value {
            serde_json::Value::Number(n) => {
                let n = n.as_f64().unwrap_or(0.0);
                if self.marks_only && n >= 5.0 {
                    self.unknown(key, (5.0, f64::INFINITY), false)
                } else {
                    Term::Known(n)
                }
            }
            serde_json::Value::String(mark) => {
                let small = mark == "<5";
                let bounds = if small {
                    (1.0, 4.0)
                } else {
                    (0.0, f64::INFINITY)
                };
                self.unknown(key, bounds, small)
            }
            _ => return,
        };
        self.terms.insert(key.to_string(), term);
    }

    fn unknown(&mut self, name: &str, bounds: (f64, f64), small: bool) -> Term {
        self.unknowns.push(Unknown {
            bounds,
            small,
            name: name.to_string(),
        });
        Term::Unknown(self.unknowns.len() - 1)
    }

    /// A figure by name; zero when the report does not have it (an empty category).
    pub fn term(&self, key: &str) -> Term {
        self.terms.get(key).copied().unwrap_or(Term::Known(0.0))
    }

    /// A quantity nobody is shown, at least zero (what a period carries over).
    pub fn hidden(&mut self, key: &str) -> Term {
        if let Some(t) = self.terms.get(key) {
            return *t;
        }
        let t = self.unknown(key, (0.0, f64::INFINITY), false);
        self.terms.insert(key.to_string(), t);
        t
    }

    /// `total = Σ parts`.
    pub fn sum(&mut self, total: Term, parts: &[Term]) {
        let mut eq = vec![(-1.0, total)];
        eq.extend(parts.iter().map(|p| (1.0, *p)));
        self.equations.push(eq);
    }

    /// `total = Σ parts` by name.
    pub fn sum_keys(&mut self, total: &str, parts: &[String]) {
        let parts: Vec<Term> = parts.iter().map(|p| self.term(p)).collect();
        let total = self.term(total);
        self.sum(total, &parts);
    }
}
