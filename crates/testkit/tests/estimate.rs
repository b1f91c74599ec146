//! The socio-economic estimate: the association states its assumptions, wrong
//! values name their field, and the budget report shows the estimate beside them.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

#[tokio::test]
async fn the_association_states_its_assumptions_and_the_report_shows_the_estimate() {
    let app = TestApp::sqlite().await;
    let r = |role, scope| vec![RoleAssignment::new(role, scope).unwrap()];
    let forbund = app
        .logged_in(
            "karin",
            r(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    let beredning = app
        .logged_in(
            "ulla",
            r(Role::PreparatoryGroup, Scope::Association("SFU".into())),
        )
        .await;
    let report = |client: reqwest::Client| {
        let app = &app;
        async move {
            app.get(
                &client,
                "/reports?kind=budget&scope=association%3ASFU&period=2026",
            )
            .await
            .text()
            .await
            .unwrap()
            .replace('\u{a0}', " ")
        }
    };
    assert!(
        report(forbund.clone())
            .await
            .contains("Förbundet har inte angett några antaganden.")
    );

    let bad = app
        .post_form(
            &forbund,
            "/associations/SFU/estimate",
            &[
                ("kostnad", "-1"),
                ("ar", "1"),
                ("innefattar", "Försörjningsstöd"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Kostnad för ett år i utanförskap, per person (kr): ”-1” är inget belopp")
    );
    let tried = app
        .post_form(
            &beredning,
            "/associations/SFU/estimate",
            &[("kostnad", "1"), ("ar", "1"), ("innefattar", "x")],
        )
        .await;
    assert_eq!(tried.status(), StatusCode::FORBIDDEN);
    let saved = app
        .post_form(
            &forbund,
            "/associations/SFU/estimate",
            &[
                ("kostnad", "230 000"),
                ("ar", "2"),
                ("innefattar", "Försörjningsstöd och vård"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let shown = report(beredning.clone()).await;
    for part in [
        "Samhällsekonomisk uppskattning (inte ett utfall)",
        "<td class=\"num\">230 000 kr</td>",
        "<td>Försörjningsstöd och vård</td>",
    ] {
        assert!(shown.contains(part), "{part}");
    }
    let log = app
        .services
        .store
        .search_audit(&samverka_store::AuditFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.draft.event.code() == "estimate_parameters_saved")
            .count(),
        1,
        "the refused attempts change nothing"
    );
}
