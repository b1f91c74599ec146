//! The same login journey on PostgreSQL (skipped without `SAMVERKA_TEST_POSTGRES_URL`).

use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

#[tokio::test]
async fn login_and_account_pages_work_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let roles = vec![RoleAssignment::new(Role::SystemAdmin, Scope::Installation).unwrap()];
    app.add_user("anna", "blå-tåg-över-umeälven", roles).await;
    let client = app.client();
    assert_eq!(
        app.login(&client, "anna", "fel lösenord här")
            .await
            .status(),
        401
    );
    assert_eq!(
        app.login(&client, "anna", "blå-tåg-över-umeälven")
            .await
            .status(),
        303
    );
    assert!(
        app.get(&client, "/account")
            .await
            .text()
            .await
            .unwrap()
            .contains("Inloggade sessioner")
    );
    let me: serde_json::Value = app.get(&client, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "anna");
    match app.services.verify_audit_chain().await.unwrap() {
        samverka_service::audit_chain::ChainReport::Intact { entries } => assert_eq!(
            entries, 4,
            "organisation import, account, failed login, login"
        ),
        other => panic!("{other:?}"),
    }
}
