//! `samverka user …` keeps the two layers (issue 20, rows M1 and L6): the förbund's
//! roles are refused beside a personal-data role, and `user remove-totp` ends the
//! account's open sessions. Real processes on SQLite and on PostgreSQL.

use samverka_domain::UserId;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_store::{NewSession, Store};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

const BIN: &str = env!("CARGO_BIN_EXE_samverka");

fn samverka(db: &str, args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("SAMVERKA_DATABASE_URL", db)
        .env("USER", "drift")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all("blå-tåg-över-umeälven\n".as_bytes())
        .unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fresh SQLite file, and a fresh PostgreSQL database when the server is named.
async fn databases(dir: &std::path::Path) -> Vec<String> {
    let mut urls = vec![format!("sqlite://{}", dir.join("samverka.db").display())];
    match std::env::var("SAMVERKA_TEST_POSTGRES_URL") {
        Ok(admin) => urls.push(
            samverka_store_postgres::create_test_database(&admin)
                .await
                .unwrap(),
        ),
        Err(_) => eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: PostgreSQL hoppas över."),
    }
    urls
}

async fn open(url: &str) -> Arc<dyn Store> {
    if url.starts_with("postgres") {
        Arc::new(
            samverka_store_postgres::PgStore::connect(url)
                .await
                .unwrap(),
        )
    } else {
        Arc::new(
            samverka_store_sqlite::SqliteStore::connect(url)
                .await
                .unwrap(),
        )
    }
}

/// Imports the demo organisation and adds `bo`, coach of Nätkraft.
fn populate(db: &str) {
    let setup = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/setup.toml");
    let o = samverka(db, &["import", setup]);
    assert!(o.status.success(), "{}", text(&o));
    let o = samverka(
        db,
        &[
            "user",
            "add",
            "bo",
            "--name",
            "Bo Ek",
            "--role",
            "coach@intervention:NK",
            "--password-stdin",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
}

/// Starts a session for the account as a login would (second factor passed).
async fn open_session(store: &dyn Store, id: UserId, token: &str) {
    let now = time::OffsetDateTime::now_utc();
    let session = NewSession {
        token_hash: token.into(),
        user_id: id,
        created_at: now,
        second_factor_done: true,
        client: "test".into(),
    };
    let draft = AuditDraft::new(now, Actor::system(), AuditEvent::LoginSucceeded, "user", id);
    store.create_session(&session, &draft).await.unwrap();
}

#[tokio::test]
async fn remove_totp_ends_the_accounts_sessions() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()).await {
        populate(&db);
        let store = open(&db).await;
        let bo = store.user_by_username("bo").await.unwrap().unwrap().id;
        open_session(&*store, bo, &"a".repeat(64)).await;
        open_session(&*store, bo, &"b".repeat(64)).await;
        assert_eq!(store.sessions_of(bo).await.unwrap().len(), 2);
        let o = samverka(&db, &["user", "remove-totp", "bo"]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            text(&o).contains("kontots sessioner är avslutade (2 st)"),
            "{}",
            text(&o)
        );
        assert!(store.sessions_of(bo).await.unwrap().is_empty(), "{db}");
    }
}

#[tokio::test]
async fn the_forbunds_roles_are_refused_beside_personal_data_roles() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()).await {
        populate(&db);
        let o = samverka(
            &db,
            &[
                "user",
                "grant",
                "bo",
                "--role",
                "preparatory_group@association:HSF",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(
            text(&o).contains("(preparatory_group + coach)"),
            "{}",
            text(&o)
        );
        let o = samverka(
            &db,
            &[
                "user",
                "add",
                "karin",
                "--name",
                "Karin",
                "--role",
                "association_admin@association:SFU",
                "--role",
                "partner_officer@provider:UK-SP",
                "--password-stdin",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains("kan inte kombineras"), "{}", text(&o));
        let store = open(&db).await;
        assert!(store.user_by_username("karin").await.unwrap().is_none());
        let bo = store.user_by_username("bo").await.unwrap().unwrap().id;
        assert_eq!(store.roles_of(bo).await.unwrap().len(), 1);
    }
}
