//! Findings of the security review at the edge (issue 20): HSTS when Samverka is
//! served over https (I3), a too-large upload answered with 413 and its limit (L7),
//! an unknown reference in the API named in its message (I1), a personnummer
//! typed as an account name kept out of the database (L3), and a workbook that
//! unpacks to far more than its size refused before it is parsed (M5).

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;
use samverka_web::{HSTS, WebConfig};

fn nk(role: Role) -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(role, Scope::Intervention("NK".into())).unwrap()]
}

/// Uploads `bytes` as the file `name` to Nätkraft's import form.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new().part("fil", Part::bytes(bytes).file_name(name.to_string()));
    client
        .post(app.url("/interventions/NK/import"))
        .header("origin", &app.base)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The headers of the login page.
async fn login_headers(app: &TestApp) -> reqwest::header::HeaderMap {
    let res = app.client().get(app.url("/login")).send().await.unwrap();
    res.headers().clone()
}

#[tokio::test]
async fn hsts_is_sent_only_when_cookies_are_secure() {
    let https = TestApp::sqlite_with(WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    })
    .await;
    assert_eq!(
        login_headers(&https).await["strict-transport-security"],
        HSTS
    );
    assert!(
        !login_headers(&TestApp::sqlite().await)
            .await
            .contains_key("strict-transport-security"),
        "over plain http HSTS would say nothing true"
    );
}

#[tokio::test]
async fn an_upload_over_the_limit_gets_413_with_the_limit_in_swedish() {
    let app = TestApp::sqlite().await;
    let lead = app.logged_in("per", nk(Role::InterventionLead)).await;
    let body = vec![b'a'; 32 * 1024 * 1024 + 1024];
    let res = upload(&app, &lead, "stor.csv", body).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("stor.csv är större än 32 MB"),
        "the page names the file and the limit: {page}"
    );
}

