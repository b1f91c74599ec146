//! Verifying an ID token (OpenID Connect Core 3.1.3.7): the signature against the
//! provider's published keys (never a key named in the token itself, never a shared
//! secret), then `iss`, `aud`, `azp`, `exp`, `iat`, `nbf` and `nonce`.

use crate::pending::same_secret;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde_json::{Map, Value};
use std::str::FromStr;
use time::OffsetDateTime;

/// The clock difference tolerated between Samverka and the provider, in seconds.
pub const LEEWAY_SECONDS: i64 = 60;

/// How old an ID token may be when it arrives (`iat`), in seconds: the code was just
/// exchanged, so a fresh token is expected.
pub const MAX_AGE_SECONDS: i64 = 600;

/// The signature algorithms accepted: public-key ones only (RS256 is what every
/// provider must support).
pub const ACCEPTED: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Why an ID token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not a JWT, or claims that are not JSON of the expected shape.
    Malformed,
    /// Signed with an algorithm not accepted (`none`, HMAC, or one the provider does not list).
    Algorithm,
    /// No published key fits the token's `kid` and algorithm.
    NoKey,
    /// The signature does not verify.
    Signature,
    /// `iss` is not the configured issuer.
    Issuer,
    /// `aud` does not hold Samverka's client id.
    Audience,
    /// `azp` is present and is not Samverka's client id, or is missing with several audiences.
    AuthorizedParty,
    /// A required claim is missing (`iss`, `aud`, `sub`, `exp`, `iat`, `nonce`).
    MissingClaim,
    /// `exp` has passed.
    Expired,
    /// `iat` is in the future or too long ago, or `nbf` is in the future.
    IssuedAt,
    /// `nonce` differs from the one sent.
    Nonce,
}

impl TokenError {
    /// A short code for the access log.
    pub fn code(self) -> &'static str {
        match self {
            TokenError::Malformed => "malformed",
            TokenError::Algorithm => "algorithm",
            TokenError::NoKey => "no_key",
            TokenError::Signature => "signature",
            TokenError::Issuer => "issuer",
            TokenError::Audience => "audience",
            TokenError::AuthorizedParty => "azp",
            TokenError::MissingClaim => "missing_claim",
            TokenError::Expired => "expired",
            TokenError::IssuedAt => "iat",
            TokenError::Nonce => "nonce",
        }
    }
}

/// What the token must say.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The configured issuer.
    pub issuer: &'a str,
    /// Samverka's client id.
    pub client_id: &'a str,
    /// The nonce sent with this login.
    pub nonce: &'a str,
    /// The algorithms the provider lists (empty: any of [`ACCEPTED`]).
    pub provider_algorithms: &'a [String],
    /// Now, from Samverka's clock.
    pub now: OffsetDateTime,
}

/// Reads a JWKS document key by key, skipping keys this library cannot read
/// (encryption keys with unusual algorithms, for example) instead of refusing them all.
pub fn parse_jwks(body: &[u8]) -> Option<Vec<Jwk>> {
    #[derive(serde::Deserialize)]
    struct Set {
        keys: Vec<Value>,
    }
    let set: Set = serde_json::from_slice(body).ok()?;
    Some(
        set.keys
            .into_iter()
            .filter_map(|k| serde_json::from_value(k).ok())
            .collect(),
    )
}

fn accepted(alg: Algorithm, provider_algorithms: &[String]) -> bool {
    ACCEPTED.contains(&alg)
        && (provider_algorithms.is_empty()
            || provider_algorithms
                .iter()
                .any(|a| Algorithm::from_str(a).ok() == Some(alg)))
}

/// The published keys that may have signed a token with this `kid` and algorithm.
fn candidates(keys: &[Jwk], kid: Option<&str>, alg: Algorithm) -> Vec<DecodingKey> {
    keys.iter()
        .filter(|k| {
            !matches!(
                k.common.public_key_use,
                Some(PublicKeyUse::Encryption | PublicKeyUse::Other(_))
            )
        })
        .filter(|k| match (kid, k.common.key_id.as_deref()) {
            (Some(want), Some(have)) => want == have,
            (Some(_), None) => false,
            (None, _) => true,
        })
        .filter(|k| match k.common.key_algorithm {
            Some(ka) => Algorithm::from_str(&ka.to_string()).ok() == Some(alg),
            None => true,
        })
        .filter_map(|k| DecodingKey::from_jwk(k).ok())
        .filter(|k| k.family() == alg.family() && k.family() != AlgorithmFamily::Hmac)
        .collect()
}

fn seconds(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>, TokenError> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_f64().map(|f| f as i64))
            .map(Some)
            .ok_or(TokenError::Malformed),
    }
}

