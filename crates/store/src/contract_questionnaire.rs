//! The questionnaire part of the contract suite: an invitation found by its token's
//! hash, answers saved page by page, and the link closed once used.

use crate::contract_journey::{draft, participation, person, with_organisation};
use crate::{Store, StoreError};
use samverka_domain::audit::AuditEvent;
use samverka_domain::questionnaire::instrument::QuestionKind;
use samverka_domain::questionnaire::instrument::{AnswerValue, InstrumentKind};
use samverka_domain::questionnaire::invitation::Invitation;
use samverka_domain::questionnaire::supplement::SupplementaryQuestion;
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
    i.supplement = vec![
        SupplementaryQuestion {
            id: 3,
            association: "SFU".into(),
            text: "Har du fått träffa en läkare?".into(),
            kind: QuestionKind::YesNo,
            valid_from: date!(2026 - 01 - 01),
            valid_to: None,
            position: 1,
            created_by: "forbund".into(),
        }
        .question(),
    ];
    let with_supplement = Invitation { id: 0, ..i.clone() };
    let supplemented_id = store
        .add_invitation(&with_supplement, "hash-3", &[])
        .await
        .unwrap();
    assert_eq!(
        store
            .invitation_by_token("hash-3")
            .await
            .unwrap()
            .unwrap()
            .supplement,
        i.supplement,
        "the questions asked are kept with the questionnaire"
    );
    i.supplement = Vec::new();
    store
        .save_invitation(
            &i,
            &[draft(AuditEvent::QuestionnaireAnswered, "questionnaire")],
        )
        .await
        .unwrap();
    let stored = store.invitations(&[participation_id]).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0], i.clone());
    assert_eq!(stored[1].id, supplemented_id);
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

/// Supplementary questions: stored, listed by association and order, and only
/// their last day and order change.
pub async fn supplementary_questions(store: &dyn Store) {
    let mut q = SupplementaryQuestion {
        id: 0,
        association: "SFU".into(),
        text: "Hur ofta träffar du din coach?".into(),
        kind: QuestionKind::Single {
            options: vec!["Varje vecka".into(), "Mer sällan".into()],
        },
        valid_from: date!(2026 - 01 - 01),
        valid_to: None,
        position: 2,
        created_by: "forbund".into(),
    };
    q.id = store
        .add_supplementary_question(
            &q,
            &[draft(
                AuditEvent::SupplementaryQuestionSaved,
                "supplementary_question",
            )],
        )
        .await
        .unwrap();
    let first = SupplementaryQuestion {
        id: 0,
        text: "Har du fått träffa en läkare?".into(),
        kind: QuestionKind::YesNo,
        position: 1,
        ..q.clone()
    };
    let first_id = store.add_supplementary_question(&first, &[]).await.unwrap();
    let other = SupplementaryQuestion {
        association: "HSF".into(),
        ..first.clone()
    };
    store.add_supplementary_question(&other, &[]).await.unwrap();
    let listed = store
        .supplementary_questions(&["SFU".into()])
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|q| q.id).collect::<Vec<_>>(),
        vec![first_id, q.id],
        "by display order, only SFU's"
    );
    assert_eq!(listed[1], q);
    q.valid_to = Some(date!(2026 - 06 - 30));
    q.position = 5;
    q.text = "Ändrad text som inte sparas".into();
    store.save_supplementary_question(&q, &[]).await.unwrap();
    let again = store
        .supplementary_questions(&["SFU".into()])
        .await
        .unwrap();
    assert_eq!(again[1].valid_to, Some(date!(2026 - 06 - 30)));
    assert_eq!(again[1].position, 5);
    assert_eq!(
        again[1].text, "Hur ofta träffar du din coach?",
        "text never changes"
    );
    assert!(store.supplementary_questions(&[]).await.unwrap().is_empty());
}

/// Anonymisation records: marked once (again is a no-op), listed; employer contacts
/// that named a participation are unlinked and emptied; freed data is purged.
pub async fn privacy_anonymisations(store: &dyn Store) {
    with_organisation(store).await;
    let pid = store
        .save_person(&person("UK-SP", "19950314-0288", "Elin Öberg"), &[])
        .await
        .unwrap();
    let id = store
        .save_participation(&participation(pid), None, &[])
        .await
        .unwrap();
    let a = crate::Anonymisation {
        participation_id: id,
        on: date!(2026 - 11 - 22),
        why: "retention".into(),
    };
    store
        .mark_anonymised(
            &a,
            &[draft(AuditEvent::ParticipationAnonymised, "participation")],
        )
        .await
        .unwrap();
    store
        .mark_anonymised(
            &crate::Anonymisation {
                why: "erasure".into(),
                ..a.clone()
            },
            &[],
        )
        .await
        .unwrap();
    assert_eq!(store.anonymisations().await.unwrap(), vec![a]);
    assert_eq!(store.forget_employer_contacts(id, &[]).await.unwrap(), 0);
    store.purge_freed().await.unwrap();
}
