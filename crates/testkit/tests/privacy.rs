//! Personal data leaves when it must, and the statistics stay: a withdrawn consent
//! makes the participation anonymous at once, and retention does the same after the
//! set months from exit (a dry run first lists without a change). Afterwards no
//! table holds the person's number, name or any free text written about them.

use samverka_domain::Role;
use samverka_domain::journey::entry::EntryBody;
use samverka_domain::journey::input::ExitInput;
use samverka_service::accounts::Caller;
use samverka_service::journey::employers::EmployerInput;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};
use time::macros::date;

const SECRETS: [&str; 6] = [
    "Lindqvist",
    "19880512",
    "2242",
    "Vill arbeta med hästar",
    "Mår bättre sedan i våras",
    "Pratade om Sara",
];

/// Whether `text` holds `secret` other than inside a run of 32 or more hex digits:
/// a random token or hash holds "2242" by chance about once in a thousand runs.
fn mentions(text: &str, secret: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(secret).any(|(i, _)| {
        let start = bytes[..i]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let end = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        start + end < 32
    })
}

/// Every stored text that gives away Sara or what was written about her.
async fn traces(app: &TestApp) -> Vec<(String, String)> {
    app.all_stored_text()
        .await
        .into_iter()
        .filter(|(_, t)| SECRETS.iter().any(|s| mentions(t, s)))
        .map(|(table, t)| (table.to_string(), t))
        .collect()
}

/// Sara in Nätkraft, with a profile, a monthly note, an employment, a free-text
/// questionnaire answer and an employer contact that names her.
async fn sara(app: &TestApp, coach: &Caller, start: &str) -> i64 {
    let id = app
        .enrol(
            coach,
            "NK",
            person("19880512-2242", "Sara Lindqvist"),
            enrolment(start, true),
        )
        .await;
    let s = &app.services;
    let on =
        time::Date::parse(start, &time::format_description::well_known::Iso8601::DATE).unwrap();
    s.add_entry(
        coach,
        id,
        on + time::Duration::days(5),
        EntryBody::Profile {
            interests: "Vill arbeta med hästar".into(),
            abilities: "Noggrann".into(),
            needs: "Korta dagar".into(),
            support: "Handledare".into(),
        },
    )
    .await
    .unwrap();
    s.add_entry(
        coach,
        id,
        on + time::Duration::days(30),
        EntryBody::MonthlyFollowUp {
            note: "Mår bättre sedan i våras".into(),
        },
    )
    .await
    .unwrap();
    let employer = s
        .save_employer(
            coach,
            "UK-SP",
            0,
            &EmployerInput {
                name: "Umeå Stall".into(),
                sector: "privat".into(),
                ..EmployerInput::default()
            },
        )
        .await
        .unwrap();
    s.add_employer_contact(
        coach,
        employer,
        &(on + time::Duration::days(40)).to_string(),
        "Pratade om Sara",
        Some(id),
    )
    .await
    .unwrap();
    let (inv, _) = s.send_questionnaire(coach, id, "start").await.unwrap();
    s.enter_questionnaire(
        coach,
        id,
        inv.id,
        &[
            ("livet".into(), "2".into()),
            ("mer".into(), "Mår bättre sedan i våras".into()),
        ],
    )
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn withdrawn_consent_makes_the_participation_anonymous_at_once() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let id = sara(&app, &coach, "2026-03-02").await;
    assert!(
        !traces(&app).await.is_empty(),
        "the test data is there first"
    );
    app.services.withdraw_consent(&coach, id, "").await.unwrap();
    assert_eq!(
        traces(&app).await,
        vec![],
        "nothing of Sara is left anywhere"
    );
    assert_eq!(
        raw_file_traces(&app),
        Vec::<String>::new(),
        "not in the file's bytes either"
    );
    let p = app.services.store.participation(id).await.unwrap().unwrap();
    assert_eq!(p.start_on, date!(2026 - 03 - 02), "the statistics stay");
    assert_eq!(p.sex, samverka_domain::codes::Sex::Kvinna);
    let person = app
        .services
        .store
        .persons(&[p.person_id])
        .await
        .unwrap()
        .remove(0);
    assert!(person.is_alias());
    let kept = app.services.store.invitations(&[id]).await.unwrap();
    assert_eq!(
        kept[0].answers.len(),
        1,
        "the 1–5 answer stays, the free text goes"
    );
}

