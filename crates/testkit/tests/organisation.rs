//! The organisation pages, forms and API, driven over HTTP on the demo organisation.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_testkit::TestApp;

fn forbund() -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap()]
}

async fn app() -> TestApp {
    let app = TestApp::sqlite().await;
    app.with_demo_organisation().await;
    app
}

#[tokio::test]
async fn the_association_page_shows_members_and_interventions() {
    let app = app().await;
    let client = app.logged_in("karin", forbund()).await;
    let html = app
        .get(&client, "/associations/SFU")
        .await
        .text()
        .await
        .unwrap();
    for expected in [
        "Samordningsförbundet Umeå",
        "222000-1545",
        "Försäkringskassan",
        "Region Västerbotten",
        "Nätkraft",
        "Steget Vidare",
        "Gemensamma Taget Vuxna",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    assert!(
        !html.contains("Observera:"),
        "the legal split gives no warning"
    );
    let overview = app
        .get(&client, "/organisation")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        overview.contains("/associations/SFU") && !overview.contains("/associations/HSF"),
        "only the own association"
    );
}

#[tokio::test]
async fn the_intervention_page_shows_goals_in_words_stages_and_staff() {
    let app = app().await;
    let lead = vec![
        RoleAssignment::new(Role::InterventionLead, Scope::Intervention("NK".into())).unwrap(),
    ];
    let client = app.logged_in("maria", lead).await;
    let html = app
        .get(&client, "/interventions/NK")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Andel av alla deltagare under perioden som vid avslut gick till arbete eller studier; mål 35\u{a0}%"));
    for stage in [
        "Överenskommelse",
        "Yrkesprofil",
        "Jobbsökande",
        "Arbetsgivarengagemang",
        "Stöd på och utanför arbetet",
        "Kompetensprofil",
    ] {
        assert!(html.contains(stage), "{stage}");
    }
    assert!(
        html.contains("Test maria – Insatsansvarig"),
        "staff lists the lead"
    );
    let jsa = app
        .logged_in(
            "lars",
            vec![
                RoleAssignment::new(Role::AssociationAdmin, Scope::Association("HSF".into()))
                    .unwrap(),
            ],
        )
        .await;
    let html = app
        .get(&jsa, "/interventions/JSA")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("med aktivitetsersättning före start i åldern 19–29 år"),
        "Höglandet's goal in words"
    );
}

#[tokio::test]
async fn a_wrong_orgnr_is_shown_next_to_its_field_and_nothing_is_saved() {
    let app = app().await;
    let client = app.logged_in("karin", forbund()).await;
    let form = [
        ("name", "Samordningsförbundet Umeå"),
        ("orgnr", "222000-1546"),
        ("start", "2005-12-01"),
        ("municipalities", "Umeå"),
    ];
    let res = app
        .post_form(&client, "/associations/SFU/edit", &form)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let field = html.split("for=\"orgnr\"").nth(1).unwrap();
    let error_before_input = field.split("<input").next().unwrap();
    assert!(
        error_before_input.contains("fel kontrollsiffra"),
        "the message stands next to the field"
    );
    assert!(
        html.contains("value=\"222000-1546\""),
        "what was typed is kept"
    );
    let stored = app.services.store.associations().await.unwrap();
    assert_eq!(
        stored.iter().find(|a| a.code == "SFU").unwrap().orgnr,
        "222000-1545"
    );
    let form = [
        ("name", "Samordningsförbundet Umeå"),
        ("orgnr", "2220001545"),
        ("start", "2005-12-01"),
        ("municipalities", "Umeå\nVännäs"),
    ];
    let res = app
        .post_form(&client, "/associations/SFU/edit", &form)
        .await;
    assert_eq!(res.headers()["location"], "/associations/SFU?saved=1");
    let stored = app.services.store.associations().await.unwrap();
    assert_eq!(
        stored
            .iter()
            .find(|a| a.code == "SFU")
            .unwrap()
            .municipalities,
        ["Umeå", "Vännäs"]
    );
}

