//! The two layers as rules, not conventions (issue 20, rows H1, H3, M1 and L6), over
//! real HTTP on SQLite and PostgreSQL: an intervention that holds personal data keeps
//! its provider; the system administrator passes a second factor and never grants
//! itself a role that sees personal data; the förbund's roles never meet a
//! personal-data role on one account; removing a second factor ends the sessions.
//! Each test failed before the rule existed.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_service::setup_import::ImportError;
use samverka_store::AuditFilter;
use samverka_store::schema::{TABLES, Value};
use samverka_testkit::TestApp;

const PASSWORD: &str = "blå-tåg-över-umeälven";

/// The app on SQLite, and on PostgreSQL when `SAMVERKA_TEST_POSTGRES_URL` is set.
async fn apps() -> Vec<TestApp> {
    let mut apps = vec![TestApp::sqlite().await];
    apps.extend(TestApp::postgres().await);
    apps
}

fn grant(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment::new(role, scope).unwrap()
}

fn admin() -> Vec<RoleAssignment> {
    vec![grant(Role::SystemAdmin, Scope::Installation)]
}

fn forbund_sfu() -> Vec<RoleAssignment> {
    vec![grant(
        Role::AssociationAdmin,
        Scope::Association("SFU".into()),
    )]
}

/// The newest access-log entries with this event code.
async fn logged(app: &TestApp, event: &str) -> Vec<samverka_domain::audit::AuditEntry> {
    let filter = AuditFilter {
        event_code: Some(event.into()),
        limit: 500,
        ..AuditFilter::default()
    };
    app.services.store.search_audit(&filter).await.unwrap()
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    let user = app.services.store.user_by_username(username).await;
    user.unwrap().expect("account exists").id.0
}

async fn roles_of(app: &TestApp, username: &str) -> Vec<RoleAssignment> {
    let id = samverka_domain::UserId(user_id(app, username).await);
    app.services.store.roles_of(id).await.unwrap()
}

async fn provider_of(app: &TestApp, code: &str) -> String {
    let iv = app.services.store.intervention(code).await.unwrap();
    iv.expect("intervention exists").provider
}

/// Grants `role@scope` to `username` through the API; returns the status and body.
async fn api_grant(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    role: &RoleAssignment,
) -> (StatusCode, String) {
    let res = client
        .post(app.url(&format!("/api/v1/users/{username}/roles")))
        .header("origin", &app.base)
        .json(&serde_json::json!({"role": role.role.code(), "scope": role.scope.to_string()}))
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn put_json(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    client
        .put(app.url(path))
        .header("origin", &app.base)
        .json(body)
        .send()
        .await
        .unwrap()
}

// ---- H1 -----------------------------------------------------------------------------

#[tokio::test]
async fn h1_an_intervention_with_participants_keeps_its_provider() {
    for app in apps().await {
        app.with_one_participant().await;
        provider_stays_through_the_api(&app).await;
        provider_stays_through_the_form(&app).await;
        provider_stays_through_a_setup_file(&app).await;
        assert_eq!(provider_of(&app, "NK").await, "UK-SP");
        changes_are_logged_field_by_field(&app).await;
    }
}

async fn provider_stays_through_the_api(app: &TestApp) {
    let karin = app.logged_in("karin", forbund_sfu()).await;
    let body: serde_json::Value = app
        .get(&karin, "/api/v1/interventions/NK")
        .await
        .json()
        .await
        .unwrap();
    let mut iv = body["intervention"].clone();
    iv["provider"] = "AF-UMEA".into();
    let res = put_json(app, &karin, "/api/v1/interventions/NK", &iv).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: serde_json::Value = res.json().await.unwrap();
    assert_eq!(err["error"]["field"], "provider");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Anordnare: kan inte bytas från UK-SP")
            && message.contains("båda anordnarnas insatsansvariga")
            && message.contains("ny insats"),
        "{message}"
    );
}

async fn provider_stays_through_the_form(app: &TestApp) {
    let admin = app.logged_in("sara", admin()).await;
    let form = [
        ("name", "Nätkraft"),
        ("description", ""),
        ("provider", "AF-UMEA"),
        ("template", "supported_employment"),
        ("start", "2006-05-01"),
        ("end", "2013-12-31"),
    ];
    let res = app.post_form(&admin, "/interventions/NK/edit", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Anordnare: kan inte bytas från UK-SP"),
        "a system administrator is refused too"
    );
}

