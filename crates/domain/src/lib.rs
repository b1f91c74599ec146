//! Samverka's domain: the types, validation rules and policies that hold
//! whatever the storage or the interface. Nothing here does I/O.

pub mod access_reason;
pub mod association;
pub mod audit;
pub mod audit_checkpoint;
pub mod clock;
pub mod codes;
pub mod estimate;
pub mod goal;
pub mod ids;
pub mod import;
pub mod installation_key;
pub mod intervention;
pub mod journey;
pub mod orgnr;
pub mod password_policy;
pub mod payment;
pub mod personal_number;
pub mod policy;
pub mod questionnaire;
pub mod role;
pub mod session_policy;
pub mod template;
pub mod throttle;
pub mod totp;
pub mod two_layers;
pub mod username;
pub mod validation;

pub use clock::{Clock, FixedClock, SystemClock};
pub use ids::UserId;
pub use role::{Role, RoleAssignment, Scope};
pub use username::Username;
pub use validation::FieldError;
