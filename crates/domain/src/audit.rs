//! The access log: typed events and the hash chain that makes tampering visible.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// What happened. The code is stored; the meaning never changes once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditEvent {
    /// A successful login (password accepted).
    LoginSucceeded,
    /// A refused login: wrong password, unknown account, disabled or throttled.
    LoginFailed,
    /// A second factor was accepted.
    SecondFactorPassed,
    /// A second factor code was refused.
    SecondFactorFailed,
    /// A session was ended by logging out.
    Logout,
    /// A session was revoked from the session list.
    SessionRevoked,
    /// An account was created.
    UserCreated,
    /// An account was disabled.
    UserDisabled,
    /// An account was enabled again.
    UserEnabled,
    /// A password was set by an administrator.
    PasswordReset,
    /// A person changed their own password.
    PasswordChanged,
    /// A second factor was enrolled.
    TotpEnrolled,
    /// A second factor was removed by an administrator.
    TotpRemoved,
    /// A role was granted.
    RoleGranted,
    /// A role was revoked.
    RoleRevoked,
    /// The access log was read.
    AuditLogRead,
    /// A copy of the database was made.
    BackupMade,
    /// The whole installation was copied to another database.
    InstallationTransferred,
    /// Associations, providers, templates or interventions were created or changed.
    OrganisationChanged,
    /// A person was added to a provider's register.
    PersonRegistered,
    /// A referral was made or its status changed.
    ReferralSaved,
    /// A selection or preparatory group meeting and its decisions were recorded.
    SelectionRecorded,
    /// A cohort (gruppstart) was created or changed.
    CohortSaved,
    /// A participation was started (enrolment).
    ParticipationEnrolled,
    /// A participation's baseline, consent, coach or stage changed.
    ParticipationChanged,
    /// A participation's exit was registered or corrected.
    ParticipationExited,
    /// An entry (profile, plan, placement …) was written or changed.
    EntrySaved,
    /// An entry was deleted.
    EntryDeleted,
    /// An employer was added to or changed in the register.
    EmployerSaved,
    /// A contact with an employer was logged.
    EmployerContactAdded,
    /// A participant's data was read (page, list, search or API).
    ParticipantDataRead,
    /// A participation file was imported (counts per intervention).
    ParticipationsImported,
    /// A budget file was imported.
    BudgetImported,
    /// Participations were exported to a file.
    ParticipationsExported,
    /// An association economy file was imported.
    AssociationEconomyImported,
    /// A payment to a provider was planned.
    PaymentPlanned,
    /// The provider manager's certificate (intyg) for a payment was recorded.
    CertificateRecorded,
    /// A certified payment was released.
    PaymentReleased,
    /// The parameters of the socio-economic estimate were changed.
    EstimateParametersSaved,
    /// A questionnaire link was made for a participant.
    QuestionnaireSent,
    /// Questionnaire answers were saved (by the participant, or by staff from paper).
    QuestionnaireAnswered,
    /// A participant's questionnaire answers were read by staff.
    QuestionnaireRead,
    /// An association's supplementary question was made, ended or moved.
    SupplementaryQuestionSaved,
    /// The access log was exported.
    AuditLogExported,
    /// A participation was made anonymous: personal data removed, statistics kept.
    ParticipationAnonymised,
    /// A coach stated why they open a participant outside their caseload.
    AccessReasonGiven,
    /// A register extract (GDPR art. 15) was made for a person.
    RegisterExtractMade,
    /// A report was shown or downloaded (which, scope, period, format, layer).
    ReportViewed,
}

