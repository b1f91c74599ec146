//! Finding M7: the access log cannot be shortened unseen. A real installation (a
//! SQLite file, or a PostgreSQL database when SAMVERKA_TEST_POSTGRES_URL is set) is
//! anchored with `samverka audit checkpoint`, tampered with by direct SQL as a
//! database administrator would, and `samverka audit verify` must fail and say why.

use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_domain::audit::{AuditEntry, GENESIS_HASH, entry_hash};
use samverka_store::Store;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Arc;

const BIN: &str = env!("CARGO_BIN_EXE_samverka");

/// Entries in the log before it is anchored.
const ENTRIES: usize = 150;

/// An installation with its key file and checkpoint file.
struct Installation {
    url: String,
    key: PathBuf,
    file: PathBuf,
    _dir: tempfile::TempDir,
}

impl Installation {
    async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("samverka.db").display());
        Self::made(url, dir).await
    }

    async fn postgres() -> Option<Self> {
        let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
            eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: PostgreSQL-testet hoppas över.");
            return None;
        };
        let url = samverka_store_postgres::create_test_database(&admin)
            .await
            .unwrap();
        Some(Self::made(url, tempfile::tempdir().unwrap()).await)
    }

    /// A migrated database, a new key made with `audit new-key`, and `ENTRIES`
    /// entries in the log written through the store's own chain code.
    async fn made(url: String, dir: tempfile::TempDir) -> Self {
        let key = dir.path().join("audit.key");
        let file = dir.path().join("kontrollpunkter.log");
        let inst = Self {
            url,
            key,
            file,
            _dir: dir,
        };
        let made = Command::new(BIN)
            .args(["audit", "new-key", inst.key.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", err(&made));
        inst.append(ENTRIES).await;
        inst
    }

    async fn store(&self) -> Arc<dyn Store> {
        if self.url.starts_with("postgres") {
            Arc::new(
                samverka_store_postgres::PgStore::connect(&self.url)
                    .await
                    .unwrap(),
            )
        } else {
            Arc::new(
                samverka_store_sqlite::SqliteStore::connect(&self.url)
                    .await
                    .unwrap(),
            )
        }
    }

    async fn append(&self, n: usize) {
        let at = time::macros::datetime!(2026-11-22 08:00 UTC);
        let drafts: Vec<_> = (0..n)
            .map(|i| {
                AuditDraft::new(at, Actor::cli("drift"), AuditEvent::UserCreated, "user", i)
                    .details("roles=coach@intervention:NK")
            })
            .collect();
        self.store().await.append_audits(&drafts).await.unwrap();
    }

    /// Runs SQL on the database directly, as its administrator could.
    async fn sql(&self, sql: &str) {
        self.store().await.run_sql(sql).await.unwrap();
    }

    /// `samverka` with the key and the checkpoint file configured.
    fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .env("SAMVERKA_AUDIT_CHECKPOINT_FILE", &self.file)
            .output()
            .unwrap()
    }

    /// `samverka` with the key but no checkpoint file: the table is the reference.
    fn run_on_table(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("SAMVERKA_DATABASE_URL", &self.url)
            .env("SAMVERKA_AUDIT_KEY_FILE", &self.key)
            .env_remove("SAMVERKA_AUDIT_KEY")
            .env_remove("SAMVERKA_AUDIT_CHECKPOINT_FILE")
            .env("USER", "drift");
        c
    }

    fn checkpoint(&self) {
        let o = self.run(&["audit", "checkpoint"]);
        assert!(o.status.success(), "{}", err(&o));
    }

    /// `audit verify` fails with exit code 1 and a message holding `why`.
    fn fails(&self, output: Output, why: &str) {
        assert_eq!(output.status.code(), Some(1), "{}", out(&output));
        assert!(
            err(&output).contains(why),
            "expected «{why}» in: {}",
            err(&output)
        );
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An untouched, anchored log passes, from the file and from the table.
async fn an_untouched_log_passes(inst: Installation) {
    inst.checkpoint();
    inst.append(3).await;
    let o = inst.run(&["audit", "verify"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("obruten: 153 poster"), "{}", out(&o));
    assert!(
        out(&o).contains("Förankrad: stämmer med 1 signerad kontrollpunkt i kontrollpunktsfilen"),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("intygar 150 poster; 3 poster har skrivits efter den"),
        "{}",
        out(&o)
    );
    let o = inst.run_on_table(&["audit", "verify"]);
    assert!(
        out(&o).contains("i databasens tabell audit_checkpoints"),
        "{}",
        out(&o)
    );
    assert!(o.status.success(), "{}", err(&o));
}

/// An edited entry is named by its number.
async fn an_edited_entry_fails(inst: Installation) {
    inst.checkpoint();
    inst.sql("UPDATE audit_log SET details = 'roles=' WHERE seq = 40")
        .await;
    inst.fails(inst.run(&["audit", "verify"]), "post 40 har ändrats");
}

/// A row deleted in the middle is named as missing.
async fn a_deleted_middle_row_fails(inst: Installation) {
    inst.checkpoint();
    inst.sql("DELETE FROM audit_log WHERE seq = 75").await;
    inst.fails(
        inst.run(&["audit", "verify"]),
        "post 75 saknas (nästa post är 76)",
    );
}

/// The last five rows cut: the chain itself still holds, the checkpoint does not.
async fn the_last_five_rows_cut_fail(inst: Installation) {
    inst.checkpoint();
    inst.sql("DELETE FROM audit_log WHERE seq > 145").await;
    let why = "loggen har 145 poster, men en signerad kontrollpunkt från";
    inst.fails(inst.run(&["audit", "verify"]), why);
    inst.fails(
        inst.run(&["audit", "verify"]),
        "intygar 150: 5 poster har tagits bort",
    );
    inst.fails(inst.run_on_table(&["audit", "verify"]), why);
    let o = inst.run(&["audit", "checkpoint"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "no checkpoint is signed over a cut log"
    );
    assert!(
        err(&o).contains("Ingen kontrollpunkt skrevs: loggen har 145 poster"),
        "{}",
        err(&o)
    );
}

/// The whole log emptied, and then the checkpoint table too.
async fn an_emptied_log_fails(inst: Installation) {
    inst.checkpoint();
    inst.sql("DELETE FROM audit_log").await;
    let why = "loggen är tom, men en signerad kontrollpunkt från";
    inst.fails(inst.run(&["audit", "verify"]), why);
    inst.fails(
        inst.run(&["audit", "verify"]),
        "intygar 150 poster: hela loggen har tömts",
    );
    inst.fails(inst.run_on_table(&["audit", "verify"]), why);
    inst.sql("DELETE FROM audit_checkpoints").await;
    inst.fails(inst.run(&["audit", "verify"]), why);
    inst.fails(
        inst.run_on_table(&["audit", "verify"]),
        "inte förankrad: det finns ingen signerad kontrollpunkt i databasens tabell",
    );
}

/// The chain rebuilt without 90 entries (31–120), every hash recomputed: it holds on
/// its own, but not against the checkpoints signed before, nor can the
/// administrator sign new ones without the key.
async fn a_rebuilt_chain_fails(inst: Installation) {
    let entries = inst.store().await.audit_page(0, 1000).await.unwrap();
    let at_60 = entries[59].seq;
    inst.sql(&format!("DELETE FROM audit_log WHERE seq > {at_60}"))
        .await;
    inst.checkpoint();
    inst.sql(&insert_sql(&entries[60..])).await;
    inst.checkpoint();
    rebuild_without(&inst, &entries, 31..=120).await;
    let o = inst.run_on_table(&["audit", "verify"]);
    assert!(
        err(&o).contains("Kedjan hänger ihop för sig själv (60 poster)"),
        "the chain alone holds: {}",
        out(&o)
    );
    let why = "post 60 har inte den hash som en signerad kontrollpunkt från";
    inst.fails(o, why);
    inst.fails(inst.run(&["audit", "verify"]), "kedjan har byggts om");
    inst.sql("DELETE FROM audit_checkpoints WHERE last_seq = 60")
        .await;
    inst.fails(
        inst.run_on_table(&["audit", "verify"]),
        "loggen har 60 poster, men en signerad kontrollpunkt från",
    );
    let head = inst.store().await.audit_head().await.unwrap();
    inst.sql(&format!(
        "UPDATE audit_checkpoints SET entries = 60, last_seq = 60, head_hash = '{}'",
        head.hash
    ))
    .await;
    inst.fails(
        inst.run_on_table(&["audit", "verify"]),
        "har en signatur som inte stämmer med installationsnyckeln",
    );
}

/// Replaces the log with its entries outside `removed`, renumbered and rehashed.
async fn rebuild_without(
    inst: &Installation,
    entries: &[AuditEntry],
    removed: std::ops::RangeInclusive<i64>,
) {
    let mut prev = GENESIS_HASH.to_string();
    let mut kept = Vec::new();
    for e in entries.iter().filter(|e| !removed.contains(&e.seq)) {
        let seq = kept.len() as i64 + 1;
        let hash = entry_hash(seq, &e.draft, &e.event_code, &prev);
        kept.push(AuditEntry {
            seq,
            draft: e.draft.clone(),
            event_code: e.event_code.clone(),
            prev_hash: prev.clone(),
            hash: hash.clone(),
        });
        prev = hash;
    }
    inst.sql("DELETE FROM audit_log").await;
    inst.sql(&insert_sql(&kept)).await;
}

/// One INSERT of `entries` with literal values.
fn insert_sql(entries: &[AuditEntry]) -> String {
    let text = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let opt_text = |s: &Option<String>| s.as_deref().map_or("NULL".into(), text);
    let opt_int = |i: Option<i64>| i.map_or("NULL".into(), |i| i.to_string());
    let rows: Vec<String> = entries
        .iter()
        .map(|e| {
            let d = &e.draft;
            format!(
                "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                e.seq,
                samverka_domain::clock::to_millis(d.at),
                opt_int(d.actor.user_id),
                text(&d.actor.name),
                text(&e.event_code),
                text(&d.target_kind),
                text(&d.target_id),
                opt_int(d.participation_id),
                opt_text(&d.reason),
                text(&d.details),
                text(&e.prev_hash),
                text(&e.hash)
            )
        })
        .collect();
    format!(
        "INSERT INTO audit_log (seq, at, actor_user_id, actor_name, event, target_kind, \
         target_id, participation_id, reason, details, prev_hash, hash) VALUES {}",
        rows.join(", ")
    )
}

/// Without a key the chain is checked but said to be unanchored (exit 0, as before,
/// so a demo and a new installation need no setup); once checkpoints exist, a
/// missing key is an error.
async fn without_a_key_the_log_is_not_anchored(inst: Installation) {
    let bare = |args: &[&str]| {
        let mut c = inst.command(args);
        c.env_remove("SAMVERKA_AUDIT_KEY_FILE");
        c.output().unwrap()
    };
    let o = bare(&["audit", "verify"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("Varning: kedjan är inte förankrad"),
        "{}",
        err(&o)
    );
    inst.checkpoint();
    inst.fails(
        bare(&["audit", "verify"]),
        "kan inte jämföras med 1 signerad kontrollpunkt i databasen: ingen installationsnyckel",
    );
    let other = inst
        .command(&["audit", "verify"])
        .env(
            "SAMVERKA_AUDIT_KEY",
            "en helt annan nyckel som också är lång nog",
        )
        .env_remove("SAMVERKA_AUDIT_KEY_FILE")
        .output()
        .unwrap();
    inst.fails(other, "signerats med en annan nyckel");
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Installation::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(inst) = super::Installation::postgres().await else { return };
                    super::$name(inst).await;
                }
            )*
        }
    };
}

on_both!(
    an_untouched_log_passes,
    an_edited_entry_fails,
    a_deleted_middle_row_fails,
    the_last_five_rows_cut_fail,
    an_emptied_log_fails,
    a_rebuilt_chain_fails,
    without_a_key_the_log_is_not_anchored,
);

/// Starts `serve` with checkpoints every `seconds`; returns when it listens.
#[cfg(unix)]
fn serve(inst: &Installation, seconds: &str) -> std::process::Child {
    use std::io::{BufRead, BufReader};
    let mut child = inst
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .env("SAMVERKA_AUDIT_CHECKPOINT_FILE", &inst.file)
        .env("SAMVERKA_AUDIT_CHECKPOINT_SECONDS", seconds)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Read every line, so the server never writes to a closed pipe.
        for line in BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let first = rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap();
    assert!(first.starts_with("Samverka körs på"), "{first}");
    child
}

/// Stops a server as systemd does, and checks that it stopped cleanly.
#[cfg(unix)]
fn terminate(mut child: std::process::Child) {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "SIGTERM stops the server cleanly: {status}"
    );
}

