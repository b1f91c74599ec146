//! Fixtures for journey tests: staff accounts as callers, persons and enrolments
//! shaped like the seed interventions' participants.

use crate::TestApp;
use samverka_domain::journey::input::EnrolmentInput;
use samverka_domain::journey::person::PersonInput;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::{Caller, NewAccount};
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
use samverka_service::journey::persons::PersonChoice;
use samverka_service::journey::referrals::ReferralInput;
use samverka_store::Value;
use samverka_store::schema::TABLES;

impl TestApp {
    /// Creates an account with one role for an intervention and returns it as a caller.
    pub async fn staff(&self, username: &str, role: Role, intervention: &str) -> Caller {
        let roles = vec![
            RoleAssignment::new(role, Scope::Intervention(intervention.into())).expect("role"),
        ];
        let account = NewAccount {
            username: username.into(),
            display_name: format!("Test {username}"),
            password: "ett-långt-testlösenord-2026".into(),
            roles: roles.clone(),
        };
        let user = self
            .services
            .add_user(&Caller::Cli("test".into()), account)
            .await
            .expect("account");
        Caller::User {
            id: user.id.0,
            username: username.into(),
            roles,
        }
    }

    /// A partner officer at Försäkringskassan for association SFU, as a caller.
    pub async fn partner_officer(&self, username: &str) -> Caller {
        let roles = vec![
            RoleAssignment::new(Role::PartnerOfficer, Scope::Association("SFU".into()))
                .expect("role"),
        ];
        self.add_user(username, "ett-långt-testlösenord-2026", roles.clone())
            .await;
        let id = self
            .services
            .store
            .user_by_username(username)
            .await
            .expect("store")
            .expect("the account")
            .id
            .0;
        Caller::User {
            id,
            username: username.into(),
            roles,
        }
    }

    /// Coach johanna at Nätkraft, officer eva (`partner_officer`), eva's referral of
    /// Elin Öberg and a referral of Erik Berg that someone else made.
    pub async fn partner_scene(&self) -> PartnerScene {
        let coach = self.staff("johanna", Role::Coach, "NK").await;
        let officer = self.partner_officer("eva").await;
        let Caller::User { id: officer_id, .. } = officer else {
            unreachable!("a user")
        };
        let s = &self.services;
        let referral = async |number, name, by| {
            s.create_referral(&coach, "NK", &referral_of(number, name, by))
                .await
                .expect("referral")
        };
        let hers = referral("19950314-0288", "Elin Öberg", Some(officer_id)).await;
        let other = referral("19900101-0017", "Erik Berg", None).await;
        PartnerScene {
            coach,
            officer,
            officer_id,
            hers,
            other,
        }
    }

    /// Enrols a person directly (no referral) in `code`; returns the participation id.
    pub async fn enrol(
        &self,
        coach: &Caller,
        code: &str,
        person: PersonInput,
        input: EnrolmentInput,
    ) -> i64 {
        let req = EnrolRequest {
            from: EnrolFrom::Person(PersonChoice::New {
                input: person,
                confirmed_new: true,
            }),
            coach: None,
            cohort: None,
            input,
        };
        self.services.enrol(coach, code, &req).await.expect("enrol")
    }

    /// One Nätkraft participant with a referral, a meeting and an employer, so that every
    /// journey route has something to answer about (ids 1).
    pub async fn with_one_participant(&self) {
        let app = self;
        use crate::journey::{enrolment, person};
        use samverka_service::journey::employers::EmployerInput;
        use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
        use samverka_service::journey::persons::PersonChoice;
        use samverka_service::journey::referrals::ReferralInput;
        use samverka_service::journey::selection::MeetingInput;
        let coach = app.staff("matris", Role::Coach, "NK").await;
        let s = &app.services;
        let referral = ReferralInput {
            person: PersonChoice::New {
                input: person("19950314-0288", "Elin Öberg"),
                confirmed_new: true,
            },
            received_on: "2026-02-01".into(),
            source: "FK".into(),
            source_unit: String::new(),
            officer_name: "Eva".into(),
            officer_user: None,
            reason: String::new(),
        };
        let rid = s.create_referral(&coach, "NK", &referral).await.unwrap();
        s.move_referral(&coach, rid, "foreslagen").await.unwrap();
        let meeting = MeetingInput {
            group: "rekryteringsgrupp".into(),
            held_on: "2026-02-10".into(),
            attendees: String::new(),
            decisions: vec![(rid, "anta".into(), true)],
        };
        s.record_meeting(&coach, "NK", &meeting).await.unwrap();
        let req = EnrolRequest {
            from: EnrolFrom::Referral(rid),
            coach: None,
            cohort: None,
            input: enrolment("2026-03-02", true),
        };
        assert_eq!(s.enrol(&coach, "NK", &req).await.unwrap(), 1);
        let employer = EmployerInput {
            name: "ICA Maxi".into(),
            sector: "privat".into(),
            ..EmployerInput::default()
        };
        assert_eq!(
            s.save_employer(&coach, "UK-SP", 0, &employer)
                .await
                .unwrap(),
            1
        );
    }

