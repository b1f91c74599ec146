//! The OIDC client: talks to the provider (discovery, keys, code exchange) over
//! https, keeps the logins under way, and ties the checks together.

use crate::discovery::{AuthMethod, ProviderMetadata};
use crate::error::{OidcError, clean_code};
use crate::id_token::{self, Expected, TokenError};
use crate::pending::PendingLogins;
use crate::settings::{OidcSettings, SettingsError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::jwk::Jwk;
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::Mutex;

/// The discovery document and keys are read again after this long.
const PROVIDER_TTL: Duration = Duration::from_secs(60 * 60);

/// The keys are not read again more often than this when a token names an unknown key.
const KEY_REFRESH_MIN: Duration = Duration::from_secs(10);

/// The largest answer read from the provider.
const MAX_BODY: usize = 512 * 1024;

/// What the provider said about itself, and when it was read.
#[derive(Clone)]
struct Provider {
    metadata: Arc<ProviderMetadata>,
    keys: Arc<Vec<Jwk>>,
    fetched: Instant,
    keys_fetched: Instant,
}

/// The start of a login: the cookie handle and where to send the browser.
#[derive(Debug, Clone)]
pub struct Begin {
    /// Goes into the short-lived cookie.
    pub handle: String,
    /// The provider's authorization address with every parameter.
    pub authorization_url: String,
}

/// What the browser brings back to `/login/oidc/callback`.
#[derive(Debug, Clone, Default)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The state sent.
    pub state: Option<String>,
    /// The provider's error code, when it sends no code.
    pub error: Option<String>,
}

/// Samverka as an OpenID Connect client of one provider.
pub struct OidcClient {
    settings: OidcSettings,
    http: reqwest::Client,
    provider: Mutex<Option<Provider>>,
    pending: PendingLogins,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient")
            .field("issuer", &self.settings.issuer)
            .field("client_id", &self.settings.client_id)
            .finish_non_exhaustive()
    }
}

impl OidcClient {
    /// Checks the settings and prepares the https client (no request is made yet).
    pub fn new(settings: OidcSettings) -> Result<Self, SettingsError> {
        settings.check()?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Samverka")
            .build()
            .map_err(|e| SettingsError(format!("https-klienten kunde inte startas: {e}")))?;
        Ok(Self {
            settings,
            http,
            provider: Mutex::new(None),
            pending: PendingLogins::default(),
        })
    }

    /// The settings in force.
    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    /// Begins a login: reads the provider's document (cached), keeps fresh state,
    /// nonce and PKCE verifier, and returns the cookie handle and the address.
    pub async fn begin(&self, now: OffsetDateTime) -> Result<Begin, OidcError> {
        let provider = self.provider(false).await?;
        provider
            .metadata
            .auth_method(self.settings.client_secret.is_some())?;
        let (handle, login) = self.pending.start(now);
        let authorization_url = provider.metadata.authorization_url(
            &self.settings,
            &login.state,
            &login.nonce,
            &login.pkce.challenge,
        )?;
        Ok(Begin {
            handle,
            authorization_url,
        })
    }

    /// Ends a login: checks the state against the cookie's handle, exchanges the code
    /// with the PKCE verifier, verifies the ID token, and returns the username claim.
    pub async fn finish(
        &self,
        handle: Option<&str>,
        callback: &Callback,
        now: OffsetDateTime,
    ) -> Result<String, OidcError> {
        let login = self
            .pending
            .take(handle, callback.state.as_deref(), now)
            .map_err(OidcError::State)?;
        if let Some(error) = &callback.error {
            return Err(OidcError::Denied(clean_code(error)));
        }
        let code = callback
            .code
            .as_deref()
            .filter(|c| !c.is_empty())
            .ok_or(OidcError::BadResponse("callback"))?;
        let provider = self.provider(false).await?;
        let token = self
            .exchange(&provider.metadata, code, &login.pkce.verifier)
            .await?;
        let expected = Expected {
            issuer: &self.settings.issuer,
            client_id: &self.settings.client_id,
            nonce: &login.nonce,
            provider_algorithms: &provider.metadata.id_token_signing_alg_values_supported,
            now,
        };
        let claims = match id_token::verify(&token, &provider.keys, &expected) {
            Err(TokenError::NoKey) => {
                let provider = self.provider(true).await?;
                id_token::verify(&token, &provider.keys, &expected)
            }
            other => other,
        }
        .map_err(OidcError::Token)?;
        id_token::username(&claims, &self.settings.username_claim).ok_or(OidcError::NoUsername)
    }

