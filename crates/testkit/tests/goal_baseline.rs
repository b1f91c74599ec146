//! Anonymous participations keep their coded baseline (income sources, occupation,
//! education level and time away before start), so goals for a group count them:
//! Höglandet's goal counts the 130 historical participants of the demo, all
//! anonymous. A participation whose income before is not known is reported as not
//! judged, apart from the denominator. Retention and consent withdrawal keep the
//! coded baseline and remove everything else. Occupation at exit is reported in
//! SUS groups, and report-cache tallies of the old shape are counted afresh. On
//! SQLite and PostgreSQL.

use samverka_domain::Role;
use samverka_domain::codes::{EducationLevel, IncomeSource, Occupation, TimeAway};
use samverka_domain::journey::Baseline;
use samverka_domain::journey::input::{EnrolmentInput, ExitInput};
use samverka_reports::document::Cell;
use samverka_reports::standard::Counts;
use samverka_reports::tally::Tally;
use samverka_service::accounts::Caller;
use samverka_service::import::table::read_csv;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_testkit::TestApp;
use samverka_testkit::journey::person;
use time::macros::date;

const HISTORY: &str = include_str!("../../../demo/historik.csv");

fn cli() -> Caller {
    Caller::Cli("test".into())
}

async fn import(app: &TestApp, csv: &str) {
    let table = read_csv(csv.as_bytes()).unwrap();
    app.services
        .import_participations(&cli(), &table, &|_| {})
        .await
        .unwrap();
}

/// Kvinna, man, total of a count in the report's JSON.
fn sexes(v: &serde_json::Value) -> (u64, u64, u64) {
    let n = |k: &str| v[k].as_u64().unwrap_or(u64::MAX);
    (n("kvinna"), n("man"), n("total"))
}

