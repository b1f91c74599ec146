//! The budget report against a clock the test moves: a tertial that has not ended
//! says "utfall saknas" and the year gets no deviation, even when an outcome for the
//! tertial is already typed; once the year is over and every tertial registered, the
//! deviation is shown and flagged. A year whose last tertial is never registered
//! stays open. On SQLite, and on PostgreSQL when `SAMVERKA_TEST_POSTGRES_URL` is set.

use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_service::import::table::read_csv;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_testkit::TestApp;
use time::macros::date;

/// Nätkraft's 2026 with every tertial typed (T3 as a forecast in November), 30 %
/// under budget; Gemensamma Taget's 2026 with T3 never registered.
const BUDGET: &str = "insats;ar;kategori;post;budgettyp;finansiar;belopp;utfall;utfall_t1;utfall_t2;utfall_t3\n\
    NK;2026;Personal;SE-handledare 1;insatskostnad;;600000;;140000;140000;140000\n\
    GT;2026;Personal;Koordinator;insatskostnad;;600000;;200000;200000;\n";

async fn year(app: &TestApp, code: &str) -> serde_json::Value {
    let r = app
        .services
        .budget_report_for(
            &Caller::Cli("test".into()),
            &ReportScope::Intervention(code.into()),
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31)),
            Audience::Association,
        )
        .await
        .unwrap();
    r.json()["years"][0].clone()
}

async fn page(app: &TestApp, username: &str) -> String {
    let forbund = app
        .logged_in(
            username,
            vec![
                RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into()))
                    .unwrap(),
            ],
        )
        .await;
    app.get(
        &forbund,
        "/reports?kind=budget&scope=intervention%3ANK&period=2026",
    )
    .await
    .text()
    .await
    .unwrap()
    .replace('\u{a0}', " ")
}

async fn an_open_tertial_has_no_deviation_until_it_is_over(app: TestApp) {
    let cli = Caller::Cli("test".into());
    app.services
        .import_budget(&cli, &read_csv(BUDGET.as_bytes()).unwrap())
        .await
        .unwrap();
    // 2026-11-22: T3 runs until 31 December.
    let nk = year(&app, "NK").await;
    assert_eq!(
        nk["closed_tertials"],
        serde_json::json!([true, true, false])
    );
    assert_eq!(
        (&nk["closed"], &nk["deviation"], &nk["flagged"]),
        (&false.into(), &serde_json::Value::Null, &false.into())
    );
    let before = page(&app, "karin").await;
    assert!(
        before.contains(
            "<td>utfall saknas</td><td class=\"num\">–</td><td>Utfall saknas för T3</td>"
        ),
        "{before}"
    );
    assert!(
        !before.contains("Avviker"),
        "nothing is flagged before the year is over"
    );

    // 2026-12-31 is T3's last day: still open.
    app.clock.advance(time::Duration::days(39));
    assert_eq!(year(&app, "NK").await["closed"], false);
    // 2027-01-01: the year is over and every tertial registered.
    app.clock.advance(time::Duration::days(1));
    let nk = year(&app, "NK").await;
    assert_eq!(nk["closed_tertials"], serde_json::json!([true, true, true]));
    assert_eq!(
        (&nk["closed"], &nk["flagged"]),
        (&true.into(), &true.into())
    );
    assert!((nk["deviation"].as_f64().unwrap() + 0.3).abs() < 1e-9);
    let after = page(&app, "karl").await;
    assert!(after.contains("−30,0 %"), "{after}");
    assert!(after.contains("Avviker mer än 10 %"), "{after}");
    // Gemensamma Taget never registered T3: open after the year too.
    let gt = year(&app, "GT").await;
    assert_eq!(
        gt["closed_tertials"],
        serde_json::json!([true, true, false])
    );
    assert_eq!(
        (&gt["closed"], &gt["flagged"]),
        (&false.into(), &false.into())
    );
    assert_eq!(gt["outcome"], 400_000, "registered so far");
}

#[tokio::test]
async fn an_open_tertial_has_no_deviation_on_sqlite() {
    an_open_tertial_has_no_deviation_until_it_is_over(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn an_open_tertial_has_no_deviation_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    an_open_tertial_has_no_deviation_until_it_is_over(app).await;
}
