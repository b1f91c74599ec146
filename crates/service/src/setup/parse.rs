//! Reading a whole setup file: the sections, then codes used twice and references
//! to associations, providers and templates that exist neither in the file nor stored.

use super::error::{Problems, SetupError};
use super::intervention::intervention;
use super::org::{association, provider, template};
use super::reader::{Fields, Named, Shape};
use super::{Known, SetupPlan};
use samverka_domain::FieldError;
use samverka_domain::template::builtin_named;
use std::collections::{HashMap, HashSet};
use toml_edit::{ImDocument, Table};

/// The sections of a setup file.
static FILE: Shape = Shape {
    name: "fil",
    prefix: "",
    keys: &["association", "provider", "template", "intervention"],
};

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    /// An association code.
    Association,
    /// A provider code.
    Provider,
    /// A process template code.
    Template,
}

/// One section as read: the value when it had no problems, its code (even when
/// it had), and the codes it refers to.
#[derive(Debug)]
pub(super) struct Read<T> {
    /// The value, if everything in the section was right.
    pub value: Option<T>,
    /// The section's code and where it is written.
    pub code: Option<Named>,
    /// Codes of other sections this one refers to.
    pub refs: Vec<(RefKind, Named)>,
}

impl<T> Read<T> {
    /// Nothing read yet but the code.
    pub(super) fn new(code: Option<Named>) -> Self {
        Self {
            value: None,
            code,
            refs: Vec::new(),
        }
    }

    /// Notes a reference to `code`, written under `key` at `at`.
    pub(super) fn refer(
        &mut self,
        kind: RefKind,
        f: &Fields<'_>,
        key: &str,
        at: usize,
        code: &str,
    ) {
        self.refs.push((
            kind,
            Named {
                code: code.to_string(),
                at,
                path: f.path_of(key),
            },
        ));
    }
}

/// Reads every `[[key]]` section of the file with `read`.
fn read_all<T>(
    p: &mut Problems,
    top: &mut Fields<'_>,
    key: &'static str,
    header: &'static str,
    read: fn(&mut Problems, usize, &Table, String) -> Read<T>,
) -> Vec<Read<T>> {
    top.sections(p, key, header)
        .into_iter()
        .enumerate()
        .map(|(i, (at, table))| read(p, at, table, format!("{key}[{}]", i + 1)))
        .collect()
}

/// Refuses a code used by two sections of the same kind; returns the codes.
fn unique<'r, T>(p: &mut Problems, reads: &'r [Read<T>]) -> HashSet<&'r str> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for named in reads.iter().filter_map(|r| r.code.as_ref()) {
        match first.get(named.code.as_str()) {
            Some(at) => {
                let line = p.line(*at).to_string();
                p.push(
                    named.at,
                    named.path.clone(),
                    FieldError::with_args(
                        "code",
                        "error.setup.duplicate",
                        vec![("detail", named.code.clone()), ("line", line)],
                    ),
                );
            }
            None => {
                first.insert(&named.code, named.at);
            }
        }
    }
    first.into_keys().collect()
}

/// Parses and checks a setup file (SPEC 11). `file` names it in the errors;
/// `known` holds the codes already stored, which the file may refer to.
/// Returns every problem, in line order, or the plan when there is none.
pub fn parse(file: &str, text: &str, known: &Known) -> Result<SetupPlan, Vec<SetupError>> {
    let mut p = Problems::new(text);
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let detail = e.message().trim().replace('\n', "; ");
            p.push(
                at,
                "toml",
                FieldError::with_detail("toml", "error.setup.syntax", detail),
            );
            return Err(p.into_errors(file));
        }
    };
    let mut top = Fields::new(&mut p, doc.as_table(), 0, String::new(), &FILE);
    let associations = read_all(
        &mut p,
        &mut top,
        "association",
        "[[association]]",
        association,
    );
    let providers = read_all(&mut p, &mut top, "provider", "[[provider]]", provider);
    let templates = read_all(&mut p, &mut top, "template", "[[template]]", template);
    let interventions = read_all(
        &mut p,
        &mut top,
        "intervention",
        "[[intervention]]",
        intervention,
    );

    let association_codes = unique(&mut p, &associations);
    let provider_codes = unique(&mut p, &providers);
    let template_codes = unique(&mut p, &templates);
    unique(&mut p, &interventions);
    let stored = |list: &[String], code: &str| list.iter().any(|c| c == code);
    for (kind, named) in interventions.iter().flat_map(|r| r.refs.iter()) {
        let code = named.code.as_str();
        let error = match kind {
            RefKind::Association
                if !association_codes.contains(code) && !stored(&known.associations, code) =>
            {
                FieldError::with_detail("association", "error.setup.unknown_association", code)
            }
            RefKind::Provider
                if !provider_codes.contains(code) && !stored(&known.providers, code) =>
            {
                FieldError::with_detail("provider", "error.setup.unknown_provider", code)
            }
            RefKind::Template
                if !template_codes.contains(code)
                    && !stored(&known.templates, code)
                    && builtin_named(code).is_none() =>
            {
                FieldError::with_detail("template", "error.template.unknown", code)
            }
            _ => continue,
        };
        p.push(named.at, named.path.clone(), error);
    }

    if p.count() > 0 {
        return Err(p.into_errors(file));
    }
    Ok(SetupPlan {
        associations: associations.into_iter().filter_map(|r| r.value).collect(),
        providers: providers.into_iter().filter_map(|r| r.value).collect(),
        templates: templates.into_iter().filter_map(|r| r.value).collect(),
        interventions: interventions.into_iter().filter_map(|r| r.value).collect(),
    })
}