/// The checkpoint file's lines once it has at least `n` (waits up to 10 s).
fn lines(inst: &Installation, n: usize) -> Vec<String> {
    for _ in 0..100 {
        let text = std::fs::read_to_string(&inst.file).unwrap_or_default();
        if text.lines().count() >= n {
            return text.lines().map(str::to_string).collect();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!(
        "{n} checkpoints never came: {:?}",
        std::fs::read_to_string(&inst.file)
    );
}

/// `serve` signs a checkpoint at start, when stopped with SIGTERM, and on its
/// schedule; each goes to the table and to the checkpoint file, and an unchanged
/// log gets no new one.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_writes_checkpoints_at_start_at_shutdown_and_on_schedule() {
    let inst = Installation::sqlite().await;
    let server = serve(&inst, "3600");
    assert!(
        lines(&inst, 1)[0].contains(" entries=150 last_seq=150 "),
        "at start"
    );
    inst.append(2).await;
    terminate(server);
    assert!(lines(&inst, 2)[1].contains(" entries=152 "), "at shutdown");
    let server = serve(&inst, "1");
    inst.append(1).await;
    assert!(
        lines(&inst, 3)[2].contains(" entries=153 "),
        "on the schedule"
    );
    terminate(server);
    assert_eq!(
        lines(&inst, 3).len(),
        3,
        "an unchanged log gets no new checkpoint"
    );
    let o = inst.run(&["audit", "verify"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("stämmer med 3 signerade kontrollpunkter"),
        "{}",
        out(&o)
    );
    let o = inst.run_on_table(&["audit", "verify"]);
    assert!(
        out(&o).contains("stämmer med 3 signerade kontrollpunkter i databasens tabell"),
        "{}",
        out(&o)
    );
}

/// The demo needs no setup: it makes its own key file beside the database (readable
/// by its owner only), seals the demo accounts' TOTP secrets, anchors its log, and
/// prints the command that verifies it.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_anchors_its_log_with_a_key_file_of_its_own() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let url = format!("sqlite://{}", db.display());
    let mut child = Command::new(BIN)
        .args(["demo", "--database-url", &url, "--listen", "127.0.0.1:0"])
        .env_remove("SAMVERKA_AUDIT_KEY_FILE")
        .env_remove("SAMVERKA_AUDIT_KEY")
        .env_remove("SAMVERKA_AUDIT_CHECKPOINT_FILE")
        .env_remove("SAMVERKA_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let said = loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap();
        if line.starts_with("Kontrollera loggen med: ") {
            break line;
        }
    };
    let key = PathBuf::from(format!("{}.audit-key", db.display()));
    let file = PathBuf::from(format!("{}.checkpoints", db.display()));
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the key file is the owner's only");
    assert!(
        said.contains(&format!("SAMVERKA_AUDIT_KEY_FILE={}", key.display())),
        "{said}"
    );
    let inst = Installation {
        url: url.clone(),
        key,
        file,
        _dir: dir,
    };
    assert!(lines(&inst, 1)[0].contains("samverka-kontrollpunkt v1 "));
    let store = inst.store().await;
    let johanna = store.user_by_username("johanna").await.unwrap().unwrap();
    let sealed = johanna.totp_secret.unwrap();
    assert!(sealed.starts_with("enc1:"), "{sealed}");
    terminate(child);
    let o = inst.run(&["audit", "verify"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("; 0 poster har skrivits efter den."),
        "{}",
        out(&o)
    );
}