/// Verifies a token and returns its claims.
pub fn verify(
    token: &str,
    keys: &[Jwk],
    expected: &Expected<'_>,
) -> Result<Map<String, Value>, TokenError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
    if !accepted(header.alg, expected.provider_algorithms) {
        return Err(TokenError::Algorithm);
    }
    let keys = candidates(keys, header.kid.as_deref(), header.alg);
    if keys.is_empty() {
        return Err(TokenError::NoKey);
    }
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["iss", "aud", "sub"]);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let mut result = Err(TokenError::Signature);
    for key in &keys {
        match jsonwebtoken::decode::<Map<String, Value>>(token, key, &validation) {
            Ok(data) => {
                result = Ok(data.claims);
                break;
            }
            Err(e) => match e.kind() {
                ErrorKind::InvalidSignature | ErrorKind::InvalidRsaKey(_) => continue,
                ErrorKind::InvalidIssuer => return Err(TokenError::Issuer),
                ErrorKind::InvalidAudience => return Err(TokenError::Audience),
                ErrorKind::MissingRequiredClaim(_) => return Err(TokenError::MissingClaim),
                ErrorKind::InvalidAlgorithm => return Err(TokenError::Algorithm),
                _ => return Err(TokenError::Malformed),
            },
        }
    }
    let claims = result?;
    check_claims(&claims, expected)?;
    Ok(claims)
}

/// The checks after the signature: times, authorized party and nonce.
fn check_claims(claims: &Map<String, Value>, expected: &Expected<'_>) -> Result<(), TokenError> {
    let now = expected.now.unix_timestamp();
    let exp = seconds(claims, "exp")?.ok_or(TokenError::MissingClaim)?;
    if now > exp + LEEWAY_SECONDS {
        return Err(TokenError::Expired);
    }
    let iat = seconds(claims, "iat")?.ok_or(TokenError::MissingClaim)?;
    if iat > now + LEEWAY_SECONDS || iat < now - MAX_AGE_SECONDS - LEEWAY_SECONDS {
        return Err(TokenError::IssuedAt);
    }
    if let Some(nbf) = seconds(claims, "nbf")?
        && nbf > now + LEEWAY_SECONDS
    {
        return Err(TokenError::IssuedAt);
    }
    let several_audiences = matches!(claims.get("aud"), Some(Value::Array(a)) if a.len() > 1);
    match claims.get("azp") {
        Some(Value::String(azp)) if azp == expected.client_id => {}
        None if !several_audiences => {}
        _ => return Err(TokenError::AuthorizedParty),
    }
    match claims.get("nonce") {
        Some(Value::String(n)) if same_secret(n, expected.nonce) => Ok(()),
        Some(_) => Err(TokenError::Nonce),
        None => Err(TokenError::MissingClaim),
    }
}

