//! The contract suite: every backend must pass these, unchanged.
//! A backend's test file calls [`crate::contract_suite!`] with a function that
//! returns a fresh, migrated, empty store (or `None` to skip with a notice).

pub use crate::contract_anchor::*;
pub use crate::contract_cancel::*;
pub use crate::contract_economy::*;
pub use crate::contract_journey::*;
pub use crate::contract_questionnaire::*;
use crate::maintenance::checksums;
use crate::schema::{TABLES, Value};
use crate::{
    AuditFilter, FailedLogin, NewSession, NewUser, OrganisationChanges, Store, StoreError,
};
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent, ChainVerifier};
use samverka_domain::throttle::RecentFailures;
use samverka_domain::{Role, RoleAssignment, Scope, UserId, Username};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-11-22 08:00 UTC);

fn draft(event: AuditEvent, target: impl ToString) -> AuditDraft {
    AuditDraft::new(T0, Actor::system(), event, "user", target)
}

fn new_user(name: &str) -> NewUser {
    NewUser {
        username: Username::parse(name).unwrap(),
        display_name: format!("Namn {name}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        created_at: T0,
    }
}

async fn add_user(store: &dyn Store, name: &str, roles: &[RoleAssignment]) -> UserId {
    store
        .create_user(
            &new_user(name),
            roles,
            &draft(AuditEvent::UserCreated, name),
        )
        .await
        .unwrap()
        .id
}

fn coach(code: &str) -> RoleAssignment {
    RoleAssignment::new(Role::Coach, Scope::Intervention(code.into())).unwrap()
}

/// Checks the whole audit chain, entry by entry; returns how many entries it holds.
pub(crate) async fn verify_chain(store: &dyn Store) -> u64 {
    let mut v = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = store.audit_page(after, 2).await.unwrap();
        if page.is_empty() {
            return v.checked();
        }
        for e in &page {
            v.check(e).unwrap();
            after = e.seq;
        }
    }
}

/// Creating an account stores it, its roles and one audit entry.
pub async fn users_create_and_find(store: &dyn Store) {
    let id = add_user(store, "anna.l", &[coach("NK")]).await;
    let by_id = store.user_by_id(id).await.unwrap().unwrap();
    assert_eq!(by_id.username, "anna.l");
    assert_eq!(by_id.display_name, "Namn anna.l");
    assert!(!by_id.disabled);
    assert_eq!(by_id.created_at, T0);
    assert_eq!(store.user_by_username("anna.l").await.unwrap(), Some(by_id));
    assert_eq!(store.user_by_username("nobody").await.unwrap(), None);
    assert_eq!(store.user_by_id(UserId(9999)).await.unwrap(), None);
    assert_eq!(store.roles_of(id).await.unwrap(), vec![coach("NK")]);
    add_user(store, "bo", &[]).await;
    let names: Vec<_> = store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, ["anna.l", "bo"]);
    assert_eq!(verify_chain(store).await, 2);
}

/// A taken login name is a conflict, and nothing is written.
pub async fn users_duplicate_name_conflicts(store: &dyn Store) {
    add_user(store, "anna.l", &[]).await;
    let err = store
        .create_user(
            &new_user("anna.l"),
            &[],
            &draft(AuditEvent::UserCreated, "x"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("username")), "{err:?}");
    assert_eq!(store.list_users().await.unwrap().len(), 1);
    assert_eq!(verify_chain(store).await, 1);
}

/// Roles that may not be combined are refused inside the transaction.
pub async fn users_role_combination_enforced(store: &dyn Store) {
    let admin =
        RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap();
    let err = store
        .create_user(
            &new_user("eva"),
            &[admin.clone(), coach("NK")],
            &draft(AuditEvent::UserCreated, "eva"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");
    assert!(store.user_by_username("eva").await.unwrap().is_none());
    let id = add_user(store, "eva", &[admin]).await;
    let err = store
        .grant_role(id, &coach("NK"), &draft(AuditEvent::RoleGranted, id))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)), "{err:?}");
    assert_eq!(store.roles_of(id).await.unwrap().len(), 1);
    assert_eq!(verify_chain(store).await, 1);
}

