//! The role × route matrix: every route, every role, compared with the policy.
//! Pages answer 200 (or a redirect after a change) when allowed, 403 or 404 when not;
//! nobody is let through by accident. Changes are sent with invalid bodies, so an
//! allowed caller gets 422 and nothing changes between roles. `POST /logout` is left
//! out (it would end the session under test); `login.rs` tests it.

use reqwest::{Method, StatusCode};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

/// The roles tested, by name.
const ROLES: &[&str] = &[
    "anonym",
    "system_admin",
    "auditor",
    "forbund_sfu",
    "forbund_hsf",
    "beredning_sfu",
    "lead_nk",
    "coach_nk",
    "coach_gt",
    "partner_uk",
];

fn roles(name: &str) -> Vec<RoleAssignment> {
    let r = |role, scope| RoleAssignment::new(role, scope).unwrap();
    match name {
        "system_admin" => vec![r(Role::SystemAdmin, Scope::Installation)],
        "auditor" => vec![r(Role::Auditor, Scope::Installation)],
        "forbund_sfu" => vec![r(Role::AssociationAdmin, Scope::Association("SFU".into()))],
        "forbund_hsf" => vec![r(Role::AssociationAdmin, Scope::Association("HSF".into()))],
        "beredning_sfu" => vec![r(Role::PreparatoryGroup, Scope::Association("SFU".into()))],
        "lead_nk" => vec![r(Role::InterventionLead, Scope::Intervention("NK".into()))],
        "coach_nk" => vec![r(Role::Coach, Scope::Intervention("NK".into()))],
        "coach_gt" => vec![r(Role::Coach, Scope::Intervention("GT".into()))],
        "partner_uk" => vec![r(Role::PartnerOfficer, Scope::Provider("UK-SP".into()))],
        _ => vec![],
    }
}

/// What a role may expect: allowed (2xx/3xx success), or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 200, or 303 after a change.
    Ok,
    /// 403 or 404 (404 where even existence is not revealed).
    Refused,
    /// Not logged in: a redirect to /login for pages, 401 for the API.
    Login,
}

/// One route and who may use it. `allowed` lists the roles that get `Ok`.
struct RouteCase {
    method: Method,
    path: &'static str,
    body: Body,
    allowed: &'static [&'static str],
    public: bool,
}