#[tokio::test]
async fn an_unknown_reference_in_the_api_is_named() {
    let app = TestApp::sqlite().await;
    let coach = app.logged_in("johanna", nk(Role::Coach)).await;
    let res = coach
        .post(app.url("/api/v1/interventions/NK/participations"))
        .header("origin", &app.base)
        .json(&serde_json::json!({ "anmalan": 987654, "startdatum": "2026-11-23" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert_eq!(body["error"]["field"], "anmalan");
    assert!(
        message.contains("987654") && !message.contains('{'),
        "{message}"
    );
}

/// Every byte of the test's SQLite database, with its write-ahead log.
fn database_bytes(app: &TestApp) -> Vec<u8> {
    let path = app.sqlite_path.clone().unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let wal = path.with_extension("db-wal");
    bytes.extend(std::fs::read(wal).unwrap_or_default());
    bytes
}

#[tokio::test]
async fn a_personnummer_typed_as_account_name_is_not_stored() {
    let app = TestApp::sqlite().await;
    for typed in ["19950314-0289", "950314-0289", "199503140289"] {
        let res = app.login(&app.client(), typed, "fel-lösenord").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{typed}");
    }
    let stored = database_bytes(&app);
    let text = String::from_utf8_lossy(&stored);
    for part in ["950314-0289", "9503140289"] {
        assert!(!text.contains(part), "{part} is stored");
    }
    let logged = app
        .services
        .store
        .search_audit(&samverka_store::AuditFilter {
            limit: 100,
            ..samverka_store::AuditFilter::default()
        })
        .await
        .unwrap();
    let failures: Vec<_> = logged
        .iter()
        .filter(|e| e.draft.actor.name == samverka_service::login::TYPED_PERSONAL_NUMBER)
        .collect();
    assert_eq!(
        failures.len(),
        3,
        "each failure is logged, without the number"
    );
}

#[tokio::test]
async fn control_characters_and_broken_utf8_are_refused_with_the_field_named() {
    let app = TestApp::sqlite().await;
    for (body, said) in [
        (
            "username=anna%00&password=x",
            "username: texten innehåller ett osynligt styrtecken",
        ),
        (
            "username=Sj%F6berg&password=x",
            "username: texten är inte kodad som UTF-8",
        ),
    ] {
        let res = app
            .client()
            .post(app.url("/login"))
            .header("origin", &app.base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let page = res.text().await.unwrap();
        assert!(page.contains(said), "{body}: {page}");
    }
    let coach = app.logged_in("johanna", nk(Role::Coach)).await;
    let res = coach
        .post(app.url("/api/v1/interventions/NK/participations"))
        .header("origin", &app.base)
        .json(&serde_json::json!({ "person": { "namn": "Sara\u{7}" }, "startdatum": "2026-11-23" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("person.namn: texten innehåller"),
        "{message}"
    );
}

/// A small workbook whose sheet unpacks to 60 MB of rows.
fn xlsx_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let row = b"<row><c t=\"inlineStr\"><is><t>NK</t></is></c></row>";
    let chunk = row.repeat((1 << 20) / row.len());
    for _ in 0..60 {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed() {
    let app = TestApp::sqlite().await;
    let lead = app.logged_in("per", nk(Role::InterventionLead)).await;
    let bomb = xlsx_bomb();
    assert!(
        bomb.len() < 1 << 20,
        "packed it is small: {} bytes",
        bomb.len()
    );
    let res = upload(&app, &lead, "deltagare.xlsx", bomb).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("arbetsboken blir större än 40 MB uppackad"),
        "the page says why, with the limit: {page}"
    );
}

/// A lead asks for a report from year 1 to 9999 (issue 20, M4).
async fn a_report_over_ten_thousand_years_is_refused(app: TestApp) {
    let lead = app.logged_in("per", nk(Role::InterventionLead)).await;
    let res = lead
        .get(app.url(
            "/reports?kind=participants&scope=intervention%3ANK&period=custom&from=0001-01-01&to=9999-12-31",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("rapporter börjar tidigast 1980-01-01"),
        "the page names the first day a report may cover: {page}"
    );
}

#[tokio::test]
async fn a_report_over_ten_thousand_years_is_refused_on_sqlite() {
    a_report_over_ten_thousand_years_is_refused(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_report_over_ten_thousand_years_is_refused_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_report_over_ten_thousand_years_is_refused(app).await;
    }
}

#[tokio::test]
async fn a_questionnaire_link_is_built_from_the_configured_address_not_the_host_header() {
    let app = TestApp::sqlite_with(WebConfig {
        public_url: Some("https://samverka.forbund.se".into()),
        ..WebConfig::default()
    })
    .await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let id = app
        .enrol(
            &coach,
            "NK",
            samverka_testkit::journey::person("19950314-0288", "Elin Öberg"),
            samverka_testkit::journey::enrolment("2026-03-02", true),
        )
        .await;
    let lead = app.logged_in("per", nk(Role::InterventionLead)).await;
    let res = lead
        .post(app.url(&format!("/participations/{id}/questionnaires")))
        .header("origin", "http://angripare.example")
        .header("host", "angripare.example")
        .form(&[("tillfalle", "start")])
        .send()
        .await
        .unwrap();
    let page = res.text().await.unwrap();
    assert!(
        page.contains("https://samverka.forbund.se/q/"),
        "the link names the configured address: {page}"
    );
    assert!(!page.contains("angripare.example"), "{page}");
}

/// With logins through the identity provider, passwords work for the named
/// break-glass account only ("OIDC only", issue 20).
async fn passwords_work_only_for_the_break_glass_account(app: TestApp) {
    use samverka_service::ServiceError;
    use samverka_service::login::LoginRequest;
    let password = "ett-långt-testlösenord-2026";
    app.add_user("per", password, nk(Role::InterventionLead))
        .await;
    let admin = vec![RoleAssignment::new(Role::SystemAdmin, Scope::Installation).unwrap()];
    app.add_user("nodadmin", password, admin).await;
    let s = app
        .services
        .clone()
        .with_passwords_only_for(Some(vec!["nodadmin".into()]));
    let login = |username: &str| LoginRequest {
        username: username.into(),
        password: password.into(),
        address: "10.0.0.7".into(),
        client: "test".into(),
    };
    assert!(matches!(
        s.login(login("per")).await,
        Err(ServiceError::PasswordsOff)
    ));
    assert!(
        matches!(
            s.login(login("finns-inte")).await,
            Err(ServiceError::PasswordsOff)
        ),
        "an unknown name gets the same answer"
    );
    assert!(
        s.login(login("NodAdmin")).await.is_ok(),
        "the break-glass account"
    );
    let refused = s
        .store
        .search_audit(&samverka_store::AuditFilter {
            event_code: Some("login_failed".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        refused
            .iter()
            .any(|e| e.draft.actor.name == "per" && e.draft.details == "reason=passwords_off")
    );
}

#[tokio::test]
async fn passwords_work_only_for_the_break_glass_account_on_sqlite() {
    passwords_work_only_for_the_break_glass_account(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn passwords_work_only_for_the_break_glass_account_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        passwords_work_only_for_the_break_glass_account(app).await;
    }
}
