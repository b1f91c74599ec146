//! The participant journey's use cases (SPEC 5). Staff reach only the
//! interventions they are assigned to; every read and change of a participant's
//! data writes an access-log entry naming the participation.

pub mod access;
pub mod anonymisation;
pub mod budget_report;
pub mod caseload;
pub mod cohorts;
pub mod employers;
pub mod enrolment;
pub mod entries;
pub mod exit;
pub mod finsam_report;
pub mod goals;
pub mod grid_release;
pub mod participation;
pub mod partner;
pub mod persons;
pub mod questionnaires;
pub mod referrals;
pub mod register_extract;
pub mod report;
pub mod report_period;
mod report_tallies;
pub mod selection;

pub use access::JourneyScope;