#[tokio::test]
async fn an_intervention_is_created_edited_and_given_a_goal_in_the_browser_forms() {
    let app = app().await;
    let client = app.logged_in("karin", forbund()).await;
    let base = [
        ("code", "JOBB"),
        ("name", "Jobbspåret"),
        ("description", "Prov"),
        ("provider", "UK-SP"),
        ("orientation", "individinriktad"),
        ("follow_up", "individual"),
        ("template", "ips"),
        ("start", "2026-01-01"),
        ("end", "2025-12-31"),
        ("caseload_min", "15"),
        ("caseload_max", "20"),
    ];
    let res = app
        .post_form(&client, "/interventions/new?association=SFU", &base)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Slutdatum: kan inte vara före startdatum 2026-01-01")
    );
    assert!(
        app.services
            .store
            .intervention("JOBB")
            .await
            .unwrap()
            .is_none(),
        "nothing partial is stored"
    );
    let mut ok = base.to_vec();
    ok.retain(|(k, _)| *k != "end");
    let res = app
        .post_form(&client, "/interventions/new?association=SFU", &ok)
        .await;
    assert_eq!(res.headers()["location"], "/interventions/JOBB?saved=1");
    let goal = [
        ("code", "arbete"),
        ("label", "Arbete"),
        ("basis", "exits"),
        ("numerator", "status_at_exit:arbete"),
        ("income_source_before", "aktivitetsersattning"),
        ("age_min", "19"),
        ("age_max", "29"),
        ("target", "40"),
    ];
    let res = app
        .post_form(&client, "/interventions/JOBB/goals/new", &goal)
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app
        .get(&client, "/interventions/JOBB")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Andel av de deltagare som avslutats under perioden med aktivitetsersättning före start i åldern 19–29 år som vid avslut gick till arbete; mål 40\u{a0}%"));
    let mixed = [
        ("code", "blandat"),
        ("label", "Blandat"),
        ("basis", "exits"),
        ("numerator", "status_at_exit:arbete"),
        ("numerator", "exit_reason:studier"),
        ("target", "40"),
    ];
    let res = app
        .post_form(&client, "/interventions/JOBB/goals/new", &mixed)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("välj koder av ett och samma slag")
    );
    let res = app
        .post_form(&client, "/interventions/JOBB/goals/arbete/delete", &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let goals = app
        .services
        .store
        .intervention("JOBB")
        .await
        .unwrap()
        .unwrap()
        .goals;
    assert!(goals.is_empty(), "the goal is deleted");
    let edit = app
        .get(&client, "/interventions/JOBB/edit")
        .await
        .text()
        .await
        .unwrap();
    assert!(edit.contains("Kan inte ändras när insatsen väl är skapad"));
}

#[tokio::test]
async fn the_api_reads_and_changes_the_organisation_with_the_same_rules() {
    let app = app().await;
    let client = app.logged_in("karin", forbund()).await;
    let body: serde_json::Value = app
        .get(&client, "/api/v1/interventions/NK")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["intervention"]["goals"][0]["target"], 3500);
    assert!(
        body["goals_in_words"][0]["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Andel av alla deltagare")
    );
    let mut iv = body["intervention"].clone();
    iv["follow_up"] = "head_count".into();
    let res = client
        .put(app.url("/api/v1/interventions/NK"))
        .header("origin", &app.base)
        .json(&iv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        (
            err["error"]["code"].as_str(),
            err["error"]["field"].as_str()
        ),
        (Some("invalid"), Some("follow_up"))
    );
    iv["follow_up"] = "individual".into();
    iv["name"] = "Nätkraft SE".into();
    let res = client
        .put(app.url("/api/v1/interventions/NK"))
        .header("origin", &app.base)
        .json(&iv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.services
            .store
            .intervention("NK")
            .await
            .unwrap()
            .unwrap()
            .name,
        "Nätkraft SE"
    );
    let mut sfu: serde_json::Value = app
        .get(&client, "/api/v1/associations/SFU")
        .await
        .json()
        .await
        .unwrap();
    sfu["association"]["members"][0]["share"] = 4000.into();
    let res = client
        .put(app.url("/api/v1/associations/SFU"))
        .header("origin", &app.base)
        .json(&sfu["association"])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let warnings: Vec<String> = res.json().await.unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("Staten står för 65\u{a0}%"),
        "{warnings:?}"
    );
    let page = app
        .get(&client, "/associations/SFU")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Observera: Staten står för 65"));
    let res = client
        .put(app.url("/api/v1/associations/HSF"))
        .header("origin", &app.base)
        .json(&sfu["association"])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "code in path and body must agree"
    );
    let res = client
        .put(app.url("/api/v1/interventions/NK"))
        .header("origin", &app.base)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn organisation_pages_work_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    app.with_demo_organisation().await;
    let client = app.logged_in("karin", forbund()).await;
    let html = app
        .get(&client, "/interventions/GT")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Gemensamma Taget Vuxna") && html.contains("Avstämningsmöte"));
    assert_eq!(
        app.services
            .export_setup(&samverka_service::accounts::Caller::Cli("t".into()))
            .await
            .unwrap(),
        include_str!("../../../demo/setup.toml")
    );
}

