//! The journey part of the contract suite: persons, referrals, meetings,
//! participations, entries and employers, each saved with its audit entries.

use crate::contract::organisation;
use crate::{ParticipationFilter, ReferralFilter, Store, StoreError};
use samverka_domain::association::Provider;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_domain::codes::{
    Decision, EducationLevel, EmploymentForm, ExitReason, GroupKind, IncomeSource, Obstacle,
    Occupation, ReferralStatus, Sector, Sex, StudyForm, TimeAway,
};
use samverka_domain::journey::consent::Consent;
use samverka_domain::journey::employer::{Employer, EmployerContact};
use samverka_domain::journey::entry::{Attendee, Entry, EntryBody};
use samverka_domain::journey::exit::Exit;
use samverka_domain::journey::person::{Identity, PersonInput};
use samverka_domain::journey::referral::Referral;
use samverka_domain::journey::selection::{Meeting, Proposal};
use samverka_domain::journey::stage::StagePeriod;
use samverka_domain::journey::{Baseline, Participation, Person};
use time::macros::{date, datetime};

pub(crate) fn draft(event: AuditEvent, kind: &str) -> AuditDraft {
    AuditDraft::new(
        datetime!(2026-11-22 08:00 UTC),
        Actor::system(),
        event,
        kind,
        "",
    )
}

pub(crate) async fn with_organisation(store: &dyn Store) {
    let mut changes = organisation();
    changes.providers.push(Provider {
        code: "AF-UMEA".into(),
        name: "Arbetsförmedlingen Umeå".into(),
    });
    store
        .save_organisation(&changes, &[draft(AuditEvent::OrganisationChanged, "setup")])
        .await
        .unwrap();
}

pub(crate) fn person(provider: &str, number: &str, name: &str) -> Person {
    let input = PersonInput {
        personal_number: number.into(),
        name: name.into(),
        ..PersonInput::default()
    };
    Person {
        id: 0,
        provider: provider.into(),
        identity: input.identity(date!(2026 - 11 - 22)).unwrap(),
        protected: false,
    }
}

fn referral(person_id: i64) -> Referral {
    Referral {
        id: 0,
        intervention: "NK".into(),
        person_id,
        received_on: date!(2026 - 02 - 01),
        source: "FK".into(),
        source_unit: "Sjukförsäkringen".into(),
        officer_name: "Eva".into(),
        officer_user: Some(7),
        reason: "Vill arbeta".into(),
        status: ReferralStatus::Received,
        escalated: false,
    }
}

pub(crate) fn participation(person_id: i64) -> Participation {
    Participation {
        id: 0,
        intervention: "NK".into(),
        person_id,
        referral_id: None,
        cohort_id: None,
        coach: Some(3),
        start_on: date!(2026 - 03 - 02),
        sex: Sex::Kvinna,
        birth_year: 1995,
        consent: Some(Consent {
            given_on: date!(2026 - 03 - 02),
            scope: vec!["FK".into(), "UMEA".into()],
            withdrawn_on: None,
        }),
        baseline: Baseline {
            income: vec![
                IncomeSource::Aktivitetsersattning,
                IncomeSource::Forsorjningsstod,
            ],
            occupation: Some(Occupation::IngenSysselsattning),
            education: Some(EducationLevel::Gymnasial),
            time_away: Some(TimeAway::Ar3Till5),
            municipality: "Umeå".into(),
            obstacles: vec![Obstacle::Skulder],
        },
        decisive_change: String::new(),
        referred_by: "FK".into(),
        referred_unit: "Sjukförsäkringen".into(),
        stages: vec![
            StagePeriod {
                stage: "overenskommelse".into(),
                entered_on: date!(2026 - 03 - 02),
                left_on: Some(date!(2026 - 03 - 20)),
            },
            StagePeriod {
                stage: "yrkesprofil".into(),
                entered_on: date!(2026 - 03 - 20),
                left_on: None,
            },
        ],
        exit: None,
    }
}

