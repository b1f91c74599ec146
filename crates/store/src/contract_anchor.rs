//! Contract tests for the access log's checkpoints and sealed TOTP secrets.

use crate::Store;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent, GENESIS_HASH};
use samverka_domain::audit_checkpoint::{AuditHead, Checkpoint};
use samverka_domain::installation_key::InstallationKey;
use samverka_domain::{UserId, Username};
use time::macros::datetime;

fn key() -> InstallationKey {
    InstallationKey::from_text("kontraktstestets nyckel, lång nog att duga").unwrap()
}

/// The head follows the log; checkpoints are stored, listed in order and the one
/// certifying the most entries is the latest.
pub async fn anchor_head_and_checkpoints(store: &dyn Store) {
    assert_eq!(store.audit_head().await.unwrap(), AuditHead::empty());
    assert_eq!(store.latest_checkpoint().await.unwrap(), None);
    let at = datetime!(2026-11-22 08:00 UTC);
    let drafts: Vec<_> = (0..3)
        .map(|i| AuditDraft::new(at, Actor::system(), AuditEvent::UserCreated, "user", i))
        .collect();
    store.append_audits(&drafts).await.unwrap();
    let head = store.audit_head().await.unwrap();
    let last = store.audit_page(2, 1).await.unwrap().remove(0);
    assert_eq!((head.entries, head.last_seq), (3, 3));
    assert_eq!(head.hash, last.hash);
    assert_ne!(head.hash, GENESIS_HASH);
    let first = Checkpoint::sign(&key(), AuditHead::empty(), at);
    let second = Checkpoint::sign(&key(), head, at + time::Duration::minutes(5));
    store.save_checkpoint(&second).await.unwrap();
    store.save_checkpoint(&first).await.unwrap();
    assert_eq!(
        store.checkpoints().await.unwrap(),
        vec![second.clone(), first]
    );
    let latest = store.latest_checkpoint().await.unwrap().unwrap();
    assert_eq!(latest, second);
    assert!(latest.is_signed_by(&key()), "read back exactly as signed");
}

/// A stored TOTP value is resealed only while it is still the value read.
pub async fn anchor_reseal_totp(store: &dyn Store) {
    let new = crate::NewUser {
        username: Username::parse("tove").unwrap(),
        display_name: "Tove".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        created_at: datetime!(2026-11-22 08:00 UTC),
    };
    let at = datetime!(2026-11-22 08:00 UTC);
    let draft = |e| AuditDraft::new(at, Actor::system(), e, "user", "tove");
    let id = store
        .create_user(&new, &[], &draft(AuditEvent::UserCreated))
        .await
        .unwrap()
        .id;
    store
        .set_totp_secret(
            id,
            Some("JBSWY3DPEHPK3PXP"),
            &draft(AuditEvent::TotpEnrolled),
        )
        .await
        .unwrap();
    assert!(store.use_totp_step(id, 100).await.unwrap());
    assert!(
        !store
            .reseal_totp_secret(id, "ANNAT", "enc1:00")
            .await
            .unwrap()
    );
    assert!(
        store
            .reseal_totp_secret(id, "JBSWY3DPEHPK3PXP", "enc1:00")
            .await
            .unwrap()
    );
    let user = store.user_by_id(id).await.unwrap().unwrap();
    assert_eq!(user.totp_secret.as_deref(), Some("enc1:00"));
    assert_eq!(user.totp_last_step, Some(100), "the used step is kept");
    assert!(
        !store
            .reseal_totp_secret(UserId(4242), "JBSWY3DPEHPK3PXP", "enc1:00")
            .await
            .unwrap()
    );
}
