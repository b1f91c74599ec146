//! Each role lands on a useful start page: the lead sees the intervention's goals
//! and participants since its start; the association's administrator sees the year
//! so far without a single person; the auditor starts at the access log.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};

#[tokio::test]
async fn lead_and_association_start_pages_show_results_not_people() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    for (number, name) in [
        ("19950314-0288", "Elin Öberg"),
        ("19880512-2242", "Sara Lindqvist"),
    ] {
        app.enrol(
            &coach,
            "NK",
            person(number, name),
            enrolment("2026-03-02", true),
        )
        .await;
    }
    let r = |role, scope| vec![RoleAssignment::new(role, scope).unwrap()];
    let lead = app
        .logged_in(
            "per",
            r(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let home = app.get(&lead, "/").await;
    assert_eq!(home.status(), StatusCode::OK);
    let body = home.text().await.unwrap().replace('\u{a0}', " ");
    assert!(body.contains("Nätkraft (NK)"));
    assert!(body.contains("Mål och utfall"));
    assert!(body.contains("Arbete eller studier"));
    assert!(body.contains("<svg"), "the goals are drawn");
    assert!(body.contains("href=\"/interventions/NK/participants\""));

    let forbund = app
        .logged_in(
            "karin",
            r(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    let body = app.get(&forbund, "/").await.text().await.unwrap();
    assert!(body.contains("Samordningsförbundet Umeå i år"), "{body}");
    assert!(body.contains("Deltagare i perioden"));
    assert!(body.contains("&lt;5"), "two participants show as <5");
    assert!(
        body.contains("Inga personuppgifter: &#60;5 betyder 1–4 personer, och .. ett tal"),
        "the page says what its marks mean"
    );
    for private in ["Elin", "Öberg", "Sara", "19950314"] {
        assert!(
            !body.contains(private),
            "no person on the association's page: {private}"
        );
    }
}