    /// Every text value stored anywhere in the installation, table by table.
    pub async fn all_stored_text(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for table in TABLES {
            let mut after = None;
            loop {
                let rows = self
                    .services
                    .store
                    .table_page(table, after, 500)
                    .await
                    .expect("read table");
                let Some(last) = rows.last() else { break };
                after = match last.first() {
                    Some(Value::Int(k)) => Some(*k),
                    _ => None,
                };
                for row in &rows {
                    out.extend(row.iter().filter_map(|v| match v {
                        Value::Text(t) => Some((table.name, t.clone())),
                        _ => None,
                    }));
                }
                if rows.len() < 500 || after.is_none() {
                    break;
                }
            }
        }
        out
    }
}

/// What [`TestApp::partner_scene`] makes.
pub struct PartnerScene {
    /// The coach who registered the referrals.
    pub coach: Caller,
    /// The partner officer.
    pub officer: Caller,
    /// The officer's account id.
    pub officer_id: i64,
    /// The officer's own referral.
    pub hers: i64,
    /// A referral the officer did not make.
    pub other: i64,
}

/// A referral from Försäkringskassan of a new person, made by `officer` when the
/// officer has an account.
pub fn referral_of(number: &str, name: &str, officer: Option<i64>) -> ReferralInput {
    ReferralInput {
        person: PersonChoice::New {
            input: person(number, name),
            confirmed_new: false,
        },
        received_on: "2026-02-01".into(),
        source: "FK".into(),
        source_unit: "Sjukförsäkringen".into(),
        officer_name: "Eva Handläggare".into(),
        officer_user: officer,
        reason: String::new(),
    }
}

/// An identified person.
pub fn person(number: &str, name: &str) -> PersonInput {
    PersonInput {
        personal_number: number.into(),
        name: name.into(),
        ..PersonInput::default()
    }
}

/// An enrolment on `start` with the baseline of a typical Nätkraft participant.
pub fn enrolment(start: &str, consent: bool) -> EnrolmentInput {
    EnrolmentInput {
        startdatum: start.into(),
        samtycke: if consent { "ja" } else { "nej" }.into(),
        samtycke_omfattning: "FK|RVB".into(),
        forsorjning_fore: "aktivitetsersattning".into(),
        sysselsattning_fore: "ingen_sysselsattning".into(),
        utbildningsniva: "gymnasial".into(),
        tid_utan_arbete: "3_5_ar".into(),
        kommun: "Umeå".into(),
        ..EnrolmentInput::default()
    }
}

/// Nätkraft 2012 as an import file: 40 exits to work (25 women, 15 men), 3 to
/// studies (all men), 10 still open (6 women, 4 men), all started 2012-02-01.
pub fn natkraft_2012_file() -> String {
    let mut lines = vec![
        "insats;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;samtycke"
            .to_string(),
    ];
    let mut add = |n: u32, sex: &str, exit: &str, reason: &str| {
        for _ in 0..n {
            let i = lines.len();
            lines.push(format!(
                "NK;R-{i};{sex};1985;2012-02-01;{exit};{reason};{reason};nej"
            ));
        }
    };
    add(25, "kvinna", "2012-10-01", "arbete");
    add(15, "man", "2012-10-01", "arbete");
    add(3, "man", "2012-11-01", "studier");
    add(6, "kvinna", "", "");
    add(4, "man", "", "");
    lines.join("\n")
}
