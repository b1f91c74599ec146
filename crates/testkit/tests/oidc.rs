//! OIDC login over real HTTP against a small provider in the test: discovery, JWKS,
//! a token endpoint that checks the client's Basic credentials and the PKCE verifier,
//! and ID tokens signed with a test RSA key at the app's (fixed) clock. The browser
//! test (`tests/browser/oidc.test.mjs`) runs the same flow against a real provider.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_oidc::{OidcClient, OidcSettings};
use samverka_store::AuditFilter;
use samverka_testkit::{START, TestApp};
use samverka_web::WebConfig;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const KEY: &str = include_str!("../../oidc/tests/fixtures/test-key-1.pem");
const CLIENT_ID: &str = "samverka";
const SECRET: &str = "hemlig-klientnyckel";
const PASSWORD: &str = "blå-tåg-över-umeälven";

/// What the provider knows about a code it handed out.
#[derive(Clone)]
struct Grant {
    challenge: String,
    nonce: String,
    username: String,
}

/// The test's provider: its address and the codes it has issued.
#[derive(Clone)]
struct Provider {
    issuer: String,
    grants: Arc<Mutex<HashMap<String, Grant>>>,
    /// Changes the next ID token's claims (to test refusals).
    tweak: Arc<Mutex<Option<Value>>>,
}

async fn discovery(State(p): State<Provider>) -> Json<Value> {
    Json(json!({
        "issuer": p.issuer,
        "authorization_endpoint": format!("{}/auth", p.issuer),
        "token_endpoint": format!("{}/token", p.issuer),
        "jwks_uri": format!("{}/jwks", p.issuer),
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks() -> Json<Value> {
    let key = EncodingKey::from_rsa_pem(KEY.as_bytes()).unwrap();
    let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
    jwk.common.key_id = Some("test-1".into());
    Json(json!({ "keys": [jwk] }))
}

async fn token(
    State(p): State<Provider>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> axum::response::Response {
    let refuse = |error: &str| (StatusCode::BAD_REQUEST, Json(json!({ "error": error })));
    let basic = format!("Basic {}", STANDARD.encode(format!("{CLIENT_ID}:{SECRET}")));
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(basic.as_str()) {
        return refuse("invalid_client").into_response();
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return refuse("unsupported_grant_type").into_response();
    }
    let Some(grant) = form
        .get("code")
        .and_then(|c| p.grants.lock().unwrap().remove(c))
    else {
        return refuse("invalid_grant").into_response();
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != grant.challenge {
        return refuse("invalid_grant").into_response();
    }
    let now = START.unix_timestamp();
    let mut claims = json!({
        "iss": p.issuer, "aud": CLIENT_ID, "sub": "abc-123",
        "preferred_username": grant.username, "nonce": grant.nonce,
        "iat": now, "exp": now + 300,
    });
    if let Some(Value::Object(changes)) = p.tweak.lock().unwrap().take() {
        for (k, v) in changes {
            claims[k] = v;
        }
    }
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-1".into());
    let key = EncodingKey::from_rsa_pem(KEY.as_bytes()).unwrap();
    let id_token = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    Json(json!({ "access_token": "at", "token_type": "Bearer", "id_token": id_token }))
        .into_response()
}

/// Starts the provider and an app that logs in through it.
async fn setup() -> (TestApp, Provider) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let provider = Provider {
        issuer: format!("http://{}", listener.local_addr().unwrap()),
        grants: Arc::default(),
        tweak: Arc::default(),
    };
    let router = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let settings = OidcSettings {
        issuer: provider.issuer.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(SECRET.to_string().into()),
        // The app's port is not known yet; the test provider does not check the address.
        redirect_url: "http://127.0.0.1:9/login/oidc/callback".into(),
        username_claim: "preferred_username".into(),
        label: Some("Testkommunen".into()),
    };
    let config = WebConfig {
        oidc: Some(Arc::new(OidcClient::new(settings).unwrap())),
        ..WebConfig::default()
    };
    (TestApp::sqlite_with(config).await, provider)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Starts a login at the app and plays the provider's login page: the person is
/// `username`. Returns the callback path the provider would send the browser to.
async fn authorize(
    app: &TestApp,
    provider: &Provider,
    client: &reqwest::Client,
    username: &str,
) -> String {
    let res = app.get(client, "/login/oidc").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in [
        "samverka_oidc=",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/login/oidc",
        "Max-Age=600",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let to = url::Url::parse(&location(&res)).unwrap();
    assert!(
        to.as_str()
            .starts_with(&format!("{}/auth?", provider.issuer))
    );
    let q: HashMap<String, String> = to.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["code_challenge_method"], "S256");
    let code = format!("code-{username}-{}", q["state"].len());
    provider.grants.lock().unwrap().insert(
        code.clone(),
        Grant {
            challenge: q["code_challenge"].clone(),
            nonce: q["nonce"].clone(),
            username: username.into(),
        },
    );
    format!("/login/oidc/callback?code={code}&state={}", q["state"])
}

async fn log_entries(app: &TestApp, code: &str) -> Vec<(String, String)> {
    let filter = AuditFilter {
        event_code: Some(code.into()),
        limit: 50,
        ..Default::default()
    };
    app.services
        .store
        .search_audit(&filter)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.draft.actor.name, e.draft.details))
        .collect()
}

/// An account whose role needs no second factor (the system administrator's does).
fn no_second_factor() -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap()]
}

#[tokio::test]
async fn without_settings_there_is_no_oidc_login() {
    let app = TestApp::sqlite().await;
    let client = app.client();
    assert_eq!(
        app.get(&client, "/login/oidc").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&client, "/login/oidc/callback?code=x&state=y")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let page = app.get(&client, "/login").await.text().await.unwrap();
    assert!(!page.contains("/login/oidc"));
}

#[tokio::test]
async fn a_person_logs_in_through_the_provider_and_the_access_log_says_so() {
    let (app, provider) = setup().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let client = app.client();
    let login = app.get(&client, "/login").await.text().await.unwrap();
    assert!(
        login.contains(
            r#"<a class="button primary" href="/login/oidc">Logga in med Testkommunen</a>"#
        )
    );

    let callback = authorize(&app, &provider, &client, "Anna").await;
    let res = app.get(&client, &callback).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("samverka_session=") && c.contains("SameSite=Strict"))
    );
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("samverka_oidc=;") && c.contains("Max-Age=0"))
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains(r#"<meta http-equiv="refresh" content="0;url=/">"#),
        "{page}"
    );
    assert!(!page.contains("eyJ"), "no token on the page");

    let home = app.get(&client, "/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Välkommen, Test anna"));
    assert_eq!(
        log_entries(&app, "login_succeeded").await,
        vec![("anna".to_string(), "method=oidc".to_string())]
    );

    // The same answer again is refused: the state was used up.
    let again = app.get(&app.client(), &callback).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("Inloggningen kunde inte slutföras")
    );
}

