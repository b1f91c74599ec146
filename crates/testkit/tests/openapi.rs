//! The OpenAPI document is served and locked by a snapshot.

use samverka_testkit::TestApp;

#[tokio::test]
async fn openapi_document_is_served_and_unchanged() {
    let app = TestApp::sqlite().await;
    let res = app.get(&app.client(), "/api/v1/openapi.json").await;
    assert_eq!(res.status(), 200);
    let doc: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        doc["openapi"].as_str().map(|v| v.starts_with("3.")),
        Some(true)
    );
    insta::assert_json_snapshot!("openapi", doc);
}
