//! Report views in the access log, through the web: the association's administrator
//! views reports on the page and downloads them as CSV and JSON, a coach views their
//! own intervention's report, and each view is an entry with scope, period, kind,
//! format and layer. The auditor filters the log by report views and by account,
//! reads the entries in plain words in Swedish and English, and sees a burst of
//! many reports in a short time flagged. Runs on SQLite and on PostgreSQL.

use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_service::import::table::read_csv;
use samverka_store::AuditFilter;
use samverka_testkit::TestApp;
use samverka_testkit::journey::natkraft_2012_file;

fn one(role: Role, scope: Scope) -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(role, scope).unwrap()]
}

/// The report-view entries of an account, oldest first, as (target, details).
async fn views_of(app: &TestApp, username: &str) -> Vec<(String, String)> {
    let user = app
        .services
        .store
        .user_by_username(username)
        .await
        .unwrap()
        .unwrap();
    let mut entries = app
        .services
        .store
        .search_audit(&AuditFilter {
            actor_user_id: Some(user.id.0),
            event_code: Some("report_viewed".into()),
            limit: 1000,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    entries.reverse();
    entries
        .into_iter()
        .map(|e| (e.draft.target_id, e.draft.details))
        .collect()
}

async fn ok_text(app: &TestApp, who: &reqwest::Client, path: &str) -> String {
    let r = app.get(who, path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap().replace('\u{a0}', " ")
}

/// The same story on either database.
async fn views_are_logged_filtered_and_bursts_flagged(app: TestApp) {
    let table = read_csv(natkraft_2012_file().as_bytes()).unwrap();
    app.services
        .import_participations(&Caller::Cli("test".into()), &table, &|_| {})
        .await
        .unwrap();
    let karin = app
        .logged_in(
            "karin",
            one(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    let coach = app
        .logged_in(
            "johanna",
            one(Role::Coach, Scope::Intervention("NK".into())),
        )
        .await;
    let auditor = app
        .logged_in("ingrid", one(Role::Auditor, Scope::Installation))
        .await;

    let sfu = "scope=association%3ASFU&period=2012";
    ok_text(&app, &karin, &format!("/reports?{sfu}")).await;
    ok_text(&app, &karin, &format!("/reports/download?{sfu}&format=csv")).await;
    ok_text(
        &app,
        &karin,
        &format!("/reports/download?{sfu}&format=json"),
    )
    .await;
    ok_text(&app, &karin, &format!("/reports?kind=budget&{sfu}")).await;
    ok_text(
        &app,
        &coach,
        "/reports?scope=intervention%3ANK&period=2012-T1",
    )
    .await;
    ok_text(
        &app,
        &coach,
        "/reports/download?scope=intervention%3ANK&period=2012-T1&format=csv",
    )
    .await;
    assert_eq!(
        app.get(&karin, &format!("/reports/download?{sfu}&format=doc"))
            .await
            .status(),
        404,
        "no file, no entry"
    );

    let year = "from=2012-01-01 to=2012-12-31";
    assert_eq!(
        views_of(&app, "karin").await,
        vec![
            (
                "association:SFU".to_string(),
                format!("kind=participants {year} format=html layer=forbund")
            ),
            (
                "association:SFU".to_string(),
                format!("kind=participants {year} format=csv layer=forbund")
            ),
            (
                "association:SFU".to_string(),
                format!("kind=participants {year} format=json layer=forbund")
            ),
            (
                "association:SFU".to_string(),
                format!("kind=budget {year} format=html layer=forbund")
            ),
        ]
    );
    assert_eq!(
        views_of(&app, "johanna").await,
        vec![
            (
                "intervention:NK".to_string(),
                "kind=participants from=2012-01-01 to=2012-04-30 format=html layer=provider"
                    .to_string()
            ),
            (
                "intervention:NK".to_string(),
                "kind=participants from=2012-01-01 to=2012-04-30 format=csv layer=provider"
                    .to_string()
            ),
        ]
    );

    // The auditor filters by report views and by account, and reads plain words.
    let page = ok_text(
        &app,
        &auditor,
        "/audit?handelse=report_viewed&anvandare=karin",
    )
    .await;
    assert_eq!(page.matches("<td>Rapport visad</td>").count(), 4, "{page}");
    assert_eq!(page.matches("<td>Förbund: SFU</td>").count(), 4);
    assert!(page.contains(
        "Deltagarrapport för 2012-01-01 – 2012-12-31, visad som CSV-fil; läsaren ser förbundets skyddade tal"
    ));
    assert!(page.contains(
        "Budgetrapport för 2012-01-01 – 2012-12-31, visad som webbsida; läsaren ser förbundets skyddade tal"
    ));
    assert!(!page.contains("kind=participants"), "no raw codes");
    assert!(!page.contains(">johanna<"));
    assert!(page.contains("Loggen är obruten"));
    assert!(page.contains("Inget konto har visat så många rapporter på så kort tid."));
    // Karin's four views in the 30 days before now (summer time still held on 23 October).
    assert!(page.contains("Kontrollerat 2026-10-23 10:00 – 2026-11-22 09:00: 4 rapportvisningar."));

    let coach_views = ok_text(
        &app,
        &auditor,
        "/audit?handelse=report_viewed&anvandare=johanna",
    )
    .await;
    assert_eq!(coach_views.matches("<td>Rapport visad</td>").count(), 2);
    assert!(coach_views.contains("<td>Insats: NK</td>"));
    assert!(coach_views.contains("läsaren ser anordnarens exakta tal"));
    assert!(!coach_views.contains(">karin<"));

    let everything_by_karin = ok_text(&app, &auditor, "/audit?anvandare=karin").await;
    assert!(everything_by_karin.contains("<td>Inloggning</td>"));
    assert_eq!(
        everything_by_karin
            .matches("<td>Rapport visad</td>")
            .count(),
        4
    );
    let link = "/audit?anvandare=karin&#38;deltagande=&#38;insats=&#38;handelse=report_viewed";
    assert!(
        everything_by_karin.contains(link),
        "a link to report views only"
    );

    app.get(&auditor, "/lang/en").await;
    let english = ok_text(
        &app,
        &auditor,
        "/audit?handelse=report_viewed&anvandare=karin",
    )
    .await;
    assert!(english.contains("<td>Report viewed</td>"));
    assert!(english.contains("<td>Association: SFU</td>"));
    assert!(english.contains(
        "Participant report for 2012-01-01 – 2012-12-31, shown as JSON; the reader sees the association&#39;s protected figures"
    ));
    assert!(english.contains("No account has viewed that many reports in so short a time."));
    app.get(&auditor, "/lang/sv").await;

    // 31 more downloads, ten seconds apart: 35 report views within 310 seconds.
    for _ in 0..31 {
        app.clock.advance(time::Duration::seconds(10));
        ok_text(
            &app,
            &karin,
            &format!("/reports/download?{sfu}&format=json"),
        )
        .await;
    }
    let flagged = ok_text(&app, &auditor, "/audit").await;
    assert!(
        flagged.contains("karin: 35 rapporter på 6 minuter, 2026-11-22 09:00 – 2026-11-22 09:05"),
        "{flagged}"
    );
    assert!(!flagged.contains("johanna: "), "two views are no burst");
    assert!(flagged.contains(
        "/audit?handelse=report_viewed&#38;anvandare=karin&#38;fran=2026-11-22&#38;till=2026-11-22"
    ));
    let burst = ok_text(
        &app,
        &auditor,
        "/audit?handelse=report_viewed&anvandare=karin&fran=2026-11-22&till=2026-11-22",
    )
    .await;
    assert_eq!(burst.matches("<td>Rapport visad</td>").count(), 35);
    // A day without views has no burst.
    let other_day = ok_text(&app, &auditor, "/audit?fran=2026-11-21&till=2026-11-21").await;
    assert!(other_day.contains("Inget konto har visat så många rapporter"));
    assert!(!other_day.contains("karin: 35"));
    let csv = ok_text(
        &app,
        &auditor,
        "/audit/export?handelse=report_viewed&anvandare=karin",
    )
    .await;
    assert!(
        csv.contains(";report_viewed;report association:SFU;;;kind=participants from=2012-01-01 to=2012-12-31 format=json layer=forbund;"),
        "the export keeps the stored details: {csv}"
    );
}

#[tokio::test]
async fn report_views_are_logged_filtered_and_bursts_flagged_on_sqlite() {
    views_are_logged_filtered_and_bursts_flagged(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn report_views_are_logged_filtered_and_bursts_flagged_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    views_are_logged_filtered_and_bursts_flagged(app).await;
}

#[tokio::test]
async fn the_association_start_page_is_logged_as_report_views() {
    let app = TestApp::sqlite().await;
    let karin = app
        .logged_in(
            "karin",
            one(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    ok_text(&app, &karin, "/").await;
    // The people card (its period is the start page's to choose) and the money
    // card (the year so far) are both in the log.
    let views = views_of(&app, "karin").await;
    assert_eq!(views.len(), 2, "{views:?}");
    assert!(views.iter().all(|(target, _)| target == "association:SFU"));
    assert!(views[0].1.starts_with("kind=participants from=2026-"));
    assert!(views[0].1.ends_with(" format=html layer=forbund"));
    assert_eq!(
        views[1].1,
        "kind=budget from=2026-01-01 to=2026-11-22 format=html layer=forbund"
    );
}