/// Höglandet's goal (aktivitetsersättning before start, aged 19–29; exits to work,
/// active job seeking or studies, target 35 %) on the demo history, then with four
/// more participations of which two lack income before start.
async fn hoglandet_counts_its_history(app: &TestApp) {
    import(app, HISTORY).await;
    let results = app
        .services
        .goal_results(&cli(), "JSA", None)
        .await
        .unwrap();
    let c = results[0].count.unwrap();
    assert_eq!(
        (c.numerator, c.denominator, c.not_judged),
        (49, 130, 0),
        "30 to work, 11 active job seekers and 8 to studies among the 130 exits"
    );
    let stored = app
        .services
        .store
        .participations_for_figures(&samverka_store::ParticipationFilter {
            interventions: vec!["JSA".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(stored.len(), 130);
    assert!(stored.iter().all(|p| p.is_anonymous()
        && p.baseline.income == [IncomeSource::Aktivitetsersattning]
        && p.baseline.municipality.is_empty()));

    import(
        app,
        "insats;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;forsorjning_fore;samtycke\n\
         JSA;JSA-X1;kvinna;1998;2020-02-01;2020-10-30;arbete;arbete;;nej\n\
         JSA;JSA-X2;man;1997;2020-03-01;2020-11-30;ohalsa;sjukskriven;;nej\n\
         JSA;JSA-X3;man;1999;2020-04-01;;;;;nej\n\
         JSA;JSA-X4;man;1960;2020-04-01;2020-12-01;arbete;arbete;;nej\n",
    )
    .await;
    let c = app
        .services
        .goal_results(&cli(), "JSA", None)
        .await
        .unwrap()[0]
        .count
        .unwrap();
    assert_eq!(
        (c.numerator, c.denominator, c.not_judged),
        (49, 130, 2),
        "X1 and X2 exited without income before; X3 is open and X4 is 60"
    );
    let period = (date!(2012 - 01 - 01), date!(2026 - 11 - 22));
    let report = app
        .services
        .participant_report(
            &cli(),
            &ReportScope::Intervention("JSA".into()),
            period,
            Audience::Provider,
        )
        .await
        .unwrap();
    let g = &report.json()["goals"][0];
    assert_eq!(
        (&g["numerator"], &g["denominator"], &g["not_judged"]),
        (&49.into(), &130.into(), &2.into())
    );
    let doc = report.document(samverka_i18n::Tr(samverka_i18n::Lang::Sv));
    let goals = doc.sections.iter().find(|s| s.key == "goals").unwrap();
    assert_eq!(
        goals.grid.columns.last().unwrap(),
        "Kunde inte bedömas: uppgift om försörjning före saknas"
    );
    assert_eq!(goals.grid.rows[0].cells.last(), Some(&Cell::Count(2)));
}

#[tokio::test]
async fn hoglandets_goal_counts_its_anonymous_history_on_sqlite() {
    hoglandet_counts_its_history(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn hoglandets_goal_counts_its_anonymous_history_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        hoglandet_counts_its_history(&app).await;
    }
}

/// Nätkraft's published result is unchanged by the coded baseline, and its
/// occupation at exit reads in the SUS groups.
async fn natkraft_in_sus_groups(app: &TestApp) {
    import(app, HISTORY).await;
    let period = (date!(2006 - 05 - 01), date!(2013 - 12 - 31));
    let r = app
        .services
        .participant_report(
            &cli(),
            &ReportScope::Intervention("NK".into()),
            period,
            Audience::Provider,
        )
        .await
        .unwrap()
        .json();
    assert_eq!(r["participants"]["total"], 155);
    let g = &r["goals"][0];
    assert_eq!(
        (&g["numerator"], &g["denominator"], &g["not_judged"]),
        (&58.into(), &155.into(), &0.into())
    );
    let o = &r["occupation_at_exit"];
    assert_eq!(
        o.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["forvarvsarbete", "okand", "ovriga", "studier"]
    );
    assert_eq!(sexes(&o["forvarvsarbete"]), (14, 23, 37));
    assert_eq!(sexes(&o["studier"]), (14, 7, 21));
    assert_eq!(sexes(&o["ovriga"]), (33, 30, 63), "33 + 14 + 16");
    assert_eq!(sexes(&o["okand"]), (18, 16, 34));
}

#[tokio::test]
async fn natkraft_reads_in_sus_groups_on_sqlite() {
    natkraft_in_sus_groups(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn natkraft_reads_in_sus_groups_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        natkraft_in_sus_groups(&app).await;
    }
}

/// Höglandet's association report comes from the report cache; a tally stored in
/// the shape before the SUS groups is counted afresh, not merged.
async fn old_tallies_are_counted_afresh(app: &TestApp) {
    import(app, HISTORY).await;
    let scope = ReportScope::Association("HSF".into());
    let period = (date!(2015 - 01 - 01), date!(2019 - 12 - 31));
    let report = || async {
        app.services
            .participant_report(&cli(), &scope, period, Audience::Provider)
            .await
            .unwrap()
            .json()
    };
    let expected = |o: &serde_json::Value| {
        assert_eq!(sexes(&o["forvarvsarbete"]), (12, 18, 30));
        assert_eq!(sexes(&o["aktivt_arbetssokande"]), (5, 6, 11));
        assert_eq!(sexes(&o["studier"]), (5, 3, 8));
        assert_eq!(sexes(&o["ovriga"]), (18, 34, 52));
        assert_eq!(sexes(&o["okand"]), (15, 14, 29));
        assert!(o.get("arbete").is_none(), "{o}");
    };
    expected(&report().await["occupation_at_exit"]);
    let codes = vec!["JSA".to_string()];
    let cached = app.services.store.tallies(&codes, period).await.unwrap();
    assert!(
        cached[0]
            .body
            .as_deref()
            .unwrap()
            .starts_with("{\"format\":2,")
    );
    // What the cache held before: a bare tally keyed by occupation code.
    let mut old = Tally::default();
    old.occupation_at_exit.insert(
        "arbete".into(),
        Counts {
            kvinna: 12,
            man: 18,
            okand: 0,
            total: 30,
        },
    );
    let old = serde_json::to_string(&old).unwrap();
    app.services
        .store
        .save_tally("JSA", period, cached[0].version, &old)
        .await
        .unwrap();
    let again = report().await;
    expected(&again["occupation_at_exit"]);
    assert_eq!(again["participants"]["total"], 130);
}

#[tokio::test]
async fn old_tallies_are_counted_afresh_on_sqlite() {
    old_tallies_are_counted_afresh(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn old_tallies_are_counted_afresh_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        old_tallies_are_counted_afresh(&app).await;
    }
}

fn full_enrolment(start: &str, consent: bool) -> EnrolmentInput {
    EnrolmentInput {
        startdatum: start.into(),
        samtycke: if consent { "ja" } else { "nej" }.into(),
        samtycke_omfattning: "FK|RVB".into(),
        forsorjning_fore: "aktivitetsersattning|forsorjningsstod".into(),
        sysselsattning_fore: "ingen_sysselsattning".into(),
        utbildningsniva: "gymnasial".into(),
        tid_utan_arbete: "3_5_ar".into(),
        kommun: "Vännäs".into(),
        hinder: "skulder|missbruk".into(),
        ..EnrolmentInput::default()
    }
}

fn coded() -> Baseline {
    Baseline {
        income: vec![
            IncomeSource::Aktivitetsersattning,
            IncomeSource::Forsorjningsstod,
        ],
        occupation: Some(Occupation::IngenSysselsattning),
        education: Some(EducationLevel::Gymnasial),
        time_away: Some(TimeAway::Ar3Till5),
        municipality: String::new(),
        obstacles: vec![],
    }
}

/// Retention, consent withdrawal and an anonymous enrolment each keep the coded
/// baseline and nothing else of it; the exit analysis goes too.
async fn anonymisation_keeps_the_coded_baseline(app: &TestApp) {
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let s = &app.services;
    let old = app
        .enrol(
            &coach,
            "NK",
            person("19880512-2242", "Sara Lindqvist"),
            full_enrolment("2021-02-01", true),
        )
        .await;
    let full = s.store.participation(old).await.unwrap().unwrap().baseline;
    assert_eq!(full.municipality, "Vännäs", "kept while consent holds");
    assert_eq!(full.obstacles.len(), 2);
    let exit = ExitInput {
        slutdatum: "2022-06-30".into(),
        avslutsorsak: "ohalsa".into(),
        sysselsattning_efter: "sjukskriven".into(),
        forsorjning_efter: "sjukpenning".into(),
        avslutsanalys: "Behöver vård först".into(),
        mottagande_organisation: "Vuxenpsykiatrin".into(),
        ..ExitInput::default()
    };
    s.register_exit(&coach, old, &exit).await.unwrap();
    let done = s.run_retention(&cli(), 36).await.unwrap();
    assert_eq!(done.iter().map(|e| e.id).collect::<Vec<_>>(), vec![old]);
    let p = s.store.participation(old).await.unwrap().unwrap();
    assert_eq!(
        p.baseline,
        coded(),
        "the coded baseline stays, the rest goes"
    );
    let x = p.exit.as_ref().unwrap();
    assert_eq!(
        (x.analysis.as_str(), x.receiving_org.as_str()),
        ("", ""),
        "free text goes"
    );
    assert_eq!(x.occupation, Some(Occupation::Sjukskriven));
    let kept = s.store.persons(&[p.person_id]).await.unwrap().remove(0);
    assert!(kept.is_alias());
    for (table, text) in app.all_stored_text().await {
        for secret in ["Vännäs", "Lindqvist", "Behöver vård först"] {
            assert!(!text.contains(secret), "{secret} left in {table}");
        }
    }

    let withdrawn = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            full_enrolment("2026-03-02", true),
        )
        .await;
    s.withdraw_consent(&coach, withdrawn, "").await.unwrap();
    let p = s.store.participation(withdrawn).await.unwrap().unwrap();
    assert_eq!(p.baseline, coded());

    let anonymous = app
        .enrol(
            &coach,
            "NK",
            person("19900101-0017", "Nils Nilsson"),
            full_enrolment("2026-04-01", false),
        )
        .await;
    let p = s.store.participation(anonymous).await.unwrap().unwrap();
    assert!(p.is_anonymous());
    assert_eq!(p.baseline, coded());
}

#[tokio::test]
async fn anonymisation_keeps_the_coded_baseline_on_sqlite() {
    anonymisation_keeps_the_coded_baseline(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn anonymisation_keeps_the_coded_baseline_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        anonymisation_keeps_the_coded_baseline(&app).await;
    }
}
