//! The questionnaire part of the contract suite: an invitation found by its token's
//! hash, answers saved page by page, and the link closed once used.

use crate::contract_journey::{draft, participation, person, with_organisation};
use crate::{Store, StoreError};
use samverka_domain::audit::AuditEvent;
use samverka_domain::questionnaire::instrument::{AnswerValue, InstrumentKind};
use samverka_domain::questionnaire::invitation::Invitation;
use time::macros::date;

/// Invitations round-trip with their answers.
pub async fn questionnaire_invitations(store: &dyn Store) {
    with_organisation(store).await;
    let pid = store
        .save_person(&person("UK-SP", "19950314-0288", "Elin Öberg"), &[])
        .await
        .unwrap();
    let participation_id = store
        .save_participation(&participation(pid), None, &[])
        .await
        .unwrap();
    let mut i = Invitation::new(
        participation_id,
        ("samverka_upplevelse", 1),
        InstrumentKind::Start,
        date!(2026 - 11 - 01),
        "johanna",
    );
    i.id = store
        .add_invitation(
            &i,
            "hash-1",
            &[draft(AuditEvent::QuestionnaireSent, "questionnaire")],
        )
        .await
        .unwrap();
    assert_eq!(
        store.invitation_by_token("hash-1").await.unwrap(),
        Some(i.clone())
    );
    assert_eq!(store.invitation_by_token("hash-2").await.unwrap(), None);
    i.save_page(
        vec![
            ("livet".into(), Some(AnswerValue::Scale(4))),
            ("dagarna".into(), Some(AnswerValue::Choices(vec![3]))),
            (
                "mer".into(),
                Some(AnswerValue::Text("Tack för hjälpen".into())),
            ),
        ],
        date!(2026 - 11 - 02),
    );
    i.completed_on = Some(date!(2026 - 11 - 02));
    store
        .save_invitation(
            &i,
            &[draft(AuditEvent::QuestionnaireAnswered, "questionnaire")],
        )
        .await
        .unwrap();
    assert_eq!(
        store.invitations(&[participation_id]).await.unwrap(),
        vec![i.clone()]
    );
    assert!(
        store.add_invitation(&i, "hash-1", &[]).await.is_err(),
        "a token is used once"
    );
    let mut missing = i.clone();
    missing.id = 99_999;
    assert!(matches!(
        store.save_invitation(&missing, &[]).await,
        Err(StoreError::NotFound)
    ));
}
