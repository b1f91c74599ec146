//! The participant journey of SPEC section 5: persons, referrals, joint selection,
//! cohorts, consent, participation with baseline, stages, entries, exit and the
//! follow-ups after it. Rules only; the service layer stores and audits.

pub mod caseload;
pub mod cohort;
pub mod consent;
pub mod dates;
pub mod employer;
pub mod entry;
pub mod exit;
pub mod figures;
pub mod goal_count;
pub mod input;
pub mod participation;
pub mod person;
pub mod recorded;
pub mod referral;
pub mod selection;
pub mod stage;
pub mod text;

pub use participation::{Baseline, Participation};
pub use person::{Identity, Person};