#[tokio::test]
async fn unknown_and_disabled_accounts_get_a_message_and_no_session() {
    let (app, provider) = setup().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let client = app.client();
    let callback = authorize(&app, &provider, &client, "okand").await;
    let res = app.get(&client, &callback).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Det finns inget aktivt konto i Samverka för användarnamnet okand.")
    );
    assert_eq!(location(&app.get(&client, "/").await), "/login");

    app.services
        .set_disabled(
            &samverka_service::accounts::Caller::Cli("test".into()),
            "anna",
            true,
        )
        .await
        .unwrap();
    let callback = authorize(&app, &provider, &client, "anna").await;
    assert_eq!(
        app.get(&client, &callback).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(location(&app.get(&client, "/").await), "/login");

    let failures = log_entries(&app, "login_failed").await;
    assert!(failures.contains(&("anna".into(), "method=oidc reason=disabled".into())));
    assert!(failures.contains(&("okand".into(), "method=oidc reason=unknown_account".into())));
    assert!(log_entries(&app, "login_succeeded").await.is_empty());
}

#[tokio::test]
async fn a_coach_still_owes_the_second_factor() {
    let (app, provider) = setup().await;
    let coach = vec![RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap()];
    app.add_user("johanna", PASSWORD, coach).await;
    let client = app.client();
    let callback = authorize(&app, &provider, &client, "johanna").await;
    let page = app.get(&client, &callback).await.text().await.unwrap();
    assert!(page.contains(r#"content="0;url=/account/totp""#), "{page}");
    assert_eq!(location(&app.get(&client, "/").await), "/account/totp");
}

#[tokio::test]
async fn tokens_that_fail_a_check_are_refused_and_logged() {
    let (app, provider) = setup().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let now = START.unix_timestamp();
    for (tweak, reason) in [
        (json!({"nonce": "another"}), "id_token_nonce"),
        (json!({"aud": "another-client"}), "id_token_audience"),
        (json!({"iss": "https://evil.example"}), "id_token_issuer"),
        (
            json!({"exp": now - 3600, "iat": now - 4000}),
            "id_token_expired",
        ),
    ] {
        let client = app.client();
        let callback = authorize(&app, &provider, &client, "anna").await;
        *provider.tweak.lock().unwrap() = Some(tweak);
        let res = app.get(&client, &callback).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{reason}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Svaret från Testkommunen kunde inte godkännas")
        );
        assert_eq!(location(&app.get(&client, "/").await), "/login", "{reason}");
        let failures = log_entries(&app, "login_failed").await;
        assert!(
            failures.contains(&("oidc".into(), format!("method=oidc reason={reason}"))),
            "{failures:?}"
        );
    }
    assert!(log_entries(&app, "login_succeeded").await.is_empty());
}

#[tokio::test]
async fn a_changed_state_or_a_missing_cookie_is_refused_before_the_code_is_used() {
    let (app, provider) = setup().await;
    app.add_user("anna", PASSWORD, no_second_factor()).await;
    let client = app.client();
    let callback = authorize(&app, &provider, &client, "anna").await;
    let tampered = callback.replace("state=", "state=x");
    let res = app.get(&client, &tampered).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Inloggningen kunde inte slutföras")
    );
    assert_eq!(
        provider.grants.lock().unwrap().len(),
        1,
        "the code was not exchanged"
    );

    // Another browser (no cookie) with the right state gets nowhere either.
    let callback = authorize(&app, &provider, &client, "anna").await;
    assert_eq!(
        app.get(&app.client(), &callback).await.status(),
        StatusCode::BAD_REQUEST
    );
    let reasons: Vec<String> = log_entries(&app, "login_failed")
        .await
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert!(reasons.contains(&"method=oidc reason=state_mismatch".to_string()));
    assert!(reasons.contains(&"method=oidc reason=state_missing".to_string()));
}

#[tokio::test]
async fn an_error_from_the_provider_is_shown_without_a_session() {
    let (app, provider) = setup().await;
    let client = app.client();
    let callback = authorize(&app, &provider, &client, "anna").await;
    let state = callback.split("state=").nth(1).unwrap();
    let res = app
        .get(
            &client,
            &format!("/login/oidc/callback?error=access_denied&state={state}"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("avbröts eller nekades hos Testkommunen")
    );
}
