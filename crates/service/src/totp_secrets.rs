//! TOTP secrets at rest: sealed with a key derived from the installation key when
//! one is configured, so a copy of the database alone does not give anyone the
//! second factor. Without a key they are stored as plain base32, as before.

use crate::{ServiceError, ServiceResult, Services};
use rand::RngCore;
use samverka_domain::UserId;
use samverka_domain::installation_key::is_sealed;
use samverka_domain::totp::TotpSecret;
use samverka_store::User;

/// What sealing the stored secrets found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TotpSealing {
    /// Plain secrets sealed now.
    pub sealed_now: usize,
    /// Secrets that were already sealed.
    pub already_sealed: usize,
    /// Plain secrets left plain (no key is configured).
    pub plain: usize,
}

impl Services {
    /// The form in which an account's TOTP secret (base32) is stored: sealed when a
    /// key is configured, the base32 itself otherwise.
    pub fn stored_totp_secret(&self, id: UserId, base32: &str) -> String {
        match &self.audit_key {
            Some(key) => {
                let mut nonce = [0u8; 12];
                rand::rngs::OsRng.fill_bytes(&mut nonce);
                key.seal_totp(id.0, base32, nonce)
            }
            None => base32.to_string(),
        }
    }

    /// The account's TOTP secret, opened with the key when it is sealed. A sealed
    /// secret that the configured key cannot open is an error naming the cause.
    pub fn totp_secret_of(&self, user: &User) -> ServiceResult<Option<TotpSecret>> {
        let Some(stored) = user.totp_secret.as_deref() else {
            return Ok(None);
        };
        if !is_sealed(stored) {
            return Ok(TotpSecret::from_base32(stored));
        }
        let opened = match &self.audit_key {
            Some(key) => key.open_totp(user.id.0, stored).ok(),
            None => None,
        };
        match opened {
            Some(base32) => Ok(TotpSecret::from_base32(&base32)),
            None => {
                tracing::error!(
                    user_id = user.id.0,
                    key_configured = self.audit_key.is_some(),
                    "a sealed TOTP secret cannot be opened: the installation key is missing or another one"
                );
                Err(ServiceError::Unsupported(
                    "Engångskoden kan inte kontrolleras: installationsnyckeln saknas eller är en annan än den som krypterade den.".into(),
                ))
            }
        }
    }

    /// Seals every TOTP secret still stored as plain base32 (run at start when a key
    /// is configured). Without a key nothing changes; the counts tell what is stored.
    pub async fn seal_stored_totp_secrets(&self) -> ServiceResult<TotpSealing> {
        let mut done = TotpSealing::default();
        for user in self.store.list_users().await? {
            let Some(stored) = user.totp_secret.as_deref() else {
                continue;
            };
            if is_sealed(stored) {
                done.already_sealed += 1;
            } else if self.audit_key.is_none() {
                done.plain += 1;
            } else {
                let sealed = self.stored_totp_secret(user.id, stored);
                if self
                    .store
                    .reseal_totp_secret(user.id, stored, &sealed)
                    .await?
                {
                    done.sealed_now += 1;
                }
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::FixedClock;
    use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
    use samverka_domain::installation_key::InstallationKey;
    use samverka_store::{NewUser, UserRepo};
    use samverka_store_sqlite::SqliteStore;
    use std::sync::Arc;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[tokio::test]
    async fn plain_secrets_are_sealed_once_and_still_open() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Arc::new(SqliteStore::connect(&url).await.unwrap());
        let at = time::macros::datetime!(2026-11-22 08:00 UTC);
        let plain = Services::new(store.clone(), Arc::new(FixedClock::new(at)));
        let draft = |e| AuditDraft::new(at, Actor::system(), e, "user", "tove");
        let new = NewUser {
            username: samverka_domain::Username::parse("tove").unwrap(),
            display_name: "Tove".into(),
            password_hash: "x".into(),
            created_at: at,
        };
        let id = store
            .create_user(&new, &[], &draft(AuditEvent::UserCreated))
            .await
            .unwrap()
            .id;
        let stored = plain.stored_totp_secret(id, SECRET);
        assert_eq!(
            stored, SECRET,
            "without a key the secret is stored as before"
        );
        store
            .set_totp_secret(id, Some(&stored), &draft(AuditEvent::TotpEnrolled))
            .await
            .unwrap();
        assert_eq!(plain.seal_stored_totp_secrets().await.unwrap().plain, 1);
        let key = InstallationKey::from_text("nyckeln för engångskodstestet, lång nog").unwrap();
        let keyed = plain.clone().with_audit_key(Some(Arc::new(key)));
        let first = keyed.seal_stored_totp_secrets().await.unwrap();
        assert_eq!(first.sealed_now, 1);
        assert_eq!(
            keyed
                .seal_stored_totp_secrets()
                .await
                .unwrap()
                .already_sealed,
            1
        );
        let user = store.user_by_id(id).await.unwrap().unwrap();
        assert!(user.totp_secret.as_deref().unwrap().starts_with("enc1:"));
        let opened = keyed.totp_secret_of(&user).unwrap().unwrap();
        assert_eq!(opened.to_base32(), SECRET);
        assert!(
            plain.totp_secret_of(&user).is_err(),
            "no key, no second factor"
        );
    }
}
