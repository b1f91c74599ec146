//! Repository traits and row types shared by every storage backend, the table
//! list used to copy an installation, and the contract suite each backend passes.

pub mod anchor_repo;
pub mod audit_repo;
pub mod contract;
pub mod contract_anchor;
pub mod contract_cancel;
pub mod contract_economy;
pub mod contract_journey;
pub mod contract_questionnaire;
pub mod economy_repo;
pub mod error;
pub mod import_repo;
pub mod journey_repo;
pub mod journey_rows;
pub mod login_repo;
pub mod maintenance;
pub mod org_repo;
pub mod org_rows;
pub mod privacy_repo;
pub mod questionnaire_repo;
pub mod schema;
pub mod session_repo;
pub mod tally_repo;
pub mod user_repo;

pub use anchor_repo::AnchorRepo;
pub use audit_repo::{AuditFilter, AuditRepo};
pub use economy_repo::EconomyRepo;
pub use error::{StoreError, StoreResult};
pub use import_repo::{ImportBatch, ImportRepo, PersonRef};
pub use journey_repo::{JourneyRepo, ParticipationFilter, ReferralFilter};
pub use login_repo::{FailedLogin, FailureSummary, LoginAttemptRepo};
pub use maintenance::{MaintenanceRepo, TableChecksum, checksums};
pub use org_repo::{OrganisationChanges, OrganisationRepo};
pub use privacy_repo::{Anonymisation, PrivacyRepo};
pub use questionnaire_repo::QuestionnaireRepo;
pub use schema::{ColType, TableDef, Value};
pub use session_repo::{NewSession, Session, SessionRepo};
pub use tally_repo::{CachedTally, TallyRepo};
pub use user_repo::{NewUser, User, UserRepo};

/// Everything a backend offers. The web and CLI layers hold an `Arc<dyn Store>`.
pub trait Store:
    UserRepo
    + SessionRepo
    + LoginAttemptRepo
    + AuditRepo
    + AnchorRepo
    + MaintenanceRepo
    + OrganisationRepo
    + JourneyRepo
    + ImportRepo
    + EconomyRepo
    + QuestionnaireRepo
    + PrivacyRepo
    + TallyRepo
{
}

impl<T> Store for T where
    T: UserRepo
        + SessionRepo
        + LoginAttemptRepo
        + AuditRepo
        + AnchorRepo
        + MaintenanceRepo
        + OrganisationRepo
        + JourneyRepo
        + ImportRepo
        + EconomyRepo
        + QuestionnaireRepo
        + PrivacyRepo
        + TallyRepo
{
}
