//! Reading `[[association]]` (with its members), `[[provider]]` and `[[template]]`.

use super::error::Problems;
use super::parse::Read;
use super::reader::{Fields, Shape};
use super::values::{infer_kind, to_fixed};
use samverka_domain::FieldError;
use samverka_domain::association::{
    Association, Member, MemberKind, Provider, check_code, check_name,
};
use samverka_domain::orgnr::OrgNumber;
use samverka_domain::template::{ProcessTemplate, check_template_code};
use toml_edit::Table;

/// The keys of `[[association]]`.
pub(super) static ASSOCIATION: Shape = Shape {
    name: "association",
    prefix: "",
    keys: &[
        "code",
        "name",
        "orgnr",
        "start",
        "municipalities",
        "members",
    ],
};

/// The keys of one member.
pub(super) static MEMBER: Shape = Shape {
    name: "members",
    prefix: "members.",
    keys: &["code", "name", "kind", "financier", "share"],
};

/// The keys of `[[provider]]`.
pub(super) static PROVIDER: Shape = Shape {
    name: "provider",
    prefix: "",
    keys: &["code", "name"],
};

/// The keys of `[[template]]`.
pub(super) static TEMPLATE: Shape = Shape {
    name: "template",
    prefix: "template.",
    keys: &["code", "name", "stages"],
};

/// Reads one `[[association]]` written at `at`.
pub(super) fn association(
    p: &mut Problems,
    at: usize,
    table: &Table,
    path: String,
) -> Read<Association> {
    let before = p.count();
    let mut f = Fields::new(p, table, at, path, &ASSOCIATION);
    let code = f.checked(p, "code", true, |s| check_code("code", s));
    let named = code.as_ref().map(|c| f.named("code", c));
    let name = f.checked(p, "name", true, |s| check_name("name", s));
    let orgnr = f.checked(p, "orgnr", true, |s| {
        OrgNumber::parse("orgnr", s).map(|o| o.as_str().to_string())
    });
    let start = f.date(p, "start", false);
    let municipalities = f.texts(p, "municipalities", false).unwrap_or_default();
    let members = members(p, &mut f);
    let mut read = Read::new(named);
    let (Some(code), Some(name), Some(orgnr)) = (code, name, orgnr) else {
        return read;
    };
    if p.count() > before {
        return read;
    }
    let association = Association {
        code,
        name,
        orgnr,
        start,
        municipalities: municipalities.into_iter().map(|(_, m)| m).collect(),
        members,
    };
    match association.validate() {
        Ok(()) => read.value = Some(association),
        Err(e) => f.blame(p, e),
    }
    read
}

/// How members are written, for messages.
const MEMBERS_EXAMPLE: &str = "[{ code = \"FK\", name = \"Försäkringskassan\", financier = true }]";

/// Reads `members = [ { … }, … ]`; only members without problems are returned.
fn members(p: &mut Problems, f: &mut Fields<'_>) -> Vec<Member> {
    let expected =
        FieldError::with_detail("members", "error.setup.expected_members", MEMBERS_EXAMPLE);
    let Some(values) = f.array(p, "members", false, expected) else {
        return Vec::new();
    };
    let path = f.path_of("members");
    let mut out = Vec::new();
    for (i, (at, value)) in values.into_iter().enumerate() {
        let member_path = format!("{path}[{}]", i + 1);
        let Some(table) = value.as_inline_table() else {
            p.push(
                at,
                member_path,
                FieldError::with_detail("members", "error.setup.expected_members", MEMBERS_EXAMPLE),
            );
            continue;
        };
        let mut m = Fields::new(p, table, at, member_path, &MEMBER);
        let code = m.checked(p, "code", true, |s| check_code("code", s));
        let name = m.checked(p, "name", true, |s| check_name("name", s));
        let kind = m.checked(p, "kind", false, |s| MemberKind::parse("kind", s));
        let financier = m.flag(p, "financier").unwrap_or(false);
        let share = m.number(p, "share", false, "25.0").and_then(|(at, x)| {
            let share = to_fixed(x, 2, 10_000);
            if share.is_none() {
                m.fail(
                    p,
                    "share",
                    at,
                    FieldError::with_detail("share", "error.setup.share", x.to_string()),
                );
            }
            share
        });
        if let (Some(code), Some(name)) = (code, name) {
            let kind = kind.unwrap_or_else(|| infer_kind(&code, &name));
            out.push(Member {
                code,
                name,
                kind,
                financier,
                share,
            });
        }
        f.adopt(m);
    }
    out
}

/// Reads one `[[provider]]` written at `at`.
pub(super) fn provider(p: &mut Problems, at: usize, table: &Table, path: String) -> Read<Provider> {
    let before = p.count();
    let mut f = Fields::new(p, table, at, path, &PROVIDER);
    let code = f.checked(p, "code", true, |s| check_code("code", s));
    let named = code.as_ref().map(|c| f.named("code", c));
    let name = f.checked(p, "name", true, |s| check_name("name", s));
    let mut read = Read::new(named);
    if let (Some(code), Some(name)) = (code, name)
        && p.count() == before
    {
        let provider = Provider { code, name };
        match provider.validate() {
            Ok(()) => read.value = Some(provider),
            Err(e) => f.blame(p, e),
        }
    }
    read
}

/// Reads one `[[template]]` (an own process template) written at `at`.
pub(super) fn template(
    p: &mut Problems,
    at: usize,
    table: &Table,
    path: String,
) -> Read<ProcessTemplate> {
    let before = p.count();
    let mut f = Fields::new(p, table, at, path, &TEMPLATE);
    let code = f.checked(p, "code", true, |s| check_template_code("code", s));
    let named = code.as_ref().map(|c| f.named("code", c));
    let name = f.checked(p, "name", true, |s| check_name("name", s));
    let stages = f.texts(p, "stages", true).unwrap_or_default();
    for (at, stage) in &stages {
        if let Err(e) = check_name("stages", stage) {
            f.fail(p, "stages", *at, e);
        }
    }
    let mut read = Read::new(named);
    if let (Some(code), Some(name)) = (code, name)
        && p.count() == before
    {
        let stages: Vec<String> = stages.into_iter().map(|(_, s)| s).collect();
        match ProcessTemplate::own(&code, &name, &stages) {
            Ok(template) => read.value = Some(template),
            Err(e) => f.blame(p, e),
        }
    }
    read
}
