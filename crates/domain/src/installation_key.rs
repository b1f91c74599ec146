//! The installation key: a secret kept outside the database (a file or the
//! environment) from which two keys are derived with HKDF-SHA256, one that signs
//! the access log's checkpoints and one that seals TOTP secrets at rest.

use chacha20poly1305::KeyInit as _;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The shortest key text accepted, in bytes (32 random bytes as hex are 64).
pub const MIN_KEY_LEN: usize = 32;

/// The prefix of a sealed TOTP secret. Base32 never holds a colon or lower case,
/// so a stored value is either sealed or the plain base32 of an older version.
pub const SEALED_PREFIX: &str = "enc1:";

/// Salt of the derivation, fixed so the same key text always gives the same keys.
const SALT: &[u8] = b"samverka-installation-key-v1";

/// Why a key text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Fewer than [`MIN_KEY_LEN`] bytes once spaces and newlines are trimmed.
    #[error("nyckeln är för kort: {0} tecken, minst {MIN_KEY_LEN} krävs")]
    TooShort(usize),
}

/// Why a sealed TOTP secret could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The stored value is not in the sealed form.
    #[error("värdet är inte krypterat")]
    NotSealed,
    /// The value is damaged, belongs to another account, or was sealed with another key.
    #[error("värdet kan inte öppnas med den här nyckeln")]
    WrongKey,
}

/// The keys derived from the installation key. Its `Debug` shows only the key id.
#[derive(Clone)]
pub struct InstallationKey {
    signing: [u8; 32],
    sealing: [u8; 32],
    id: String,
}

impl std::fmt::Debug for InstallationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "InstallationKey({})", self.id)
    }
}

impl InstallationKey {
    /// Derives the keys from the key text (surrounding white space ignored).
    pub fn from_text(text: &str) -> Result<Self, KeyError> {
        let material = text.trim().as_bytes();
        if material.len() < MIN_KEY_LEN {
            return Err(KeyError::TooShort(material.len()));
        }
        let hk = Hkdf::<Sha256>::new(Some(SALT), material);
        let expand = |info: &[u8], out: &mut [u8]| {
            hk.expand(info, out)
                .expect("HKDF-SHA256 gives up to 8160 bytes");
        };
        let (mut signing, mut sealing, mut id) = ([0u8; 32], [0u8; 32], [0u8; 8]);
        expand(b"audit-checkpoint-signing", &mut signing);
        expand(b"totp-secret-sealing", &mut sealing);
        expand(b"key-id", &mut id);
        Ok(Self {
            signing,
            sealing,
            id: hex::encode(id),
        })
    }

    /// A short public name of the key (16 hex digits), written beside each signature
    /// so that a checkpoint signed with another key is named as such.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The hex HMAC-SHA256 of `message` with the signing key.
    pub fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.mac(message).finalize().into_bytes())
    }

    /// True when `signature` (hex) is the signature of `message`; compared in constant time.
    pub fn verify(&self, message: &[u8], signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(bytes) => self.mac(message).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }

    fn mac(&self, message: &[u8]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.signing)
            .expect("HMAC takes keys of any length");
        mac.update(message);
        mac
    }

    /// Seals an account's TOTP secret (its base32 text) with ChaCha20-Poly1305. The
    /// account id is bound in, so a sealed value copied to another account does not open.
    /// `nonce` must be fresh random bytes for every call.
    pub fn seal_totp(&self, user_id: i64, secret: &str, nonce: [u8; 12]) -> String {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.sealing));
        let aad = totp_aad(user_id);
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: &aad,
                },
            )
            .expect("ChaCha20-Poly1305 seals any short message");
        format!(
            "{SEALED_PREFIX}{}{}",
            hex::encode(nonce),
            hex::encode(sealed)
        )
    }

    /// Opens a value made by [`seal_totp`](Self::seal_totp) for the same account.
    pub fn open_totp(&self, user_id: i64, stored: &str) -> Result<String, SealError> {
        let body = stored
            .strip_prefix(SEALED_PREFIX)
            .ok_or(SealError::NotSealed)?;
        let bytes = hex::decode(body).map_err(|_| SealError::WrongKey)?;
        if bytes.len() < 12 + 16 {
            return Err(SealError::WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(12);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.sealing));
        let aad = totp_aad(user_id);
        let plain = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| SealError::WrongKey)
    }
}

/// True when a stored TOTP value is sealed (not the plain base32 of older versions).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

fn totp_aad(user_id: i64) -> Vec<u8> {
    format!("samverka-totp-v1:{user_id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn key() -> InstallationKey {
        InstallationKey::from_text(TEXT).unwrap()
    }

    #[test]
    fn a_short_key_is_refused() {
        assert_eq!(
            InstallationKey::from_text("  för-kort \n").unwrap_err(),
            KeyError::TooShort(9)
        );
    }

    #[test]
    fn the_same_text_gives_the_same_key_and_white_space_is_ignored() {
        let again = InstallationKey::from_text(&format!("{TEXT}\n")).unwrap();
        assert_eq!(key().id(), again.id());
        assert_eq!(key().id().len(), 16);
        assert_eq!(key().sign(b"x"), again.sign(b"x"));
        let other = InstallationKey::from_text(&TEXT.replace('0', "1")).unwrap();
        assert_ne!(key().id(), other.id());
        assert!(!other.verify(b"x", &key().sign(b"x")));
    }

    #[test]
    fn a_signature_covers_the_message() {
        let sig = key().sign(b"entries=5");
        assert_eq!(sig.len(), 64);
        assert!(key().verify(b"entries=5", &sig));
        assert!(!key().verify(b"entries=4", &sig));
        assert!(!key().verify(b"entries=5", "not hex"));
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_account_and_key() {
        let sealed = key().seal_totp(7, "JBSWY3DPEHPK3PXP", [9; 12]);
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key().open_totp(7, &sealed).unwrap(), "JBSWY3DPEHPK3PXP");
        assert_eq!(key().open_totp(8, &sealed), Err(SealError::WrongKey));
        let other = InstallationKey::from_text(&TEXT.replace('a', "b")).unwrap();
        assert_eq!(other.open_totp(7, &sealed), Err(SealError::WrongKey));
        assert_eq!(
            key().open_totp(7, "JBSWY3DPEHPK3PXP"),
            Err(SealError::NotSealed)
        );
        let mut flipped = sealed.clone();
        flipped.replace_range(40..41, if &sealed[40..41] == "0" { "1" } else { "0" });
        assert_eq!(key().open_totp(7, &flipped), Err(SealError::WrongKey));
    }

    #[test]
    fn fresh_nonces_give_different_sealed_values() {
        let a = key().seal_totp(7, "JBSWY3DPEHPK3PXP", [1; 12]);
        let b = key().seal_totp(7, "JBSWY3DPEHPK3PXP", [2; 12]);
        assert_ne!(a, b);
    }
}
