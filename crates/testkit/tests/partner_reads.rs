//! The partner officer's overview shows the persons of the officer's referrals by
//! name and personnummer: each one shown is a read in the access log (issue 20, L1).

use samverka_domain::journey::person::Identity;
use samverka_store::AuditFilter;
use samverka_testkit::TestApp;
use samverka_testkit::journey::PartnerScene;

async fn each_referral_shown_is_logged(app: TestApp) {
    let PartnerScene {
        officer: eva,
        officer_id: eva_id,
        hers,
        other,
        ..
    } = app.partner_scene().await;
    let s = &app.services;
    let (shown, _) = s.partner_overview(&eva).await.unwrap();
    assert_eq!(shown.len(), 1);
    assert!(
        matches!(&shown[0].person.identity, Identity::Number { name, .. } if name == "Elin Öberg"),
        "the page shows her name"
    );
    let logged = s
        .store
        .search_audit(&AuditFilter {
            actor_user_id: Some(eva_id),
            event_code: Some("participant_data_read".into()),
            limit: 50,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let read: Vec<(String, String, String)> = logged
        .iter()
        .map(|e| {
            let d = &e.draft;
            (
                d.target_kind.clone(),
                d.target_id.clone(),
                d.details.clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [(
            "referral".to_string(),
            hers.to_string(),
            "view=partner".to_string()
        )],
        "her referral's person is a logged read; {other} is not hers and not shown"
    );
}

#[tokio::test]
async fn each_referral_shown_to_a_partner_officer_is_logged_on_sqlite() {
    each_referral_shown_is_logged(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn each_referral_shown_to_a_partner_officer_is_logged_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        each_referral_shown_is_logged(app).await;
    }
}
