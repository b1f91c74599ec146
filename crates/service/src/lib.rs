//! Samverka's use cases. Each takes the acting person, applies the domain's rules,
//! and writes through the repositories with its audit entry in the same transaction.

pub mod access_log;
pub mod accounts;
pub mod audit_chain;
pub mod error;
pub mod generate;
pub mod import;
pub mod journey;
pub mod login;
pub mod organisation;
pub mod password;
pub mod payments;
pub mod retention;
pub mod sessions;
pub mod setup;
pub mod setup_import;
pub mod supplementary;
pub mod token;

use samverka_domain::Clock;
use samverka_store::Store;
use std::sync::Arc;

pub use error::{ServiceError, ServiceResult};

/// The storage and the clock every use case needs.
#[derive(Clone)]
pub struct Services {
    /// The repositories.
    pub store: Arc<dyn Store>,
    /// The injected clock.
    pub clock: Arc<dyn Clock>,
}

impl Services {
    /// Bundles a store and a clock.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}