async fn provider_stays_through_a_setup_file(app: &TestApp) {
    let text = include_str!("../../../demo/setup.toml").replacen(
        "code = \"NK\"\nname = \"Nätkraft\"\nassociation = \"SFU\"\nprovider = \"UK-SP\"",
        "code = \"NK\"\nname = \"Nätkraft\"\nassociation = \"SFU\"\nprovider = \"AF-UMEA\"",
        1,
    );
    assert!(text.contains("provider = \"AF-UMEA\"\norientation"));
    let cli = Caller::Cli("drift".into());
    let Err(ImportError::File(problems)) = app.services.import_setup(&cli, "ny.toml", &text).await
    else {
        panic!("the setup file is refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].key, "intervention[3].provider");
    assert_eq!(problems[0].line, 131);
    assert!(
        problems[0]
            .message
            .starts_with("Anordnare: kan inte bytas från UK-SP")
    );
}

/// Gemensamma Taget has no participants here, so it may move; the log says what changed.
async fn changes_are_logged_field_by_field(app: &TestApp) {
    let karin = app.logged_in("karin2", forbund_sfu()).await;
    let body: serde_json::Value = app
        .get(&karin, "/api/v1/interventions/GT")
        .await
        .json()
        .await
        .unwrap();
    let mut iv = body["intervention"].clone();
    iv["provider"] = "UK-SOC".into();
    iv["planned_places"] = 45.into();
    let res = put_json(app, &karin, "/api/v1/interventions/GT", &iv).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(provider_of(app, "GT").await, "UK-SOC");
    let entry = logged(app, "organisation_changed").await.remove(0);
    assert_eq!(
        (
            entry.draft.target_kind.as_str(),
            entry.draft.target_id.as_str()
        ),
        ("intervention", "GT")
    );
    assert_eq!(entry.draft.actor.name, "karin2");
    assert_eq!(
        entry.draft.details,
        r#"planned_places: 40 → 45; provider: "AF-UMEA" → "UK-SOC""#
    );
}

// ---- H3 -----------------------------------------------------------------------------

#[tokio::test]
async fn h3_the_system_administrator_passes_a_second_factor_and_grants_itself_no_personal_data() {
    for app in apps().await {
        app.with_one_participant().await;
        password_alone_is_not_enough(&app).await;
        let stina = app.logged_in("stina", admin()).await;
        for role in [
            grant(Role::Coach, Scope::Intervention("NK".into())),
            grant(Role::InterventionLead, Scope::Provider("UK-SP".into())),
            grant(Role::PartnerOfficer, Scope::Association("SFU".into())),
        ] {
            let (status, body) = api_grant(&app, &stina, "stina", &role).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{role:?}");
            let expected = format!("du kan inte ge dig själv rollen {}", role.role.code());
            assert!(body.contains(&expected), "{body}");
        }
        let form = [("role", "coach"), ("scope", "intervention:NK")];
        let res = app
            .post_form(&stina, "/admin/users/stina/roles", &form)
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("du kan inte ge dig själv")
        );
        assert_eq!(roles_of(&app, "stina").await, admin());
        let page = app.get(&stina, "/api/v1/participations/1").await.status();
        assert!(matches!(page.as_u16(), 403 | 404), "{page}");
        grants_are_logged_with_who_granted_them(&app, &stina).await;
    }
}

async fn password_alone_is_not_enough(app: &TestApp) {
    app.add_user("sara", PASSWORD, admin()).await;
    let client = app.client();
    let res = app.login(&client, "sara", PASSWORD).await;
    assert_eq!(res.headers()["location"], "/account/totp");
    let users = app.get(&client, "/admin/users").await;
    assert_eq!(users.status(), StatusCode::SEE_OTHER);
    assert_eq!(users.headers()["location"], "/account/totp");
    let api = app.get(&client, "/api/v1/users").await;
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
}

async fn grants_are_logged_with_who_granted_them(app: &TestApp, stina: &reqwest::Client) {
    app.add_user("nils", PASSWORD, vec![]).await;
    let coach = grant(Role::Coach, Scope::Intervention("NK".into()));
    let (status, _) = api_grant(app, stina, "nils", &coach).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let res = stina
        .post(app.url("/api/v1/users/nils/roles/revoke"))
        .header("origin", &app.base)
        .json(&serde_json::json!({"role": "coach", "scope": "intervention:NK"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (stina_id, nils_id) = (user_id(app, "stina").await, user_id(app, "nils").await);
    for event in ["role_granted", "role_revoked"] {
        let entry = logged(app, event).await.remove(0);
        assert_eq!(entry.draft.actor.user_id, Some(stina_id), "{event}");
        assert_eq!(entry.draft.actor.name, "stina");
        assert_eq!(entry.draft.target_id, nils_id.to_string());
        assert_eq!(entry.draft.details, "role=coach@intervention:NK");
    }
}

// ---- M1 -----------------------------------------------------------------------------

#[tokio::test]
async fn m1_the_forbunds_roles_are_refused_beside_a_personal_data_role() {
    for app in apps().await {
        let admin = app.logged_in("sara", admin()).await;
        app.add_user("karin", PASSWORD, forbund_sfu()).await;
        let preparatory = grant(Role::PreparatoryGroup, Scope::Association("SFU".into()));
        app.add_user("bo", PASSWORD, vec![preparatory.clone()])
            .await;
        let lead = grant(Role::InterventionLead, Scope::Intervention("NK".into()));
        let (status, body) = api_grant(&app, &admin, "karin", &lead).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let err: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(err["error"]["field"], "role");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("kan inte kombineras med coach, insatsansvarig eller handläggare"),
            "{body}"
        );
        let form = [("role", "coach"), ("scope", "intervention:GT")];
        let res = app.post_form(&admin, "/admin/users/bo/roles", &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("(preparatory_group + coach)")
        );
        assert_eq!(roles_of(&app, "karin").await, forbund_sfu());
        assert_eq!(roles_of(&app, "bo").await, vec![preparatory]);
        // The other way round, and for another association: still refused.
        app.add_user("per", PASSWORD, vec![lead]).await;
        let hsf = grant(Role::AssociationAdmin, Scope::Association("HSF".into()));
        let (status, _) = api_grant(&app, &admin, "per", &hsf).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let created = app
            .services
            .add_user(
                &Caller::Cli("drift".into()),
                samverka_service::accounts::NewAccount {
                    username: "eva".into(),
                    display_name: "Eva".into(),
                    password: PASSWORD.into(),
                    roles: vec![
                        grant(Role::PartnerOfficer, Scope::Provider("UK-SP".into())),
                        grant(Role::PreparatoryGroup, Scope::Association("HSF".into())),
                    ],
                },
            )
            .await;
        assert!(created.is_err(), "a new account with both is refused too");
    }
}

// ---- L6 -----------------------------------------------------------------------------

#[tokio::test]
async fn l6_removing_the_second_factor_ends_the_accounts_sessions() {
    for app in apps().await {
        let nk = vec![grant(Role::Coach, Scope::Intervention("NK".into()))];
        let johanna = app.logged_in("johanna", nk).await;
        assert_eq!(app.get(&johanna, "/").await.status(), StatusCode::OK);
        let cli = Caller::Cli("drift".into());
        let ended = app.services.remove_totp(&cli, "johanna").await.unwrap();
        assert_eq!(ended, 1);
        let home = app.get(&johanna, "/").await;
        assert_eq!(home.status(), StatusCode::SEE_OTHER);
        assert_eq!(home.headers()["location"], "/login");
        let api = app.get(&johanna, "/api/v1/caseload").await;
        assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
        let id = samverka_domain::UserId(user_id(&app, "johanna").await);
        assert!(app.services.store.sessions_of(id).await.unwrap().is_empty());
        let entry = logged(&app, "totp_removed").await.remove(0);
        assert_eq!(
            (
                entry.draft.actor.name.as_str(),
                entry.draft.details.as_str()
            ),
            ("cli:drift", "sessions_ended=1")
        );
    }
}

// ---- No combination ----------------------------------------------------------------

/// The routes where a person row would show: lists, search, single pages, the API.
const PERSON_ROUTES: &[&str] = &[
    "/",
    "/search?q=berg",
    "/interventions/NK",
    "/interventions/NK/participants",
    "/interventions/NK/referrals",
    "/referrals/1",
    "/participations/1",
    "/participations/1/extract",
    "/meetings/1",
    "/reports?scope=intervention%3ANK&period=2026",
    "/api/v1/search?q=berg",
    "/api/v1/caseload",
    "/api/v1/interventions/NK/participations",
    "/api/v1/interventions/NK/referrals",
    "/api/v1/participations/1",
    "/api/v1/referrals/1",
    "/api/v1/meetings/1",
    "/api/v1/partner/overview",
];

/// Fails when any person route shows the test participant (Elin Öberg, 19950314-0288).
async fn sees_no_person_rows(app: &TestApp, client: &reqwest::Client, who: &str) {
    for path in PERSON_ROUTES {
        let body = app.get(client, path).await.text().await.unwrap();
        for marker in ["Öberg", "19950314", "0288"] {
            assert!(!body.contains(marker), "{who} sees {marker} on {path}");
        }
    }
}

fn forbund_grants() -> Vec<RoleAssignment> {
    let mut out = Vec::new();
    for role in [Role::AssociationAdmin, Role::PreparatoryGroup] {
        for code in ["SFU", "HSF"] {
            out.push(grant(role, Scope::Association(code.into())));
        }
    }
    out
}

/// Every role that sees personal data, on every scope kind that reaches Nätkraft's
/// participant (and one that does not).
fn personal_data_grants() -> Vec<RoleAssignment> {
    let scopes = [
        Scope::Installation,
        Scope::Association("SFU".into()),
        Scope::Provider("UK-SP".into()),
        Scope::Intervention("NK".into()),
        Scope::Intervention("GT".into()),
    ];
    let roles = Role::ALL.into_iter().filter(|r| r.sees_personal_data());
    roles
        .flat_map(|r| {
            scopes
                .iter()
                .map(move |s| RoleAssignment::new(r, s.clone()))
        })
        .filter_map(Result::ok)
        .collect()
}

#[tokio::test]
async fn no_combination_of_roles_puts_a_forbund_account_into_personal_data() {
    for app in apps().await {
        app.with_one_participant().await;
        let admin = app.logged_in("sara", admin()).await;
        let (forbund, personal) = (forbund_grants(), personal_data_grants());
        assert_eq!((forbund.len(), personal.len()), (4, 10));
        let mut clients = Vec::new();
        for (i, f) in forbund.iter().enumerate() {
            let name = format!("forbund{i}");
            clients.push((name.clone(), app.logged_in(&name, vec![f.clone()]).await));
        }
        let mut accepted = Vec::new();
        for (j, p) in personal.iter().enumerate() {
            let staff = format!("personal{j}");
            app.logged_in(&staff, vec![p.clone()]).await;
            for (i, f) in forbund.iter().enumerate() {
                let attempts = [(format!("forbund{i}"), p), (staff.clone(), f)];
                for (who, role) in attempts {
                    let (status, body) = api_grant(&app, &admin, &who, role).await;
                    if status != StatusCode::UNPROCESSABLE_ENTITY {
                        accepted.push(format!("{who} + {role:?}: {status}"));
                    } else {
                        assert!(body.contains("kan inte kombineras"), "{body}");
                    }
                }
            }
        }
        assert!(accepted.is_empty(), "accepted: {accepted:#?}");
        for (name, client) in &clients {
            sees_no_person_rows(&app, client, name).await;
        }
        crossed_before_the_rule(&app, &clients[0].1).await;
    }
}

/// An account whose roles crossed the layers before the rule (written straight into
/// the table, as an older installation may hold them) still sees no person rows.
async fn crossed_before_the_rule(app: &TestApp, forbund0: &reqwest::Client) {
    let table = TABLES
        .iter()
        .find(|t| t.name == "role_assignments")
        .unwrap();
    let row = vec![
        Value::Int(900_001),
        Value::Int(user_id(app, "forbund0").await),
        Value::Text("intervention_lead".into()),
        Value::Text("intervention".into()),
        Value::Text("NK".into()),
    ];
    app.services
        .store
        .load_rows(table, vec![row])
        .await
        .unwrap();
    assert_eq!(roles_of(app, "forbund0").await.len(), 2, "the rows cross");
    sees_no_person_rows(app, forbund0, "forbund0 with an old lead grant").await;
    let me: serde_json::Value = app.get(forbund0, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["roles"].as_array().unwrap().len(), 1, "{me}");
    assert_eq!(me["roles"][0]["role"], "association_admin");
}
