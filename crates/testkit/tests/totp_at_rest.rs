//! TOTP secrets at rest (issue 20, with finding M7): with an installation key they
//! are sealed in the database, secrets stored by an older version are sealed at
//! start, and logging in with the second factor keeps working through the web.

use reqwest::StatusCode;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_domain::installation_key::InstallationKey;
use samverka_domain::totp::TotpSecret;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;
use time::Duration;

const PASSWORD: &str = "blå-tåg-över-umeälven";

fn key() -> InstallationKey {
    InstallationKey::from_text("testnyckeln för engångskoder i vila, lång nog").unwrap()
}

fn coach() -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap()]
}

fn location(res: &reqwest::Response) -> &str {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

/// The stored value of an account's TOTP secret, read straight from the database.
async fn stored(app: &TestApp, username: &str) -> String {
    app.services
        .store
        .user_by_username(username)
        .await
        .unwrap()
        .unwrap()
        .totp_secret
        .unwrap()
}

/// Logs in with password and code; asserts the second factor is accepted.
async fn log_in_with_code(app: &TestApp, username: &str, secret: &TotpSecret) {
    let client = app.client();
    let res = app.login(&client, username, PASSWORD).await;
    assert_eq!(location(&res), "/login/totp");
    let code = secret.code_at(app.clock_now());
    let res = app
        .post_form(&client, "/login/totp", &[("code", &code)])
        .await;
    assert_eq!(location(&res), "/", "the code is accepted");
    assert_eq!(
        app.get(&client, "/api/v1/me").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_secret_enrolled_with_a_key_is_stored_sealed_and_still_works() {
    let app = TestApp::sqlite_with_key(key()).await;
    app.add_user("coach", PASSWORD, coach()).await;
    let client = app.client();
    let res = app.login(&client, "coach", PASSWORD).await;
    assert_eq!(location(&res), "/account/totp");
    let page = app
        .get(&client, "/account/totp")
        .await
        .text()
        .await
        .unwrap();
    let secret_text = page
        .split("name=\"secret\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let secret = TotpSecret::from_base32(&secret_text).unwrap();
    let code = secret.code_at(app.clock_now());
    let res = app
        .post_form(
            &client,
            "/account/totp",
            &[("secret", &secret_text), ("code", &code)],
        )
        .await;
    assert_eq!(location(&res), "/");
    let sealed = stored(&app, "coach").await;
    assert!(sealed.starts_with("enc1:"), "{sealed}");
    assert!(!sealed.contains(&secret.to_base32()), "not in plain text");
    app.clock.advance(Duration::seconds(60));
    log_in_with_code(&app, "coach", &secret).await;
}

#[tokio::test]
async fn a_plain_secret_from_before_is_sealed_at_start_and_login_keeps_working() {
    let app = TestApp::sqlite_with_key(key()).await;
    app.add_user("coach", PASSWORD, coach()).await;
    let user = app
        .services
        .store
        .user_by_username("coach")
        .await
        .unwrap()
        .unwrap();
    let secret = TotpSecret::from_bytes([7; 20]);
    let draft = AuditDraft::new(
        app.clock_now(),
        Actor::system(),
        AuditEvent::TotpEnrolled,
        "user",
        user.id,
    );
    app.services
        .store
        .set_totp_secret(user.id, Some(&secret.to_base32()), &draft)
        .await
        .unwrap();
    log_in_with_code(&app, "coach", &secret).await;
    let sealing = app.services.seal_stored_totp_secrets().await.unwrap();
    assert_eq!(sealing.sealed_now, 1);
    let sealed = stored(&app, "coach").await;
    assert!(sealed.starts_with("enc1:"), "{sealed}");
    assert!(!sealed.contains(&secret.to_base32()));
    app.clock.advance(Duration::seconds(60));
    log_in_with_code(&app, "coach", &secret).await;
    let again = app.services.seal_stored_totp_secrets().await.unwrap();
    assert_eq!((again.sealed_now, again.already_sealed), (0, 1));
    assert_eq!(stored(&app, "coach").await, sealed, "sealed once");
}

#[tokio::test]
async fn a_sealed_secret_moved_to_another_account_does_not_open() {
    let app = TestApp::sqlite_with_key(key()).await;
    app.logged_in("coach", coach()).await;
    app.add_user("other", PASSWORD, coach()).await;
    let other = app
        .services
        .store
        .user_by_username("other")
        .await
        .unwrap()
        .unwrap();
    let sealed = app.services.stored_totp_secret(
        app.services
            .store
            .user_by_username("coach")
            .await
            .unwrap()
            .unwrap()
            .id,
        &TotpSecret::from_bytes([7; 20]).to_base32(),
    );
    let draft = AuditDraft::new(
        app.clock_now(),
        Actor::system(),
        AuditEvent::TotpEnrolled,
        "user",
        other.id,
    );
    app.services
        .store
        .set_totp_secret(other.id, Some(&sealed), &draft)
        .await
        .unwrap();
    let client = app.client();
    app.login(&client, "other", PASSWORD).await;
    let code = TotpSecret::from_bytes([7; 20]).code_at(app.clock_now());
    let res = app
        .post_form(&client, "/login/totp", &[("code", &code)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(location(&app.get(&client, "/").await), "/login/totp");
}
