//! Break the glass: a coach who opens a participant another coach follows must
//! first state why; the reason goes to the access log with every read, and lets the
//! coach in for four hours only. The lead and the participant's own coach need none.

use reqwest::StatusCode;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_store::AuditFilter;
use samverka_testkit::TestApp;
use samverka_testkit::journey::{enrolment, person};

#[tokio::test]
async fn a_coach_states_a_reason_before_opening_a_colleagues_participant() {
    let app = TestApp::sqlite().await;
    let johanna = app.staff("johanna", Role::Coach, "NK").await;
    let id = app
        .enrol(
            &johanna,
            "NK",
            person("19880512-2242", "Sara Lindqvist"),
            enrolment("2026-03-02", true),
        )
        .await;
    let nk = |role| vec![RoleAssignment::new(role, Scope::Intervention("NK".into())).unwrap()];
    let amir = app.logged_in("amir", nk(Role::Coach)).await;
    let page = format!("/participations/{id}");

    let asked = app.get(&amir, &page).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let body = asked.text().await.unwrap();
    assert!(body.contains("Ange skäl"), "{body}");
    assert!(
        !body.contains("Lindqvist"),
        "nothing about Sara before a reason"
    );
    let sub = app.get(&amir, &format!("{page}/questionnaires")).await;
    assert_eq!(sub.status(), StatusCode::FORBIDDEN);
    assert!(
        sub.text()
            .await
            .unwrap()
            .contains("Deltagaren följs av en annan coach")
    );

    let short = app
        .post_form(&amir, &format!("{page}/reason"), &[("skal", "behöver")])
        .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("Skäl: skriv varför, med 10–500 tecken")
    );

    let reason = "Johanna är sjuk och jag håller i mötet i dag.";
    let given = app
        .post_form(&amir, &format!("{page}/reason"), &[("skal", reason)])
        .await;
    assert_eq!(given.status(), StatusCode::SEE_OTHER);
    let opened = app.get(&amir, &page).await;
    let h = opened.headers().clone();
    assert_eq!(
        h["cache-control"], "no-store",
        "pages with personal data are not cached"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(h.contains_key("referrer-policy"));
    let opened = opened.text().await.unwrap();
    assert!(opened.contains("Sara Lindqvist"));

    let logged = app
        .services
        .store
        .search_audit(&AuditFilter {
            participation_id: Some(id),
            limit: 50,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let by_amir: Vec<_> = logged
        .iter()
        .filter(|e| e.draft.actor.name == "amir")
        .collect();
    assert!(by_amir.iter().any(
        |e| e.event_code == "access_reason_given" && e.draft.reason.as_deref() == Some(reason)
    ));
    assert!(
        by_amir
            .iter()
            .any(|e| e.event_code == "participant_data_read"
                && e.draft.reason.as_deref() == Some(reason)),
        "the read carries the reason"
    );

    // Four hours later (a new login: the session has timed out by then) the door is shut.
    let amir_id = app
        .services
        .store
        .user_by_username("amir")
        .await
        .unwrap()
        .unwrap()
        .id
        .0;
    let amir_caller = samverka_service::accounts::Caller::User {
        id: amir_id,
        username: "amir".into(),
        roles: nk(Role::Coach),
    };
    assert!(
        app.services
            .check_participation_reach(&amir_caller, id)
            .await
            .is_ok()
    );
    app.clock.advance(time::Duration::hours(4));
    assert!(
        matches!(
            app.services
                .check_participation_reach(&amir_caller, id)
                .await,
            Err(samverka_service::ServiceError::ReasonRequired(_))
        ),
        "the reason lasts four hours"
    );

    let per = app.logged_in("per", nk(Role::InterventionLead)).await;
    assert!(
        app.get(&per, &page)
            .await
            .text()
            .await
            .unwrap()
            .contains("Sara Lindqvist"),
        "the lead needs no reason"
    );
}
