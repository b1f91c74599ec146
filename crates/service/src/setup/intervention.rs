//! Reading `[[intervention]]` and its goals.

use super::error::Problems;
use super::goal::goal;
use super::parse::{Read, RefKind};
use super::reader::{Fields, Shape};
use samverka_domain::FieldError;
use samverka_domain::association::{check_code, check_name};
use samverka_domain::goal::Goal;
use samverka_domain::intervention::{FollowUp, Intervention, Orientation};
use samverka_domain::template::check_template_code;
use std::collections::HashSet;
use toml_edit::Table;

/// The keys of `[[intervention]]`.
pub(super) static INTERVENTION: Shape = Shape {
    name: "intervention",
    prefix: "",
    keys: &[
        "code",
        "name",
        "association",
        "provider",
        "orientation",
        "follow_up",
        "template",
        "start",
        "end",
        "description",
        "target_groups",
        "esf_funded",
        "planned_places",
        "planned_participants_per_year",
        "caseload_min",
        "caseload_max",
        "steering_group",
        "goal",
    ],
};

/// Texts only, without where they were written.
fn plain(texts: Option<Vec<(usize, String)>>) -> Vec<String> {
    texts
        .unwrap_or_default()
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Reads one `[[intervention]]` written at `at`, with its `[[intervention.goal]]`s.
pub(super) fn intervention(
    p: &mut Problems,
    at: usize,
    table: &Table,
    path: String,
) -> Read<Intervention> {
    let before = p.count();
    let mut f = Fields::new(p, table, at, path, &INTERVENTION);
    let code = f.checked(p, "code", true, |s| check_code("code", s));
    let mut read = Read::new(code.as_ref().map(|c| f.named("code", c)));
    let name = f.checked(p, "name", true, |s| check_name("name", s));
    let mut associations = Vec::new();
    for (at, text) in f.one_or_more(p, "association", true).unwrap_or_default() {
        match check_code("association", &text) {
            Ok(code) => {
                read.refer(RefKind::Association, &f, "association", at, &code);
                associations.push(code);
            }
            Err(e) => f.fail(p, "association", at, e),
        }
    }
    let provider = f.checked(p, "provider", true, |s| check_code("provider", s));
    if let Some(code) = &provider {
        read.refer(
            RefKind::Provider,
            &f,
            "provider",
            f.key_at("provider"),
            code,
        );
    }
    let orientation = f.checked(p, "orientation", true, Orientation::parse);
    let follow_up = f.checked(p, "follow_up", true, FollowUp::parse);
    let template = f.checked(p, "template", true, |s| check_template_code("template", s));
    if let Some(code) = &template {
        read.refer(
            RefKind::Template,
            &f,
            "template",
            f.key_at("template"),
            code,
        );
    }
    let start = f.date(p, "start", true);
    let end = f.date(p, "end", false);
    let description = f.text(p, "description", false).unwrap_or_default();
    let target_groups = plain(f.texts(p, "target_groups", false));
    let esf_funded = f.flag(p, "esf_funded").unwrap_or(false);
    let planned_places = f.count(p, "planned_places");
    let planned_participants_per_year = f.count(p, "planned_participants_per_year");
    let caseload_min = f.count(p, "caseload_min");
    let caseload_max = f.count(p, "caseload_max");
    let steering_group = plain(f.texts(p, "steering_group", false));
    let fields_ok = p.count() == before;
    let goals = goals(p, &mut f);
    let (Some(code), Some(name), Some(provider), Some(orientation), Some(follow_up)) =
        (code, name, provider, orientation, follow_up)
    else {
        return read;
    };
    let (Some(template), Some(start)) = (template, start) else {
        return read;
    };
    if !fields_ok {
        return read;
    }
    let mut intervention = Intervention {
        code,
        name,
        description,
        associations,
        provider,
        orientation,
        follow_up,
        template,
        start,
        end,
        target_groups,
        esf_funded,
        planned_places,
        planned_participants_per_year,
        caseload_min,
        caseload_max,
        steering_group,
        goals: Vec::new(),
    };
    // The goals were checked one by one above; this checks the intervention's own fields.
    if let Err(e) = intervention.validate() {
        f.blame(p, e);
    }
    if p.count() == before {
        intervention.goals = goals;
        read.value = Some(intervention);
    }
    read
}

/// Reads the `[[intervention.goal]]`s, refusing a code used twice.
fn goals(p: &mut Problems, f: &mut Fields<'_>) -> Vec<Goal> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let sections = f.sections(p, "goal", "[[intervention.goal]]");
    for (i, (at, table)) in sections.into_iter().enumerate() {
        let read = goal(p, at, table, format!("{}.goal[{}]", f.path(), i + 1));
        if let Some(named) = &read.code
            && !seen.insert(named.code.clone())
        {
            p.push(
                named.at,
                named.path.clone(),
                FieldError::with_detail("code", "error.goal.duplicate", named.code.clone()),
            );
        }
        out.extend(read.value);
    }
    out
}
