//! Questionnaire figures end to end: the association's administrator adds a
//! supplementary question, coaches send questionnaires that carry it, answers are
//! entered, and the report shows the paired change and the spread of answers with
//! the arithmetic checked, the experience goals counted, disclosure control for the
//! association and free text nowhere.

use reqwest::StatusCode;
use samverka_domain::journey::input::ExitInput;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};
use samverka_testkit::marks::marks_tell_the_truth;
use time::macros::date;

/// (personnummer, name, start answer on life situation, exit answers: life
/// situation, support, influence, the supplementary yes/no).
type Answers = (
    &'static str,
    &'static str,
    Option<&'static str>,
    [&'static str; 4],
);

const PEOPLE: [Answers; 6] = [
    (
        "19880512-2242",
        "Sara Lindqvist",
        Some("2"),
        ["4", "5", "4", "ja"],
    ),
    (
        "19910203-2464",
        "Amina Yusuf",
        Some("3"),
        ["3", "3", "5", "nej"],
    ),
    (
        "19850717-4681",
        "Lena Berg",
        Some("4"),
        ["2", "4", "2", "ja"],
    ),
    (
        "19930921-6829",
        "Hanna Nilsson",
        Some("1"),
        ["5", "5", "5", "ja"],
    ),
    (
        "19870430-1350",
        "Jonas Eriksson",
        Some("2"),
        ["3", "2", "3", "nej"],
    ),
    ("19900115-3577", "Ali Hassan", None, ["4", "4", "4", "ja"]),
];

#[tokio::test]
async fn supplementary_questions_and_experience_figures() {
    let app = TestApp::sqlite().await;
    let sfu = vec![
        RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap(),
    ];
    let forbund_web = app.logged_in("karin", sfu.clone()).await;

    // A question too hard to read is refused, naming the field, and nothing is kept.
    let hard = app
        .post_form(
            &forbund_web,
            "/associations/SFU/questions/new",
            &[
                ("fraga", "Upplever du att rehabiliteringsinsatsernas arbetslivsinriktade samordningsstrukturer tillgodoser dina förväntningar?"),
                ("slag", "yes_no"),
                ("giltig_fran", "2026-01-01"),
                ("ordning", "1"),
            ],
        )
        .await;
    assert_eq!(hard.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = hard.text().await.unwrap();
    assert!(body.contains("Frågan: texten"), "{body}");
    assert!(body.contains("för svår att läsa"));
    let made = app
        .post_form(
            &forbund_web,
            "/associations/SFU/questions/new",
            &[
                ("fraga", "Har du fått träffa en läkare?"),
                ("slag", "yes_no"),
                ("giltig_fran", "2026-01-01"),
                ("ordning", "1"),
            ],
        )
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let listed = app
        .get(&forbund_web, "/associations/SFU/questions")
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("Har du fått träffa en läkare?"));
    assert!(listed.contains("Ställs i nya enkäter"));
    let forbund = Caller::User {
        id: 0,
        username: "karin".into(),
        roles: sfu,
    };
    let question = app
        .services
        .supplementary_questions(&forbund, "SFU")
        .await
        .unwrap()
        .remove(0);
    let code = question.code();

    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let mut ids = Vec::new();
    for (number, name, start, exit) in PEOPLE {
        let id = app
            .enrol(
                &coach,
                "NK",
                person(number, name),
                enrolment("2026-02-02", true),
            )
            .await;
        ids.push(id);
        if let Some(start) = start {
            let (inv, _) = app
                .services
                .send_questionnaire(&coach, id, "start")
                .await
                .unwrap();
            app.services
                .enter_questionnaire(&coach, id, inv.id, &[("livet".into(), start.into())])
                .await
                .unwrap();
        }
        let (inv, token) = app
            .services
            .send_questionnaire(&coach, id, "exit")
            .await
            .unwrap();
        assert_eq!(
            inv.supplement.len(),
            1,
            "the questionnaire carries the question"
        );
        if number == PEOPLE[0].0 {
            let anonymous = app.client();
            let last_page = app
                .get(&anonymous, &format!("/q/{token}?sida=3"))
                .await
                .text()
                .await
                .unwrap();
            assert!(last_page.contains("Har du fått träffa en läkare?"));
        }
        let values = [
            ("livet", exit[0]),
            ("stodet", exit[1]),
            ("bestamma", exit[2]),
            (code.as_str(), exit[3]),
            ("mer", "Min coach Anna var bra"),
        ];
        let values: Vec<(String, String)> = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        app.services
            .enter_questionnaire(&coach, id, inv.id, &values)
            .await
            .unwrap();
        let out = ExitInput {
            slutdatum: "2026-10-30".into(),
            avslutsorsak: "eget_onskemal".into(),
            sysselsattning_efter: "ingen_sysselsattning".into(),
            avslutsanalys: "Vill ta en paus och söka igen i vår.".into(),
            mottagande_organisation: "Arbetsförmedlingen".into(),
            ..ExitInput::default()
        };
        app.services.register_exit(&coach, id, &out).await.unwrap();
    }

    let period = (date!(2026 - 01 - 01), date!(2026 - 11 - 22));
    let nk = ReportScope::Intervention("NK".into());
    let exact = app
        .services
        .participant_report(&coach, &nk, period, Audience::Provider)
        .await
        .unwrap();
    // Life situation, paired start → exit: Sara 2→4 and Hanna 1→5 and Jonas 2→3
    // improved, Amina 3→3 unchanged, Lena 4→2 worse; Ali has no start answer.
    let figures = exact.json();
    let n = |v: &serde_json::Value| v.as_u64().unwrap_or_else(|| panic!("a count: {v}"));
    let life = &figures["experience_change"]["livet"];
    assert_eq!(
        [
            n(&life["pairs"]["total"]),
            n(&life["improved"]["total"]),
            n(&life["unchanged"]["total"]),
            n(&life["worse"]["total"])
        ],
        [5, 3, 1, 1]
    );
    assert_eq!(
        [n(&life["improved"]["kvinna"]), n(&life["improved"]["man"])],
        [2, 1]
    );
    assert_eq!(
        [n(&life["pairs"]["kvinna"]), n(&life["pairs"]["man"])],
        [4, 1]
    );
    let exits = &figures["experience_answers"]["exit"];
    assert_eq!(n(&exits[&code]["ja"]["total"]), 4);
    assert_eq!(n(&exits[&code]["nej"]["total"]), 2);
    assert_eq!(n(&exits["stodet"]["5"]["total"]), 2);
    assert!(exits.get("mer").is_none(), "free text is never counted");

    // The experience goals of Nätkraft (demo/setup.toml).
    let goal = |code: &str| {
        figures["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["code"] == code)
            .unwrap_or_else(|| panic!("goal {code}"))
            .clone()
    };
    let better = goal("battre_livssituation");
    assert_eq!([n(&better["numerator"]), n(&better["denominator"])], [3, 5]);
    assert_eq!(better["met"], false, "3 of 5 is not the target 100 %");
    let quality = goal("god_kvalitet");
    assert_eq!(
        [n(&quality["numerator"]), n(&quality["denominator"])],
        [4, 6],
        "4 or 5 on the support"
    );
    let influence = goal("kan_paverka");
    assert_eq!(
        [n(&influence["numerator"]), n(&influence["denominator"])],
        [4, 6]
    );

    // The document reads the change in words, with the share improved.
    let doc = exact.document(samverka_i18n::Tr(samverka_i18n::Lang::Sv));
    let change = doc
        .sections
        .iter()
        .find(|s| s.key == "experience_change")
        .expect("the change section");
    let first = &change.grid.rows[0];
    assert_eq!(first.label, "Hur nöjd är du med ditt liv just nu?");
    assert_eq!(first.cells[4].text().replace('\u{a0}', " "), "60,0 %");

    // The association sees the same report with small counts withheld, and no
    // free text anywhere. It reads ended periods only, so it looks in January 2027
    // at the year 2026 (nothing is registered after today).
    let january = samverka_service::Services::new(
        app.services.store.clone(),
        std::sync::Arc::new(samverka_domain::FixedClock::new(
            time::macros::datetime!(2027-01-15 09:00 UTC),
        )),
    );
    let association = january
        .participant_report(
            &forbund,
            &ReportScope::Association("SFU".into()),
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31)),
            Audience::Association,
        )
        .await
        .unwrap();
    let json = association.json();
    assert_eq!(
        json["experience_change"]["livet"]["improved"]["total"],
        "<5"
    );
    assert_eq!(
        json["experience_answers"]["exit"][&code]["nej"]["total"],
        "<5"
    );
    let marks = marks_tell_the_truth(&exact.json(), &json, "");
    assert!(marks >= 2, "{marks} marks, each true: {json}");
    for report in [exact.json().to_string(), json.to_string()] {
        assert!(
            !report.contains("Min coach Anna"),
            "free text never in a report"
        );
    }

    // Ending the question keeps it out of new questionnaires.
    let ended = app
        .post_form(
            &forbund_web,
            &format!("/associations/SFU/questions/{}/end", question.id),
            &[],
        )
        .await;
    assert_eq!(ended.status(), StatusCode::SEE_OTHER);
    let later = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-11-02", true),
        )
        .await;
    let (inv, _) = app
        .services
        .send_questionnaire(&coach, later, "start")
        .await
        .unwrap();
    assert!(inv.supplement.is_empty(), "an ended question is not asked");
}
