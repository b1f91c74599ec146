//! The economy part of the contract suite: budget lines with tertials, the
//! association's lines, and payments planned, certified and released.

use crate::contract_journey::{draft, with_organisation};
use crate::{Store, StoreError};
use samverka_domain::audit::AuditEvent;
use samverka_domain::codes::{AssociationLineKind, BudgetCategory, BudgetType};
use samverka_domain::estimate::EstimateParameters;
use samverka_domain::import::association_row::AssociationLine;
use samverka_domain::import::budget_row::BudgetLine;
use samverka_domain::payment::Payment;
use time::macros::date;

/// Economy lines and payments round-trip, and a half-year is paid once.
pub async fn economy_lines_and_payments(store: &dyn Store) {
    with_organisation(store).await;
    let line = BudgetLine {
        id: 0,
        intervention: "NK".into(),
        year: 2013,
        category: BudgetCategory::Personal,
        post: "SE-handledare 1".into(),
        budget_type: BudgetType::Insatskostnad,
        financier: None,
        amount: 415_296,
        outcome: Some(270_000),
        tertials: [Some(130_000), Some(140_000), None],
    };
    store
        .save_budget_lines(
            std::slice::from_ref(&line),
            &[draft(AuditEvent::BudgetImported, "intervention")],
        )
        .await
        .unwrap();
    let read = store.budget_lines(&["NK".into()]).await.unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(
        BudgetLine {
            id: 0,
            ..read[0].clone()
        },
        line
    );

    let own = AssociationLine {
        id: 0,
        association: "SFU".into(),
        year: 2013,
        kind: AssociationLineKind::Personal,
        post: "Förbundschef".into(),
        financier: None,
        amount: 700_000,
        outcome: None,
    };
    store
        .save_association_lines(
            std::slice::from_ref(&own),
            &[draft(AuditEvent::AssociationEconomyImported, "association")],
        )
        .await
        .unwrap();
    let read = store.association_lines(&["SFU".into()]).await.unwrap();
    assert_eq!(
        AssociationLine {
            id: 0,
            ..read[0].clone()
        },
        own
    );

    let mut p = Payment::plan("NK", (2013, 1, 400_000), (2006, Some(2013)), "karin").unwrap();
    p.id = store
        .save_payment(&p, &[draft(AuditEvent::PaymentPlanned, "payment")])
        .await
        .unwrap();
    p.certify(
        "per",
        date!(2013 - 07 - 02),
        "Medlen har använts enligt ansökan.",
    )
    .unwrap();
    store
        .save_payment(&p, &[draft(AuditEvent::CertificateRecorded, "payment")])
        .await
        .unwrap();
    p.release("karin", date!(2013 - 07 - 05)).unwrap();
    store
        .save_payment(&p, &[draft(AuditEvent::PaymentReleased, "payment")])
        .await
        .unwrap();
    assert_eq!(
        store.payments(&["NK".into()]).await.unwrap(),
        vec![p.clone()]
    );
    let twice = Payment::plan("NK", (2013, 1, 1), (2006, Some(2013)), "karin").unwrap();
    assert!(matches!(
        store
            .save_payment(&twice, &[draft(AuditEvent::PaymentPlanned, "payment")])
            .await,
        Err(StoreError::Conflict(_))
    ));
    let logged = store
        .search_audit(&crate::AuditFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    let on_payment: Vec<_> = logged
        .iter()
        .filter(|e| e.draft.target_kind == "payment")
        .collect();
    assert_eq!(
        on_payment.len(),
        3,
        "planned, certified, released; the conflict logs nothing"
    );
    assert!(
        on_payment
            .iter()
            .all(|e| e.draft.target_id == p.id.to_string())
    );

    assert_eq!(store.estimate_parameters("SFU").await.unwrap(), None);
    let mut assumptions = EstimateParameters {
        association: "SFU".into(),
        cost_per_person_year: 230_000,
        years: 1,
        includes: "Försörjningsstöd, ersättningar och vård".into(),
    };
    for years in [1, 2] {
        assumptions.years = years;
        store
            .save_estimate_parameters(
                &assumptions,
                &[draft(AuditEvent::EstimateParametersSaved, "association")],
            )
            .await
            .unwrap();
    }
    assert_eq!(
        store.estimate_parameters("SFU").await.unwrap(),
        Some(assumptions),
        "saved twice, kept once"
    );
}
