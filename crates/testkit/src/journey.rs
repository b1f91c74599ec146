//! Fixtures for journey tests: staff accounts as callers, persons and enrolments
//! shaped like the seed interventions' participants.

use crate::TestApp;
use samverka_domain::journey::input::EnrolmentInput;
use samverka_domain::journey::person::PersonInput;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::{Caller, NewAccount};
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
use samverka_service::journey::persons::PersonChoice;
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
