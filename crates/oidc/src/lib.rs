//! OpenID Connect login (authorization code flow with PKCE) against an organisation's
//! identity provider. This crate speaks the protocol and checks what comes back; it
//! knows nothing of Samverka's accounts or sessions, which the web layer and the
//! services handle once a username has been proven here.
//!
//! The flow: [`OidcClient::begin`] reads the provider's discovery document, keeps a
//! random `state`, `nonce` and PKCE verifier under a random handle (for the browser's
//! short-lived cookie) and gives the authorization address; [`OidcClient::finish`]
//! takes the handle back with the provider's `code` and `state`, exchanges the code
//! with the verifier, verifies the ID token and returns the username claim.

mod client;
mod discovery;
mod error;
pub mod id_token;
pub mod pending;
pub mod pkce;
mod settings;

pub use client::{Begin, Callback, OidcClient};
pub use discovery::{AuthMethod, ProviderMetadata};
pub use error::OidcError;
pub use id_token::TokenError;
pub use pending::{PENDING_LIFETIME, StateError};
pub use settings::{DEFAULT_USERNAME_CLAIM, OidcSettings, SettingsError};
