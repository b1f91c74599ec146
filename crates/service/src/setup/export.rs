//! Writing a plan back as a setup file: canonical and stable, so that reading an
//! export and exporting it again gives the same bytes.

use super::SetupPlan;
use super::values::{format_date, from_fixed, infer_kind};
use samverka_domain::association::{Association, Member};
use samverka_domain::goal::{Goal, Population};
use samverka_domain::intervention::Intervention;
use samverka_domain::template::ProcessTemplate;
use std::fmt::Write;

/// The first line of every export.
const HEADER: &str = "# Samverka – organisation (samverka export setup)\n";

/// A TOML basic string: `"…"` with `\`, `"` and control characters escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]`.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| quote(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// `{ a = 1, b = 2 }`, or `{}` when empty.
fn inline(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return "{}".to_string();
    }
    let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("{{ {} }}", pairs.join(", "))
}

/// Collects `key = value` lines in order.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn put(&mut self, key: &str, value: impl AsRef<str>) {
        let _ = writeln!(self.0, "{key} = {}", value.as_ref());
    }

    fn put_if(&mut self, cond: bool, key: &str, value: impl FnOnce() -> String) {
        if cond {
            self.put(key, value());
        }
    }

    fn section(&mut self, header: &str) {
        let _ = write!(self.0, "\n[[{header}]]\n");
    }
}

fn member(m: &Member) -> String {
    let mut pairs = vec![("code", quote(&m.code)), ("name", quote(&m.name))];
    if m.kind != infer_kind(&m.code, &m.name) {
        pairs.push(("kind", quote(m.kind.code())));
    }
    if m.financier {
        pairs.push(("financier", "true".into()));
    }
    if let Some(share) = m.share {
        pairs.push(("share", from_fixed(share, 2)));
    }
    inline(&pairs)
}

fn association(out: &mut Lines, a: &Association) {
    out.section("association");
    out.put("code", quote(&a.code));
    out.put("name", quote(&a.name));
    out.put("orgnr", quote(&a.orgnr));
    if let Some(start) = a.start {
        out.put("start", quote(&format_date(start)));
    }
    out.put_if(!a.municipalities.is_empty(), "municipalities", || {
        list(&a.municipalities)
    });
    if !a.members.is_empty() {
        let members: String = a
            .members
            .iter()
            .map(|m| format!("  {},\n", member(m)))
            .collect();
        out.put("members", format!("[\n{members}]"));
    }
}

fn template(out: &mut Lines, t: &ProcessTemplate) {
    out.section("template");
    out.put("code", quote(&t.code));
    out.put("name", quote(t.name.as_deref().unwrap_or(&t.code)));
    let stages: Vec<&str> = t
        .stages
        .iter()
        .map(|s| s.name.as_deref().unwrap_or(&s.code))
        .collect();
    out.put("stages", list(&stages));
}

fn intervention(out: &mut Lines, i: &Intervention) {
    out.section("intervention");
    out.put("code", quote(&i.code));
    out.put("name", quote(&i.name));
    match i.associations.as_slice() {
        [one] => out.put("association", quote(one)),
        several => out.put("association", list(several)),
    }
    out.put("provider", quote(&i.provider));
    out.put("orientation", quote(i.orientation.code()));
    out.put("follow_up", quote(i.follow_up.code()));
    out.put("template", quote(&i.template));
    out.put("start", quote(&format_date(i.start)));
    if let Some(end) = i.end {
        out.put("end", quote(&format_date(end)));
    }
    out.put_if(!i.description.is_empty(), "description", || {
        quote(&i.description)
    });
    out.put_if(!i.target_groups.is_empty(), "target_groups", || {
        list(&i.target_groups)
    });
    out.put_if(i.esf_funded, "esf_funded", || "true".into());
    let counts = [
        ("planned_places", i.planned_places),
        (
            "planned_participants_per_year",
            i.planned_participants_per_year,
        ),
        ("caseload_min", i.caseload_min),
        ("caseload_max", i.caseload_max),
    ];
    for (key, count) in counts {
        if let Some(n) = count {
            out.put(key, n.to_string());
        }
    }
    out.put_if(!i.steering_group.is_empty(), "steering_group", || {
        list(&i.steering_group)
    });
    for g in &i.goals {
        goal(out, g);
    }
}

fn population(p: &Population) -> String {
    let mut pairs = Vec::new();
    if !p.income_source_before.is_empty() {
        let codes: Vec<&str> = p.income_source_before.iter().map(|c| c.code()).collect();
        pairs.push(("income_source_before", list(&codes)));
    }
    if let Some(age) = p.age_min {
        pairs.push(("age_min", age.to_string()));
    }
    if let Some(age) = p.age_max {
        pairs.push(("age_max", age.to_string()));
    }
    if let Some(sex) = p.sex {
        pairs.push(("sex", quote(sex.code())));
    }
    inline(&pairs)
}

fn goal(out: &mut Lines, g: &Goal) {
    out.section("intervention.goal");
    out.put("code", quote(&g.code));
    out.put("label", quote(&g.label));
    out.put("basis", quote(g.basis.code()));
    let numerator = inline(&[(g.numerator.kind(), list(&g.numerator.codes()))]);
    out.put("numerator", numerator);
    out.put_if(g.population != Population::default(), "population", || {
        population(&g.population)
    });
    out.put("target", from_fixed(g.target, 4));
    if let Some((from, to)) = g.period {
        let period = inline(&[
            ("from", quote(&format_date(from))),
            ("to", quote(&format_date(to))),
        ]);
        out.put("period", period);
    }
}

/// Writes `plan` as a setup file: associations, providers, own templates, then
/// interventions each followed by its goals; keys in the documented order and
/// optional keys left out when empty, so `parse(export(plan))` gives `plan` back.
pub fn export(plan: &SetupPlan) -> String {
    let mut out = Lines(HEADER.to_string());
    for a in &plan.associations {
        association(&mut out, a);
    }
    for p in &plan.providers {
        out.section("provider");
        out.put("code", quote(&p.code));
        out.put("name", quote(&p.name));
    }
    for t in &plan.templates {
        template(&mut out, t);
    }
    for i in &plan.interventions {
        intervention(&mut out, i);
    }
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(quote("Umeå"), "\"Umeå\"");
        assert_eq!(quote("\u{7}"), "\"\\u0007\"");
        assert_eq!(list::<&str>(&[]), "[]");
        assert_eq!(inline(&[]), "{}");
    }
}
