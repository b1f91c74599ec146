//! The access log in the product: the auditor filters by who, participation,
//! intervention and period, exports CSV (which is itself logged), and sees the
//! chain verified on every display, broken when a row was changed.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};

#[tokio::test]
async fn the_auditor_filters_exports_and_sees_the_chain_checked() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let id = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    let gt = app.staff("amir", Role::Coach, "GT").await;
    app.enrol(
        &gt,
        "GT",
        person("19880512-2242", "Sara Lindqvist"),
        enrolment("2026-04-01", true),
    )
    .await;
    let auditor = app
        .logged_in(
            "ingrid",
            vec![RoleAssignment::new(Role::Auditor, Scope::Installation).unwrap()],
        )
        .await;
    let home = app.get(&auditor, "/").await;
    assert_eq!(
        home.status(),
        StatusCode::SEE_OTHER,
        "the auditor starts at the log"
    );
    assert_eq!(home.headers()["location"], "/audit");

    let page = app.get(&auditor, "/audit?insats=NK").await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.unwrap();
    assert!(body.contains("Loggen är obruten"), "{body}");
    assert!(body.contains(&format!("#{id}")));
    assert!(body.contains("johanna"));
    assert!(!body.contains(">amir<"), "only NK's participations");

    let by_user = app
        .get(&auditor, "/audit?anvandare=amir")
        .await
        .text()
        .await
        .unwrap();
    assert!(by_user.contains(">amir<") && !by_user.contains(">johanna<"));

    let wrong = app.get(&auditor, "/audit?fran=2026-13-01").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = wrong.text().await.unwrap();
    assert!(
        said.contains("Från och med: "),
        "the field is named: {said}"
    );
    assert!(said.contains("är inget datum"));
    let nobody = app.get(&auditor, "/audit?anvandare=okand_person").await;
    assert_eq!(nobody.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let csv = app
        .get(&auditor, &format!("/audit/export?deltagande={id}"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "lopnummer;tid;vem;handelse;mal;deltagande;skal;detaljer;hash"
    );
    assert!(lines.all(|l| l.contains(&format!(";#{id};"))));

    let logged = app
        .get(&auditor, "/audit?handelse=audit_log_exported")
        .await
        .text()
        .await
        .unwrap();
    assert!(logged.contains("Åtkomstloggen exporterades"));
    assert!(
        logged.contains(&format!("deltagande={id}"))
            || logged.contains(&format!("participation={id}"))
    );

    let coach_web = app
        .logged_in(
            "per",
            vec![
                RoleAssignment::new(Role::InterventionLead, Scope::Intervention("NK".into()))
                    .unwrap(),
            ],
        )
        .await;
    assert_eq!(
        app.get(&coach_web, "/audit").await.status(),
        StatusCode::FORBIDDEN
    );

    // Someone changes a row behind the product's back: the page says so.
    let path = app.sqlite_path.clone().expect("a SQLite file");
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("UPDATE audit_log SET details = 'ändrad' WHERE seq = 3")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let broken = app.get(&auditor, "/audit").await.text().await.unwrap();
    assert!(broken.contains("Loggen är bruten vid post 3"), "{broken}");
}
