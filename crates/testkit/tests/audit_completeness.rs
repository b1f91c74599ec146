//! Every page and API operation that shows personal data leaves an access-log
//! entry: the test opens each one (as the lead, the auditor or the partner officer
//! who may see it) and checks that the log grew with a read naming what was read.

use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_store::AuditFilter;
use samverka_testkit::TestApp;

/// The events that record a read of personal data.
const READS: [&str; 5] = [
    "participant_data_read",
    "questionnaire_read",
    "audit_log_read",
    "audit_log_exported",
    "register_extract_made",
];

async fn newest_seq(app: &TestApp) -> i64 {
    app.services
        .store
        .search_audit(&AuditFilter {
            limit: 1,
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.seq)
}

#[tokio::test]
async fn every_read_of_personal_data_is_logged() {
    let app = TestApp::sqlite().await;
    app.with_one_participant().await;
    let r = |role, scope| vec![RoleAssignment::new(role, scope).unwrap()];
    let lead = app
        .logged_in(
            "per",
            r(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let auditor = app
        .logged_in("ingrid", r(Role::Auditor, Scope::Installation))
        .await;
    let reads: Vec<(&reqwest::Client, &str)> = vec![
        (&lead, "/search?q=Öberg"),
        (&lead, "/interventions/NK/participants"),
        (&lead, "/interventions/NK/referrals"),
        (&lead, "/referrals/1"),
        (&lead, "/meetings/1"),
        (&lead, "/participations/1"),
        (&lead, "/participations/1/questionnaires"),
        (&lead, "/interventions/NK/enrol?referral=1"),
        (&lead, "/api/v1/search?q=Öberg"),
        (&lead, "/api/v1/interventions/NK/participations"),
        (&lead, "/api/v1/interventions/NK/referrals"),
        (&lead, "/api/v1/referrals/1"),
        (&lead, "/api/v1/meetings/1"),
        (&lead, "/api/v1/participations/1"),
        (&auditor, "/audit"),
        (&auditor, "/audit/export"),
    ];
    let mut unlogged = Vec::new();
    for (client, path) in reads {
        let before = newest_seq(&app).await;
        let res = app.get(client, path).await;
        assert!(res.status().is_success(), "{path}: {}", res.status());
        let logged = app
            .services
            .store
            .search_audit(&AuditFilter {
                limit: 1_000,
                ..AuditFilter::default()
            })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.seq > before && READS.contains(&e.event_code.as_str()))
            .count();
        if logged == 0 {
            unlogged.push(path);
        }
    }
    let extract = app
        .post_form(
            &lead,
            "/participations/1/extract",
            &[("skal", "Personen begärde ett utdrag."), ("format", "json")],
        )
        .await;
    assert!(extract.status().is_success());
    assert_eq!(
        unlogged,
        Vec::<&str>::new(),
        "reads without an access-log entry"
    );
}