#[tokio::test]
async fn retention_lists_first_then_removes_personal_data_and_keeps_the_figures() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let old = sara(&app, &coach, "2021-02-01").await;
    let exit = ExitInput {
        slutdatum: "2022-06-30".into(),
        avslutsorsak: "arbete".into(),
        sysselsattning_efter: "arbete".into(),
        anstallningsform: "lonebidrag".into(),
        omfattning_procent: "50".into(),
        ..ExitInput::default()
    };
    app.services
        .register_exit(&coach, old, &exit)
        .await
        .unwrap();
    let recent = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2025-01-02", true),
        )
        .await;
    let exit_recent = ExitInput {
        slutdatum: "2025-12-30".into(),
        ..exit.clone()
    };
    app.services
        .register_exit(&coach, recent, &exit_recent)
        .await
        .unwrap();

    let scope = ReportScope::Intervention("NK".into());
    let period = (date!(2021 - 01 - 01), date!(2026 - 11 - 22));
    let lead = app.staff("per", Role::InterventionLead, "NK").await;
    let before = app
        .services
        .participant_report(&lead, &scope, period, Audience::Provider)
        .await
        .unwrap()
        .json();

    let due = app.services.retention_due(36).await.unwrap();
    assert_eq!(
        due.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![old],
        "exited 2022-06-30, before 2023-11-22"
    );
    assert!(!traces(&app).await.is_empty(), "listing changes nothing");

    assert!(
        app.services.run_retention(&coach, 36).await.is_err(),
        "only the command line and the server's own job run retention"
    );
    let cli = Caller::Cli("drift".into());
    let done = app.services.run_retention(&cli, 36).await.unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(
        traces(&app).await,
        vec![],
        "no number, name or free text of the expired participation"
    );
    let all = app.all_stored_text().await;
    assert!(
        all.iter().any(|(_, t)| t.contains("Öberg")),
        "the recent participant is kept"
    );

    let after = app
        .services
        .participant_report(&lead, &scope, period, Audience::Provider)
        .await
        .unwrap()
        .json();
    for key in [
        "participants",
        "exited",
        "exit_reasons",
        "occupation_at_exit",
        "employment_forms",
        "goals",
    ] {
        assert_eq!(before[key], after[key], "{key} is unchanged by retention");
    }
    assert!(
        app.services.retention_due(36).await.unwrap().is_empty(),
        "done once"
    );
    assert_eq!(
        raw_file_traces(&app),
        Vec::<String>::new(),
        "not in the file's bytes either"
    );
}

