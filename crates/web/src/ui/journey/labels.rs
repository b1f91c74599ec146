//! How journey values read on pages: code labels, lists, stage names, persons.

use crate::ui::form::{Choice, choices};
use samverka_domain::codes::Code;
use samverka_domain::journey::Person;
use samverka_domain::template::ProcessTemplate;
use samverka_i18n::Tr;

/// A code's label from the catalogue, with a capital first letter (the catalogue
/// keeps them lower case for use inside sentences).
pub fn label<C: Code>(tr: Tr, c: C) -> String {
    capitalised(tr.t(&format!("code.{}.{}", C::LIST, c.code())))
}

pub use samverka_i18n::capitalised;

/// An optional code's label, or "unknown".
pub fn label_or_unknown<C: Code>(tr: Tr, c: Option<C>) -> String {
    c.map_or_else(|| tr.t("org.unknown").to_string(), |c| label(tr, c))
}

/// Several codes' labels joined with commas, or "unknown".
pub fn labels<C: Code>(tr: Tr, cs: &[C]) -> String {
    if cs.is_empty() {
        return tr.t("org.unknown").to_string();
    }
    cs.iter()
        .map(|c| label(tr, *c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every code of a list as choices, with `selected` checked; `empty` adds a first
/// "not given" choice.
pub fn code_choices<C: Code>(tr: Tr, selected: &[String], empty: bool) -> Vec<Choice> {
    let mut options = Vec::new();
    if empty {
        options.push((String::new(), tr.t("journey.not_given").to_string()));
    }
    options.extend(C::ALL.iter().map(|c| (c.code().to_string(), label(tr, *c))));
    choices(options, selected)
}

/// The name of a stage of `template` (own name, or the built-in one).
pub fn stage_label(tr: Tr, template: &ProcessTemplate, code: &str) -> String {
    template.all_stages().find(|s| s.code == code).map_or_else(
        || code.to_string(),
        |s| crate::ui::intervention::stage_name(tr, s),
    )
}

/// A person as lists show them: name, or alias with a note.
pub fn person_label(tr: Tr, p: &Person) -> String {
    if p.is_alias() {
        format!("{} ({})", p.label(), tr.t("journey.alias"))
    } else {
        p.label().to_string()
    }
}
