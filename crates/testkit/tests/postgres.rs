//! The same login journey on PostgreSQL (skipped without `SAMVERKA_TEST_POSTGRES_URL`).

use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

#[tokio::test]
async fn login_and_account_pages_work_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    // A role without a second factor, so the password alone completes the login.
    let roles = vec![
        RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap(),
    ];
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
            entries, 14,
            "organisation import (a summary and one entry per association, provider and \
             intervention: 11), account, failed login, login"
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_participation_is_enrolled_read_and_exited_on_postgres() {
    use samverka_domain::journey::input::ExitInput;
    use samverka_testkit::journey::{enrolment, person};
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let id = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    app.services
        .move_stage(&coach, id, "yrkesprofil", "2026-03-20")
        .await
        .unwrap();
    let exit = ExitInput {
        slutdatum: "2026-09-30".into(),
        avslutsorsak: "studier".into(),
        sysselsattning_efter: "studier".into(),
        studieform: "komvux".into(),
        ..ExitInput::default()
    };
    app.services.register_exit(&coach, id, &exit).await.unwrap();
    let view = app.services.participation_view(&coach, id).await.unwrap();
    assert_eq!(
        view.days_per_stage,
        vec![
            ("overenskommelse".to_string(), 18),
            ("yrkesprofil".to_string(), 194)
        ]
    );
    let counts = app
        .services
        .participants_of(&coach, "NK")
        .await
        .unwrap()
        .counts;
    assert_eq!((counts.exited, counts.exited_to_work_or_studies), (1, 1));
    let found = app
        .services
        .search_participants(&coach, "öberg")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn a_participation_file_imports_and_round_trips_on_postgres() {
    use samverka_service::accounts::Caller;
    use samverka_service::import::table::read_csv;
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let cli = Caller::Cli("test".into());
    let file = "insats;personnummer;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;studieform;samtycke\n\
                NK;19950314-0288;;;;2012-03-01;2013-02-28;studier;studier;komvux;ja\n\
                NK;;NK-A1;man;1988;2012-04-02;;;;;nej\n";
    let table = read_csv(file.as_bytes()).unwrap();
    let first = app
        .services
        .import_participations(&cli, &table, &|_| {})
        .await
        .unwrap();
    assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
    let exported = app
        .services
        .export_participations(&cli, "NK", "Flytt till ny databas, kontroll av kopian.")
        .await
        .unwrap();
    let again = app
        .services
        .import_participations(&cli, &read_csv(exported.as_bytes()).unwrap(), &|_| {})
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(
        app.services
            .export_participations(&cli, "NK", "Flytt till ny databas, kontroll av kopian.")
            .await
            .unwrap(),
        exported
    );
}

#[tokio::test]
async fn the_report_is_the_same_on_sqlite_and_postgres() {
    use samverka_i18n::{Lang, Tr};
    use samverka_service::accounts::Caller;
    use samverka_service::import::table::read_csv;
    use samverka_service::journey::report::{Audience, ReportScope};
    use time::macros::date;
    let Some(pg) = TestApp::postgres().await else {
        return;
    };
    let lite = TestApp::sqlite().await;
    let cli = Caller::Cli("test".into());
    let mut file = String::from(
        "insats;personnummer;alias;kon;fodelsear;aktualiserad_av;startdatum;forsorjning_fore;slutdatum;avslutsorsak;sysselsattning_efter;anstallningsform;omfattning_procent;forsorjning_efter;samtycke\n",
    );
    for i in 0..40u32 {
        let start = format!("{}-{:02}-03", 2008 + i % 5, 1 + i % 12);
        let end = format!("{}-{:02}-20", 2009 + i % 5, 1 + i % 12);
        let (exit, reason, occupation, form, extent, after) = match i % 4 {
            0 => (end.as_str(), "arbete", "arbete", "lonebidrag", "75", "lon"),
            1 => (
                end.as_str(),
                "ohalsa",
                "sjukskriven",
                "",
                "",
                "sjukersattning",
            ),
            2 => (end.as_str(), "felregistrering", "", "", "", ""),
            _ => ("", "", "", "", "", ""),
        };
        file.push_str(&format!("NK;;A{i};{};{};FK;{start};aktivitetsersattning;{exit};{reason};{occupation};{form};{extent};{after};nej\n",
            if i % 3 == 0 { "kvinna" } else { "man" }, 1975 + i % 20));
    }
    let table = read_csv(file.as_bytes()).unwrap();
    let scope = ReportScope::Association("SFU".into());
    let mut reports = Vec::new();
    for app in [&lite, &pg] {
        app.services
            .import_participations(&cli, &table, &|_| {})
            .await
            .unwrap();
        let period = (date!(2006 - 01 - 01), date!(2012 - 12 - 31));
        let mut both = Vec::new();
        for audience in [Audience::Provider, Audience::Association] {
            let r = app
                .services
                .participant_report(&cli, &scope, period, audience)
                .await
                .unwrap();
            let csv = samverka_reports::output::csv::report(&r.document(Tr(Lang::Sv)));
            both.push((r.json(), csv));
        }
        // The money reports, from the demo's budget and association economy.
        for file in [
            include_str!("../../../demo/budget.csv"),
            include_str!("../../../demo/forbund.csv"),
        ] {
            let (_, imported) = app
                .services
                .import_table(&cli, &read_csv(file.as_bytes()).unwrap(), &|_| {})
                .await;
            imported.unwrap();
        }
        let years = (date!(2008 - 01 - 01), date!(2026 - 12 - 31));
        let budget = app
            .services
            .budget_report(&cli, &scope, years)
            .await
            .unwrap();
        let costs = app.services.cost_report(&cli, &scope, years).await.unwrap();
        both.push((
            budget.json(),
            samverka_reports::output::csv::report(&budget.document(Tr(Lang::Sv))),
        ));
        both.push((costs.json(), String::new()));
        reports.push(both);
    }
    assert_eq!(
        reports[0], reports[1],
        "exact and disclosed, JSON and CSV, budget and costs"
    );
    assert!(
        reports[0][2].0["total_budget"].as_i64().unwrap() > 2_755_000,
        "the association's budget holds at least Gemensamma Taget's"
    );
    let exact = &reports[0][0].0;
    let reports: Vec<&serde_json::Value> = vec![exact];
    assert_eq!(
        reports[0]["exited"]["total"], 16,
        "exits after the period do not count"
    );
}