/// The secrets found in the SQLite file and its write-ahead log, byte for byte
/// (free pages and old log frames included).
fn raw_file_traces(app: &TestApp) -> Vec<String> {
    let path = app.sqlite_path.clone().expect("a SQLite file");
    let mut found = Vec::new();
    for file in [path.clone(), path.with_extension("db-wal")] {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for secret in [
            "Lindqvist",
            "19880512",
            "Vill arbeta med hästar",
            "Pratade om Sara",
        ] {
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                found.push(format!("{}: {secret}", file.display()));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_lead_makes_a_register_extract_as_json_and_pdf_with_a_stated_reason() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let id = sara(&app, &coach, "2026-03-02").await;
    let nk = |role| {
        vec![
            samverka_domain::RoleAssignment::new(
                role,
                samverka_domain::Scope::Intervention("NK".into()),
            )
            .unwrap(),
        ]
    };
    let per = app.logged_in("per", nk(Role::InterventionLead)).await;
    let path = format!("/participations/{id}/extract");
    assert_eq!(app.get(&per, &path).await.status(), reqwest::StatusCode::OK);
    let no_reason = app
        .post_form(&per, &path, &[("skal", ""), ("format", "json")])
        .await;
    assert_eq!(
        no_reason.status(),
        reqwest::StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(
        no_reason
            .text()
            .await
            .unwrap()
            .contains("Skäl: skriv varför, med 10–500 tecken")
    );

    let reason = "Personen begärde ett registerutdrag 2026-11-20.";
    let json = app
        .post_form(&per, &path, &[("skal", reason), ("format", "json")])
        .await;
    assert_eq!(json.status(), reqwest::StatusCode::OK);
    let v: serde_json::Value = json.json().await.unwrap();
    let text = v.to_string();
    for wanted in [
        "Sara Lindqvist",
        "19880512-2242",
        "Vill arbeta med hästar",
        "Mår bättre sedan i våras",
        "johanna",
    ] {
        assert!(text.contains(wanted), "the extract holds {wanted}");
    }
    let access = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == format!("access_{id}"))
        .expect("who read the data");
    assert!(!access["rows"].as_array().unwrap().is_empty());

    let pdf = app
        .post_form(&per, &path, &[("skal", reason), ("format", "pdf")])
        .await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    let logged = app
        .services
        .store
        .search_audit(&samverka_store::AuditFilter {
            event_code: Some("register_extract_made".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(logged.len(), 2);
    assert!(
        logged
            .iter()
            .all(|e| e.draft.reason.as_deref() == Some(reason))
    );

    let coach_web = app.logged_in("amir", nk(Role::Coach)).await;
    let refused = app
        .post_form(&coach_web, &path, &[("skal", reason), ("format", "json")])
        .await;
    assert!(
        refused.status().is_client_error(),
        "a coach does not make extracts"
    );
}

#[tokio::test]
async fn the_lead_erases_on_request_or_for_protected_identity_and_the_page_says_so() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let id = sara(&app, &coach, "2026-03-02").await;
    let nk = |role| {
        vec![
            samverka_domain::RoleAssignment::new(
                role,
                samverka_domain::Scope::Intervention("NK".into()),
            )
            .unwrap(),
        ]
    };
    let per = app.logged_in("per", nk(Role::InterventionLead)).await;
    let path = format!("/participations/{id}/erase");
    assert_eq!(app.get(&per, &path).await.status(), reqwest::StatusCode::OK);
    let unchosen = app
        .post_form(&per, &path, &[("skal", "Begärd radering 2026-11-20.")])
        .await;
    assert_eq!(unchosen.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unchosen
            .text()
            .await
            .unwrap()
            .contains("Varför: välj varför")
    );
    let done = app
        .post_form(
            &per,
            &path,
            &[
                ("slag", "erasure"),
                ("skal", "Personen begärde radering 2026-11-20."),
            ],
        )
        .await;
    assert_eq!(done.status(), reqwest::StatusCode::SEE_OTHER);
    assert_eq!(
        traces(&app).await,
        vec![],
        "nothing of Sara is left anywhere"
    );
    assert_eq!(raw_file_traces(&app), Vec::<String>::new());

    let elin = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-04-01", true),
        )
        .await;
    let protected = app
        .post_form(
            &per,
            &format!("/participations/{elin}/erase"),
            &[
                ("slag", "protected_identity"),
                (
                    "skal",
                    "Skatteverket har gett personen skyddade personuppgifter.",
                ),
            ],
        )
        .await;
    assert_eq!(protected.status(), reqwest::StatusCode::SEE_OTHER);
    let page = app
        .get(&per, &format!("/participations/{elin}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Personen har skyddade personuppgifter"));
    assert!(!page.contains("Öberg") && !page.contains("19950314"));
    let logged = app
        .services
        .store
        .search_audit(&samverka_store::AuditFilter {
            participation_id: Some(elin),
            event_code: Some("participation_anonymised".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(logged.iter().any(|e| e.draft.reason.as_deref()
        == Some("Skatteverket har gett personen skyddade personuppgifter.")));
}
