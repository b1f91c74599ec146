//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps),
//! the second factor used by authenticator apps.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use time::OffsetDateTime;

/// Seconds per code.
pub const STEP: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;

/// A shared TOTP secret (20 bytes, shown to people in base32).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    /// A secret from random bytes supplied by the caller.
    pub fn from_bytes(bytes: [u8; 20]) -> Self {
        Self(bytes.to_vec())
    }

    /// Parses the base32 form (spaces and case ignored).
    pub fn from_base32(text: &str) -> Option<Self> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let bytes = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &cleaned)?;
        (bytes.len() >= 10).then_some(Self(bytes))
    }

    /// The base32 form, as typed into an authenticator app.
    pub fn to_base32(&self) -> String {
        base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &self.0)
    }

    /// The `otpauth://` address that authenticator apps read from a QR code.
    pub fn provisioning_uri(&self, issuer: &str, account: &str) -> String {
        format!(
            "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP}",
            self.to_base32()
        )
    }

    /// The code for the 30-second step that contains `at`.
    pub fn code_at(&self, at: OffsetDateTime) -> String {
        self.code_for_step(at.unix_timestamp().div_euclid(STEP))
    }

    fn code_for_step(&self, step: i64) -> String {
        let mut mac = Hmac::<Sha1>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        let offset = (digest[19] & 0x0f) as usize;
        let value = u32::from_be_bytes([
            digest[offset],
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]) & 0x7fff_ffff;
        format!(
            "{:0width$}",
            value % 10u32.pow(DIGITS),
            width = DIGITS as usize
        )
    }

    /// Checks a typed code, allowing one step of clock drift either way.
    /// Returns the matched step, so that a code cannot be used twice.
    pub fn verify(&self, code: &str, at: OffsetDateTime) -> Option<i64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let now = at.unix_timestamp().div_euclid(STEP);
        (now - 1..=now + 1)
            .find(|step| constant_time_eq(self.code_for_step(*step).as_bytes(), code.as_bytes()))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-1 test vectors of RFC 6238 appendix B (last six digits).
    #[test]
    fn rfc6238_vectors() {
        let secret = TotpSecret(b"12345678901234567890".to_vec());
        let at = |s| OffsetDateTime::from_unix_timestamp(s).unwrap();
        assert_eq!(secret.code_at(at(59)), "287082");
        assert_eq!(secret.code_at(at(1111111109)), "081804");
        assert_eq!(secret.code_at(at(1234567890)), "005924");
        assert_eq!(secret.code_at(at(20000000000)), "353130");
    }

    #[test]
    fn verify_allows_one_step_of_drift() {
        let secret = TotpSecret::from_bytes([7; 20]);
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let code = secret.code_at(now - time::Duration::seconds(30));
        assert!(secret.verify(&code, now).is_some());
        assert!(
            secret
                .verify(&code, now + time::Duration::seconds(90))
                .is_none()
        );
        assert!(secret.verify("12345", now).is_none());
    }

    #[test]
    fn base32_round_trip() {
        let secret = TotpSecret::from_bytes([42; 20]);
        assert_eq!(
            TotpSecret::from_base32(&secret.to_base32().to_lowercase()),
            Some(secret)
        );
    }
}