#[tokio::test]
async fn a_system_administrator_grants_and_revokes_roles_in_the_browser() {
    let app = app().await;
    let admin = app
        .logged_in(
            "sara",
            vec![RoleAssignment::new(Role::SystemAdmin, Scope::Installation).unwrap()],
        )
        .await;
    app.add_user("nils", "blå-tåg-över-umeälven", vec![]).await;
    let res = app
        .post_form(
            &admin,
            "/admin/users/nils/roles",
            &[("role", "coach"), ("scope", "intervention:FINNS")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Uppdrag: intervention:FINNS finns inte")
    );
    let res = app
        .post_form(
            &admin,
            "/admin/users/nils/roles",
            &[("role", "coach"), ("scope", "intervention:NK")],
        )
        .await;
    assert_eq!(res.headers()["location"], "/admin/users/nils?saved=1");
    let page = app
        .get(&admin, "/admin/users/nils")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Coach – intervention:NK"));
    let res = app
        .post_form(
            &admin,
            "/admin/users/nils/roles",
            &[("role", "association_admin"), ("scope", "association:SFU")],
        )
        .await;
    assert!(
        res.text().await.unwrap().contains("kan inte kombineras"),
        "association admin and coach never on one account"
    );
    let nk = app
        .get(&admin, "/interventions/NK")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        nk.contains("Test nils – Coach"),
        "the coach is listed as staff"
    );
    app.post_form(
        &admin,
        "/admin/users/nils/roles/revoke",
        &[("role", "coach"), ("scope", "intervention:NK")],
    )
    .await;
    assert!(
        !app.get(&admin, "/admin/users/nils")
            .await
            .text()
            .await
            .unwrap()
            .contains("Coach – intervention:NK")
    );
    let res = app
        .post_form(&admin, "/admin/users/sara/disable", &[])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "nobody disables their own account"
    );
}