    /// The provider's document and keys, read again when stale or when asked to
    /// look for new keys (the provider may have rotated them).
    async fn provider(&self, new_keys: bool) -> Result<Provider, OidcError> {
        let mut cached = self.provider.lock().await;
        match cached.as_mut() {
            Some(p) if p.fetched.elapsed() < PROVIDER_TTL => {
                if new_keys && p.keys_fetched.elapsed() >= KEY_REFRESH_MIN {
                    p.keys = Arc::new(self.keys(&p.metadata).await?);
                    p.keys_fetched = Instant::now();
                }
                return Ok(p.clone());
            }
            _ => {}
        }
        let body = self
            .get(&self.settings.discovery_url(), "discovery")
            .await?;
        let metadata = ProviderMetadata::parse(&body, &self.settings)?;
        let keys = self.keys(&metadata).await?;
        let provider = Provider {
            metadata: Arc::new(metadata),
            keys: Arc::new(keys),
            fetched: Instant::now(),
            keys_fetched: Instant::now(),
        };
        *cached = Some(provider.clone());
        Ok(provider)
    }

    async fn keys(&self, metadata: &ProviderMetadata) -> Result<Vec<Jwk>, OidcError> {
        let body = self.get(&metadata.jwks_uri, "jwks").await?;
        id_token::parse_jwks(&body).ok_or(OidcError::BadResponse("jwks"))
    }

    async fn get(&self, url: &str, what: &'static str) -> Result<Vec<u8>, OidcError> {
        let response = self
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| unreachable(what, &e))?;
        if !response.status().is_success() {
            tracing::warn!(what, status = %response.status(), "oidc: provider answered with an error");
            return Err(OidcError::BadResponse(what));
        }
        read_limited(response, what).await
    }

    /// Exchanges the code for tokens and returns the ID token (the access token is not kept).
    async fn exchange(
        &self,
        metadata: &ProviderMetadata,
        code: &str,
        verifier: &str,
    ) -> Result<String, OidcError> {
        let method = metadata.auth_method(self.settings.client_secret.is_some())?;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.settings.redirect_url.as_str()),
            ("code_verifier", verifier),
        ];
        let secret = self
            .settings
            .client_secret
            .as_ref()
            .map(|s| s.expose_secret());
        let mut request = self
            .http
            .post(&metadata.token_endpoint)
            .header(reqwest::header::ACCEPT, "application/json");
        match (method, secret) {
            (AuthMethod::ClientSecretBasic, Some(secret)) => {
                let enc = |s: &str| {
                    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
                };
                let credentials =
                    STANDARD.encode(format!("{}:{}", enc(&self.settings.client_id), enc(secret)));
                request = request.header(
                    reqwest::header::AUTHORIZATION,
                    format!("Basic {credentials}"),
                );
            }
            (AuthMethod::ClientSecretPost, Some(secret)) => {
                form.push(("client_id", self.settings.client_id.as_str()));
                form.push(("client_secret", secret));
            }
            _ => form.push(("client_id", self.settings.client_id.as_str())),
        }
        let response = request
            .form(&form)
            .send()
            .await
            .map_err(|e| unreachable("token", &e))?;
        let status = response.status();
        let body = read_limited(response, "token").await?;
        #[derive(serde::Deserialize)]
        struct TokenResponse {
            id_token: Option<String>,
            error: Option<String>,
        }
        let parsed: Option<TokenResponse> = serde_json::from_slice(&body).ok();
        if !status.is_success() {
            let error = parsed
                .and_then(|p| p.error)
                .map(|e| clean_code(&e))
                .unwrap_or_default();
            tracing::warn!(%status, error, "oidc: the token endpoint refused the code");
            return Err(OidcError::BadResponse("token"));
        }
        parsed
            .and_then(|p| p.id_token)
            .ok_or(OidcError::BadResponse("token"))
    }
}

fn unreachable(what: &'static str, e: &reqwest::Error) -> OidcError {
    // The error names the provider's address, which holds no secret (the code and the
    // client secret travel in the body or a header, never in the address).
    tracing::warn!(what, error = %e, "oidc: the provider could not be reached");
    OidcError::Unreachable(what)
}

async fn read_limited(
    mut response: reqwest::Response,
    what: &'static str,
) -> Result<Vec<u8>, OidcError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| unreachable(what, &e))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(OidcError::BadResponse(what));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
