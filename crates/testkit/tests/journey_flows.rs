//! The journey's less travelled paths: the duplicate question, escalation to the
//! preparatory group, full cohorts, re-enrolment, rehab-fund approval and what a
//! partner officer sees under consent.

use samverka_domain::journey::entry::{Attendee, EntryBody};
use samverka_domain::journey::input::ExitInput;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::ServiceError;
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
use samverka_service::journey::persons::PersonChoice;
use samverka_service::journey::selection::MeetingInput;
use samverka_testkit::TestApp;
use samverka_testkit::journey::{PartnerScene, enrolment, person, referral_of};
use time::macros::date;

#[tokio::test]
async fn a_similar_person_is_asked_about_and_can_be_confirmed_as_new() {
    let app = TestApp::sqlite().await;
    let roles = vec![RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap()];
    let client = app.logged_in("johanna", roles).await;
    let form = |number, name, choice| {
        vec![
            ("personnummer", number),
            ("namn", name),
            ("kalla", "FK"),
            ("mottagen", "2026-02-01"),
            ("person", choice),
        ]
    };
    let first = app
        .post_form(
            &client,
            "/interventions/NK/referrals/new",
            &form("19900101-0017", "Erik Berg", ""),
        )
        .await;
    assert_eq!(first.status(), 303);
    let again = app
        .post_form(
            &client,
            "/interventions/NK/referrals/new",
            &form("19900202-0015", "Erik Bergh", ""),
        )
        .await;
    assert_eq!(again.status(), 422, "the form comes back with the question");
    let page = again.text().await.unwrap();
    assert!(
        page.contains("Det finns redan en liknande person"),
        "{page}"
    );
    assert!(page.contains("Erik Berg, född 1990 – liknande namn och samma födelseår"));
    assert_eq!(
        app.services
            .store
            .persons_of_provider("UK-SP")
            .await
            .unwrap()
            .len(),
        1,
        "nothing stored yet"
    );
    let confirmed = app
        .post_form(
            &client,
            "/interventions/NK/referrals/new",
            &form("19900202-0015", "Erik Bergh", "ny"),
        )
        .await;
    assert_eq!(confirmed.status(), 303);
    assert_eq!(
        app.services
            .store
            .persons_of_provider("UK-SP")
            .await
            .unwrap()
            .len(),
        2
    );
    let existing = app
        .services
        .store
        .persons_of_provider("UK-SP")
        .await
        .unwrap()[0]
        .id;
    let picked = format!("befintlig:{existing}");
    let reuse = app
        .post_form(
            &client,
            "/interventions/NK/referrals/new",
            &form("", "", &picked),
        )
        .await;
    assert_eq!(reuse.status(), 303, "the existing person is referred again");
    assert_eq!(
        app.services
            .store
            .persons_of_provider("UK-SP")
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn without_agreement_the_preparatory_group_decides() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let s = &app.services;
    let rid = s
        .create_referral(
            &coach,
            "NK",
            &referral_of("19900101-0017", "Erik Berg", None),
        )
        .await
        .unwrap();
    s.move_referral(&coach, rid, "foreslagen").await.unwrap();
    let meeting = |group: &str, unanimous| MeetingInput {
        group: group.into(),
        held_on: "2026-02-10".into(),
        attendees: "FK: Eva\nAF: Omar".into(),
        decisions: vec![(rid, "anta".into(), unanimous)],
    };
    s.record_meeting(&coach, "NK", &meeting("rekryteringsgrupp", false))
        .await
        .unwrap();
    let r = s.store.referral(rid).await.unwrap().unwrap();
    assert_eq!((r.status.code(), r.escalated), ("foreslagen", true));
    let again = s
        .record_meeting(&coach, "NK", &meeting("rekryteringsgrupp", true))
        .await;
    assert!(
        matches!(again, Err(ServiceError::Invalid(e)) if e.message_key == "error.selection.not_awaiting")
    );
    s.record_meeting(&coach, "NK", &meeting("beredningsgrupp", false))
        .await
        .unwrap();
    assert_eq!(
        s.store.referral(rid).await.unwrap().unwrap().status.code(),
        "antagen"
    );
}

#[tokio::test]
async fn a_full_cohort_and_a_second_enrolment_are_refused() {
    let app = TestApp::sqlite().await;
    let gt = app.staff("amir", Role::Coach, "GT").await;
    let s = &app.services;
    let cohort = s
        .create_cohort(&gt, "GT", "Grupp 14", "2026-09-07", "1")
        .await
        .unwrap();
    let enrol = |number: &str, name: &str, start: &str| EnrolRequest {
        from: EnrolFrom::Person(PersonChoice::New {
            input: person(number, name),
            confirmed_new: true,
        }),
        coach: None,
        cohort: Some(cohort),
        input: enrolment(start, true),
    };
    let id = s
        .enrol(
            &gt,
            "GT",
            &enrol("19900101-0017", "Erik Berg", "2026-09-07"),
        )
        .await
        .unwrap();
    let full = s
        .enrol(
            &gt,
            "GT",
            &enrol("19950314-0288", "Elin Öberg", "2026-09-07"),
        )
        .await;
    assert!(
        matches!(full, Err(ServiceError::Invalid(e)) if (e.field, e.message_key) == ("grupp", "error.cohort.full"))
    );
    let mut twice = enrol("19900101-0017", "Erik Berg", "2026-10-01");
    twice.cohort = None;
    let open = s.enrol(&gt, "GT", &twice).await;
    assert!(
        matches!(open, Err(ServiceError::Invalid(e)) if e.message_key == "error.participation.already_active")
    );
    let exit = ExitInput {
        slutdatum: "2026-09-30".into(),
        avslutsorsak: "ohalsa".into(),
        sysselsattning_efter: "sjukskriven".into(),
        avslutsanalys: "Behöver vård först".into(),
        mottagande_organisation: "Psykiatrin".into(),
        ..ExitInput::default()
    };
    s.register_exit(&gt, id, &exit).await.unwrap();
    let without_change = s.enrol(&gt, "GT", &twice).await;
    assert!(
        matches!(without_change, Err(ServiceError::Invalid(e)) if e.field == "avgorande_forandring")
    );
    twice.input.avgorande_forandring = "Har nu stöd från psykiatrin och vill pröva igen.".into();
    s.enrol(&gt, "GT", &twice).await.unwrap();
}

#[tokio::test]
async fn only_the_lead_approves_rehab_fund_spending() {
    let app = TestApp::sqlite().await;
    let coach = app.staff("johanna", Role::Coach, "NK").await;
    let lead = app.staff("per", Role::InterventionLead, "NK").await;
    let s = &app.services;
    let id = app
        .enrol(
            &coach,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    let spend = EntryBody::RehabFund {
        what: "Arbetskläder".into(),
        cost: 1200,
        motivation: "Praktik på lager".into(),
        approved_by: None,
    };
    let entry = s
        .add_entry(&coach, id, date!(2026 - 04 - 01), spend)
        .await
        .unwrap();
    assert!(matches!(
        s.approve_rehab_fund(&coach, id, entry).await,
        Err(ServiceError::Forbidden)
    ));
    s.approve_rehab_fund(&lead, id, entry).await.unwrap();
    let stored = s.entry_of(&lead, id, entry).await.unwrap();
    assert!(
        matches!(stored.body, EntryBody::RehabFund { approved_by: Some(ref by), .. } if by == "per")
    );
    let unapproved = EntryBody::RehabFund {
        what: "Busskort".into(),
        cost: 800,
        motivation: "Resor till praktiken".into(),
        approved_by: None,
    };
    s.add_entry(&coach, id, date!(2026 - 05 - 04), unapproved)
        .await
        .unwrap();
    // The budget report counts approved spending only, in the years it covers.
    let scope = samverka_service::journey::report::ReportScope::Intervention("NK".into());
    let cli = samverka_service::accounts::Caller::Cli("test".into());
    let spent = |year: i32| {
        let scope = scope.clone();
        let cli = cli.clone();
        async move {
            let from = time::Date::from_calendar_date(year, time::Month::January, 1).unwrap();
            let to = time::Date::from_calendar_date(year, time::Month::December, 31).unwrap();
            s.budget_report(&cli, &scope, (from, to))
                .await
                .unwrap()
                .report
                .rehab_fund
                .spent
        }
    };
    assert_eq!(spent(2026).await, 1200);
    assert_eq!(spent(2025).await, 0);
}

#[tokio::test]
async fn a_partner_officer_sees_what_consent_shares_until_it_is_withdrawn() {
    let app = TestApp::sqlite().await;
    let PartnerScene {
        coach,
        officer: eva,
        officer_id: eva_id,
        hers: rid,
        other,
    } = app.partner_scene().await;
    let s = &app.services;
    let (refs, _) = s.partner_overview(&eva).await.unwrap();
    assert_eq!(
        refs.iter().map(|r| r.referral.id).collect::<Vec<_>>(),
        [rid],
        "only her own referral"
    );
    assert!(refs[0].shared.is_none(), "nothing shared before enrolment");
    s.move_referral(&coach, rid, "foreslagen").await.unwrap();
    let meeting = MeetingInput {
        group: "rekryteringsgrupp".into(),
        held_on: "2026-02-10".into(),
        attendees: String::new(),
        decisions: vec![(rid, "anta".into(), true)],
    };
    s.record_meeting(&coach, "NK", &meeting).await.unwrap();
    let mut input = enrolment("2026-03-02", true);
    input.samtycke_omfattning = "FK".into();
    let id = s
        .enrol(
            &coach,
            "NK",
            &EnrolRequest {
                from: EnrolFrom::Referral(rid),
                coach: None,
                cohort: None,
                input,
            },
        )
        .await
        .unwrap();
    let attendees = vec![Attendee {
        organisation: "FK".into(),
        name: "Eva Handläggare".into(),
        user_id: Some(eva_id),
    }];
    s.add_entry(
        &coach,
        id,
        date!(2026 - 04 - 01),
        EntryBody::Checkpoint {
            attendees,
            note: "Överens om praktik".into(),
            next_on: None,
        },
    )
    .await
    .unwrap();
    let (refs, meetings) = s.partner_overview(&eva).await.unwrap();
    assert_eq!(
        refs[0].shared.as_ref().map(|p| p.id),
        Some(id),
        "consent shares with FK"
    );
    assert_eq!(meetings.len(), 1);
    s.withdraw_consent(&coach, id, "2026-05-01").await.unwrap();
    let (refs, meetings) = s.partner_overview(&eva).await.unwrap();
    assert!(
        refs[0].shared.is_none() && meetings.is_empty(),
        "withdrawn consent shares nothing"
    );
    assert!(matches!(
        s.participation_view(&eva, id).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        s.referral_view(&eva, other).await,
        Err(ServiceError::NotFound)
    ));
}