enum Body {
    None,
    Form(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

const EVERYONE: &[&str] = &[
    "system_admin",
    "auditor",
    "forbund_sfu",
    "forbund_hsf",
    "beredning_sfu",
    "lead_nk",
    "coach_nk",
    "coach_gt",
    "partner_uk",
];
const ORG_VIEWERS: &[&str] = &[
    "system_admin",
    "forbund_sfu",
    "forbund_hsf",
    "beredning_sfu",
    "lead_nk",
    "coach_nk",
    "coach_gt",
];
const SFU_VIEWERS: &[&str] = &["system_admin", "forbund_sfu", "beredning_sfu"];
const SFU_EDITORS: &[&str] = &["system_admin", "forbund_sfu"];
const NK_VIEWERS: &[&str] = &[
    "system_admin",
    "forbund_sfu",
    "beredning_sfu",
    "lead_nk",
    "coach_nk",
];
const NK_EDITORS: &[&str] = &["system_admin", "forbund_sfu", "lead_nk"];
const ADMIN: &[&str] = &["system_admin"];
const TEMPLATE_MAKERS: &[&str] = &["system_admin", "lead_nk"];
const NOBODY: &[&str] = &[];
const NK_STAFF: &[&str] = &["lead_nk", "coach_nk"];
const PARTNER: &[&str] = &["partner_uk"];
const WORKERS: &[&str] = &["lead_nk", "coach_nk", "coach_gt"];
/// Participation 1 is followed by another coach: a coach of NK must state a reason
/// first (break the glass, see break_the_glass.rs), so only the lead gets through.
/// Its page still answers 200 for the coach: the form that asks for the reason.
const LEAD_NK: &[&str] = &["lead_nk"];
const EMPTY: &[(&str, &str)] = &[];
const BAD_ROLE: &[(&str, &str)] = &[("role", "chef"), ("scope", "intervention:FINNS_EJ")];

const SFU_FORM: &[(&str, &str)] = &[
    ("name", "Samordningsförbundet Umeå"),
    ("orgnr", "222000-1545"),
    ("start", "2005-12-01"),
    ("municipalities", "Umeå"),
];

fn cases() -> Vec<RouteCase> {
    let page = |path, allowed| RouteCase {
        method: Method::GET,
        path,
        body: Body::None,
        allowed,
        public: false,
    };
    let public = |path| RouteCase {
        method: Method::GET,
        path,
        body: Body::None,
        allowed: EVERYONE,
        public: true,
    };
    let post = |path, form, allowed| RouteCase {
        method: Method::POST,
        path,
        body: Body::Form(form),
        allowed,
        public: false,
    };
    let put = |path, json, allowed| RouteCase {
        method: Method::PUT,
        path,
        body: Body::Json(json),
        allowed,
        public: false,
    };
    let post_json = |path, json, allowed| RouteCase {
        method: Method::POST,
        path,
        body: Body::Json(json),
        allowed,
        public: false,
    };
    let delete = |path, allowed| RouteCase {
        method: Method::DELETE,
        path,
        body: Body::None,
        allowed,
        public: false,
    };
    let mut journey = vec![
        page("/search?q=berg", WORKERS),
        page("/employers", WORKERS),
        page("/interventions/NK/participants", NK_STAFF),
        page("/interventions/NK/import", LEAD_NK),
        post("/interventions/NK/import", EMPTY, LEAD_NK),
        page("/interventions/NK/referrals", NK_STAFF),
        page("/interventions/NK/referrals/new", NK_STAFF),
        post("/interventions/NK/referrals/new", EMPTY, NK_STAFF),
        page("/referrals/1", NK_STAFF),
        post("/referrals/1/status", &[("status", "okand")], NK_STAFF),
        page("/interventions/NK/meetings", NK_STAFF),
        page(
            "/interventions/NK/meetings/new?group=rekryteringsgrupp",
            NK_STAFF,
        ),
        post(
            "/interventions/NK/meetings/new?group=rekryteringsgrupp",
            EMPTY,
            NK_STAFF,
        ),
        page("/meetings/1", NK_STAFF),
        page("/interventions/NK/cohorts", NK_STAFF),
        post("/interventions/NK/cohorts", EMPTY, NK_STAFF),
        page("/interventions/NK/enrol", NK_STAFF),
        post("/interventions/NK/enrol", EMPTY, NK_STAFF),
        page("/participations/1", NK_STAFF),
        post("/participations/1/stage", &[("steg", "flyga")], LEAD_NK),
        post(
            "/participations/1/consent/withdraw",
            &[("aterkallat", "igår")],
            LEAD_NK,
        ),
        post("/participations/1/coach", &[("coach", "x")], LEAD_NK),
        page("/participations/1/exit", LEAD_NK),
        post("/participations/1/exit", EMPTY, LEAD_NK),
        page("/participations/1/entries/new?kind=profile", LEAD_NK),
        post("/participations/1/entries/new?kind=profile", EMPTY, LEAD_NK),
        post("/participations/1/entries/99999/delete", EMPTY, NOBODY),
        post("/participations/1/entries/99999/approve", EMPTY, NOBODY),
        post("/participations/1/entries/99999/done", EMPTY, NOBODY),
        page("/employers/new?provider=UK-SP", NK_STAFF),
        post("/employers/new?provider=UK-SP", EMPTY, NK_STAFF),
        page("/employers/1", NK_STAFF),
        page("/employers/1/edit", NK_STAFF),
        post("/employers/1/edit", EMPTY, NK_STAFF),
        post("/employers/1/contacts", EMPTY, NK_STAFF),
        page("/api/v1/caseload", WORKERS),
        page("/api/v1/search?q=berg", WORKERS),
        page("/api/v1/partner/overview", PARTNER),
        page("/api/v1/interventions/NK/participations", NK_STAFF),
        post_json("/api/v1/interventions/NK/participations", "{}", NK_STAFF),
        page("/api/v1/interventions/NK/referrals", NK_STAFF),
        post_json("/api/v1/interventions/NK/referrals", "{}", NK_STAFF),
        page("/api/v1/referrals/1", NK_STAFF),
        post_json(
            "/api/v1/referrals/1/status",
            r#"{"status":"okand"}"#,
            NK_STAFF,
        ),
        post_json("/api/v1/interventions/NK/meetings", "{}", NK_STAFF),
        page("/api/v1/meetings/1", NK_STAFF),
        page("/api/v1/interventions/NK/cohorts", NK_STAFF),
        post_json("/api/v1/interventions/NK/cohorts", "{}", NK_STAFF),
        page("/api/v1/participations/1", LEAD_NK),
        post_json(
            "/api/v1/participations/1/stage",
            r#"{"steg":"flyga"}"#,
            LEAD_NK,
        ),
        post_json(
            "/api/v1/participations/1/consent/withdraw",
            r#"{"datum":"igår"}"#,
            LEAD_NK,
        ),
        post_json("/api/v1/participations/1/coach", r#"{"coach":0}"#, LEAD_NK),
        post_json("/api/v1/participations/1/exit", "{}", LEAD_NK),
        post_json(
            "/api/v1/participations/1/entries",
            r#"{"datum":"x","body":{}}"#,
            LEAD_NK,
        ),
        put(
            "/api/v1/participations/1/entries/99999",
            r#"{"datum":"x","body":{}}"#,
            LEAD_NK,
        ),
        delete("/api/v1/participations/1/entries/99999", NOBODY),
        post_json(
            "/api/v1/participations/1/entries/99999/approve",
            "{}",
            NOBODY,
        ),
        page("/api/v1/employers?provider=UK-SP", NK_STAFF),
        post_json("/api/v1/employers?provider=UK-SP", "{}", NK_STAFF),
        page("/api/v1/employers/1", NK_STAFF),
        post_json("/api/v1/employers/1/contacts", "{}", NK_STAFF),
    ];
    let mut all = vec![
        public("/login"),
        public("/healthz"),
        public("/readyz"),
        public("/static/app.css"),
        public("/api/v1/openapi.json"),
        page("/", EVERYONE),
        page("/account", EVERYONE),
        page("/admin/users", ADMIN),
        page("/organisation", ORG_VIEWERS),
        page("/associations/SFU", SFU_VIEWERS),
        page("/associations/SFU/edit", SFU_EDITORS),
        post("/associations/SFU/edit", SFU_FORM, SFU_EDITORS),
        page("/interventions/new?association=SFU", SFU_EDITORS),
        page("/interventions/NK", NK_VIEWERS),
        page("/reports", ORG_VIEWERS),
        page("/reports?scope=intervention%3ANK&period=2026", NK_VIEWERS),
        page("/reports?scope=association%3ASFU", SFU_VIEWERS),
        page("/reports?scope=installation", ADMIN),
        page(
            "/reports/download?scope=intervention%3ANK&format=csv",
            NK_VIEWERS,
        ),
        page(
            "/reports/download?scope=association%3ASFU&format=json",
            SFU_VIEWERS,
        ),
        page("/interventions/NK/payments", NK_VIEWERS),
        post("/participations/1/reason", EMPTY, NK_STAFF),
        page("/participations/1/extract", LEAD_NK),
        page("/participations/1/erase", LEAD_NK),
        post("/participations/1/erase", EMPTY, LEAD_NK),
        post("/participations/1/extract", EMPTY, LEAD_NK),
        page("/participations/1/questionnaires", LEAD_NK),
        post("/participations/1/questionnaires", EMPTY, LEAD_NK),
        page("/participations/1/questionnaires/99999/paper", NOBODY),
        post(
            "/participations/1/questionnaires/99999/paper",
            EMPTY,
            NOBODY,
        ),
        page("/associations/SFU/estimate", SFU_VIEWERS),
        post("/associations/SFU/estimate", EMPTY, SFU_EDITORS),
        page("/audit", &["auditor"]),
        page("/audit/export?insats=NK", &["auditor"]),
        page("/associations/SFU/questions", SFU_VIEWERS),
        page("/associations/SFU/questions/new", &["forbund_sfu"]),
        post("/associations/SFU/questions/new", EMPTY, &["forbund_sfu"]),
        post("/associations/SFU/questions/99999/end", EMPTY, NOBODY),
        post("/interventions/NK/payments", EMPTY, &["forbund_sfu"]),
        post(
            "/interventions/NK/payments/99999/certificate",
            EMPTY,
            NOBODY,
        ),
        post("/interventions/NK/payments/99999/release", EMPTY, NOBODY),
        page(
            "/reports?kind=budget&scope=intervention%3ANK&period=2026",
            NK_VIEWERS,
        ),
        page("/reports?kind=costs&scope=association%3ASFU", SFU_VIEWERS),
        page("/interventions/NK/edit", NK_EDITORS),
        page("/interventions/NK/goals/new", NK_EDITORS),
        page("/api/v1/me", EVERYONE),
        page("/api/v1/users", ADMIN),
        page("/api/v1/associations", ORG_VIEWERS),
        page("/api/v1/associations/SFU", SFU_VIEWERS),
        page("/api/v1/providers", ORG_VIEWERS),
        page("/api/v1/interventions", ORG_VIEWERS),
        page("/api/v1/interventions/NK", NK_VIEWERS),
        page("/api/v1/templates", ORG_VIEWERS),
        public("/lang/sv"),
        page("/login/totp", EVERYONE),
        page("/account/totp", EVERYONE),
        post("/account/sessions/99999/revoke", EMPTY, NOBODY),
        page("/admin/users/system_admin", ADMIN),
        post("/admin/users/system_admin/roles", BAD_ROLE, ADMIN),
        post("/admin/users/system_admin/roles/revoke", BAD_ROLE, ADMIN),
        post("/admin/users/system_admin/enable", EMPTY, ADMIN),
        post("/interventions/new?association=SFU", EMPTY, SFU_EDITORS),
        post("/interventions/NK/edit", EMPTY, NK_EDITORS),
        post("/interventions/NK/goals/new", EMPTY, NK_EDITORS),
        post("/interventions/NK/goals/finns_inte/delete", EMPTY, NOBODY),
        page("/templates/new", TEMPLATE_MAKERS),
        post("/templates/new", EMPTY, TEMPLATE_MAKERS),
        put(
            "/api/v1/associations/SFU",
            r#"{"code":"SFU","name":"Samordningsförbundet Umeå","orgnr":"222000-1546","start":null,"municipalities":[],"members":[]}"#,
            SFU_EDITORS,
        ),
        put("/api/v1/interventions/NK", NK_INVALID, NK_EDITORS),
        put(
            "/api/v1/templates/jobbspar",
            r#"{"code":"jobbspar","name":"Jobbspår","stages":["Kartläggning","Praktik"]}"#,
            TEMPLATE_MAKERS,
        ),
        RouteCase {
            method: Method::POST,
            path: "/api/v1/users/system_admin/roles",
            body: Body::Json(r#"{"role":"coach","scope":"intervention:FINNS_EJ"}"#),
            allowed: ADMIN,
            public: false,
        },
        RouteCase {
            method: Method::POST,
            path: "/api/v1/users/system_admin/roles/revoke",
            body: Body::Json(r#"{"role":"chef","scope":"intervention:FINNS_EJ"}"#),
            allowed: ADMIN,
            public: false,
        },
        put(
            "/api/v1/providers/UK-SP",
            r#"{"code":"UK-SP","name":"Umeå kommun, Socialpsykiatri"}"#,
            ADMIN,
        ),
    ];
    all.append(&mut journey);
    all
}

/// A whole Nätkraft with an end before its start: allowed callers get 422, others 403.
const NK_INVALID: &str = r#"{"code":"NK","name":"Nätkraft","description":"","associations":["SFU"],"provider":"UK-SP",
 "orientation":"individinriktad","follow_up":"individual","template":"supported_employment","start":"2006-05-01",
 "end":"2001-01-01","target_groups":[],"esf_funded":false,"planned_places":null,"planned_participants_per_year":null,
 "caseload_min":null,"caseload_max":null,"steering_group":[],"goals":[]}"#;

fn expected(case: &RouteCase, role: &str) -> Expect {
    if case.public || case.allowed.contains(&role) {
        if role == "anonym" && !case.public {
            Expect::Login
        } else {
            Expect::Ok
        }
    } else if role == "anonym" {
        Expect::Login
    } else {
        Expect::Refused
    }
}

/// Sorts an answer. 422 counts as allowed: the caller got past authorization and
/// was stopped by validation (the matrix sends invalid bodies so it changes nothing).
fn classify(path: &str, status: StatusCode, location: &str) -> Expect {
    match status.as_u16() {
        200 | 204 | 422 => Expect::Ok,
        303 if !location.starts_with("/login") => Expect::Ok,
        303 | 401 => Expect::Login,
        403 | 404 => Expect::Refused,
        other => panic!("{path}: unexpected status {other}"),
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_policy_says() {
    let app = TestApp::sqlite().await;
    app.with_demo_organisation().await;
    app.with_one_participant().await;
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for role in ROLES {
        let client = if *role == "anonym" {
            app.client()
        } else {
            app.logged_in(role, roles(role)).await
        };
        for case in cases() {
            let mut req = client
                .request(case.method.clone(), app.url(case.path))
                .header("origin", &app.base);
            req = match case.body {
                Body::None => req,
                Body::Form(form) => req.form(form),
                Body::Json(json) => req.header("content-type", "application/json").body(json),
            };
            let res = req.send().await.unwrap();
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let got = classify(case.path, res.status(), &location);
            let want = expected(&case, role);
            checked += 1;
            if got != want {
                mismatches.push(format!(
                    "{role:>14} {} {}: got {got:?} ({}), want {want:?}",
                    case.method,
                    case.path,
                    res.status()
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {checked} answers differ from the policy:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[tokio::test]
async fn association_admins_see_no_person_rows_anywhere() {
    let app = TestApp::sqlite().await;
    app.with_demo_organisation().await;
    app.with_one_participant().await;
    let admin = roles("forbund_sfu");
    assert!(admin.iter().all(|a| !a.role.sees_personal_data()));
    let client = app.logged_in("karin", admin).await;
    // The OpenAPI document describes the person fields; it holds no person rows.
    let routes = cases()
        .into_iter()
        .filter(|c| c.method == Method::GET && c.path != "/api/v1/openapi.json");
    for case in routes {
        let body = client
            .get(app.url(case.path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for marker in [
            "Öberg",
            "19950314",
            "personnummer",
            "deltagare\":",
            "participant_id",
            "\"alias\"",
        ] {
            assert!(!body.contains(marker), "{}: {marker}", case.path);
        }
    }
}