impl AuditEvent {
    /// Every event, for listing and parsing.
    pub const ALL: [AuditEvent; 48] = [
        AuditEvent::LoginSucceeded,
        AuditEvent::LoginFailed,
        AuditEvent::SecondFactorPassed,
        AuditEvent::SecondFactorFailed,
        AuditEvent::Logout,
        AuditEvent::SessionRevoked,
        AuditEvent::UserCreated,
        AuditEvent::UserDisabled,
        AuditEvent::UserEnabled,
        AuditEvent::PasswordReset,
        AuditEvent::PasswordChanged,
        AuditEvent::TotpEnrolled,
        AuditEvent::TotpRemoved,
        AuditEvent::RoleGranted,
        AuditEvent::RoleRevoked,
        AuditEvent::AuditLogRead,
        AuditEvent::BackupMade,
        AuditEvent::InstallationTransferred,
        AuditEvent::OrganisationChanged,
        AuditEvent::PersonRegistered,
        AuditEvent::ReferralSaved,
        AuditEvent::SelectionRecorded,
        AuditEvent::CohortSaved,
        AuditEvent::ParticipationEnrolled,
        AuditEvent::ParticipationChanged,
        AuditEvent::ParticipationExited,
        AuditEvent::EntrySaved,
        AuditEvent::EntryDeleted,
        AuditEvent::EmployerSaved,
        AuditEvent::EmployerContactAdded,
        AuditEvent::ParticipantDataRead,
        AuditEvent::ParticipationsImported,
        AuditEvent::BudgetImported,
        AuditEvent::ParticipationsExported,
        AuditEvent::AssociationEconomyImported,
        AuditEvent::PaymentPlanned,
        AuditEvent::CertificateRecorded,
        AuditEvent::PaymentReleased,
        AuditEvent::EstimateParametersSaved,
        AuditEvent::QuestionnaireSent,
        AuditEvent::QuestionnaireAnswered,
        AuditEvent::QuestionnaireRead,
        AuditEvent::SupplementaryQuestionSaved,
        AuditEvent::AuditLogExported,
        AuditEvent::ParticipationAnonymised,
        AuditEvent::AccessReasonGiven,
        AuditEvent::RegisterExtractMade,
        AuditEvent::ReportViewed,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AuditEvent::LoginSucceeded => "login_succeeded",
            AuditEvent::LoginFailed => "login_failed",
            AuditEvent::SecondFactorPassed => "second_factor_passed",
            AuditEvent::SecondFactorFailed => "second_factor_failed",
            AuditEvent::Logout => "logout",
            AuditEvent::SessionRevoked => "session_revoked",
            AuditEvent::UserCreated => "user_created",
            AuditEvent::UserDisabled => "user_disabled",
            AuditEvent::UserEnabled => "user_enabled",
            AuditEvent::PasswordReset => "password_reset",
            AuditEvent::PasswordChanged => "password_changed",
            AuditEvent::TotpEnrolled => "totp_enrolled",
            AuditEvent::TotpRemoved => "totp_removed",
            AuditEvent::RoleGranted => "role_granted",
            AuditEvent::RoleRevoked => "role_revoked",
            AuditEvent::AuditLogRead => "audit_log_read",
            AuditEvent::BackupMade => "backup_made",
            AuditEvent::InstallationTransferred => "installation_transferred",
            AuditEvent::OrganisationChanged => "organisation_changed",
            AuditEvent::PersonRegistered => "person_registered",
            AuditEvent::ReferralSaved => "referral_saved",
            AuditEvent::SelectionRecorded => "selection_recorded",
            AuditEvent::CohortSaved => "cohort_saved",
            AuditEvent::ParticipationEnrolled => "participation_enrolled",
            AuditEvent::ParticipationChanged => "participation_changed",
            AuditEvent::ParticipationExited => "participation_exited",
            AuditEvent::EntrySaved => "entry_saved",
            AuditEvent::EntryDeleted => "entry_deleted",
            AuditEvent::EmployerSaved => "employer_saved",
            AuditEvent::EmployerContactAdded => "employer_contact_added",
            AuditEvent::ParticipantDataRead => "participant_data_read",
            AuditEvent::ParticipationsImported => "participations_imported",
            AuditEvent::BudgetImported => "budget_imported",
            AuditEvent::ParticipationsExported => "participations_exported",
            AuditEvent::AssociationEconomyImported => "association_economy_imported",
            AuditEvent::PaymentPlanned => "payment_planned",
            AuditEvent::CertificateRecorded => "certificate_recorded",
            AuditEvent::PaymentReleased => "payment_released",
            AuditEvent::EstimateParametersSaved => "estimate_parameters_saved",
            AuditEvent::QuestionnaireSent => "questionnaire_sent",
            AuditEvent::QuestionnaireAnswered => "questionnaire_answered",
            AuditEvent::QuestionnaireRead => "questionnaire_read",
            AuditEvent::SupplementaryQuestionSaved => "supplementary_question_saved",
            AuditEvent::AuditLogExported => "audit_log_exported",
            AuditEvent::ParticipationAnonymised => "participation_anonymised",
            AuditEvent::AccessReasonGiven => "access_reason_given",
            AuditEvent::RegisterExtractMade => "register_extract_made",
            AuditEvent::ReportViewed => "report_viewed",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        AuditEvent::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The catalogue key of the event's description.
    pub fn label_key(self) -> String {
        format!("audit.event.{}", self.code())
    }
}

/// Who did it: denormalised, so the entry stays readable if the account goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account id, if a logged-in person acted.
    pub user_id: Option<i64>,
    /// The login name at the time, or `system` / `cli` for the product itself.
    pub name: String,
}

impl Actor {
    /// The product acting on its own (demo build, scheduled jobs).
    pub fn system() -> Self {
        Self {
            user_id: None,
            name: "system".into(),
        }
    }

    /// A person at the command line, identified by their operating-system user.
    pub fn cli(os_user: &str) -> Self {
        Self {
            user_id: None,
            name: format!("cli:{os_user}"),
        }
    }
}

