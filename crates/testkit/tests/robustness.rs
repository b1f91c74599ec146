//! Bad input never yields a 500: malformed forms, oversized bodies, unknown routes.

use reqwest::StatusCode;
use samverka_testkit::TestApp;

#[tokio::test]
async fn malformed_forms_get_400_with_a_page() {
    let app = TestApp::sqlite().await;
    let client = app.client();
    for (content_type, body) in [
        ("application/x-www-form-urlencoded", "username=anna"),
        ("application/x-www-form-urlencoded", "%%%&&&==="),
        ("text/plain", "username=anna&password=x"),
        ("application/json", r#"{"username":"anna"}"#),
    ] {
        let res = client
            .post(app.url("/login"))
            .header("content-type", content_type)
            .header("origin", &app.base)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::BAD_REQUEST,
            "{content_type}: {body}"
        );
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Begäran kunde inte läsas")
        );
    }
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = TestApp::sqlite().await;
    let big = format!(
        "username={}&password=x",
        "a".repeat(samverka_web::BODY_LIMIT + 1)
    );
    let res = app
        .client()
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn unknown_routes_get_404_as_page_or_json() {
    let app = TestApp::sqlite().await;
    let client = app.client();
    let page = app.get(&client, "/finns/inte").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.text().await.unwrap().contains("Sidan hittades inte"));
    let api = app.get(&client, "/api/v1/finns-inte").await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(
        app.get(&client, "/static/finns-inte.js").await.status(),
        StatusCode::NOT_FOUND
    );
    let wrong_method = client.delete(app.url("/login")).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    let bad_id = app
        .post_form(&client, "/account/sessions/abc/revoke", &[])
        .await;
    assert!(
        bad_id.status().is_client_error() || bad_id.status().is_redirection(),
        "{}",
        bad_id.status()
    );
}

#[tokio::test]
async fn long_and_odd_login_names_are_refused_politely() {
    let app = TestApp::sqlite().await;
    let client = app.client();
    for name in ["", "x", &"å".repeat(500), "'; DROP TABLE users; --"] {
        let res = app.login(&client, name, "lösenord").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{name:?}");
    }
    let res = app.login(&client, "\u{0}", "lösenord").await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a control character is refused before any login is tried"
    );
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("username: texten innehåller")
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::sqlite().await;
    let client = app.client();
    assert_eq!(
        app.get(&client, "/healthz").await.text().await.unwrap(),
        "ok"
    );
    assert_eq!(app.get(&client, "/readyz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_language_toggle_switches_to_english_and_back() {
    let app = TestApp::sqlite().await;
    let client = app.client();
    let res = client
        .get(app.url("/lang/en"))
        .header("referer", app.url("/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/login");
    let page = app.get(&client, "/login").await.text().await.unwrap();
    assert!(page.contains(r#"<html lang="en">"#) && page.contains("User name"));
    let res = client
        .get(app.url("/lang/sv"))
        .header("referer", "https://evil.example//x")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/",
        "only our own paths are followed back"
    );
    assert!(
        app.get(&client, "/login")
            .await
            .text()
            .await
            .unwrap()
            .contains("Användarnamn")
    );
}
