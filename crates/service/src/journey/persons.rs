//! Finding and registering persons in a provider's register, with duplicate
//! detection: the same personnummer is always the same person; a similar name with
//! the same birth year, or the same alias, must be confirmed as a new person.

use crate::accounts::Caller;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::AuditEvent;
use samverka_domain::journey::Person;
use samverka_domain::journey::person::{Identity, Likeness, PersonInput, likeness};

/// How a form or call names the person: someone already registered, or new details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonChoice {
    /// A person already in the provider's register, by id.
    Existing(i64),
    /// New details; `confirmed_new` says a similar existing person is someone else.
    New {
        /// The details as typed.
        input: PersonInput,
        /// True when the user has seen the similar persons and still wants a new one.
        confirmed_new: bool,
    },
}

impl Services {
    /// Persons in `provider`'s register that look like `input` (for the duplicate question).
    /// Reading them is logged, since names are shown.
    pub async fn similar_persons(
        &self,
        caller: &Caller,
        provider: &str,
        input: &PersonInput,
    ) -> ServiceResult<Vec<(Person, Likeness)>> {
        let Ok(identity) = input.identity(self.clock.today()) else {
            return Ok(Vec::new());
        };
        let found: Vec<(Person, Likeness)> = self
            .store
            .persons_of_provider(provider)
            .await?
            .into_iter()
            .filter_map(|p| likeness(&p, &identity).map(|l| (p, l)))
            .collect();
        for (p, _) in &found {
            let d = self
                .journey_draft(
                    caller,
                    AuditEvent::ParticipantDataRead,
                    "person",
                    p.id,
                    None,
                )
                .details("view=duplicate_check");
            self.store.append_audit(&d).await?;
        }
        Ok(found)
    }

    /// The person a choice names, without storing anything: an existing person, or a
    /// new one with `id == 0` (store it with [`Self::keep_person`] once every other
    /// check has passed). A new person like an existing one is refused unless
    /// confirmed; the same personnummer always gives the existing person.
    pub(crate) async fn resolve_person(
        &self,
        provider: &str,
        choice: &PersonChoice,
    ) -> ServiceResult<Person> {
        match choice {
            PersonChoice::Existing(id) => self
                .store
                .persons(&[*id])
                .await?
                .into_iter()
                .find(|p| p.provider == provider)
                .ok_or(ServiceError::Invalid(FieldError::with_detail(
                    "person",
                    "error.reference.unknown",
                    id.to_string(),
                ))),
            PersonChoice::New {
                input,
                confirmed_new,
            } => {
                let identity = input
                    .identity(self.clock.today())
                    .map_err(|mut e| ServiceError::Invalid(e.remove(0)))?;
                let register = self.store.persons_of_provider(provider).await?;
                if let Some(same) = register
                    .iter()
                    .find(|p| likeness(p, &identity) == Some(Likeness::SameNumber))
                {
                    return Ok(same.clone());
                }
                if !confirmed_new && register.iter().any(|p| likeness(p, &identity).is_some()) {
                    let field = match identity {
                        Identity::Number { .. } => "namn",
                        Identity::Alias { .. } => "alias",
                    };
                    return Err(ServiceError::Invalid(FieldError::new(
                        field,
                        "error.person.duplicate",
                    )));
                }
                Ok(Person {
                    id: 0,
                    provider: provider.to_string(),
                    identity,
                    protected: input.protected,
                })
            }
        }
    }

    /// Stores a person resolved as new (`id == 0`); an existing one is returned as is.
    pub(crate) async fn keep_person(
        &self,
        caller: &Caller,
        person: Person,
    ) -> ServiceResult<Person> {
        if person.id != 0 {
            return Ok(person);
        }
        self.register_person(caller, &person.provider, person.identity, person.protected)
            .await
    }

    /// Adds a person to `provider`'s register.
    pub(crate) async fn register_person(
        &self,
        caller: &Caller,
        provider: &str,
        identity: Identity,
        protected: bool,
    ) -> ServiceResult<Person> {
        let mut person = Person {
            id: 0,
            provider: provider.to_string(),
            identity,
            protected,
        };
        let d = self.journey_draft(caller, AuditEvent::PersonRegistered, "person", "", None);
        person.id = self.store.save_person(&person, &[d]).await?;
        Ok(person)
    }
}
