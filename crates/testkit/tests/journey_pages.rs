//! The journey pages over HTTP, as a Nätkraft coach uses them: a referral with the
//! duplicate question, selection and preparatory meetings, enrolment with and
//! without consent, the start page's caseload and search, cohorts that fill up,
//! the employer register, and refusals that name their field and store nothing.

use reqwest::{Client, StatusCode};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_testkit::TestApp;

/// What a form post answered.
struct Answer {
    status: StatusCode,
    location: String,
    body: String,
}

async fn post(app: &TestApp, client: &Client, path: &str, form: &[(&str, &str)]) -> Answer {
    let res = app.post_form(client, path, form).await;
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    Answer {
        status,
        location,
        body: res.text().await.unwrap(),
    }
}

/// Posts a form that must be accepted; returns where it redirects.
async fn accepted(app: &TestApp, client: &Client, path: &str, form: &[(&str, &str)]) -> String {
    let a = post(app, client, path, form).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{path}: {}", a.body);
    a.location
}

/// Posts a form that must be refused with 422; returns the page.
async fn refused(app: &TestApp, client: &Client, path: &str, form: &[(&str, &str)]) -> String {
    let a = post(app, client, path, form).await;
    assert_eq!(
        a.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{path}: {}",
        a.body
    );
    a.body
}

/// A page that must answer 200.
async fn page(app: &TestApp, client: &Client, path: &str) -> String {
    let res = app.get(client, path).await;
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

/// The id in a redirect such as `/referrals/7?saved=1`.
fn id_after(location: &str, prefix: &str) -> i64 {
    location
        .strip_prefix(prefix)
        .and_then(|rest| rest.split(['?', '/']).next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location} does not start with {prefix} and an id"))
}

fn role(role: Role, scope: Scope) -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(role, scope).unwrap()]
}

async fn coach(app: &TestApp, username: &str, intervention: &str) -> Client {
    app.logged_in(
        username,
        role(Role::Coach, Scope::Intervention(intervention.into())),
    )
    .await
}

/// The form of a new referral for an identified person, received from FK.
fn referral_form<'a>(number: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("personnummer", number),
        ("namn", name),
        ("mottagen", "2026-11-02"),
        ("kalla", "FK"),
        ("enhet", "Lokalt försäkringscenter"),
        ("handlaggare", "Eva Lind"),
        ("anledning", "Vill pröva att arbeta igen"),
    ]
}

/// An enrolment form's consent and baseline, with consent to share with FK and RVB.
fn with_consent<'a>(mut form: Vec<(&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
    form.extend([
        ("startdatum", "2026-11-16"),
        ("samtycke", "ja"),
        ("samtycke_datum", "2026-11-16"),
        ("samtycke_omfattning", "FK"),
        ("samtycke_omfattning", "RVB"),
        ("forsorjning_fore", "aktivitetsersattning"),
        ("forsorjning_fore", "forsorjningsstod"),
        ("sysselsattning_fore", "ingen_sysselsattning"),
        ("utbildningsniva", "gymnasial"),
        ("tid_utan_arbete", "3_5_ar"),
        ("kommun", "Umeå"),
    ]);
    form
}

