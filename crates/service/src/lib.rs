//! Samverka's use cases. Each takes the acting person, applies the domain's rules,
//! and writes through the repositories with its audit entry in the same transaction.

pub mod access_log;
pub mod accounts;
pub mod audit_anchor;
pub mod audit_chain;
pub mod checkpoint_file;
pub mod error;
pub mod generate;
pub mod import;
pub mod journey;
pub mod login;
pub mod org_changes;
pub mod organisation;
pub mod password;
pub mod payments;
pub mod report_views;
pub mod retention;
pub mod sessions;
pub mod setup;
pub mod setup_import;
pub mod supplementary;
pub mod token;
pub mod totp_secrets;

use samverka_domain::Clock;
use samverka_domain::installation_key::InstallationKey;
use samverka_store::Store;
use std::sync::Arc;

pub use error::{ServiceError, ServiceResult};

/// The storage and the clock every use case needs, and the installation key when
/// one is configured (it signs the access log's checkpoints and seals TOTP secrets).
#[derive(Clone)]
pub struct Services {
    /// The repositories.
    pub store: Arc<dyn Store>,
    /// The injected clock.
    pub clock: Arc<dyn Clock>,
    /// The key kept outside the database, if configured.
    pub audit_key: Option<Arc<InstallationKey>>,
    /// When logins go through the identity provider: the only accounts that may
    /// still use a password (a break-glass administrator). `None`: everyone may.
    pub passwords_only_for: Option<Arc<Vec<String>>>,
    /// The association layer's jointly suppressed reports, kept between requests.
    releases: journey::grid_release::ReleaseCache,
}

impl Services {
    /// Bundles a store and a clock, without an installation key.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            audit_key: None,
            passwords_only_for: None,
            releases: Default::default(),
        }
    }

    /// The same services with passwords for `accounts` only (OIDC for everyone
    /// else), or for everyone with `None`.
    pub fn with_passwords_only_for(mut self, accounts: Option<Vec<String>>) -> Self {
        self.passwords_only_for = accounts.map(Arc::new);
        self
    }

    /// The same services with an installation key (or without, for `None`).
    pub fn with_audit_key(mut self, key: Option<Arc<InstallationKey>>) -> Self {
        self.audit_key = key;
        self
    }
}
