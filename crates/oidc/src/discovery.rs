//! The provider's discovery document (OpenID Connect Discovery 1.0): where to send
//! the browser, where to exchange the code, where the signing keys are, and what
//! the provider supports.

use crate::error::OidcError;
use crate::settings::{OidcSettings, secure_or_loopback};
use serde::Deserialize;
use url::Url;

/// The parts of the discovery document Samverka uses.
#[derive(Debug, Clone, Deserialize)]
pub struct ProviderMetadata {
    /// Must equal the configured issuer exactly.
    pub issuer: String,
    /// Where the browser logs in.
    pub authorization_endpoint: String,
    /// Where the code is exchanged for tokens.
    pub token_endpoint: String,
    /// The provider's public signing keys.
    pub jwks_uri: String,
    /// How a client may authenticate at the token endpoint (`client_secret_basic` if absent).
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// The algorithms the provider signs ID tokens with.
    #[serde(default)]
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// The PKCE methods, if the provider says.
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}

/// How Samverka proves itself at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// HTTP Basic with the id and secret (form-encoded first, RFC 6749 2.3.1).
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// A public client: only `client_id` in the body; PKCE protects the code.
    None,
}

impl ProviderMetadata {
    /// Reads the document and checks that it belongs to the configured issuer,
    /// that its addresses are https (or loopback), and that PKCE S256 is not ruled out.
    pub fn parse(body: &[u8], settings: &OidcSettings) -> Result<Self, OidcError> {
        let meta: ProviderMetadata =
            serde_json::from_slice(body).map_err(|_| OidcError::BadResponse("discovery"))?;
        if meta.issuer != settings.issuer {
            return Err(OidcError::BadResponse("discovery"));
        }
        for endpoint in [
            &meta.authorization_endpoint,
            &meta.token_endpoint,
            &meta.jwks_uri,
        ] {
            match Url::parse(endpoint) {
                Ok(u) if secure_or_loopback(&u) => {}
                _ => return Err(OidcError::BadResponse("discovery")),
            }
        }
        if let Some(methods) = &meta.code_challenge_methods_supported
            && !methods.iter().any(|m| m == "S256")
        {
            return Err(OidcError::Unsupported("pkce"));
        }
        Ok(meta)
    }

    /// The token-endpoint authentication to use: Basic if allowed, else the form
    /// body; with no secret configured, a public client.
    pub fn auth_method(&self, has_secret: bool) -> Result<AuthMethod, OidcError> {
        let supported = |m: &str| match &self.token_endpoint_auth_methods_supported {
            Some(list) => list.iter().any(|s| s == m),
            None => m == "client_secret_basic",
        };
        match has_secret {
            true if supported("client_secret_basic") => Ok(AuthMethod::ClientSecretBasic),
            true if supported("client_secret_post") => Ok(AuthMethod::ClientSecretPost),
            true => Err(OidcError::Unsupported("client_auth")),
            false => Ok(AuthMethod::None),
        }
    }

    /// The address the browser is sent to: code flow, `openid profile`, the state,
    /// the nonce and the S256 challenge.
    pub fn authorization_url(
        &self,
        settings: &OidcSettings,
        state: &str,
        nonce: &str,
        challenge: &str,
    ) -> Result<String, OidcError> {
        let mut url = Url::parse(&self.authorization_endpoint)
            .map_err(|_| OidcError::BadResponse("discovery"))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &settings.client_id)
            .append_pair("redirect_uri", &settings.redirect_url)
            .append_pair("scope", "openid profile")
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(url.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> OidcSettings {
        OidcSettings {
            issuer: "https://idp.example.se".into(),
            client_id: "samverka".into(),
            client_secret: None,
            redirect_url: "https://samverka.example.se/login/oidc/callback".into(),
            username_claim: "preferred_username".into(),
            label: None,
        }
    }

    fn doc(extra: &str) -> String {
        format!(
            r#"{{"issuer":"https://idp.example.se","authorization_endpoint":"https://idp.example.se/auth",
            "token_endpoint":"https://idp.example.se/token","jwks_uri":"https://idp.example.se/jwks"{extra}}}"#
        )
    }

    #[test]
    fn a_document_for_another_issuer_is_refused() {
        let other = doc("").replace(
            r#""issuer":"https://idp.example.se""#,
            r#""issuer":"https://evil.example""#,
        );
        assert!(ProviderMetadata::parse(other.as_bytes(), &settings()).is_err());
        assert!(ProviderMetadata::parse(doc("").as_bytes(), &settings()).is_ok());
    }

    #[test]
    fn plain_http_endpoints_are_refused() {
        let d = doc("").replace(
            "https://idp.example.se/token",
            "http://idp.example.se/token",
        );
        assert!(ProviderMetadata::parse(d.as_bytes(), &settings()).is_err());
    }

    #[test]
    fn pkce_without_s256_is_refused() {
        let d = doc(r#","code_challenge_methods_supported":["plain"]"#);
        assert_eq!(
            ProviderMetadata::parse(d.as_bytes(), &settings()).err(),
            Some(OidcError::Unsupported("pkce"))
        );
    }

    #[test]
    fn client_authentication_follows_the_document() {
        let m = ProviderMetadata::parse(doc("").as_bytes(), &settings()).unwrap();
        assert_eq!(m.auth_method(true), Ok(AuthMethod::ClientSecretBasic));
        assert_eq!(m.auth_method(false), Ok(AuthMethod::None));
        let d = doc(r#","token_endpoint_auth_methods_supported":["client_secret_post"]"#);
        let m = ProviderMetadata::parse(d.as_bytes(), &settings()).unwrap();
        assert_eq!(m.auth_method(true), Ok(AuthMethod::ClientSecretPost));
        let d = doc(r#","token_endpoint_auth_methods_supported":["private_key_jwt"]"#);
        let m = ProviderMetadata::parse(d.as_bytes(), &settings()).unwrap();
        assert!(m.auth_method(true).is_err());
    }

    #[test]
    fn the_authorization_address_carries_pkce_state_and_nonce() {
        let m = ProviderMetadata::parse(doc("").as_bytes(), &settings()).unwrap();
        let url = m.authorization_url(&settings(), "st", "no", "ch").unwrap();
        let url = Url::parse(&url).unwrap();
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["scope"], "openid profile");
        assert_eq!(q["state"], "st");
        assert_eq!(q["nonce"], "no");
        assert_eq!(q["code_challenge"], "ch");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(
            q["redirect_uri"],
            "https://samverka.example.se/login/oidc/callback"
        );
    }
}