/// Granting and revoking roles.
pub async fn users_grant_and_revoke(store: &dyn Store) {
    let id = add_user(store, "anna.l", &[]).await;
    store
        .grant_role(id, &coach("NK"), &draft(AuditEvent::RoleGranted, id))
        .await
        .unwrap();
    store
        .grant_role(id, &coach("GT"), &draft(AuditEvent::RoleGranted, id))
        .await
        .unwrap();
    store
        .grant_role(id, &coach("GT"), &draft(AuditEvent::RoleGranted, id))
        .await
        .unwrap();
    assert_eq!(store.roles_of(id).await.unwrap().len(), 2);
    let gt = store
        .assigned_in(&[samverka_domain::Scope::Intervention("GT".into())])
        .await
        .unwrap();
    assert_eq!(gt.len(), 1);
    assert_eq!((gt[0].0.id, &gt[0].1), (id, &coach("GT")));
    assert!(store.assigned_in(&[]).await.unwrap().is_empty());
    let names = store.display_names(&[id.0, 999_999]).await.unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].0, id.0);
    assert!(
        store
            .revoke_role(id, &coach("NK"), &draft(AuditEvent::RoleRevoked, id))
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_role(id, &coach("NK"), &draft(AuditEvent::RoleRevoked, id))
            .await
            .unwrap()
    );
    assert_eq!(store.roles_of(id).await.unwrap(), vec![coach("GT")]);
    let err = store
        .grant_role(
            UserId(4242),
            &coach("NK"),
            &draft(AuditEvent::RoleGranted, 4242),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

/// Disabling an account and changing its password end its sessions.
pub async fn users_disable_and_password(store: &dyn Store) {
    let id = add_user(store, "anna.l", &[]).await;
    let session = store
        .create_session(
            &new_session(id, "t1"),
            &draft(AuditEvent::LoginSucceeded, id),
        )
        .await
        .unwrap();
    store
        .set_password_hash(id, "$argon2id$new", &draft(AuditEvent::PasswordReset, id))
        .await
        .unwrap();
    assert_eq!(
        store.user_by_id(id).await.unwrap().unwrap().password_hash,
        "$argon2id$new"
    );
    assert!(
        store
            .session_by_token(&session.token_hash)
            .await
            .unwrap()
            .is_none()
    );
    store
        .create_session(
            &new_session(id, "t2"),
            &draft(AuditEvent::LoginSucceeded, id),
        )
        .await
        .unwrap();
    store
        .set_user_disabled(id, true, &draft(AuditEvent::UserDisabled, id))
        .await
        .unwrap();
    assert!(store.user_by_id(id).await.unwrap().unwrap().disabled);
    assert!(store.sessions_of(id).await.unwrap().is_empty());
    store
        .set_user_disabled(id, false, &draft(AuditEvent::UserEnabled, id))
        .await
        .unwrap();
    assert!(!store.user_by_id(id).await.unwrap().unwrap().disabled);
    let err = store
        .set_user_disabled(UserId(4242), true, &draft(AuditEvent::UserDisabled, 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    let err = store
        .set_password_hash(UserId(4242), "x", &draft(AuditEvent::PasswordReset, 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    assert_eq!(verify_chain(store).await, 6);
}

/// TOTP enrolment and one use per step.
pub async fn users_totp(store: &dyn Store) {
    let id = add_user(store, "anna.l", &[]).await;
    store
        .set_totp_secret(
            id,
            Some("JBSWY3DPEHPK3PXP"),
            &draft(AuditEvent::TotpEnrolled, id),
        )
        .await
        .unwrap();
    let user = store.user_by_id(id).await.unwrap().unwrap();
    assert_eq!(user.totp_secret.as_deref(), Some("JBSWY3DPEHPK3PXP"));
    assert!(store.use_totp_step(id, 100).await.unwrap());
    assert!(!store.use_totp_step(id, 100).await.unwrap());
    assert!(!store.use_totp_step(id, 99).await.unwrap());
    assert!(store.use_totp_step(id, 101).await.unwrap());
    assert_eq!(
        store.user_by_id(id).await.unwrap().unwrap().totp_last_step,
        Some(101)
    );
    store
        .set_totp_secret(id, None, &draft(AuditEvent::TotpRemoved, id))
        .await
        .unwrap();
    let user = store.user_by_id(id).await.unwrap().unwrap();
    assert_eq!((user.totp_secret, user.totp_last_step), (None, None));
    let err = store
        .set_totp_secret(UserId(4242), None, &draft(AuditEvent::TotpRemoved, 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
}

fn new_session(user: UserId, token: &str) -> NewSession {
    NewSession {
        token_hash: format!("hash-{token}"),
        user_id: user,
        created_at: T0,
        second_factor_done: false,
        client: "Firefox".into(),
    }
}

/// Sessions: create, find, touch, second factor, list, end, expire.
pub async fn sessions_lifecycle(store: &dyn Store) {
    let id = add_user(store, "anna.l", &[]).await;
    let other = add_user(store, "bo", &[]).await;
    let s1 = store
        .create_session(
            &new_session(id, "a"),
            &draft(AuditEvent::LoginSucceeded, id),
        )
        .await
        .unwrap();
    assert_eq!(s1.user_id, id);
    assert!(!s1.second_factor_done);
    assert_eq!(
        store.session_by_token("hash-a").await.unwrap(),
        Some(s1.clone())
    );
    store
        .touch_session(s1.id, T0 + Duration::minutes(5))
        .await
        .unwrap();
    store
        .complete_second_factor(s1.id, &draft(AuditEvent::SecondFactorPassed, id))
        .await
        .unwrap();
    let s1 = store.session_by_token("hash-a").await.unwrap().unwrap();
    assert_eq!(s1.last_seen_at, T0 + Duration::minutes(5));
    assert!(s1.second_factor_done);
    let mut later = new_session(id, "b");
    later.created_at = T0 + Duration::minutes(1);
    let s2 = store
        .create_session(&later, &draft(AuditEvent::LoginSucceeded, id))
        .await
        .unwrap();
    let listed: Vec<_> = store
        .sessions_of(id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, [s2.id, s1.id]);
    assert!(
        !store.end_session(other, s2.id, None).await.unwrap(),
        "another account's session"
    );
    assert!(
        store
            .end_session(id, s2.id, Some(&draft(AuditEvent::SessionRevoked, s2.id)))
            .await
            .unwrap()
    );
    assert!(store.session_by_token("hash-b").await.unwrap().is_none());
    let removed = store
        .delete_expired_sessions(T0 + Duration::minutes(6), T0 - Duration::hours(12))
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert!(store.sessions_of(id).await.unwrap().is_empty());
    assert_eq!(verify_chain(store).await, 6);
}

/// Failed logins are counted per name and per address, and cleared per name.
pub async fn failed_logins_counted(store: &dyn Store) {
    let fail = |min: i64, user: &str, addr: &str| FailedLogin {
        at: T0 + Duration::minutes(min),
        username: user.into(),
        address: addr.into(),
    };
    for (m, u, a) in [
        (0, "anna", "10.0.0.1"),
        (1, "anna", "10.0.0.2"),
        (2, "bo", "10.0.0.1"),
        (3, "anna", "10.0.0.1"),
    ] {
        store
            .record_failed_login(&fail(m, u, a), &draft(AuditEvent::LoginFailed, u))
            .await
            .unwrap();
    }
    let s = store.recent_failures("anna", "10.0.0.1", T0).await.unwrap();
    assert_eq!(
        s.counts,
        RecentFailures {
            account: 3,
            address: 3
        }
    );
    assert_eq!(s.last_at, Some(T0 + Duration::minutes(3)));
    let s = store
        .recent_failures("anna", "10.0.0.1", T0 + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(
        s.counts,
        RecentFailures {
            account: 1,
            address: 2
        }
    );
    store.clear_failures("anna").await.unwrap();
    let s = store.recent_failures("anna", "10.0.0.9", T0).await.unwrap();
    assert_eq!((s.counts, s.last_at), (RecentFailures::default(), None));
    assert_eq!(
        store
            .recent_failures("bo", "x", T0)
            .await
            .unwrap()
            .counts
            .account,
        1
    );
    assert_eq!(verify_chain(store).await, 4);
}

/// The log is a gap-free hash chain that can be paged and searched.
pub async fn audit_append_page_and_search(store: &dyn Store) {
    for i in 0..5 {
        let mut d = draft(
            if i % 2 == 0 {
                AuditEvent::AuditLogRead
            } else {
                AuditEvent::Logout
            },
            i,
        );
        d.at = T0 + Duration::minutes(i);
        d.actor = Actor {
            user_id: Some(7),
            name: "anna.l".into(),
        };
        d.participation_id = (i == 3).then_some(42);
        d.reason = (i == 3).then(|| "uppföljning".to_string());
        let e = store.append_audit(&d).await.unwrap();
        assert_eq!(e.seq, i + 1);
        assert_eq!(e.draft, d);
    }
    assert_eq!(verify_chain(store).await, 5);
    let page = store.audit_page(2, 2).await.unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 4]);
    let all = store
        .search_audit(&AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [5, 4, 3, 2, 1]
    );
    let by = |f: AuditFilter| {
        let f = if f.limit == 0 {
            AuditFilter { limit: 100, ..f }
        } else {
            f
        };
        async move {
            store
                .search_audit(&f)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.seq)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        by(AuditFilter {
            participation_id: Some(42),
            ..Default::default()
        })
        .await,
        [4]
    );
    assert_eq!(
        by(AuditFilter {
            event_code: Some("logout".into()),
            ..Default::default()
        })
        .await,
        [4, 2]
    );
    assert_eq!(
        by(AuditFilter {
            actor_user_id: Some(8),
            ..Default::default()
        })
        .await,
        Vec::<i64>::new()
    );
    let window = AuditFilter {
        from: Some(T0 + Duration::minutes(1)),
        until: Some(T0 + Duration::minutes(3)),
        ..Default::default()
    };
    assert_eq!(by(window).await, [3, 2]);
    assert_eq!(
        by(AuditFilter {
            before_seq: Some(3),
            limit: 1,
            ..Default::default()
        })
        .await,
        [2]
    );
}

/// Appends from many tasks at once still form one unbroken chain.
pub async fn audit_concurrent_appends_keep_chain(store: &dyn Store) {
    let drafts: Vec<_> = (0..40)
        .map(|i| draft(AuditEvent::AuditLogRead, i))
        .collect();
    let results =
        futures_util::future::join_all(drafts.iter().map(|d| store.append_audit(d))).await;
    for r in results {
        r.unwrap();
    }
    assert_eq!(verify_chain(store).await, 40);
    // A list read logs many entries in one transaction; the chain goes on unbroken,
    // also across the many-rows-per-statement boundary.
    let list: Vec<_> = (0..150)
        .map(|i| draft(AuditEvent::ParticipantDataRead, i))
        .collect();
    store.append_audits(&list).await.unwrap();
    store.append_audits(&[]).await.unwrap();
    store.append_audit(&list[0]).await.unwrap();
    assert_eq!(verify_chain(store).await, 191);
}

/// Health check, emptiness, paging of tables and checksums.
pub async fn maintenance_tables_and_checksums(store: &dyn Store) {
    store.ping().await.unwrap();
    assert!(store.is_empty().await.unwrap());
    let empty = checksums(store).await.unwrap();
    assert_eq!(empty.len(), TABLES.len());
    assert!(empty.iter().all(|c| c.rows == 0));
    let id = add_user(store, "anna.l", &[coach("NK")]).await;
    add_user(store, "bo", &[]).await;
    assert!(!store.is_empty().await.unwrap());
    let users = &TABLES[0];
    let rows = store.table_page(users, None, 10).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], Value::Int(id.0));
    assert_eq!(rows[0][1], Value::Text("anna.l".into()));
    assert_eq!(rows[0][4], Value::Bool(false));
    assert_eq!(rows[0][5], Value::Null);
    assert_eq!(
        store.table_page(users, Some(id.0), 10).await.unwrap().len(),
        1
    );
    let sums = checksums(store).await.unwrap();
    let rows = |t: &str| sums.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(
        (rows("users"), rows("role_assignments"), rows("audit_log")),
        (2, 1, 2)
    );
    assert_eq!(
        checksums(store).await.unwrap(),
        sums,
        "checksums are stable"
    );
    assert!(["sqlite", "postgres"].contains(&store.backend_name()));
}

/// Copying an installation gives the same checksums, and new rows continue after copied keys.
pub async fn maintenance_copy_from(source: &dyn Store, target: &dyn Store) {
    let id = add_user(source, "anna.l", &[coach("NK")]).await;
    source
        .save_organisation(&organisation(), &[])
        .await
        .unwrap();
    source
        .set_totp_secret(
            id,
            Some("JBSWY3DPEHPK3PXP"),
            &draft(AuditEvent::TotpEnrolled, id),
        )
        .await
        .unwrap();
    add_user(source, "bo", &[]).await;
    target.copy_from(source).await.unwrap();
    assert_eq!(
        checksums(target).await.unwrap(),
        checksums(source).await.unwrap()
    );
    let next = add_user(target, "cecilia", &[coach("GT")]).await;
    assert!(next.0 > id.0 + 1);
    assert_eq!(verify_chain(target).await, 4);
    assert_eq!(
        target.interventions().await.unwrap(),
        source.interventions().await.unwrap()
    );
    assert_eq!(
        target.associations().await.unwrap(),
        organisation().associations
    );
    let err = target.copy_from(source).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Rule(_) | StoreError::Conflict(_)),
        "{err:?}"
    );
}

/// A backup is a consistent copy that never overwrites; PostgreSQL says how to use pg_dump.
pub async fn maintenance_backup(store: &dyn Store) {
    add_user(store, "anna.l", &[]).await;
    let path = std::env::temp_dir().join(format!(
        "samverka-contract-{}-{}.db",
        std::process::id(),
        store.backend_name()
    ));
    let _ = std::fs::remove_file(&path);
    match store.backup_to(&path).await {
        Ok(()) => {
            assert_eq!(store.backend_name(), "sqlite");
            assert!(
                std::fs::metadata(&path)
                    .map(|m| m.len() > 0)
                    .unwrap_or(false)
            );
            let again = store.backup_to(&path).await.unwrap_err();
            assert!(
                matches!(again, StoreError::Rule(ref f) if f.field == "out"),
                "{again:?}"
            );
            let _ = std::fs::remove_file(&path);
        }
        Err(StoreError::Unsupported(text)) => {
            assert_eq!(store.backend_name(), "postgres");
            assert!(text.contains("pg_dump --format=custom"), "{text}");
            assert!(!path.exists());
        }
        Err(other) => panic!("{other:?}"),
    }
}

pub(crate) fn organisation() -> OrganisationChanges {
    use samverka_domain::association::{Association, Member, MemberKind, Provider};
    use samverka_domain::codes::{IncomeSource, Occupation};
    use samverka_domain::goal::{Basis, Goal, Numerator, Population};
    use samverka_domain::intervention::{FollowUp, Intervention, Orientation};
    use samverka_domain::template::ProcessTemplate;
    use time::macros::date;
    let member = |code: &str, kind, share| Member {
        code: code.into(),
        name: format!("Medlem {code}"),
        kind,
        financier: true,
        share,
    };
    let goal = Goal {
        code: "arbete_eller_studier".into(),
        label: "Arbete eller studier".into(),
        basis: Basis::Exits,
        numerator: Numerator::StatusAtExit(vec![Occupation::Arbete, Occupation::Studier]),
        population: Population {
            income_source_before: vec![IncomeSource::Aktivitetsersattning],
            age_min: Some(19),
            age_max: Some(29),
            sex: None,
        },
        target: 3500,
        period: Some((date!(2012 - 01 - 01), date!(2012 - 12 - 31))),
    };
    OrganisationChanges {
        associations: vec![Association {
            code: "SFU".into(),
            name: "Samordningsförbundet Umeå".into(),
            orgnr: "222000-1545".into(),
            start: Some(date!(2005 - 12 - 01)),
            municipalities: vec!["Umeå".into()],
            members: vec![
                member("FK", MemberKind::Stat, Some(2500)),
                member("UMEA", MemberKind::Kommun, None),
            ],
        }],
        providers: vec![Provider {
            code: "UK-SP".into(),
            name: "Umeå kommun, Socialpsykiatri".into(),
        }],
        templates: vec![
            ProcessTemplate::own(
                "jobbspar",
                "Jobbspår",
                &["Kartläggning".into(), "Praktik".into()],
            )
            .unwrap(),
        ],
        interventions: vec![Intervention {
            code: "NK".into(),
            name: "Nätkraft".into(),
            description: "Supported Employment för personer med psykisk funktionsnedsättning."
                .into(),
            associations: vec!["SFU".into()],
            provider: "UK-SP".into(),
            orientation: Orientation::Individinriktad,
            follow_up: FollowUp::Individual,
            template: "supported_employment".into(),
            start: date!(2006 - 05 - 01),
            end: Some(date!(2013 - 12 - 31)),
            target_groups: vec!["Personer med psykisk funktionsnedsättning".into()],
            esf_funded: false,
            planned_places: Some(60),
            planned_participants_per_year: None,
            caseload_min: Some(15),
            caseload_max: Some(20),
            steering_group: vec!["Försäkringskassan".into(), "Arbetsförmedlingen".into()],
            goals: vec![goal],
        }],
    }
}

/// Organisation items are saved whole and read back unchanged; saving again replaces them.
pub async fn organisation_save_and_read(store: &dyn Store) {
    let changes = organisation();
    let audit = [draft(AuditEvent::OrganisationChanged, "setup")];
    store.save_organisation(&changes, &audit).await.unwrap();
    assert_eq!(store.associations().await.unwrap(), changes.associations);
    assert_eq!(store.providers().await.unwrap(), changes.providers);
    assert_eq!(store.own_templates().await.unwrap(), changes.templates);
    assert_eq!(store.interventions().await.unwrap(), changes.interventions);
    assert_eq!(
        store.intervention("NK").await.unwrap().as_ref(),
        changes.interventions.first()
    );
    assert_eq!(store.intervention("XX").await.unwrap(), None);
    let members: Vec<String> = changes.associations[0]
        .members
        .iter()
        .map(|m| m.code.clone())
        .collect();
    assert!(!members.is_empty());
    let sfu = ["SFU".to_string(), "SAKNAS".to_string()];
    assert_eq!(store.member_codes_of(&sfu).await.unwrap(), members);
    assert!(store.member_codes_of(&[]).await.unwrap().is_empty());
    let mut edited = changes.clone();
    edited.associations[0].members.pop();
    edited.interventions[0].goals.clear();
    edited.interventions[0].end = None;
    store.save_organisation(&edited, &audit).await.unwrap();
    assert_eq!(store.associations().await.unwrap(), edited.associations);
    assert_eq!(store.interventions().await.unwrap(), edited.interventions);
    assert_eq!(verify_chain(store).await, 2);
}

/// A reference to an association or provider that does not exist saves nothing.
pub async fn organisation_references_must_exist(store: &dyn Store) {
    let mut changes = organisation();
    changes.interventions[0].provider = "SAKNAS".into();
    let err = store
        .save_organisation(&changes, &[draft(AuditEvent::OrganisationChanged, "x")])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Rule(ref f) if f.field == "provider"),
        "{err:?}"
    );
    assert!(
        store.associations().await.unwrap().is_empty(),
        "nothing partial is stored"
    );
    assert_eq!(verify_chain(store).await, 0);
}

