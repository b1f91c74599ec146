//! The upload page: an intervention's lead imports a file; problems come back as a
//! table of row, column and reason, and nothing is stored; coaches may not import.

use reqwest::multipart::{Form, Part};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

const HEADER: &str = "insats;personnummer;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;samtycke";

async fn upload(app: &TestApp, client: &reqwest::Client, name: &str, body: &str) -> (u16, String) {
    let form = Form::new().part(
        "fil",
        Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()),
    );
    let res = client
        .post(app.url("/interventions/NK/import"))
        .header("origin", &app.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_lead_imports_and_sees_every_problem_in_a_table() {
    let app = TestApp::sqlite().await;
    let lead = app
        .logged_in(
            "per",
            vec![
                RoleAssignment::new(Role::InterventionLead, Scope::Intervention("NK".into()))
                    .unwrap(),
            ],
        )
        .await;
    let bad = [
        HEADER,
        "NK;19950314-0289;;;;2012-03-01;;;;ja",
        "NK;;NK-A1;man;1988;2012-04-02;2012-01-01;arbete;arbete;nej",
    ]
    .join("\n");
    let (status, page) = upload(&app, &lead, "deltagare.csv", &bad).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("2 fel i deltagare.csv. Inget har sparats."),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"row\">2</th><td>personnummer</td>"),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"row\">3</th><td>slutdatum</td>"),
        "{page}"
    );
    let nk = app
        .services
        .participants_of(&samverka_service::accounts::Caller::Cli("t".into()), "NK")
        .await
        .unwrap();
    assert!(nk.rows.is_empty(), "nothing stored");

    let good = [
        HEADER,
        "NK;19950314-0288;;;;2012-03-01;2013-02-28;arbete;arbete;ja",
        "NK;;NK-A1;man;1988;2012-04-02;;;;nej",
    ]
    .join("\n");
    let (status, page) = upload(&app, &lead, "deltagare.csv", &good).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("2 rader, 2 nya, 0 ändrade och 0 oförändrade deltaganden"),
        "{page}"
    );

    let coach = app
        .logged_in(
            "johanna",
            vec![RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap()],
        )
        .await;
    let (status, _) = upload(&app, &coach, "deltagare.csv", &good).await;
    assert_eq!(status, 403, "coaches do not import");
}
