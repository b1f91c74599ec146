//! Login, throttling, sessions, timeouts and the second factor, over real HTTP.

use reqwest::StatusCode;
use samverka_domain::totp::TotpSecret;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;
use time::Duration;

const PASSWORD: &str = "blå-tåg-över-umeälven";

fn admin() -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(Role::SystemAdmin, Scope::Installation).unwrap()]
}

/// An account whose role needs no second factor (the system administrator's does).
fn no_second_factor() -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap()]
}

fn coach() -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap()]
}

fn location(res: &reqwest::Response) -> &str {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn login_page_is_swedish_and_accessible_in_structure() {
    let app = TestApp::sqlite().await;
    let res = app.get(&app.client(), "/login").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<html lang="sv">"#));
    assert!(html.contains(r##"<a class="skip-link" href="#main">"##));
    assert!(html.contains(r#"<label for="username">Användarnamn</label>"#));
    assert!(html.contains(r#"<label for="password">Lösenord</label>"#));
    assert!(html.contains(r#"<main id="main""#));
}

#[tokio::test]
async fn login_succeeds_and_sets_a_strict_cookie() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let client = app.client();
    let res = app.login(&client, "anna", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let home = app.get(&client, "/").await.text().await.unwrap();
    assert!(home.contains("Välkommen, Test anna"));
    let me: serde_json::Value = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "anna");
    assert_eq!(me["roles"][0]["role"], "association_admin");
}

#[tokio::test]
async fn the_message_does_not_reveal_whether_an_account_exists() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, admin()).await;
    let client = app.client();
    let wrong = app.login(&client, "anna", "fel lösenord här").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong = wrong.text().await.unwrap();
    let unknown = app
        .login(&client, "ingen-sadan", "fel lösenord här")
        .await
        .text()
        .await
        .unwrap();
    let alert = |html: &str| {
        html.split("role=\"alert\"")
            .nth(1)
            .map(|s| s.split('<').next().unwrap_or("").to_string())
    };
    assert_eq!(alert(&wrong), alert(&unknown));
    assert!(
        alert(&wrong)
            .unwrap()
            .contains("Fel användarnamn eller lösenord")
    );
}

#[tokio::test]
async fn wrong_passwords_are_throttled_per_account() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, admin()).await;
    let client = app.client();
    for _ in 0..5 {
        assert_eq!(
            app.login(&client, "anna", "fel lösenord här")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let throttled = app.login(&client, "anna", PASSWORD).await;
    assert_eq!(
        throttled.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(
        throttled
            .text()
            .await
            .unwrap()
            .contains("För många misslyckade försök")
    );
    // The refused attempt counted too, so the wait doubled to 60 seconds.
    app.clock.advance(Duration::seconds(59));
    assert_eq!(
        app.login(&client, "anna", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.advance(Duration::seconds(121));
    assert_eq!(
        app.login(&client, "anna", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let failed = app
        .services
        .store
        .search_audit(&samverka_store::AuditFilter {
            event_code: Some("login_failed".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        failed.len(),
        7,
        "five wrong passwords and two throttled attempts are in the access log"
    );
}

#[tokio::test]
async fn a_forged_origin_gets_403() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, admin()).await;
    let client = app.client();
    let res = client
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&[("username", "anna"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = client
        .post(app.url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("username", "anna"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        app.services
            .store
            .sessions_of(samverka_domain::UserId(1))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_idle_session_expires_and_redirects_to_login() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let client = app.client();
    app.login(&client, "anna", PASSWORD).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(app.get(&client, "/").await.status(), StatusCode::OK);
    app.clock.advance(Duration::minutes(31));
    let res = app.get(&client, "/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?expired=1");
    let page = app
        .get(&client, "/login?expired=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("inaktiv för länge"));
    assert_eq!(
        app.get(&client, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_busy_session_still_ends_after_twelve_hours() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let client = app.client();
    app.login(&client, "anna", PASSWORD).await;
    for _ in 0..24 {
        app.clock.advance(Duration::minutes(29));
        assert_eq!(app.get(&client, "/").await.status(), StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(25));
    assert_eq!(location(&app.get(&client, "/").await), "/login?expired=1");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, admin()).await;
    let client = app.client();
    app.login(&client, "anna", PASSWORD).await;
    let res = app.post_form(&client, "/logout", &[]).await;
    assert_eq!(location(&res), "/login");
    assert_eq!(location(&app.get(&client, "/").await), "/login");
}

#[tokio::test]
async fn sessions_are_listed_and_can_be_revoked() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let (laptop, phone) = (app.client(), app.client());
    app.login(&laptop, "anna", PASSWORD).await;
    app.login(&phone, "anna", PASSWORD).await;
    let sessions = app
        .services
        .store
        .sessions_of(samverka_domain::UserId(1))
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    let page = app.get(&laptop, "/account").await.text().await.unwrap();
    assert_eq!(
        page.matches("/revoke").count(),
        1,
        "the other session can be revoked, not this one"
    );
    let other = sessions.iter().map(|s| s.id).max().unwrap();
    let res = app
        .post_form(&laptop, &format!("/account/sessions/{other}/revoke"), &[])
        .await;
    assert_eq!(location(&res), "/account?revoked=1");
    assert_eq!(location(&app.get(&phone, "/").await), "/login");
    assert_eq!(app.get(&laptop, "/").await.status(), StatusCode::OK);
    let res = app
        .post_form(&laptop, "/account/sessions/99999/revoke", &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn personal_data_roles_must_enrol_and_then_use_totp() {
    let app = TestApp::sqlite().await;
    app.add_user("coach", PASSWORD, coach()).await;
    let client = app.client();
    let res = app.login(&client, "coach", PASSWORD).await;
    assert_eq!(location(&res), "/account/totp");
    assert_eq!(
        location(&app.get(&client, "/").await),
        "/account/totp",
        "nothing else until enrolled"
    );
    assert_eq!(
        app.get(&client, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let page = app
        .get(&client, "/account/totp")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<svg"), "a QR code is shown");
    let secret_text = page
        .split("name=\"secret\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let secret = TotpSecret::from_base32(&secret_text).unwrap();
    let wrong = app
        .post_form(
            &client,
            "/account/totp",
            &[("secret", &secret_text), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Kod: koden stämmer inte")
    );
    let code = secret.code_at(app.clock_now());
    let res = app
        .post_form(
            &client,
            "/account/totp",
            &[("secret", &secret_text), ("code", &code)],
        )
        .await;
    assert_eq!(location(&res), "/");
    assert_eq!(app.get(&client, "/").await.status(), StatusCode::OK);

    let again = app.client();
    app.clock.advance(Duration::seconds(60));
    assert_eq!(
        location(&app.login(&again, "coach", PASSWORD).await),
        "/login/totp"
    );
    assert_eq!(location(&app.get(&again, "/").await), "/login/totp");
    let code = secret.code_at(app.clock_now());
    let res = app
        .post_form(&again, "/login/totp", &[("code", &code)])
        .await;
    assert_eq!(location(&res), "/");
    assert_eq!(app.get(&again, "/api/v1/me").await.status(), StatusCode::OK);

    let replay = app.client();
    app.login(&replay, "coach", PASSWORD).await;
    let res = app
        .post_form(&replay, "/login/totp", &[("code", &code)])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code works only once"
    );
}

#[tokio::test]
async fn only_system_admins_list_accounts() {
    let app = TestApp::sqlite().await;
    let admin_client = app.logged_in("anna", admin()).await;
    let forbund = vec![
        RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap(),
    ];
    app.add_user("karin", PASSWORD, forbund).await;
    let client = app.client();
    app.login(&client, "karin", PASSWORD).await;
    assert_eq!(
        app.get(&client, "/admin/users").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = app.get(&client, "/api/v1/users").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
    let users: serde_json::Value = app
        .get(&admin_client, "/api/v1/users")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn many_failures_from_one_address_slow_it_down_but_lock_out_no_colleague() {
    let app = TestApp::sqlite().await;
    app.add_user("anna", PASSWORD, admin()).await;
    let client = app.client();
    for i in 0..20 {
        let name = format!("gissning{i}");
        assert_eq!(
            app.login(&client, &name, "fel lösenord här").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let started = std::time::Instant::now();
    let res = app.login(&client, "anna", PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "a colleague behind the same address gets in with the right password"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(500),
        "but the address's answers are held back: {:?}",
        started.elapsed()
    );
}