/// An entry to be written: everything but its place in the chain.
/// `target` names what was touched by kind and id; `details` never holds names,
/// personnummer or free text about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditDraft {
    /// When it happened.
    pub at: OffsetDateTime,
    /// Who did it.
    pub actor: Actor,
    /// What happened.
    pub event: AuditEvent,
    /// The kind of thing touched (`user`, `session`, `participation` …).
    pub target_kind: String,
    /// The id of the thing touched.
    pub target_id: String,
    /// The participation concerned, if any (for the auditor's filter).
    pub participation_id: Option<i64>,
    /// The stated reason, for access that needs one.
    pub reason: Option<String>,
    /// Extra facts as short `key=value` pairs, without personal data.
    pub details: String,
}

impl AuditDraft {
    /// A draft with no participation, reason or details.
    pub fn new(
        at: OffsetDateTime,
        actor: Actor,
        event: AuditEvent,
        target_kind: &str,
        target_id: impl ToString,
    ) -> Self {
        Self {
            at,
            actor,
            event,
            target_kind: target_kind.into(),
            target_id: target_id.to_string(),
            participation_id: None,
            reason: None,
            details: String::new(),
        }
    }

    /// Adds details.
    pub fn details(mut self, details: impl Into<String>) -> Self {
        self.details = details.into();
        self
    }
}

/// A stored entry: the draft, its sequence number and its place in the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log, from 1 without gaps.
    pub seq: i64,
    /// The recorded facts.
    pub draft: AuditDraft,
    /// The event code as stored (kept raw so that verification sees what is there).
    pub event_code: String,
    /// Hash of the previous entry (64 zeros for the first).
    pub prev_hash: String,
    /// Hash of this entry, covering `prev_hash`.
    pub hash: String,
}

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Computes an entry's hash from its fields and the previous hash.
/// Every field is length-prefixed, so no two different entries share an input.
pub fn entry_hash(seq: i64, draft: &AuditDraft, event_code: &str, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(b"samverka-audit-v1");
    field(&seq.to_be_bytes());
    field(&crate::clock::to_millis(draft.at).to_be_bytes());
    field(
        draft
            .actor
            .user_id
            .map(|i| i.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    field(draft.actor.name.as_bytes());
    field(event_code.as_bytes());
    field(draft.target_kind.as_bytes());
    field(draft.target_id.as_bytes());
    field(
        draft
            .participation_id
            .map(|i| i.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    field(draft.reason.as_deref().unwrap_or_default().as_bytes());
    field(draft.details.as_bytes());
    field(prev_hash.as_bytes());
    hex::encode(h.finalize())
}

/// Why the chain does not hold at an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The sequence skips or repeats: an entry was removed or inserted.
    Gap { expected: i64, found: i64 },
    /// The entry's `prev_hash` is not the previous entry's hash.
    Link { seq: i64 },
    /// The entry's content does not match its hash: it was changed.
    Content { seq: i64 },
}

/// Walks entries in order and keeps the running state of a verification,
/// so that a long log can be checked page by page.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_seq: i64,
    prev_hash: String,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            next_seq: 1,
            prev_hash: GENESIS_HASH.into(),
            checked: 0,
        }
    }
}

impl ChainVerifier {
    /// Checks the next entry; the first failure is returned.
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.next_seq {
            return Err(ChainBreak::Gap {
                expected: self.next_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(ChainBreak::Link { seq: entry.seq });
        }
        if entry_hash(entry.seq, &entry.draft, &entry.event_code, &entry.prev_hash) != entry.hash {
            return Err(ChainBreak::Content { seq: entry.seq });
        }
        self.next_seq += 1;
        self.prev_hash = entry.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// How many entries have been checked.
    pub fn checked(&self) -> u64 {
        self.checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let draft = AuditDraft::new(
                    time::macros::datetime!(2026-11-22 8:00 UTC),
                    Actor::system(),
                    AuditEvent::UserCreated,
                    "user",
                    seq,
                );
                let hash = entry_hash(seq, &draft, "user_created", &prev);
                let e = AuditEntry {
                    seq,
                    draft,
                    event_code: "user_created".into(),
                    prev_hash: prev.clone(),
                    hash,
                };
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let mut v = ChainVerifier::default();
        for e in chain(5) {
            v.check(&e).unwrap();
        }
        assert_eq!(v.checked(), 5);
    }

    #[test]
    fn a_changed_entry_is_named() {
        let mut entries = chain(5);
        entries[2].draft.target_id = "999".into();
        let mut v = ChainVerifier::default();
        let err = entries.iter().find_map(|e| v.check(e).err()).unwrap();
        assert_eq!(err, ChainBreak::Content { seq: 3 });
    }

    #[test]
    fn a_removed_entry_is_found() {
        let mut entries = chain(5);
        entries.remove(1);
        let mut v = ChainVerifier::default();
        let err = entries.iter().find_map(|e| v.check(e).err()).unwrap();
        assert_eq!(
            err,
            ChainBreak::Gap {
                expected: 2,
                found: 3
            }
        );
    }

    #[test]
    fn event_codes_round_trip() {
        for e in AuditEvent::ALL {
            assert_eq!(AuditEvent::parse(e.code()), Some(e));
        }
    }
}