#[tokio::test]
async fn a_coach_takes_a_referral_through_selection_to_enrolment() {
    let app = TestApp::sqlite().await;
    let partner = app
        .logged_in(
            "eva",
            role(Role::PartnerOfficer, Scope::Provider("UK-SP".into())),
        )
        .await;
    let nk = coach(&app, "johanna", "NK").await;

    // The form offers the members of SFU and the other sources.
    let form = page(&app, &nk, "/interventions/NK/referrals/new").await;
    for option in [
        r#"<option value="FK""#,
        r#"<option value="RVB""#,
        r#"<option value="UMEA""#,
        r#"<option value="eget_initiativ""#,
        r#"<option value="anhorig""#,
    ] {
        assert!(form.contains(option), "{option} offered");
    }

    // The referring officer has an account, so she can follow the referral.
    let mut form = referral_form("19900101-0017", "Elias Berglund");
    form[5] = ("handlaggare", "Eva Lind @eva");
    let location = accepted(&app, &nk, "/interventions/NK/referrals/new", &form).await;
    let first = id_after(&location, "/referrals/");
    let shown = page(&app, &nk, &location).await;
    assert!(shown.contains("Elias Berglund") && shown.contains("19900101-0017"));
    assert!(shown.contains("Mottagen") && shown.contains("Lokalt försäkringscenter"));

    // A similar name with the same birth year: the duplicate question.
    let similar = referral_form("19900202-0015", "Elias Berglunds");
    let question = refused(&app, &nk, "/interventions/NK/referrals/new", &similar).await;
    assert!(question.contains("Det finns redan en liknande person"));
    assert!(
        question.contains("Elias Berglund, född 1990 – liknande namn och samma födelseår"),
        "the similar person and why: {question}"
    );
    assert!(
        question.contains(r#"value="befintlig:1""#),
        "the first person, id 1"
    );
    assert!(
        question.contains(r#"value="Elias Berglunds""#)
            && question.contains(r#"value="19900202-0015""#),
        "typed values kept"
    );
    let mut confirmed = similar.clone();
    confirmed.push(("person", "ny"));
    let second = id_after(
        &accepted(&app, &nk, "/interventions/NK/referrals/new", &confirmed).await,
        "/referrals/",
    );
    assert!(
        page(&app, &nk, &format!("/referrals/{second}"))
            .await
            .contains("Elias Berglunds")
    );
    // Choosing the existing person refers the same person again.
    let mut same = similar.clone();
    same.push(("person", "befintlig:1"));
    let third = id_after(
        &accepted(&app, &nk, "/interventions/NK/referrals/new", &same).await,
        "/referrals/",
    );
    let third_page = page(&app, &nk, &format!("/referrals/{third}")).await;
    assert!(third_page.contains("19900101-0017") && !third_page.contains("Elias Berglunds"));

    // The list shows every referral with its status.
    let list = page(&app, &nk, "/interventions/NK/referrals").await;
    assert!(list.contains("Alla intresseanmälningar (3)"), "{list}");
    assert!(list.contains(&format!(r#"href="/referrals/{first}""#)) && list.contains("Mottagen"));

    // Received → proposed, by the button the referral page offers.
    let referral_page = page(&app, &nk, &format!("/referrals/{first}")).await;
    assert!(
        referral_page.contains(r#"value="foreslagen""#)
            && referral_page.contains(r#"value="avslagen""#)
    );
    assert!(!referral_page.contains("Skriv in</a>"), "not accepted yet");
    accepted(
        &app,
        &nk,
        &format!("/referrals/{first}/status"),
        &[("status", "foreslagen")],
    )
    .await;
    let referral_page = page(&app, &nk, &format!("/referrals/{first}")).await;
    assert!(referral_page.contains("Föreslagen"));
    assert!(
        referral_page.contains(r#"value="vantar""#),
        "proposed can wait"
    );

    // The selection group does not agree: the case goes to the preparatory group.
    let form = page(
        &app,
        &nk,
        "/interventions/NK/meetings/new?group=rekryteringsgrupp",
    )
    .await;
    assert!(form.contains("Alla parter är överens"));
    assert!(form.contains("annars går ärendet till beredningsgruppen"));
    assert!(form.contains("Elias Berglund") && form.contains(&format!(r#"name="beslut_{first}""#)));
    let decision = format!("beslut_{first}");
    let meeting = accepted(
        &app,
        &nk,
        "/interventions/NK/meetings/new?group=rekryteringsgrupp",
        &[
            ("datum", "2026-11-10"),
            ("narvarande", "FK: Eva Lind\nRVB: Per Ek"),
            (decision.as_str(), "anta"),
        ],
    )
    .await;
    let meeting_id = id_after(&meeting, "/meetings/");
    let shown = page(&app, &nk, &meeting).await;
    assert!(shown.contains("FK: Eva Lind") && shown.contains("RVB: Per Ek"));
    assert!(
        shown.contains("inte enig, till beredningsgruppen"),
        "{shown}"
    );
    let referral_page = page(&app, &nk, &format!("/referrals/{first}")).await;
    assert!(referral_page.contains("beredningsgruppen beslutar"));
    let list = page(&app, &nk, "/interventions/NK/meetings").await;
    assert!(list.contains(&format!(r#"href="/meetings/{meeting_id}""#)));

    // The preparatory group accepts.
    let form = page(
        &app,
        &nk,
        "/interventions/NK/meetings/new?group=beredningsgrupp",
    )
    .await;
    assert!(form.contains("Elias Berglund") && !form.contains("Alla parter är överens"));
    accepted(
        &app,
        &nk,
        "/interventions/NK/meetings/new?group=beredningsgrupp",
        &[
            ("datum", "2026-11-12"),
            ("narvarande", "Anna Förbund"),
            (decision.as_str(), "anta"),
        ],
    )
    .await;
    let referral_page = page(&app, &nk, &format!("/referrals/{first}")).await;
    assert!(referral_page.contains("Antagen"));
    let enrol = format!("/interventions/NK/enrol?referral={first}");
    assert!(
        referral_page.contains(&format!(r#"href="{enrol}""#)),
        "Skriv in offered"
    );

    // Enrolment with consent goes to the participation page.
    let form = page(&app, &nk, &enrol).await;
    assert!(form.contains("Skriver in Elias Berglund"));
    assert!(form.contains("Utan samtycke sparas bara kön, födelseår, datum och avslutsutfall"));
    assert!(form.contains("<legend>Dolda hinder") || form.contains("name=\"hinder\""));
    let location = accepted(&app, &nk, &enrol, &with_consent(vec![])).await;
    let participation = id_after(&location, "/participations/");
    let referral_page = page(&app, &nk, &format!("/referrals/{first}")).await;
    assert!(referral_page.contains(&format!(r#"href="/participations/{participation}""#)));
    assert!(
        !referral_page.contains(&format!(r#"href="{enrol}""#)),
        "enrolled once"
    );
    let view = app
        .services
        .participation_view(&Caller::Cli("test".into()), participation)
        .await
        .unwrap();
    assert_eq!(view.person.label(), "Elias Berglund");
    assert_eq!(view.participation.referral_id, Some(first));

    // The start page lists the caseload with the stage and the target.
    let home = page(&app, &nk, "/").await;
    assert!(home.contains("Mina deltagare"));
    assert!(home.contains(&format!(
        r#"<a href="/participations/{participation}">Elias Berglund</a>"#
    )));
    assert!(
        home.contains("<td>Överenskommelse</td>"),
        "first stage shown: {home}"
    );
    assert!(
        home.contains("Nätkraft (NK): 1 deltagare, mål 15–20 – färre än målet"),
        "caseload against the target: {home}"
    );

    // Search finds by name and by personnummer, and says when nothing matches.
    let hits = page(&app, &nk, "/search?q=berglund").await;
    assert!(
        hits.contains("Träffar (1)") && hits.contains(&format!("/participations/{participation}"))
    );
    let hits = page(&app, &nk, "/search?q=19900101-0017").await;
    assert!(hits.contains("Träffar (1)"));
    let hits = page(&app, &nk, "/search?q=Nilsson").await;
    assert!(hits.contains("Ingen deltagare matchar sökningen."));

    // The participant list counts the participant; the open referrals leave out
    // the enrolled one.
    let list = page(&app, &nk, "/interventions/NK/participants").await;
    assert!(list.contains("Pågående") && list.contains("felregistreringar räknas aldrig"));
    assert!(list.contains(&format!(r#"href="/referrals/{second}""#)));
    assert!(!list.contains(&format!(r#"href="/referrals/{first}""#)));

    // The referring partner officer sees start and stage, as consent covers FK.
    let overview = page(&app, &partner, "/").await;
    assert!(overview.contains("Mina anmälningar") && overview.contains("Elias Berglund"));
    assert!(
        overview.contains("<td>2026-11-16</td><td>Överenskommelse</td>"),
        "start and stage shared: {overview}"
    );
}

#[tokio::test]
async fn without_consent_the_participation_is_anonymous() {
    let app = TestApp::sqlite().await;
    let nk = coach(&app, "johanna", "NK").await;
    let form = page(&app, &nk, "/interventions/NK/enrol").await;
    assert!(form.contains(r#"name="personnummer""#) && form.contains(r#"name="skyddad""#));
    let enrol = [
        ("personnummer", "19950314-0288"),
        ("namn", "Linnea Öberg"),
        ("startdatum", "2026-11-16"),
        ("samtycke", "nej"),
        ("forsorjning_fore", "sjukpenning"),
        ("kommun", "Umeå"),
    ];
    let location = accepted(&app, &nk, "/interventions/NK/enrol", &enrol).await;
    let id = id_after(&location, "/participations/");
    let view = app
        .services
        .participation_view(&Caller::Cli("test".into()), id)
        .await
        .unwrap();
    assert!(view.person.is_alias(), "kept by alias only");
    assert_eq!(view.person.number_display(), None);
    assert_eq!(view.participation.birth_year, 1995);
    let stored = app.all_stored_text().await;
    for (table, text) in &stored {
        assert!(
            !text.contains("Öberg") && !text.contains("0288"),
            "{table} holds {text}"
        );
    }
    let home = page(&app, &nk, "/").await;
    assert!(home.contains(view.person.label()) && !home.contains("Linnea"));
    // With no number to show, the line under the alias still reads: sex and year,
    // intervention, start.
    let own = page(&app, &nk, &format!("/participations/{id}")).await;
    let lead = own
        .split("<p class=\"lead\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_default()
        .to_string();
    assert!(
        lead.starts_with("Kvinna 1995 · Nätkraft") && lead.contains("Start 2026-11-16"),
        "{lead}"
    );
}

#[tokio::test]
async fn a_wrong_check_digit_is_refused_naming_personnummer_and_nothing_is_stored() {
    let app = TestApp::sqlite().await;
    let nk = coach(&app, "johanna", "NK").await;
    let answer = refused(
        &app,
        &nk,
        "/interventions/NK/referrals/new",
        &referral_form("19900101-0018", "Elias Berglund"),
    )
    .await;
    assert!(
        answer.contains("Personnummer eller samordningsnummer: kontrollsiffran stämmer inte."),
        "{answer}"
    );
    assert!(answer.contains(r#"aria-invalid="true" aria-describedby="personnummer-error""#));
    assert!(
        answer.contains(r#"value="19900101-0018""#)
            && answer.contains("Vill pröva att arbeta igen")
    );
    let stored = app.all_stored_text().await;
    assert!(stored.iter().all(|(_, t)| !t.contains("Berglund")));
    let list = page(&app, &nk, "/interventions/NK/referrals").await;
    assert!(list.contains("Alla intresseanmälningar (0)"));

    // The same in a direct enrolment.
    let mut enrol = vec![
        ("personnummer", "19900101-0018"),
        ("namn", "Elias Berglund"),
    ];
    enrol = with_consent(enrol);
    let answer = refused(&app, &nk, "/interventions/NK/enrol", &enrol).await;
    assert!(answer.contains("kontrollsiffran stämmer inte"));
    assert!(
        app.all_stored_text()
            .await
            .iter()
            .all(|(_, t)| !t.contains("Berglund"))
    );
}

#[tokio::test]
async fn a_full_cohort_is_refused_and_other_interventions_are_out_of_reach() {
    let app = TestApp::sqlite().await;
    let gt = coach(&app, "karl", "GT").await;
    let nk = coach(&app, "johanna", "NK").await;

    // GT is a basprogram: its participant page links to the cohorts.
    let list = page(&app, &gt, "/interventions/GT/participants").await;
    assert!(list.contains(r#"href="/interventions/GT/cohorts""#));
    let nk_list = page(&app, &nk, "/interventions/NK/participants").await;
    assert!(
        !nk_list.contains(r#"href="/interventions/NK/cohorts""#),
        "no cohorts in NK"
    );

    let answer = refused(
        &app,
        &gt,
        "/interventions/GT/cohorts",
        &[
            ("namn", "Vår 2027"),
            ("start", "2026-12-01"),
            ("platser", "0"),
        ],
    )
    .await;
    assert!(answer.contains("Platser: antal platser ska vara 1–30, inte 0."));
    assert!(answer.contains(r#"value="Vår 2027""#));
    accepted(
        &app,
        &gt,
        "/interventions/GT/cohorts",
        &[
            ("namn", "Vår 2027"),
            ("start", "2026-12-01"),
            ("platser", "1"),
        ],
    )
    .await;
    let cohorts = page(&app, &gt, "/interventions/GT/cohorts").await;
    assert!(cohorts.contains("<strong>Vår 2027</strong>, start 2026-12-01: 0 av 1 platser tagna"));

    let form = page(&app, &gt, "/interventions/GT/enrol").await;
    assert!(
        form.contains("Vår 2027 (2026-12-01 0/1)"),
        "cohort offered: {form}"
    );
    let cohort = "1";
    let mut first = vec![
        ("personnummer", "19880705-1233"),
        ("namn", "Oskar Lind"),
        ("grupp", cohort),
    ];
    first = with_consent(first);
    accepted(&app, &gt, "/interventions/GT/enrol", &first).await;
    let mut second = vec![
        ("personnummer", "20020415-2466"),
        ("namn", "Sara Nilsson"),
        ("grupp", cohort),
    ];
    second = with_consent(second);
    let answer = refused(&app, &gt, "/interventions/GT/enrol", &second).await;
    assert!(
        answer.contains("Gruppstart: gruppen Vår 2027 är full."),
        "{answer}"
    );
    assert!(
        answer.contains(r#"value="Sara Nilsson""#),
        "typed values kept"
    );
    assert!(
        app.all_stored_text()
            .await
            .iter()
            .all(|(_, t)| !t.contains("Nilsson"))
    );
    let cohorts = page(&app, &gt, "/interventions/GT/cohorts").await;
    assert!(cohorts.contains("1 av 1 platser tagna"));

    // NK's referral, meeting and lists answer 404 to the GT coach.
    let rid = id_after(
        &accepted(
            &app,
            &nk,
            "/interventions/NK/referrals/new",
            &referral_form("19970923-3580", "Linnéa Testsson"),
        )
        .await,
        "/referrals/",
    );
    accepted(
        &app,
        &nk,
        &format!("/referrals/{rid}/status"),
        &[("status", "foreslagen")],
    )
    .await;
    let decision = format!("beslut_{rid}");
    let meeting = accepted(
        &app,
        &nk,
        "/interventions/NK/meetings/new?group=rekryteringsgrupp",
        &[
            ("datum", "2026-11-10"),
            (decision.as_str(), "anta"),
            (format!("enig_{rid}").as_str(), "ja"),
        ],
    )
    .await;
    for path in [
        "/interventions/NK/participants".to_string(),
        "/interventions/NK/referrals".to_string(),
        "/interventions/NK/referrals/new".to_string(),
        format!("/referrals/{rid}"),
        "/interventions/NK/meetings".to_string(),
        "/interventions/NK/meetings/new?group=rekryteringsgrupp".to_string(),
        meeting.clone(),
        "/interventions/NK/cohorts".to_string(),
        format!("/interventions/NK/enrol?referral={rid}"),
    ] {
        let res = app.get(&gt, &path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("Linnéa"),
            "{path} shows nothing about the person"
        );
    }
    let a = post(
        &app,
        &gt,
        &format!("/referrals/{rid}/status"),
        &[("status", "vantar")],
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = post(
        &app,
        &gt,
        "/interventions/NK/referrals/new",
        &referral_form("19900101-0018", "Fel Nummer"),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::NOT_FOUND,
        "reach is checked before the form"
    );
    // The association's officer sees Nätkraft but not its participants.
    let sfu = app
        .logged_in(
            "karin",
            role(Role::AssociationAdmin, Scope::Association("SFU".into())),
        )
        .await;
    let intervention = page(&app, &sfu, "/interventions/NK").await;
    assert!(intervention.contains("Nätkraft") && !intervention.contains("/participants"));
    let res = app.get(&sfu, "/interventions/NK/participants").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let intervention = page(&app, &nk, "/interventions/NK").await;
    assert!(intervention.contains(r#"href="/interventions/NK/participants""#));
}

#[tokio::test]
async fn the_employer_register_refuses_a_bad_orgnr_and_logs_contacts() {
    let app = TestApp::sqlite().await;
    let nk = coach(&app, "johanna", "NK").await;
    let register = page(&app, &nk, "/employers").await;
    assert!(register.contains("Register hos UK-SP"));
    assert!(register.contains(r#"href="/employers/new?provider=UK-SP""#));
    assert!(register.contains(r#"href="/employers""#) && register.contains("Arbetsgivare"));

    let bad = [
        ("namn", "Lagerhuset i Norr AB"),
        ("orgnr", "556036-0794"),
        ("sektor", "privat"),
        ("bransch", "Lager och logistik"),
    ];
    let answer = refused(&app, &nk, "/employers/new?provider=UK-SP", &bad).await;
    assert!(
        answer.contains("Organisationsnummer: ") && answer.contains("har fel kontrollsiffra"),
        "{answer}"
    );
    assert!(
        answer.contains("Organisationsnummer") && answer.contains(r#"value="Lager och logistik""#)
    );
    assert!(!page(&app, &nk, "/employers").await.contains("Lagerhuset"));

    let mut good = bad.to_vec();
    good[1] = ("orgnr", "556036-0793");
    let location = accepted(&app, &nk, "/employers/new?provider=UK-SP", &good).await;
    let id = id_after(&location, "/employers/");
    assert!(
        page(&app, &nk, "/employers")
            .await
            .contains("Lagerhuset i Norr AB")
    );

    // Change it; a bad number is refused here too and the old one is kept.
    let edit = format!("/employers/{id}/edit");
    let form = page(&app, &nk, &edit).await;
    assert!(
        form.contains(r#"value="556036-0793""#) && form.contains(r#"value="Lagerhuset i Norr AB""#)
    );
    let mut changed = good.clone();
    changed[1] = ("orgnr", "556036-0794");
    let answer = refused(&app, &nk, &edit, &changed).await;
    assert!(answer.contains("har fel kontrollsiffra"));
    changed[1] = ("orgnr", "556036-0793");
    changed[0] = ("namn", "Lagerhuset i Norr");
    accepted(&app, &nk, &edit, &changed).await;
    let shown = page(&app, &nk, &format!("/employers/{id}")).await;
    assert!(shown.contains("<h1>Lagerhuset i Norr</h1>") && shown.contains("556036-0793"));

    // A contact about one of the coach's participants.
    let mut enrol = vec![("personnummer", "19880705-1233"), ("namn", "Oskar Lind")];
    enrol = with_consent(enrol);
    let pid = id_after(
        &accepted(&app, &nk, "/interventions/NK/enrol", &enrol).await,
        "/participations/",
    );
    let shown = page(&app, &nk, &format!("/employers/{id}")).await;
    assert!(shown.contains(&format!(
        r#"<option value="{pid}">Oskar Lind (NK)</option>"#
    )));
    let contacts = format!("/employers/{id}/contacts");
    let answer = refused(
        &app,
        &nk,
        &contacts,
        &[("datum", "2026-13-01"), ("anteckning", "Ringde om praktik")],
    )
    .await;
    assert!(answer.contains("Datum") && answer.contains(r#"id="datum-error""#));
    assert!(answer.contains("Ringde om praktik"), "note kept");
    let pid_text = pid.to_string();
    accepted(
        &app,
        &nk,
        &contacts,
        &[
            ("datum", "2026-11-20"),
            ("anteckning", "Ringde om praktik"),
            ("deltagande", pid_text.as_str()),
        ],
    )
    .await;
    let shown = page(&app, &nk, &format!("/employers/{id}")).await;
    assert!(shown.contains("<strong>2026-11-20</strong> Ringde om praktik"));
    assert!(shown.contains(&format!(
        r#"gällde <a href="/participations/{pid}">Oskar Lind (NK)</a>"#
    )));

    // A GT coach's register is another provider's: NK's employer is out of reach.
    let gt = coach(&app, "karl", "GT").await;
    assert!(!page(&app, &gt, "/employers").await.contains("Lagerhuset"));
    for path in [format!("/employers/{id}"), edit.clone()] {
        assert_eq!(
            app.get(&gt, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
