//! Payments to a provider over HTTP: the association plans a half-year, the
//! provider's manager (the lead) certifies, and only then may the association
//! release it. Wrong values name their field; every step is in the access log.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

#[tokio::test]
async fn a_payment_is_planned_certified_and_then_released() {
    let app = TestApp::sqlite().await;
    let r = |role, scope| vec![RoleAssignment::new(role, scope).unwrap()];
    let forbund = app
        .logged_in(
            "karin",
            r(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    let lead = app
        .logged_in(
            "per",
            r(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let coach = app
        .logged_in("johanna", r(Role::Coach, Scope::Intervention("NK".into())))
        .await;
    let page = |client| {
        let app = &app;
        async move {
            app.get(&client, "/interventions/NK/payments")
                .await
                .text()
                .await
                .unwrap()
                .replace('\u{a0}', " ")
        }
    };

    let bad = app
        .post_form(
            &forbund,
            "/interventions/NK/payments",
            &[("ar", "1999"), ("halvar", "1"), ("belopp", "589 450")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("År: insatsen pågår inte år 1999")
    );
    let bad = app
        .post_form(
            &forbund,
            "/interventions/NK/payments",
            &[("ar", "2026"), ("halvar", "1"), ("belopp", "tusen")],
        )
        .await;
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Belopp: ”tusen” är inget heltal.")
    );
    let planned = app
        .post_form(
            &forbund,
            "/interventions/NK/payments",
            &[("ar", "2026"), ("halvar", "1"), ("belopp", "589 450")],
        )
        .await;
    assert_eq!(planned.status(), StatusCode::SEE_OTHER);
    assert!(page(forbund.clone()).await.contains("Väntar på intyg"));
    let coach_tries = app
        .post_form(
            &coach,
            "/interventions/NK/payments",
            &[("ar", "2026"), ("halvar", "2"), ("belopp", "1")],
        )
        .await;
    assert_eq!(coach_tries.status(), StatusCode::FORBIDDEN);

    let early = app
        .post_form(&forbund, "/interventions/NK/payments/1/release", &[])
        .await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.text().await.unwrap().contains(
        "Utbetalning: utbetalningen kan godkännas först när utföraren har lämnat intyg."
    ));
    let forbund_certifies = app
        .post_form(
            &forbund,
            "/interventions/NK/payments/1/certificate",
            &[("intyg", "Ja")],
        )
        .await;
    assert_eq!(
        forbund_certifies.status(),
        StatusCode::FORBIDDEN,
        "only the provider certifies"
    );

    let empty = app
        .post_form(
            &lead,
            "/interventions/NK/payments/1/certificate",
            &[("intyg", " ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let certified = app
        .post_form(
            &lead,
            "/interventions/NK/payments/1/certificate",
            &[("intyg", "Medlen har använts enligt ansökan.")],
        )
        .await;
    assert_eq!(certified.status(), StatusCode::SEE_OTHER);
    assert!(
        page(lead.clone())
            .await
            .contains("av per: ”Medlen har använts enligt ansökan.”")
    );

    let released = app
        .post_form(&forbund, "/interventions/NK/payments/1/release", &[])
        .await;
    assert_eq!(released.status(), StatusCode::SEE_OTHER);
    let shown = page(forbund.clone()).await;
    assert!(
        shown.contains("Godkänd ") && shown.contains("av karin"),
        "{shown}"
    );
    assert!(shown.contains("Godkänt i alla år: 589 450 kr"), "{shown}");

    let log = app
        .services
        .store
        .search_audit(&samverka_store::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let steps: Vec<&str> = log
        .iter()
        .filter(|e| e.draft.target_kind == "payment")
        .map(|e| e.draft.event.code())
        .collect();
    for step in [
        "payment_planned",
        "certificate_recorded",
        "payment_released",
    ] {
        assert!(steps.contains(&step), "{step} in {steps:?}");
    }
    assert_eq!(steps.len(), 3, "refused attempts change nothing: {steps:?}");
}
