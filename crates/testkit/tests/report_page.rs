//! The report page and its downloads: the provider sees exact figures, the
//! association the same report with small cells withheld, and every format of the
//! download carries the same figures.

use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_service::import::table::read_csv;
use samverka_testkit::TestApp;
use samverka_testkit::journey::natkraft_2012_file;
use samverka_testkit::marks::marks_tell_the_truth;

fn person(role: Role, scope: Scope) -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(role, scope).unwrap()]
}

#[tokio::test]
async fn the_provider_sees_exact_figures_and_the_association_sees_small_cells_withheld() {
    let app = TestApp::sqlite().await;
    let table = read_csv(natkraft_2012_file().as_bytes()).unwrap();
    app.services
        .import_participations(&Caller::Cli("test".into()), &table, &|_| {})
        .await
        .unwrap();
    let lead = app
        .logged_in(
            "per",
            person(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let forbund = app
        .logged_in(
            "karin",
            person(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    let query = "/reports?scope=intervention%3ANK&period=2012";
    let text = |r: reqwest::Response| async move { r.text().await.unwrap().replace('\u{a0}', " ") };

    let exact = text(app.get(&lead, query).await).await;
    assert!(exact.contains("Exakta tal"), "the lead's own view is exact");
    assert!(
        exact.contains(
            "<tr><th scope=\"row\">Studier</th><td class=\"num\">0</td><td class=\"num\">3</td>"
        ),
        "three men to studies, exactly"
    );
    assert!(exact.contains("<svg"), "charts");
    assert!(
        exact.contains("Deltagare i perioden: deltagande som började senast periodens sista dag"),
        "each figure has its definition"
    );
    let as_forbund = text(app.get(&lead, &format!("{query}&view=forbund")).await).await;
    let seen = text(app.get(&forbund, query).await).await;
    for page in [&as_forbund, &seen] {
        assert!(page.contains("Röjandeskydd: &#60;5 betyder 1–4 personer. .. betyder"));
        assert!(
            page.contains("<td class=\"num\">..</td>"),
            "the 15 men to work, withheld only to protect the 3, read .."
        );
        assert!(
            page.contains("<tr><th scope=\"row\">Studier</th><td class=\"num\">0</td><td class=\"num\">&lt;5</td>"),
            "three is withheld"
        );
        assert!(
            !page.contains("<td class=\"num\">3</td>"),
            "no 3 anywhere: 18 men exited minus 15 to work would give it away"
        );
    }
    assert!(
        !seen.contains("name=\"view\""),
        "the association cannot ask for exact figures"
    );
    let seen_exact = text(app.get(&forbund, &format!("{query}&view=")).await).await;
    assert!(!seen_exact.contains("Exakta tal"));

    let download = |who, format: &'static str| {
        let url = format!("/reports/download?scope=intervention%3ANK&period=2012&format={format}");
        let app = &app;
        async move {
            let r = app.get(who, &url).await;
            assert_eq!(r.status(), 200, "{format}");
            let kind = r.headers()["content-type"].to_str().unwrap().to_string();
            let disposition = r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_string();
            assert!(
                disposition.contains(&format!(".{format}\"")),
                "{disposition}"
            );
            (kind, r.bytes().await.unwrap().to_vec())
        }
    };
    let (kind, pdf) = download(&lead, "pdf").await;
    assert_eq!(kind, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let (_, xlsx) = download(&forbund, "xlsx").await;
    assert!(xlsx.starts_with(b"PK"));
    let (_, csv) = download(&forbund, "csv").await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Studier;0;<5;0;<5"), "{csv}");
    let work = csv.lines().find(|l| l.starts_with("Arbete;")).unwrap();
    assert!(
        work.contains(";..") && !work.contains("<5"),
        "{work}: what protects the 3 reads .., never <5"
    );
    let (_, json) = download(&forbund, "json").await;
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["exit_reasons"]["studier"]["man"], "<5");
    assert!(
        !(json["exited"]["man"].is_number() && json["exit_reasons"]["arbete"]["man"].is_number()),
        "18 men exited minus 15 to work would give the 3 away: {json}"
    );
    let (_, exact) = download(&lead, "json").await;
    let exact: serde_json::Value = serde_json::from_slice(&exact).unwrap();
    assert_eq!(exact["exit_reasons"]["studier"]["man"], 3);
    let guards = [
        &json["exited"]["man"],
        &json["exit_reasons"]["arbete"]["man"],
    ];
    assert!(
        guards.contains(&&serde_json::json!("..")),
        "18 men exited or 15 to work is withheld to protect the 3, and reads ..: {json}"
    );
    let marks = marks_tell_the_truth(&exact, &json, "");
    assert!(marks >= 4, "{marks} marks, each true: {json}");
}

#[tokio::test]
async fn a_wrong_period_names_the_field_and_a_stranger_sees_nothing() {
    let app = TestApp::sqlite().await;
    let lead = app
        .logged_in(
            "per",
            person(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let r = app
        .get(
            &lead,
            "/reports?scope=intervention%3ANK&period=custom&from=2012-13-01&to=2012-12-31",
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("role=\"alert\">Från och med:"),
        "the field is named as on the form"
    );
    let r = app
        .get(
            &lead,
            "/reports?scope=intervention%3ANK&period=custom&from=2013-01-01&to=2012-12-31",
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        app.get(&lead, "/reports?scope=intervention%3ANK&period=2012-T9")
            .await
            .status(),
        422
    );
    let coach_gt = app
        .logged_in(
            "amir",
            person(Role::Coach, Scope::Intervention("GT".into())),
        )
        .await;
    assert_eq!(
        app.get(&coach_gt, "/reports?scope=intervention%3ANK")
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get(
            &coach_gt,
            "/reports/download?scope=intervention%3ANK&format=csv"
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        app.get(
            &lead,
            "/reports/download?scope=intervention%3ANK&format=doc"
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn own_dates_without_a_period_show_as_the_own_period() {
    let app = TestApp::sqlite().await;
    let lead = app
        .logged_in(
            "per",
            person(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let page = app
        .get(
            &lead,
            "/reports?scope=intervention%3ANK&from=2012-01-01&to=2012-12-31",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<option value=\"custom\" selected>"),
        "the reader's dates are shown as their own period"
    );
    assert!(!page.contains("<option value=\"all\" selected>"));
    assert!(page.contains("2012-01-01 – 2012-12-31"), "and they count");
    let whole = app
        .get(&lead, "/reports?scope=intervention%3ANK")
        .await
        .text()
        .await
        .unwrap();
    assert!(whole.contains("<option value=\"all\" selected>"));
}
