//! One file per command.

pub mod audit;
pub mod backup;
pub mod bench;
pub mod demo;
pub mod demo_journey;
pub mod demo_questionnaires;
pub mod generate;
pub mod import;
pub mod report;
pub mod retention;
pub mod serve;
pub mod setup;
pub mod transfer;
pub mod user;