#[tokio::test]
async fn a_lead_defines_an_own_template_and_uses_it() {
    let app = app().await;
    let lead = app
        .logged_in(
            "maria",
            vec![
                RoleAssignment::new(Role::InterventionLead, Scope::Intervention("NK".into()))
                    .unwrap(),
            ],
        )
        .await;
    let res = app
        .post_form(
            &lead,
            "/templates/new",
            &[("code", "ips"), ("name", "Egen"), ("stages", "A")],
        )
        .await;
    assert!(res.text().await.unwrap().contains("är en inbyggd mall"));
    let res = app
        .post_form(
            &lead,
            "/templates/new",
            &[
                ("code", "jobbspar"),
                ("name", "Jobbspår"),
                (
                    "stages",
                    "Kartläggning\nPraktik på arbetsplats\nAnställning",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let overview = app.get(&lead, "/organisation").await.text().await.unwrap();
    assert!(overview.contains("Jobbspår – Kartläggning → Praktik på arbetsplats → Anställning"));
    let templates: serde_json::Value = app
        .get(&lead, "/api/v1/templates")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(templates.as_array().unwrap().len(), 5);
    let mut nk: serde_json::Value = app
        .get(&lead, "/api/v1/interventions/NK")
        .await
        .json()
        .await
        .unwrap();
    nk["intervention"]["template"] = "jobbspar".into();
    let res = lead
        .put(app.url("/api/v1/interventions/NK"))
        .header("origin", &app.base)
        .json(&nk["intervention"])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let page = app
        .get(&lead, "/interventions/NK")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Steg i processen: Jobbspår") && page.contains("Praktik på arbetsplats"));
}

#[tokio::test]
async fn one_association_cannot_take_over_or_drop_another() {
    let app = app().await;
    let sfu = app.logged_in("karin", forbund()).await;
    let mut gt: serde_json::Value = app
        .get(&sfu, "/api/v1/interventions/GT")
        .await
        .json()
        .await
        .unwrap();
    gt["intervention"]["associations"] = serde_json::json!(["SFU", "HSF"]);
    let res = sfu
        .put(app.url("/api/v1/interventions/GT"))
        .header("origin", &app.base)
        .json(&gt["intervention"])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "SFU may not add HSF");
    let lead = app
        .logged_in(
            "maria",
            vec![
                RoleAssignment::new(Role::InterventionLead, Scope::Intervention("GT".into()))
                    .unwrap(),
            ],
        )
        .await;
    gt["intervention"]["associations"] = serde_json::json!(["SFU"]);
    gt["intervention"]["provider"] = "UK-SP".into();
    let res = lead
        .put(app.url("/api/v1/interventions/GT"))
        .header("origin", &app.base)
        .json(&gt["intervention"])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a lead does not move the intervention to another provider"
    );
    assert_eq!(
        app.services
            .store
            .intervention("GT")
            .await
            .unwrap()
            .unwrap()
            .provider,
        "AF-UMEA"
    );
}

#[tokio::test]
async fn the_new_forms_never_overwrite_what_exists() {
    let app = app().await;
    let client = app.logged_in("karin", forbund()).await;
    let form = [
        ("code", "nk"),
        ("name", "Dubblett"),
        ("provider", "UK-SP"),
        ("orientation", "individinriktad"),
        ("follow_up", "individual"),
        ("template", "ips"),
        ("start", "2024-01-01"),
    ];
    let res = app
        .post_form(&client, "/interventions/new?association=SFU", &form)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Kod: det finns redan en insats med koden NK")
    );
    assert_eq!(
        app.services
            .store
            .intervention("NK")
            .await
            .unwrap()
            .unwrap()
            .name,
        "Nätkraft"
    );
    let goal = [
        ("code", "arbete_eller_studier"),
        ("label", "Dubblett"),
        ("basis", "exits"),
        ("numerator", "status_at_exit:arbete"),
        ("target", "10"),
    ];
    let res = app
        .post_form(&client, "/interventions/NK/goals/new", &goal)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.services
            .store
            .intervention("NK")
            .await
            .unwrap()
            .unwrap()
            .goals[0]
            .label,
        "Arbete eller studier"
    );
    let html = app
        .get(&client, "/interventions/NK")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<title>Nätkraft – Samverka</title>"),
        "the title names the page"
    );
}

#[tokio::test]
async fn an_administrator_cannot_remove_their_own_admin_role() {
    let app = app().await;
    let admin = app
        .logged_in(
            "sara",
            vec![RoleAssignment::new(Role::SystemAdmin, Scope::Installation).unwrap()],
        )
        .await;
    let res = app
        .post_form(
            &admin,
            "/admin/users/sara/roles/revoke",
            &[("role", "system_admin"), ("scope", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&admin, "/admin/users").await.status(),
        StatusCode::OK,
        "still an administrator"
    );
    let res = app
        .post_form(
            &admin,
            "/admin/users/sara/roles",
            &[("role", ""), ("scope", "")],
        )
        .await;
    assert!(res.text().await.unwrap().contains("Roll: välj en roll."));
}