/// Persons: a personnummer is unique within a provider's register, not across them;
/// referrals are read by intervention, officer and person, and an empty filter reads nothing.
pub async fn journey_persons_and_referrals(store: &dyn Store) {
    with_organisation(store).await;
    let p = person("UK-SP", "19950314-0288", "Elin Öberg");
    let id = store
        .save_person(&p, &[draft(AuditEvent::PersonRegistered, "person")])
        .await
        .unwrap();
    let again = store.save_person(&p, &[]).await;
    assert!(
        matches!(again, Err(StoreError::Conflict("personnummer"))),
        "{again:?}"
    );
    store
        .save_person(&person("AF-UMEA", "19950314-0288", "Elin Öberg"), &[])
        .await
        .unwrap();
    let alias = Person {
        id: 0,
        provider: "UK-SP".into(),
        identity: Identity::Alias {
            alias: "NK-A1".into(),
            sex: Sex::Man,
            birth_year: 1980,
        },
        protected: true,
    };
    let alias_id = store.save_person(&alias, &[]).await.unwrap();
    let register = store.persons_of_provider("UK-SP").await.unwrap();
    assert_eq!(
        register,
        vec![
            Person { id, ..p.clone() },
            Person {
                id: alias_id,
                ..alias
            }
        ]
    );
    assert_eq!(store.persons(&[alias_id, 9999]).await.unwrap().len(), 1);

    let rid = store
        .save_referral(
            &referral(id),
            &[draft(AuditEvent::ReferralSaved, "referral")],
        )
        .await
        .unwrap();
    let stored = store.referral(rid).await.unwrap().unwrap();
    assert_eq!(
        stored,
        Referral {
            id: rid,
            ..referral(id)
        }
    );
    let by = |f: ReferralFilter| async move { store.referrals(&f).await.unwrap().len() };
    assert_eq!(
        by(ReferralFilter {
            interventions: vec!["NK".into()],
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        by(ReferralFilter {
            officer: Some(7),
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        by(ReferralFilter {
            officer: Some(8),
            ..Default::default()
        })
        .await,
        0
    );
    assert_eq!(
        by(ReferralFilter {
            interventions: vec!["NK".into()],
            person: Some(alias_id),
            ..Default::default()
        })
        .await,
        0
    );
    assert_eq!(by(ReferralFilter::default()).await, 0);
    let missing = store
        .save_referral(
            &Referral {
                id: 999,
                ..referral(id)
            },
            &[],
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}

/// A participation with consent, baseline, stage periods and exit reads back whole;
/// its audit entries carry its id; filters work in the database.
pub async fn journey_participation_round_trip(store: &dyn Store) {
    with_organisation(store).await;
    let pid = store
        .save_person(&person("UK-SP", "19950314-0288", "Elin Öberg"), &[])
        .await
        .unwrap();
    let mut p = participation(pid);
    let id = store
        .save_participation(
            &p,
            None,
            &[draft(AuditEvent::ParticipationEnrolled, "participation")],
        )
        .await
        .unwrap();
    p.id = id;
    assert_eq!(store.participation(id).await.unwrap().unwrap(), p);
    let filter = |coach: Option<i64>, open_only: bool| ParticipationFilter {
        interventions: vec!["NK".into()],
        coach,
        person: None,
        open_only,
        exited_since: None,
    };
    assert_eq!(
        store.participations(&filter(Some(3), true)).await.unwrap(),
        vec![p.clone()]
    );
    assert!(
        store
            .participations(&filter(Some(4), false))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .participations(&ParticipationFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    p.stages[1].left_on = Some(date!(2026 - 09 - 30));
    p.exit = Some(Exit {
        on: date!(2026 - 09 - 30),
        reason: ExitReason::Arbete,
        occupation: Some(Occupation::Arbete),
        employment_form: Some(EmploymentForm::Lonebidrag),
        extent: Some(75),
        study_form: None,
        income: vec![IncomeSource::Lon],
        analysis: String::new(),
        receiving_org: String::new(),
    });
    p.referred_by = "Arbetsförmedlingen\u{1f}Umeå\u{1e}".into();
    p.referred_unit = "Rehab\u{1e}Umeå".into();
    store
        .save_participation(
            &p,
            None,
            &[draft(AuditEvent::ParticipationExited, "participation")],
        )
        .await
        .unwrap();
    assert_eq!(store.participation(id).await.unwrap().unwrap(), p);
    assert!(
        store
            .participations(&filter(None, true))
            .await
            .unwrap()
            .is_empty(),
        "exited is not open"
    );
    let since = |day: time::Date| ParticipationFilter {
        interventions: vec!["NK".into()],
        exited_since: Some(day),
        ..ParticipationFilter::default()
    };
    assert_eq!(
        store
            .participations(&since(date!(2026 - 09 - 30)))
            .await
            .unwrap()
            .len(),
        1,
        "exited on the day counts"
    );
    assert!(
        store
            .participations(&since(date!(2026 - 10 - 01)))
            .await
            .unwrap()
            .is_empty(),
        "exited before the day does not"
    );
    let counted = store
        .participations_for_figures(&filter(None, false))
        .await
        .unwrap();
    let expected = Participation {
        person_id: 0,
        referral_id: None,
        cohort_id: None,
        consent: None,
        baseline: samverka_domain::journey::Baseline {
            income: p.baseline.income.clone(),
            ..Default::default()
        },
        decisive_change: String::new(),
        ..p.clone()
    };
    assert_eq!(
        counted,
        vec![expected],
        "figures read what they count and no more, text exactly, control characters too"
    );
    let logged = store
        .search_audit(&crate::AuditFilter {
            participation_id: Some(id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(logged.len(), 2);
    assert!(logged.iter().all(|e| e.draft.target_id == id.to_string()));
    let by_intervention = |code: &str| crate::AuditFilter {
        intervention: Some(code.into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        store
            .search_audit(&by_intervention(&p.intervention))
            .await
            .unwrap(),
        logged,
        "the intervention's participations' entries"
    );
    assert!(
        store
            .search_audit(&by_intervention("FINNS_EJ"))
            .await
            .unwrap()
            .is_empty()
    );
}

/// A meeting saves its decisions and the referrals they changed together; every
/// entry kind round-trips; employers keep their contact log newest first.
pub async fn journey_meetings_entries_employers(store: &dyn Store) {
    with_organisation(store).await;
    let pid = store
        .save_person(&person("UK-SP", "19950314-0288", "Elin Öberg"), &[])
        .await
        .unwrap();
    let rid = store.save_referral(&referral(pid), &[]).await.unwrap();
    let mut decided = store.referral(rid).await.unwrap().unwrap();
    decided.status = ReferralStatus::Accepted;
    let meeting = Meeting {
        id: 0,
        intervention: "NK".into(),
        group: GroupKind::SelectionGroup,
        held_on: date!(2026 - 02 - 10),
        attendees: vec!["FK: Eva".into()],
        proposals: vec![Proposal {
            referral_id: rid,
            decision: Decision::Accept,
            unanimous: true,
        }],
    };
    let mid = store
        .save_meeting(
            &meeting,
            &[decided.clone()],
            &[draft(AuditEvent::SelectionRecorded, "meeting")],
        )
        .await
        .unwrap();
    assert_eq!(
        store.meeting(mid).await.unwrap().unwrap(),
        Meeting { id: mid, ..meeting }
    );
    assert_eq!(store.meetings("NK").await.unwrap().len(), 1);
    assert_eq!(
        store.referral(rid).await.unwrap().unwrap().status,
        ReferralStatus::Accepted
    );

    let employer = Employer {
        id: 0,
        provider: "UK-SP".into(),
        name: "ICA Maxi Umeå".into(),
        orgnr: Some("556036-0793".into()),
        sector: Sector::Privat,
        industry: "Handel".into(),
        contact: "Växeln".into(),
    };
    let eid = store
        .save_employer(&employer, &[draft(AuditEvent::EmployerSaved, "employer")])
        .await
        .unwrap();
    assert_eq!(
        store.employers("UK-SP").await.unwrap(),
        vec![Employer {
            id: eid,
            ..employer
        }]
    );
    for (day, note) in [
        (date!(2026 - 03 - 01), "Första mötet"),
        (date!(2026 - 04 - 01), "Uppföljning"),
    ] {
        let c = EmployerContact {
            id: 0,
            employer_id: eid,
            on: day,
            note: note.into(),
            participation_id: None,
            written_by: "johanna".into(),
        };
        store
            .add_employer_contact(&c, &[draft(AuditEvent::EmployerContactAdded, "employer")])
            .await
            .unwrap();
    }
    let log = store.employer_contacts(eid).await.unwrap();
    assert_eq!(
        log.iter().map(|c| c.note.as_str()).collect::<Vec<_>>(),
        ["Uppföljning", "Första mötet"]
    );

    let id = store
        .save_participation(&participation(pid), None, &[])
        .await
        .unwrap();
    let bodies = vec![
        EntryBody::Profile {
            interests: "Lager".into(),
            abilities: "Noggrann".into(),
            needs: String::new(),
            support: String::new(),
        },
        EntryBody::PlanItem {
            goal: "Arbete".into(),
            sub_goal: "Praktik".into(),
            activity: "Besök".into(),
            responsible: "Coach".into(),
            follow_up_on: Some(date!(2026 - 05 - 01)),
            done: false,
        },
        EntryBody::MonthlyFollowUp { note: "Bra".into() },
        EntryBody::Checkpoint {
            attendees: vec![Attendee {
                organisation: "FK".into(),
                name: "Eva".into(),
                user_id: Some(7),
            }],
            note: String::new(),
            next_on: None,
        },
        EntryBody::Placement {
            employer_id: eid,
            until: None,
            hours_per_week: 20,
            tasks: "Plock".into(),
            adaptations: String::new(),
            supervisor: String::new(),
            goals: String::new(),
        },
        EntryBody::Employment {
            employer_id: eid,
            until: Some(date!(2026 - 12 - 31)),
            form: EmploymentForm::Lonebidrag,
            extent: 75,
        },
        EntryBody::Study {
            until: None,
            form: StudyForm::Komvux,
            extent: 50,
        },
        EntryBody::RehabFund {
            what: "Arbetskläder".into(),
            cost: 1200,
            motivation: "Behövs".into(),
            approved_by: Some("per".into()),
        },
        EntryBody::AfterExit {
            months: 6,
            occupation: Some(Occupation::Arbete),
            income: vec![IncomeSource::Lon],
        },
    ];
    let mut ids = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let e = Entry {
            id: 0,
            participation_id: id,
            on: date!(2026 - 03 - 10) + time::Duration::days(i as i64),
            body: body.clone(),
            written_by: "johanna".into(),
        };
        ids.push(
            store
                .save_entry(&e, &[draft(AuditEvent::EntrySaved, "entry")])
                .await
                .unwrap(),
        );
    }
    let read: Vec<EntryBody> = store
        .entries(&[id])
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert_eq!(read, bodies);
    store
        .delete_entry(ids[2], &[draft(AuditEvent::EntryDeleted, "entry")])
        .await
        .unwrap();
    assert_eq!(store.entries(&[id]).await.unwrap().len(), bodies.len() - 1);
    assert!(matches!(
        store.delete_entry(ids[2], &[]).await,
        Err(StoreError::NotFound)
    ));
}