/// The Samverka username: the configured claim if it is text, otherwise `sub`.
pub fn username(claims: &Map<String, Value>, claim: &str) -> Option<String> {
    let text = |name: &str| match claims.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    text(claim).or_else(|| text("sub"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;
    use time::macros::datetime;

    const KEY_1: &str = include_str!("../tests/fixtures/test-key-1.pem");
    const KEY_2: &str = include_str!("../tests/fixtures/test-key-2.pem");
    const NOW: OffsetDateTime = datetime!(2026-11-22 8:00 UTC);
    const ISSUER: &str = "https://idp.example.se";

    fn jwk(pem: &str, kid: &str) -> Jwk {
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
        jwk.common.key_id = Some(kid.into());
        jwk
    }

    fn claims() -> Value {
        let now = NOW.unix_timestamp();
        json!({
            "iss": ISSUER, "aud": "samverka", "sub": "248289761001",
            "preferred_username": "forbund", "nonce": "n-0S6_WzA2Mj",
            "iat": now - 5, "exp": now + 300,
        })
    }

    fn sign(claims: &Value, pem: &str, kid: &str) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.into());
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
        jsonwebtoken::encode(&header, claims, &key).unwrap()
    }

    fn expected() -> Expected<'static> {
        Expected {
            issuer: ISSUER,
            client_id: "samverka",
            nonce: "n-0S6_WzA2Mj",
            provider_algorithms: &[],
            now: NOW,
        }
    }

    fn check(claims: &Value) -> Result<Map<String, Value>, TokenError> {
        verify(&sign(claims, KEY_1, "k1"), &[jwk(KEY_1, "k1")], &expected())
    }

    fn with(field: &str, value: Value) -> Value {
        let mut c = claims();
        c[field] = value;
        c
    }

    fn without(field: &str) -> Value {
        let mut c = claims();
        c.as_object_mut().unwrap().remove(field);
        c
    }

    #[test]
    fn a_good_token_verifies_and_gives_the_username() {
        let claims = check(&claims()).unwrap();
        assert_eq!(
            username(&claims, "preferred_username").as_deref(),
            Some("forbund")
        );
        assert_eq!(username(&claims, "email").as_deref(), Some("248289761001"));
    }

    #[test]
    fn the_key_is_found_by_kid_among_several() {
        let keys = [jwk(KEY_2, "k2"), jwk(KEY_1, "k1")];
        assert!(verify(&sign(&claims(), KEY_1, "k1"), &keys, &expected()).is_ok());
        assert_eq!(
            verify(&sign(&claims(), KEY_1, "k9"), &keys, &expected()).err(),
            Some(TokenError::NoKey)
        );
    }

    #[test]
    fn a_token_signed_by_another_key_is_refused() {
        let token = sign(&claims(), KEY_2, "k1");
        assert_eq!(
            verify(&token, &[jwk(KEY_1, "k1")], &expected()).err(),
            Some(TokenError::Signature)
        );
        let mut parts: Vec<String> = sign(&claims(), KEY_1, "k1")
            .split('.')
            .map(String::from)
            .collect();
        let forged = with("preferred_username", json!("admin"));
        parts[1] = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            forged.to_string(),
        );
        assert_eq!(
            verify(&parts.join("."), &[jwk(KEY_1, "k1")], &expected()).err(),
            Some(TokenError::Signature)
        );
    }

    #[test]
    fn unsigned_and_shared_secret_tokens_are_refused() {
        let b64 = |v: Value| {
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                v.to_string(),
            )
        };
        let none = format!("{}.{}.", b64(json!({"alg": "none"})), b64(claims()));
        assert!(verify(&none, &[jwk(KEY_1, "k1")], &expected()).is_err());
        let hs = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(b"secret").unwrap(),
        )
        .unwrap();
        assert_eq!(
            verify(&hs, &[jwk(KEY_1, "k1")], &expected()).err(),
            Some(TokenError::Algorithm)
        );
        let only_es = ["ES256".to_string()];
        let e = Expected {
            provider_algorithms: &only_es,
            ..expected()
        };
        assert_eq!(
            verify(&sign(&claims(), KEY_1, "k1"), &[jwk(KEY_1, "k1")], &e).err(),
            Some(TokenError::Algorithm),
            "an algorithm the provider does not list"
        );
    }

    #[test]
    fn issuer_and_audience_must_match() {
        assert_eq!(
            check(&with("iss", json!("https://evil.example"))).err(),
            Some(TokenError::Issuer)
        );
        assert_eq!(
            check(&with("aud", json!("another-client"))).err(),
            Some(TokenError::Audience)
        );
        assert!(check(&with("aud", json!(["samverka"]))).is_ok());
        assert_eq!(check(&without("iss")).err(), Some(TokenError::MissingClaim));
        assert_eq!(check(&without("aud")).err(), Some(TokenError::MissingClaim));
    }

    #[test]
    fn azp_must_be_samverka_when_present_or_when_there_are_several_audiences() {
        let mut c = with("aud", json!(["samverka", "other"]));
        assert_eq!(check(&c).err(), Some(TokenError::AuthorizedParty));
        c["azp"] = json!("samverka");
        assert!(check(&c).is_ok());
        assert_eq!(
            check(&with("azp", json!("other"))).err(),
            Some(TokenError::AuthorizedParty)
        );
    }

    #[test]
    fn times_are_checked_with_a_small_leeway() {
        let now = NOW.unix_timestamp();
        assert!(
            check(&with("exp", json!(now - 30))).is_ok(),
            "within the leeway"
        );
        assert_eq!(
            check(&with("exp", json!(now - 61))).err(),
            Some(TokenError::Expired)
        );
        assert_eq!(check(&without("exp")).err(), Some(TokenError::MissingClaim));
        assert_eq!(
            check(&with("iat", json!(now + 120))).err(),
            Some(TokenError::IssuedAt)
        );
        assert_eq!(
            check(&with("iat", json!(now - 3600))).err(),
            Some(TokenError::IssuedAt)
        );
        assert_eq!(check(&without("iat")).err(), Some(TokenError::MissingClaim));
        assert_eq!(
            check(&with("nbf", json!(now + 120))).err(),
            Some(TokenError::IssuedAt)
        );
    }

    #[test]
    fn the_nonce_must_be_the_one_sent() {
        assert_eq!(
            check(&with("nonce", json!("another"))).err(),
            Some(TokenError::Nonce)
        );
        assert_eq!(
            check(&without("nonce")).err(),
            Some(TokenError::MissingClaim)
        );
    }

    #[test]
    fn jwks_with_keys_of_other_kinds_still_give_the_signing_keys() {
        let mut k1 = serde_json::to_value(jwk(KEY_1, "k1")).unwrap();
        k1["use"] = json!("sig");
        let doc = json!({"keys": [
            {"kty": "RSA", "use": "enc", "alg": "RSA-OAEP-999", "kid": "x", "n": "AQAB", "e": "AQAB"},
            {"kty": "weird"},
            k1,
        ]});
        let keys = parse_jwks(doc.to_string().as_bytes()).unwrap();
        assert!(verify(&sign(&claims(), KEY_1, "k1"), &keys, &expected()).is_ok());
        assert!(parse_jwks(b"not json").is_none());
    }

    #[test]
    fn an_encryption_key_with_the_right_kid_is_not_used_to_verify() {
        let mut k = jwk(KEY_1, "k1");
        k.common.public_key_use = Some(PublicKeyUse::Encryption);
        assert_eq!(
            verify(&sign(&claims(), KEY_1, "k1"), &[k], &expected()).err(),
            Some(TokenError::NoKey)
        );
    }
}
