//! Argon2id password hashing, run on the blocking pool so it never stalls requests.

use crate::{ServiceError, ServiceResult};
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

/// A hash of a password nobody has, verified when the account does not exist,
/// so that the answer takes as long either way.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_now("samverka-ingen-sådan-användare"));

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Hashes a password with Argon2id (default parameters: 19 MiB, 2 passes).
pub async fn hash(password: String) -> ServiceResult<String> {
    let hashed = tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| ServiceError::Storage(format!("hashing task: {e}")))?;
    if hashed.is_empty() {
        return Err(ServiceError::Storage("hashing failed".into()));
    }
    Ok(hashed)
}

/// Checks a password against a stored hash; `None` checks against a dummy (always false).
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let target = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        PasswordHash::new(&target)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("blå-tåg-över-umeälven".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("blå-tåg-över-umeälven".into(), Some(h.clone())).await);
        assert!(!verify("fel lösenord här".into(), Some(h)).await);
        assert!(!verify("vad som helst".into(), None).await);
    }
}