/// Generates one `#[tokio::test]` per contract function for a backend.
/// `$fresh` is an async fn returning `Option<Arc<dyn Store>>`-like values
/// (anything that derefs to `dyn Store`); `None` skips the test.
#[macro_export]
macro_rules! contract_suite {
    ($fresh:path) => {
        $crate::contract_suite!(@each $fresh;
            users_create_and_find, users_duplicate_name_conflicts, users_role_combination_enforced,
            users_grant_and_revoke, users_disable_and_password, users_totp, sessions_lifecycle,
            failed_logins_counted, audit_append_page_and_search, audit_concurrent_appends_keep_chain,
            maintenance_tables_and_checksums, organisation_save_and_read,
            maintenance_backup, organisation_references_must_exist,
            journey_persons_and_referrals, journey_participation_round_trip,
            journey_meetings_entries_employers, economy_lines_and_payments,
            questionnaire_invitations, supplementary_questions, privacy_anonymisations,
            writes_cancelled_halfway_leave_the_store_writable,
            anchor_head_and_checkpoints, anchor_reseal_totp);
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn maintenance_copy_from() {
            let (Some(source), Some(target)) = ($fresh().await, $fresh().await) else { return };
            $crate::contract::maintenance_copy_from(&*source, &*target).await;
        }
    };
    (@each $fresh:path; $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(store) = $fresh().await else { return };
                $crate::contract::$name(&*store).await;
            }
        )*
    };
}
