//! The participant's questionnaire over HTTP: staff make a one-time link, the
//! participant answers without logging in, page by page, and finds earlier answers
//! kept; a used or expired link gets a friendly page and changes nothing.

use reqwest::StatusCode;
use samverka_domain::Role;
use samverka_domain::questionnaire::instrument::AnswerValue;
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};

#[tokio::test]
async fn a_participant_answers_by_link_and_the_link_closes() {
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
    let (invitation, token) = app
        .services
        .send_questionnaire(&coach, id, "start")
        .await
        .unwrap();
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let path = format!("/q/{token}");
    let first = app.get(&anonymous, &path).await;
    assert_eq!(first.status(), StatusCode::OK);
    let body = first.text().await.unwrap();
    assert!(body.contains("Hur nöjd är du med ditt liv just nu?"));
    assert!(body.contains("Sida 1 av 3"));
    for private in ["Elin", "Öberg", "19950314", "0288"] {
        assert!(
            !body.contains(private),
            "the page shows nothing about the person: {private}"
        );
    }

    let wrong = app
        .post_form(
            &anonymous,
            &path,
            &[("sida", "1"), ("livet", "9"), ("steg", "nasta")],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("Svar: välj ett av svaren på frågan ”Hur nöjd är du med ditt liv just nu?”")
    );

    let saved = app
        .post_form(
            &anonymous,
            &path,
            &[
                ("sida", "1"),
                ("livet", "2"),
                ("halsa", "3"),
                ("steg", "nasta"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        saved.headers()["location"],
        format!("/q/{token}?sida=2").as_str()
    );
    // The phone dies; the link opened again shows the first page's answers kept.
    let again = app.get(&anonymous, &path).await.text().await.unwrap();
    assert!(
        again.contains("value=\"2\" checked"),
        "the earlier answer is kept"
    );

    let done = app
        .post_form(
            &anonymous,
            &path,
            &[
                ("sida", "3"),
                ("dagarna", "3"),
                ("mer", "Bra stöd"),
                ("steg", "klar"),
            ],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let stored = app.services.questionnaires_of(&coach, id).await.unwrap();
    let answers = &stored[0].answers;
    assert_eq!(answers["livet"], AnswerValue::Scale(2));
    assert_eq!(answers["dagarna"], AnswerValue::Choices(vec![3]));
    assert!(stored[0].completed_on.is_some());

    let used = app.get(&anonymous, &path).await;
    assert_eq!(used.status(), StatusCode::GONE);
    assert!(
        used.text()
            .await
            .unwrap()
            .contains("Du har redan svarat på den här enkäten.")
    );
    let late = app
        .post_form(
            &anonymous,
            &path,
            &[("sida", "1"), ("livet", "5"), ("steg", "klar")],
        )
        .await;
    assert_eq!(late.status(), StatusCode::GONE);
    assert_eq!(
        app.services.questionnaires_of(&coach, id).await.unwrap()[0].answers,
        *answers,
        "a used link changes nothing"
    );

    let (_, old) = app
        .services
        .send_questionnaire(&coach, id, "exit")
        .await
        .unwrap();
    app.clock.advance(time::Duration::days(31));
    let expired = app.get(&anonymous, &format!("/q/{old}")).await;
    assert_eq!(expired.status(), StatusCode::GONE);
    assert!(
        expired
            .text()
            .await
            .unwrap()
            .contains("Länken gällde i 30 dagar")
    );
    let unknown = app.get(&anonymous, "/q/finns-inte").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(invitation.id > 0);
}

#[tokio::test]
async fn staff_enter_a_paper_questionnaire_and_the_link_closes() {
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
    let (invitation, token) = app
        .services
        .send_questionnaire(&coach, id, "exit")
        .await
        .unwrap();
    let staff = app
        .logged_in(
            "johanna2",
            vec![
                samverka_domain::RoleAssignment::new(
                    Role::Coach,
                    samverka_domain::Scope::Intervention("NK".into()),
                )
                .unwrap(),
            ],
        )
        .await;
    let path = format!(
        "/participations/{id}/questionnaires/{}/paper",
        invitation.id
    );
    // Another coach than the participant's own states why first (break the glass).
    let reason = app
        .post_form(
            &staff,
            &format!("/participations/{id}/reason"),
            &[("skal", "Johanna är borta; jag skriver in pappersenkäten.")],
        )
        .await;
    assert_eq!(reason.status(), StatusCode::SEE_OTHER);
    let form = app.get(&staff, &path).await.text().await.unwrap();
    assert!(
        form.contains("Hur nöjd är du med ditt liv just nu?")
            && form.contains("Vill du säga något mer?"),
        "every question on one page"
    );
    let wrong = app.post_form(&staff, &path, &[("halsa", "0")]).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved = app
        .post_form(
            &staff,
            &path,
            &[("livet", "5"), ("hjalp", "ja"), ("mer", "Från papper")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let stored = &app.services.questionnaires_of(&coach, id).await.unwrap()[0];
    assert_eq!(stored.answers["livet"], AnswerValue::Scale(5));
    assert_eq!(stored.answers["hjalp"], AnswerValue::YesNo(true));
    assert_eq!(stored.entered_by.as_deref(), Some("johanna2"));
    let list = app
        .get(&staff, &format!("/participations/{id}/questionnaires"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("Inmatad från papper"), "{list}");
    let anonymous = reqwest::Client::new();
    let closed = app.get(&anonymous, &format!("/q/{token}")).await;
    assert_eq!(
        closed.status(),
        StatusCode::GONE,
        "the link no longer works"
    );
}
