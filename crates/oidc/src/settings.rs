//! The OIDC settings an operator gives (`[oidc]` in samverka.toml or `SAMVERKA_OIDC__*`),
//! and the checks that catch a mistyped address before anyone tries to log in.

use secrecy::SecretString;
use url::{Host, Url};

/// The claim read for the Samverka username when none is configured.
pub const DEFAULT_USERNAME_CLAIM: &str = "preferred_username";

/// How Samverka is registered at the identity provider.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// The provider's issuer identifier; discovery is read from
    /// `ISSUER/.well-known/openid-configuration`.
    pub issuer: String,
    /// Samverka's client id at the provider.
    pub client_id: String,
    /// The client secret; `None` for a public client (PKCE only).
    pub client_secret: Option<SecretString>,
    /// Samverka's own callback address, `https://…/login/oidc/callback`.
    pub redirect_url: String,
    /// The ID-token claim that holds the Samverka username (`sub` if it is missing).
    pub username_claim: String,
    /// What the login button names ("Logga in med …"); the catalogue's wording if unset.
    pub label: Option<String>,
}

/// A setting that cannot work, in the operator's language (Swedish).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError(pub String);

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsError {}

/// The path Samverka serves the callback on.
pub const CALLBACK_PATH: &str = "/login/oidc/callback";

/// True for http on the loopback interface, which only tests and a developer's
/// machine use; everything else must be https.
pub(crate) fn secure_or_loopback(url: &Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => match url.host() {
            Some(Host::Domain(d)) => d == "localhost",
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

impl OidcSettings {
    /// Checks the addresses and the client id; the error says which setting is wrong.
    pub fn check(&self) -> Result<(), SettingsError> {
        let err = |m: String| Err(SettingsError(m));
        let issuer = match Url::parse(&self.issuer) {
            Ok(u) => u,
            Err(_) => {
                return err(format!(
                    "oidc.issuer är ingen giltig adress: {}",
                    self.issuer
                ));
            }
        };
        if !secure_or_loopback(&issuer) || issuer.query().is_some() || issuer.fragment().is_some() {
            return err(format!(
                "oidc.issuer måste vara en https-adress utan ? och # (http bara på 127.0.0.1/localhost): {}",
                self.issuer
            ));
        }
        if self.client_id.trim().is_empty() {
            return err("oidc.client_id saknas".into());
        }
        let redirect = match Url::parse(&self.redirect_url) {
            Ok(u) => u,
            Err(_) if self.redirect_url.is_empty() => {
                return err(format!(
                    "oidc.redirect_url saknas (Samverkas egen adress som slutar på {CALLBACK_PATH})"
                ));
            }
            Err(_) => {
                return err(format!(
                    "oidc.redirect_url är ingen giltig adress: {}",
                    self.redirect_url
                ));
            }
        };
        if !secure_or_loopback(&redirect)
            || redirect.path() != CALLBACK_PATH
            || redirect.query().is_some()
            || redirect.fragment().is_some()
        {
            return err(format!(
                "oidc.redirect_url måste vara Samverkas https-adress som slutar på {CALLBACK_PATH}: {}",
                self.redirect_url
            ));
        }
        if self.username_claim.trim().is_empty() {
            return err("oidc.username_claim är tomt".into());
        }
        Ok(())
    }

    /// The discovery document's address.
    pub fn discovery_url(&self) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            self.issuer.trim_end_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> OidcSettings {
        OidcSettings {
            issuer: "https://idp.example.se/realms/kommun".into(),
            client_id: "samverka".into(),
            client_secret: Some(SecretString::from("hemligt")),
            redirect_url: "https://samverka.example.se/login/oidc/callback".into(),
            username_claim: DEFAULT_USERNAME_CLAIM.into(),
            label: None,
        }
    }

    #[test]
    fn good_settings_pass_and_name_the_discovery_address() {
        let s = settings();
        assert_eq!(s.check(), Ok(()));
        assert_eq!(
            s.discovery_url(),
            "https://idp.example.se/realms/kommun/.well-known/openid-configuration"
        );
    }

    #[test]
    fn plain_http_is_only_for_loopback() {
        let mut s = settings();
        s.issuer = "http://idp.example.se".into();
        assert!(s.check().is_err());
        s.issuer = "http://127.0.0.1:4000".into();
        s.redirect_url = "http://127.0.0.1:8080/login/oidc/callback".into();
        assert_eq!(s.check(), Ok(()));
        s.issuer = "http://localhost:4000/".into();
        assert_eq!(s.check(), Ok(()));
    }

    #[test]
    fn the_redirect_must_be_the_callback() {
        let mut s = settings();
        s.redirect_url = "https://samverka.example.se/".into();
        assert!(s.check().unwrap_err().0.contains("oidc.redirect_url"));
        s.redirect_url = String::new();
        assert!(s.check().unwrap_err().0.contains("saknas"));
    }

    #[test]
    fn the_secret_is_never_in_debug_output() {
        assert!(!format!("{:?}", settings()).contains("hemligt"));
    }
}
