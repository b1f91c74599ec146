//! What an organisation change changed, field by field and before → after, for the
//! access log (issue 20, row H1). Only organisation data passes through here
//! (associations, providers, templates, interventions and their goals): no person.

use crate::accounts::Caller;
use crate::setup::SetupPlan;
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_store::OrganisationChanges;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The longest value written for one field; longer text is cut with "…".
const MAX_VALUE: usize = 120;
/// The longest description of one change.
const MAX_DETAILS: usize = 4000;

/// The fields of `after` that differ from `before` (`None`: newly created), each as
/// `field: before → after`, joined by `; `. Lists of items with a `code` (goals,
/// members, stages) are compared item by item: `goals+CODE`, `goals-CODE`,
/// `goals[CODE].target: 3500 → 4000`. `unchanged` when nothing differs.
pub fn describe<T: Serialize>(before: Option<&T>, after: &T) -> String {
    let old = before.map(object).unwrap_or_default();
    let mut parts = Vec::new();
    if before.is_none() {
        parts.push("created".to_string());
    }
    diff_maps("", &old, &object(after), &mut parts);
    if parts.is_empty() {
        return "unchanged".into();
    }
    cut(&parts.join("; "), MAX_DETAILS)
}

fn object<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn diff_maps(
    prefix: &str,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    out: &mut Vec<String>,
) {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let a = old.get(key).unwrap_or(&Value::Null);
        let b = new.get(key).unwrap_or(&Value::Null);
        if a != b {
            diff_values(&format!("{prefix}{key}"), a, b, out);
        }
    }
}

fn diff_values(name: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b, coded_items(a), coded_items(b)) {
        (Value::Object(x), Value::Object(y), _, _) => diff_maps(&format!("{name}."), x, y, out),
        (_, _, Some(x), Some(y)) => diff_items(name, &x, &y, out),
        _ => out.push(format!("{name}: {} → {}", render(a), render(b))),
    }
}

/// The items of a list whose every element has a text `code`; an absent value is
/// an empty list. `None` for anything else (a list of plain texts, for example).
fn coded_items(value: &Value) -> Option<Vec<(&str, &Map<String, Value>)>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let map = item.as_object()?;
                Some((map.get("code")?.as_str()?, map))
            })
            .collect(),
        _ => None,
    }
}

fn diff_items(
    name: &str,
    old: &[(&str, &Map<String, Value>)],
    new: &[(&str, &Map<String, Value>)],
    out: &mut Vec<String>,
) {
    let find = |list: &[(&str, &Map<String, Value>)], code: &str| {
        list.iter()
            .find(|(c, _)| *c == code)
            .map(|(_, m)| (*m).clone())
    };
    for (code, _) in old.iter().filter(|(c, _)| find(new, c).is_none()) {
        out.push(format!("{name}-{code}"));
    }
    for (code, item) in new {
        match find(old, code) {
            None => {
                out.push(format!("{name}+{code}"));
                let mut fields = (*item).clone();
                fields.remove("code");
                diff_maps(&format!("{name}[{code}]."), &Map::new(), &fields, out);
            }
            Some(before) if &before != *item => {
                diff_maps(&format!("{name}[{code}]."), &before, item, out);
            }
            Some(_) => {}
        }
    }
    let order = |list: &[(&str, &Map<String, Value>)]| -> Vec<String> {
        list.iter().map(|(c, _)| c.to_string()).collect()
    };
    let (was, is) = (order(old), order(new));
    let same_codes = was.len() == is.len() && was.iter().all(|c| is.contains(c));
    if same_codes && was != is {
        out.push(format!(
            "{name} order: {} → {}",
            was.join(","),
            is.join(",")
        ));
    }
}

/// A value as written in the log: JSON (texts in quotes), `–` for nothing.
fn render(value: &Value) -> String {
    match value {
        Value::Null => "–".into(),
        other => cut(&other.to_string(), MAX_VALUE),
    }
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

/// One access-log entry per changed association, provider, template and
/// intervention of `changes`, each saying what changed compared with `current`.
pub fn change_drafts(
    at: time::OffsetDateTime,
    caller: &Caller,
    current: &SetupPlan,
    changes: &OrganisationChanges,
) -> Vec<AuditDraft> {
    let draft = |kind: &str, code: &str, details: String| {
        AuditDraft::new(
            at,
            caller.actor(),
            AuditEvent::OrganisationChanged,
            kind,
            code,
        )
        .details(details)
    };
    let mut out = Vec::new();
    for a in &changes.associations {
        let old = current.associations.iter().find(|c| c.code == a.code);
        out.push(draft("association", &a.code, describe(old, a)));
    }
    for p in &changes.providers {
        let old = current.providers.iter().find(|c| c.code == p.code);
        out.push(draft("provider", &p.code, describe(old, p)));
    }
    for t in &changes.templates {
        let old = current.templates.iter().find(|c| c.code == t.code);
        out.push(draft("template", &t.code, describe(old, t)));
    }
    for i in &changes.interventions {
        let old = current.interventions.iter().find(|c| c.code == i.code);
        out.push(draft("intervention", &i.code, describe(old, i)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::association::{Association, Member, MemberKind, Provider};

    fn sfu() -> Association {
        Association {
            code: "SFU".into(),
            name: "Samordningsförbundet Umeå".into(),
            orgnr: "222000-1234".into(),
            start: None,
            municipalities: vec!["Umeå".into()],
            members: vec![Member {
                code: "FK".into(),
                name: "Försäkringskassan".into(),
                kind: MemberKind::Stat,
                financier: true,
                share: Some(2500),
            }],
        }
    }

    #[test]
    fn a_changed_field_is_written_before_and_after() {
        let old = Provider {
            code: "UK-SP".into(),
            name: "Umeå kommun".into(),
        };
        let new = Provider {
            name: "Umeå kommun, Socialpsykiatri".into(),
            ..old.clone()
        };
        assert_eq!(
            describe(Some(&old), &new),
            r#"name: "Umeå kommun" → "Umeå kommun, Socialpsykiatri""#
        );
        assert_eq!(describe(Some(&old), &old), "unchanged");
        assert_eq!(
            describe(None, &old),
            r#"created; code: – → "UK-SP"; name: – → "Umeå kommun""#
        );
    }

    #[test]
    fn coded_lists_are_compared_item_by_item() {
        let old = sfu();
        let mut new = sfu();
        new.members[0].share = Some(3000);
        new.members.push(Member {
            code: "AF".into(),
            name: "Arbetsförmedlingen".into(),
            kind: MemberKind::Stat,
            financier: true,
            share: None,
        });
        new.municipalities.push("Vännäs".into());
        assert_eq!(
            describe(Some(&old), &new),
            "members[FK].share: 2500 → 3000; members+AF; members[AF].financier: – → true; \
             members[AF].kind: – → \"stat\"; members[AF].name: – → \"Arbetsförmedlingen\"; \
             municipalities: [\"Umeå\"] → [\"Umeå\",\"Vännäs\"]"
        );
        let mut removed = sfu();
        removed.members.clear();
        assert_eq!(describe(Some(&old), &removed), "members-FK");
    }

    #[test]
    fn long_values_are_cut() {
        let old = Provider {
            code: "P".into(),
            name: "a".repeat(300),
        };
        let new = Provider {
            name: "b".repeat(300),
            ..old.clone()
        };
        let text = describe(Some(&old), &new);
        assert!(text.chars().count() < 260, "{text}");
        assert!(text.contains('…'));
    }
}
