//! The `samverka` binary as an operator uses it: real processes, real database files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_samverka");

fn samverka(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("SAMVERKA_DATABASE_URL", db)
        .env("USER", "drift")
        .output()
        .unwrap()
}

/// Runs one statement straight on a SQLite file, as someone with the file would.
fn execute(db: &str, sql: &str) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(db).await.unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    });
}

/// The number one query on a SQLite file gives.
fn sqlite_rows(db: &str, sql: &str) -> i64 {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(db).await.unwrap();
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    })
}

fn samverka_stdin(db: &str, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("SAMVERKA_DATABASE_URL", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// A file with the demo organisation, an administrator and a coach, made through the CLI.
fn populated(dir: &Path) -> String {
    let db = sqlite_url(dir, "samverka.db");
    let setup = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/setup.toml");
    assert!(samverka(&db, &["import", setup]).status.success());
    let o = samverka_stdin(
        &db,
        &[
            "user",
            "add",
            "anna",
            "--name",
            "Anna Lind",
            "--role",
            "system_admin",
            "--password-stdin",
        ],
        "blå-tåg-över-umeälven\n",
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = samverka(
        &db,
        &[
            "user",
            "add",
            "bo",
            "--name",
            "Bo Ek",
            "--role",
            "coach@intervention:NK",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("Lösenord (visas bara nu):"));
    db
}

#[test]
fn help_is_in_swedish() {
    let o = Command::new(BIN).arg("--help").output().unwrap();
    assert!(o.status.success());
    let text = out(&o);
    for word in [
        "Användning",
        "Kommandon",
        "Flaggor",
        "Starta webbservern",
        "--database-url",
    ] {
        assert!(text.contains(word), "{word} missing in:\n{text}");
    }
    let o = Command::new(BIN)
        .args(["user", "add", "--help"])
        .output()
        .unwrap();
    assert!(out(&o).contains("Användarnamn"));
}

#[test]
fn usage_errors_are_swedish_and_non_zero() {
    for args in [&["flyga"][..], &["user", "add"], &["--nej"], &["backup"]] {
        let o = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).starts_with("fel: "), "{args:?}: {}", err(&o));
        assert!(!err(&o).contains("panicked"));
    }
}

#[test]
fn accounts_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let list = out(&samverka(&db, &["user", "list"]));
    assert!(
        list.contains("anna") && list.contains("system_admin@installation"),
        "{list}"
    );
    assert!(list.contains("coach@intervention:NK"));
    let o = samverka(&db, &["user", "disable", "bo"]);
    assert!(o.status.success());
    assert!(out(&samverka(&db, &["user", "list"])).contains("avstängt"));
    assert!(samverka(&db, &["user", "enable", "bo"]).status.success());
    let o = samverka_stdin(
        &db,
        &["user", "reset-password", "bo", "--password-stdin"],
        "kort\n",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("Lösenord: ska vara minst 12 tecken"),
        "{}",
        err(&o)
    );
    let o = samverka(&db, &["user", "reset-password", "bo"]);
    assert!(o.status.success() && out(&o).contains("Nytt lösenord"));
    let o = samverka(&db, &["user", "disable", "ingen"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("inget konto med användarnamnet 'ingen'"));
    let o = samverka(&db, &["user", "add", "anna", "--name", "Anna igen"]);
    assert!(
        err(&o).contains("Användarnamn: det finns redan ett konto"),
        "{}",
        err(&o)
    );
    let o = samverka(
        &db,
        &["user", "add", "eva", "--name", "Eva", "--role", "chef"],
    );
    assert!(err(&o).contains("Roll: okänd roll 'chef'"), "{}", err(&o));
    let o = samverka(
        &db,
        &[
            "user",
            "add",
            "eva",
            "--name",
            "Eva",
            "--role",
            "association_admin@association:SFU",
            "--role",
            "coach@intervention:NK",
        ],
    );
    assert!(err(&o).contains("kan inte kombineras"), "{}", err(&o));
    let o = samverka(
        &db,
        &["user", "grant", "bo", "--role", "coach@intervention:GT"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = samverka(
        &db,
        &[
            "user",
            "grant",
            "bo",
            "--role",
            "coach@intervention:FINNS_EJ",
        ],
    );
    assert!(
        err(&o).contains("Uppdrag: intervention:FINNS_EJ finns inte"),
        "{}",
        err(&o)
    );
    assert!(
        samverka(
            &db,
            &["user", "revoke", "bo", "--role", "coach@intervention:GT"]
        )
        .status
        .success()
    );
    let o = samverka(
        &db,
        &["user", "revoke", "bo", "--role", "coach@intervention:GT"],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = samverka(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", err(&o));
    // 8 changes, and the setup import's entry for each of its 2 associations,
    // 4 providers and 4 interventions (what changed, field by field).
    assert!(out(&o).contains("obruten: 18 poster"), "{}", out(&o));
}

#[test]
fn a_tampered_audit_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    execute(&db, "UPDATE audit_log SET details = 'roles=' WHERE seq = 2");
    let o = samverka(&db, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("post 2 har ändrats"), "{}", err(&o));
    execute(&db, "DELETE FROM audit_log WHERE seq = 1");
    assert!(err(&samverka(&db, &["audit", "verify"])).contains("post 1 saknas"));
}

#[test]
fn backup_writes_a_consistent_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let copy = dir.path().join("kopia.db");
    let o = samverka(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("Säkerhetskopian är skriven"));
    let copied = samverka(&sqlite_url(dir.path(), "kopia.db"), &["user", "list"]);
    assert!(out(&copied).contains("anna") && out(&copied).contains("bo"));
    assert!(
        samverka(&sqlite_url(dir.path(), "kopia.db"), &["audit", "verify"])
            .status
            .success()
    );
    let again = samverka(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(err(&again).contains("finns redan"));
}

#[test]
fn serving_over_https_needs_the_public_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    let o = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("SAMVERKA_DATABASE_URL", &db)
        .env("SAMVERKA_SECURE_COOKIES", "true")
        .env_remove("SAMVERKA_PUBLIC_URL")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("public_url saknas"), "{}", err(&o));
    let o = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("SAMVERKA_DATABASE_URL", &db)
        .env("SAMVERKA_PUBLIC_URL", "samverka.forbund.se")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("public_url är ingen giltig adress"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_bad_database_address_is_a_clear_error() {
    let o = samverka("mysql://x", &["migrate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("Okänd databasadress"), "{}", err(&o));
    let o = samverka("sqlite:///finns/inte/alls/x.db", &["migrate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).starts_with("fel: Kan inte öppna databasen"),
        "{}",
        err(&o)
    );
    let o = samverka("postgres://samverka:hemligt@127.0.0.1:1/x", &["migrate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !err(&o).contains("hemligt"),
        "passwords are never printed: {}",
        err(&o)
    );
}

#[test]
fn a_transfer_names_the_row_it_cannot_copy_and_copies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    execute(
        &db,
        "UPDATE users SET display_name = 'Anna' || char(0) || 'Lind' WHERE username = 'anna'",
    );
    let copy = sqlite_url(dir.path(), "kopia.db");
    let o = Command::new(BIN)
        .args(["transfer", "--from", &db, "--to", &copy])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("tabellen users, raden med nyckel 1, kolumnen display_name"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("Inget har kopierats"), "{}", err(&o));
    let users = sqlite_rows(&copy, "SELECT count(*) FROM users");
    assert_eq!(users, 0, "the target is left empty");
}

#[test]
fn transfer_to_postgres_and_back_gives_identical_checksums() {
    let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
        eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: flyttestet hoppas över.");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let pg = rt
        .block_on(samverka_store_postgres::create_test_database(&admin))
        .unwrap();
    let o = Command::new(BIN)
        .args(["transfer", "--from", &db, "--to", &pg])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("Alla tabeller har samma antal rader och samma kontrollsumma"),
        "{}",
        out(&o)
    );
    let back = sqlite_url(dir.path(), "tillbaka.db");
    let o = Command::new(BIN)
        .args(["transfer", "--from", &pg, "--to", &back])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let sums = |url: &str| {
        let url = url.to_string();
        rt.block_on(async move {
            let store: std::sync::Arc<dyn samverka_store::Store> = if url.starts_with("postgres") {
                std::sync::Arc::new(
                    samverka_store_postgres::PgStore::connect(&url)
                        .await
                        .unwrap(),
                )
            } else {
                std::sync::Arc::new(
                    samverka_store_sqlite::SqliteStore::connect(&url)
                        .await
                        .unwrap(),
                )
            };
            samverka_store::checksums(&*store).await.unwrap()
        })
    };
    assert_eq!(
        sums(&pg),
        sums(&back),
        "PostgreSQL and the copy back are identical"
    );
    let o = Command::new(BIN)
        .args(["transfer", "--from", &db, "--to", &pg])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("innehåller redan data"));
    let o = samverka(&pg, &["backup", "--out", "/tmp/x.dump"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("pg_dump --format=custom --file '/tmp/x.dump'"),
        "{}",
        err(&o)
    );
    assert!(out(&samverka(&back, &["user", "list"])).contains("coach@intervention:NK"));
}

#[test]
fn retention_lists_in_a_dry_run_and_then_runs_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let history = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/historik.csv");
    let imported = samverka(&db, &["import", history]);
    assert!(imported.status.success(), "{}", err(&imported));
    let dry = samverka(&db, &["retention", "run", "--dry-run", "--months", "36"]);
    assert!(dry.status.success(), "{}", err(&dry));
    let said = out(&dry);
    assert!(
        said.starts_with("Provkörning: 485 deltaganden avslutade före "),
        "{said}"
    );
    assert!(said.contains("Inget ändras."));
    let run = samverka(&db, &["retention", "run", "--months", "36"]);
    assert!(run.status.success(), "{}", err(&run));
    assert!(out(&run).starts_with("485 deltaganden"), "{}", out(&run));
    let again = samverka(&db, &["retention", "run", "--dry-run"]);
    assert!(
        out(&again).starts_with("Provkörning: 0 deltaganden"),
        "{}",
        out(&again)
    );
    let verified = samverka(&db, &["audit", "verify"]);
    assert!(verified.status.success(), "{}", err(&verified));
}

#[test]
fn gen_is_repeatable_from_its_seed_and_needs_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = |name: &str| sqlite_url(dir.path(), name);
    for (db, seed) in [("a.db", "5"), ("b.db", "5"), ("c.db", "6")] {
        let o = samverka(
            &url(db),
            &["gen", "--participations", "400", "--seed", seed],
        );
        assert!(o.status.success(), "{}", err(&o));
        assert!(out(&o).contains("400 deltaganden"), "{}", out(&o));
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sums = |db: &str| {
        let db = url(db);
        rt.block_on(async move {
            let store = samverka_store_sqlite::SqliteStore::connect(&db)
                .await
                .unwrap();
            samverka_store::checksums(&store)
                .await
                .unwrap()
                .into_iter()
                .filter(|t| {
                    [
                        "persons",
                        "participations",
                        "stage_periods",
                        "participation_entries",
                        "questionnaire_invitations",
                        "budget_lines",
                    ]
                    .contains(&t.table)
                })
                .collect::<Vec<_>>()
        })
    };
    let a = sums("a.db");
    assert_eq!(a.len(), 6);
    assert!(a.iter().all(|t| t.rows > 0), "{a:?}");
    assert_eq!(a, sums("b.db"), "the same seed gives the same rows");
    assert_ne!(a, sums("c.db"), "another seed gives other rows");
    let o = samverka(&url("a.db"), &["gen", "--participations", "10"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("redan en organisation"), "{}", err(&o));
    let o = samverka(
        &url("a.db"),
        &[
            "report",
            "--installation",
            "--exact",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("\"scope\": \"installation\"")
            || out(&o).contains("\"scope\":\"installation\""),
        "{}",
        out(&o)
    );
}

#[test]
fn files_with_personal_data_are_for_their_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let copy = dir.path().join("kopia.db");
    assert!(
        samverka(&db, &["backup", "--out", copy.to_str().unwrap()])
            .status
            .success()
    );
    let export = dir.path().join("nk.csv");
    let o = samverka(
        &db,
        &[
            "export",
            "participations",
            "--intervention",
            "NK",
            "--skal",
            "Årsuppföljning till förbundet, överenskommen med insatsens ledning.",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let moved = sqlite_url(dir.path(), "flyttad.db");
    let o = samverka(&db, &["transfer", "--from", &db, "--to", &moved]);
    assert!(o.status.success(), "{}", err(&o));
    for name in ["samverka.db", "kopia.db", "nk.csv", "flyttad.db"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{name} is {mode:o}: others may read it");
    }
}

#[test]
fn an_implausible_birth_date_in_a_personnummer_stops_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let file = dir.path().join("deltagare.csv");
    std::fs::write(
        &file,
        "insats;personnummer;startdatum;samtycke\n\
         NK;20990101-1230;2024-03-01;ja\n\
         NK;00010101-1237;2024-03-01;ja\n\
         NK;20150101-1231;2012-03-01;ja\n\
         NK;20150101-1231;2024-03-01;ja\n",
    )
    .unwrap();
    let o = samverka(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let said = err(&o);
    for line in [
        "rad 2: personnummer: födelsedatumet ligger i framtiden.",
        "rad 3: personnummer: födelseåret i numret ligger före 1890.",
        "rad 4: personnummer: födelsedatumet i numret ligger efter startdatumet (2012-03-01).",
        "deltagare.csv. Inget har sparats.",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    assert!(
        !said.contains("rad 5") && said.contains("fel: 3 fel i "),
        "{said}"
    );
}
