//! The journey's privacy and figure rules, checked against a real database:
//! reach stops at the intervention, anonymous participations keep no name or
//! number anywhere, registration errors count nowhere, and every read is logged.

use samverka_domain::Role;
use samverka_domain::journey::input::ExitInput;
use samverka_domain::journey::person::PersonInput;
use samverka_service::ServiceError;
use samverka_service::accounts::Caller;
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
use samverka_service::journey::persons::PersonChoice;
use samverka_service::journey::referrals::ReferralInput;
use samverka_service::journey::selection::MeetingInput;
use samverka_store::AuditFilter;
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};

#[tokio::test]
async fn a_coach_of_another_intervention_gets_not_found() {
    let app = TestApp::sqlite().await;
    let nk = app.staff("johanna", Role::Coach, "NK").await;
    let gt = app.staff("amir", Role::Coach, "GT").await;
    let id = app
        .enrol(
            &nk,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    assert!(app.services.participation_view(&nk, id).await.is_ok());
    let refused = [
        app.services.participation_view(&gt, id).await.err(),
        app.services
            .move_stage(&gt, id, "yrkesprofil", "")
            .await
            .err(),
        app.services
            .register_exit(&gt, id, &ExitInput::default())
            .await
            .err(),
        app.services.participants_of(&gt, "NK").await.err(),
    ];
    for e in refused {
        assert!(matches!(e, Some(ServiceError::NotFound)), "{e:?}");
    }
    let found = app
        .services
        .search_participants(&gt, "Öberg")
        .await
        .unwrap();
    assert!(
        found.is_empty(),
        "search stays inside the coach's interventions"
    );
    assert_eq!(
        app.services
            .search_participants(&nk, "öberg")
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_anonymous_participation_keeps_no_name_or_number_anywhere() {
    let app = TestApp::sqlite().await;
    let nk = app.staff("johanna", Role::Coach, "NK").await;
    let cli = Caller::Cli("test".into());
    let referral = ReferralInput {
        person: PersonChoice::New {
            input: person("19880705-1233", "Mikael Isaksson"),
            confirmed_new: false,
        },
        received_on: "2026-09-01".into(),
        source: "RVB".into(),
        source_unit: "Psykiatriska mottagningen".into(),
        officer_name: "Karin Lund".into(),
        officer_user: None,
        reason: "Mikael vill pröva arbete efter lång sjukskrivning".into(),
    };
    let rid = app
        .services
        .create_referral(&nk, "NK", &referral)
        .await
        .unwrap();
    app.services
        .move_referral(&nk, rid, "foreslagen")
        .await
        .unwrap();
    let meeting = MeetingInput {
        group: "rekryteringsgrupp".into(),
        held_on: "2026-09-10".into(),
        attendees: "FK: Eva\nRVB: Karin".into(),
        decisions: vec![(rid, "anta".into(), true)],
    };
    app.services
        .record_meeting(&cli, "NK", &meeting)
        .await
        .unwrap();
    let req = EnrolRequest {
        from: EnrolFrom::Referral(rid),
        coach: None,
        cohort: None,
        input: enrolment("2026-09-15", false),
    };
    let id = app.services.enrol(&nk, "NK", &req).await.unwrap();

    let view = app.services.participation_view(&nk, id).await.unwrap();
    assert!(view.participation.is_anonymous());
    assert!(view.person.is_alias(), "the person is known only by alias");
    assert_eq!(
        view.participation.baseline.municipality, "",
        "no baseline kept"
    );
    for (table, text) in app.all_stored_text().await {
        for secret in [
            "Mikael",
            "Isaksson",
            "198807051233",
            "8807051233",
            "880705-1233",
        ] {
            assert!(!text.contains(secret), "{secret} found in {table}");
        }
    }
}

#[tokio::test]
async fn a_registration_error_vanishes_from_figures_and_lists() {
    let app = TestApp::sqlite().await;
    let nk = app.staff("johanna", Role::Coach, "NK").await;
    let a = app
        .enrol(
            &nk,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    let b = app
        .enrol(
            &nk,
            "NK",
            person("20020415-2466", "Saga Nordin"),
            enrolment("2026-04-01", true),
        )
        .await;
    let before = app
        .services
        .participants_of(&nk, "NK")
        .await
        .unwrap()
        .counts;
    assert_eq!(before.active, 2);
    let exit = ExitInput {
        slutdatum: "2026-04-02".into(),
        avslutsorsak: "felregistrering".into(),
        ..ExitInput::default()
    };
    app.services.register_exit(&nk, b, &exit).await.unwrap();
    let after = app
        .services
        .participants_of(&nk, "NK")
        .await
        .unwrap()
        .counts;
    assert_eq!(
        (after.active, after.exited, after.exited_to_work_or_studies),
        (1, 0, 0)
    );
    let caseload = app.services.caseload(&nk).await.unwrap();
    let ids: Vec<i64> = caseload.rows.iter().map(|r| r.participation.id).collect();
    assert_eq!(ids, [a]);
    assert_eq!(caseload.targets[0].active, 1);
}

#[tokio::test]
async fn every_read_of_a_participation_is_in_the_access_log() {
    let app = TestApp::sqlite().await;
    let nk = app.staff("johanna", Role::Coach, "NK").await;
    let id = app
        .enrol(
            &nk,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    let store = app.services.store.clone();
    let reads = |n: usize| {
        let store = store.clone();
        async move {
            let filter = AuditFilter {
                participation_id: Some(id),
                event_code: Some("participant_data_read".into()),
                limit: 100,
                ..AuditFilter::default()
            };
            let found = store.search_audit(&filter).await.unwrap();
            assert_eq!(found.len(), n);
            found
        }
    };
    reads(0).await;
    app.services.participation_view(&nk, id).await.unwrap();
    app.services.caseload(&nk).await.unwrap();
    app.services.search_participants(&nk, "Elin").await.unwrap();
    let entries = reads(3).await;
    let views: Vec<&str> = entries.iter().map(|e| e.draft.details.as_str()).collect();
    assert_eq!(
        views,
        ["view=search", "view=caseload", "view=participation"]
    );
    assert!(entries.iter().all(|e| e.draft.actor.name == "johanna"));
    for e in &entries {
        assert!(!e.draft.details.contains("Elin"), "no names in the log");
    }
}

#[tokio::test]
async fn invalid_enrolment_and_exit_store_nothing() {
    let app = TestApp::sqlite().await;
    let nk = app.staff("johanna", Role::Coach, "NK").await;
    let bad_number = PersonInput {
        personal_number: "19950314-0289".into(),
        name: "Elin".into(),
        ..PersonInput::default()
    };
    let req = EnrolRequest {
        from: EnrolFrom::Person(PersonChoice::New {
            input: bad_number,
            confirmed_new: true,
        }),
        coach: None,
        cohort: None,
        input: enrolment("2026-03-02", true),
    };
    match app.services.enrol(&nk, "NK", &req).await {
        Err(ServiceError::Invalid(e)) => assert_eq!(
            (e.field, e.message_key),
            ("personnummer", "error.personal_number.check_digit")
        ),
        other => panic!("{other:?}"),
    }
    let mut unknown = enrolment("2026-03-02", true);
    unknown.sysselsattning_fore = "jobb".into();
    let req = EnrolRequest {
        from: EnrolFrom::Person(PersonChoice::New {
            input: person("19950314-0288", "Elin Öberg"),
            confirmed_new: true,
        }),
        coach: None,
        cohort: None,
        input: unknown,
    };
    match app.services.enrol(&nk, "NK", &req).await {
        Err(ServiceError::Invalid(e)) => assert_eq!(e.field, "sysselsattning_fore"),
        other => panic!("{other:?}"),
    }
    assert!(
        app.services
            .participants_of(&nk, "NK")
            .await
            .unwrap()
            .rows
            .is_empty()
    );
    assert!(
        app.services
            .store
            .persons_of_provider("UK-SP")
            .await
            .unwrap()
            .is_empty(),
        "no person left behind"
    );

    let id = app
        .enrol(
            &nk,
            "NK",
            person("19950314-0288", "Elin Öberg"),
            enrolment("2026-03-02", true),
        )
        .await;
    let early = ExitInput {
        slutdatum: "2026-01-01".into(),
        avslutsorsak: "arbete".into(),
        sysselsattning_efter: "arbete".into(),
        ..ExitInput::default()
    };
    match app.services.register_exit(&nk, id, &early).await {
        Err(ServiceError::Invalid(e)) => assert_eq!(
            (e.field, e.message_key),
            ("slutdatum", "error.exit.before_start")
        ),
        other => panic!("{other:?}"),
    }
    let too_much = ExitInput {
        slutdatum: "2026-09-30".into(),
        omfattning_procent: "130".into(),
        ..early
    };
    match app.services.register_exit(&nk, id, &too_much).await {
        Err(ServiceError::Invalid(e)) => assert_eq!(e.field, "omfattning_procent"),
        other => panic!("{other:?}"),
    }
    assert!(
        app.services
            .participation_view(&nk, id)
            .await
            .unwrap()
            .participation
            .exit
            .is_none()
    );
}
