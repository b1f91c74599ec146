//! The journey over the JSON API: one Nätkraft participant from referral to the
//! 6-month follow-up, and the refusals that name their field and store nothing.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;
use serde_json::{Value, json};

struct Api<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl Api<'_> {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, self.app.url(path))
            .header("origin", &self.app.base);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send(reqwest::Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn created(&self, path: &str, body: Value) -> i64 {
        let (status, answer) = self.post(path, body).await;
        assert_eq!(status, StatusCode::CREATED, "{path}: {answer}");
        answer["id"].as_i64().unwrap()
    }

    async fn done(&self, path: &str, body: Value) {
        let (status, answer) = self.post(path, body).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}: {answer}");
    }

    /// Posts and expects 422 naming `field`; returns the Swedish message.
    async fn refused(&self, path: &str, body: Value, field: &str) -> String {
        let (status, answer) = self.post(path, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {answer}");
        assert_eq!(answer["error"]["field"], field, "{path}: {answer}");
        answer["error"]["message"].as_str().unwrap().to_string()
    }
}

async fn coach_api(app: &TestApp) -> Api<'_> {
    let roles = vec![RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap()];
    Api {
        app,
        client: app.logged_in("johanna", roles).await,
    }
}

#[tokio::test]
async fn a_participant_goes_the_whole_way_over_the_api() {
    let app = TestApp::sqlite().await;
    let api = coach_api(&app).await;
    let rid = api
        .created(
            "/api/v1/interventions/NK/referrals",
            json!({"person": {"personnummer": "19970923-3580", "namn": "Linnéa Testsson"}, "mottagen": "2025-02-03",
                   "kalla": "RVB", "enhet": "Psykiatriska mottagningen", "handlaggare": "Karin Lund", "anledning": "Vill arbeta"}),
        )
        .await;
    api.done(
        &format!("/api/v1/referrals/{rid}/status"),
        json!({"status": "foreslagen"}),
    )
    .await;
    api.created(
        "/api/v1/interventions/NK/meetings",
        json!({"grupp": "rekryteringsgrupp", "datum": "2025-02-10", "narvarande": ["FK: Eva"], "beslut": [{"anmalan": rid, "beslut": "anta", "enig": true}]}),
    )
    .await;
    assert_eq!(
        api.get(&format!("/api/v1/referrals/{rid}")).await["status"],
        "antagen"
    );
    let id = api
        .created(
            "/api/v1/interventions/NK/participations",
            json!({"anmalan": rid, "startdatum": "2025-03-03", "samtycke": "ja", "samtycke_omfattning": ["FK", "RVB"],
                   "forsorjning_fore": ["aktivitetsersattning"], "sysselsattning_fore": "ingen_sysselsattning", "kommun": "Umeå"}),
        )
        .await;
    let p = format!("/api/v1/participations/{id}");
    api.done(
        &format!("{p}/stage"),
        json!({"steg": "yrkesprofil", "datum": "2025-03-20"}),
    )
    .await;
    let profile = json!({"kind": "profile", "interests": "Lager", "abilities": "Noggrann", "needs": "", "support": ""});
    api.created(
        &format!("{p}/entries"),
        json!({"datum": "2025-03-20", "body": profile}),
    )
    .await;
    let employer = api
        .created(
            "/api/v1/employers?provider=UK-SP",
            json!({"namn": "Lagerhuset i Norr AB", "sektor": "privat", "orgnr": "556036-0793"}),
        )
        .await;
    let placement = json!({"kind": "placement", "employer_id": employer, "until": null, "hours_per_week": 20,
        "tasks": "Plock", "adaptations": "", "supervisor": "", "goals": ""});
    api.created(
        &format!("{p}/entries"),
        json!({"datum": "2025-04-07", "body": placement}),
    )
    .await;

    let too_much = json!({"kind": "employment", "employer_id": employer, "until": null, "form": "lonebidrag", "extent": 130});
    let message = api
        .refused(
            &format!("{p}/entries"),
            json!({"datum": "2025-08-18", "body": too_much}),
            "omfattning_procent",
        )
        .await;
    assert!(message.contains("1–100"), "{message}");
    let employment = json!({"kind": "employment", "employer_id": employer, "until": null, "form": "lonebidrag", "extent": 75});
    api.created(
        &format!("{p}/entries"),
        json!({"datum": "2025-08-18", "body": employment}),
    )
    .await;

    let exit = json!({"slutdatum": "2025-09-30", "avslutsorsak": "arbete", "sysselsattning_efter": "arbete",
        "anstallningsform": "lonebidrag", "omfattning_procent": "75", "forsorjning_efter": ["lon"]});
    let early = json!({"slutdatum": "2025-01-01", "avslutsorsak": "arbete", "sysselsattning_efter": "arbete"});
    let message = api.refused(&format!("{p}/exit"), early, "slutdatum").await;
    assert!(
        message.contains("slutdatum") && message.contains("2025-03-03"),
        "{message}"
    );
    let jobb = json!({"slutdatum": "2025-09-30", "avslutsorsak": "jobb"});
    let message = api
        .refused(&format!("{p}/exit"), jobb, "avslutsorsak")
        .await;
    assert!(
        message.contains("'jobb'") || message.contains("jobb"),
        "{message}"
    );
    assert!(
        api.get(&p).await["avslut"].is_null(),
        "refused exits store nothing"
    );
    api.done(&format!("{p}/exit"), exit).await;

    let follow_up =
        json!({"kind": "after_exit", "months": 6, "occupation": "arbete", "income": ["lon"]});
    api.created(
        &format!("{p}/entries"),
        json!({"datum": "2026-03-30", "body": follow_up}),
    )
    .await;

    let whole = api.get(&p).await;
    assert_eq!(whole["person"]["namn"], "Linnéa Testsson");
    assert_eq!(whole["person"]["personnummer"], "19970923-3580");
    assert_eq!(whole["avslut"]["anstallningsform"], "lonebidrag");
    assert_eq!(whole["avslut"]["omfattning_procent"], 75);
    let kinds: Vec<&str> = whole["anteckningar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["profile", "placement", "employment", "after_exit"]);
    let due: Vec<&str> = whole["att_gora"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["on"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["2026-09-30", "2027-09-30"], "12 and 24 months remain");
    let list = api.get("/api/v1/interventions/NK/participations").await;
    assert_eq!(
        (
            list["avslutade"].as_u64(),
            list["till_arbete_eller_studier"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[tokio::test]
async fn wrong_values_are_refused_with_the_field_named_and_nothing_stored() {
    let app = TestApp::sqlite().await;
    let api = coach_api(&app).await;
    let bad_number =
        json!({"person": {"personnummer": "19970923-3581", "namn": "Linnéa"}, "kalla": "RVB"});
    let message = api
        .refused(
            "/api/v1/interventions/NK/referrals",
            bad_number,
            "personnummer",
        )
        .await;
    assert!(message.contains("kontrollsiffran"), "{message}");
    let near_miss =
        json!({"person": {"personnummer": "19970923-3580", "namn": "Linnéa"}, "kalla": "RVB"});
    api.created("/api/v1/interventions/NK/referrals", near_miss)
        .await;
    let enrol = json!({"person": {"alias": "NK-X1", "kon": "kvinna", "fodelsear": "1990"}, "startdatum": "2026-01-10",
        "samtycke": "ja", "sysselsattning_fore": "jobb"});
    let message = api
        .refused(
            "/api/v1/interventions/NK/participations",
            enrol,
            "sysselsattning_fore",
        )
        .await;
    assert!(message.contains("jobb"), "{message}");
    let list = api.get("/api/v1/interventions/NK/participations").await;
    assert_eq!(list["deltaganden"].as_array().unwrap().len(), 0);
    assert_eq!(
        app.services
            .store
            .persons_of_provider("UK-SP")
            .await
            .unwrap()
            .len(),
        1,
        "only the referral's person"
    );

    let gt = Api {
        app: &app,
        client: app
            .logged_in(
                "amir",
                vec![RoleAssignment::new(Role::Coach, Scope::Intervention("GT".into())).unwrap()],
            )
            .await,
    };
    let (status, _) = gt
        .send(reqwest::Method::GET, "/api/v1/referrals/1", None)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a GT coach cannot see an NK referral"
    );
}
