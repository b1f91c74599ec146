//! `samverka import setup.toml` and `samverka export setup` as an operator runs them.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_samverka");
const DEMO: &str = include_str!("../../../demo/setup.toml");

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("SAMVERKA_DATABASE_URL", db)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// Imports the demo file, checks the export is identical, and imports it again without change.
fn round_trip(db: &str, dir: &Path) {
    let file = write(dir, "setup.toml", DEMO);
    let o = run(db, &["import", &file]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("Förbund          2 nya") && out.contains("Insatser         4 nya"),
        "{out}"
    );
    let exported = run(db, &["export", "setup"]);
    assert!(exported.status.success());
    assert_eq!(
        text(&exported.stdout),
        DEMO,
        "the export is the file, byte for byte"
    );
    let again = text(&run(db, &["import", &file]).stdout);
    assert!(
        again.contains("0 nya,   0 ändrade,   4 oförändrade"),
        "importing twice changes nothing: {again}"
    );
    let verify = run(db, &["audit", "verify"]);
    assert!(
        text(&verify.stdout).contains("obruten: 11 poster"),
        "one audited import (a summary, and what changed for each of 2 associations, \
         4 providers and 4 interventions), not two: {}",
        text(&verify.stdout)
    );
}

#[test]
fn the_four_seed_interventions_import_and_export_identically_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(
        &format!("sqlite://{}", dir.path().join("s.db").display()),
        dir.path(),
    );
}

#[test]
fn the_four_seed_interventions_import_and_export_identically_on_postgres() {
    let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
        eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: testet hoppas över.");
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt
        .block_on(samverka_store_postgres::create_test_database(&admin))
        .unwrap();
    round_trip(&db, tempfile::tempdir().unwrap().path());
}

/// A broken copy of the demo file is refused with file, line, key and a Swedish reason,
/// and the database is left exactly as it was.
fn refused(change: impl Fn(&str) -> String, line_has: &str, key: &str, reason: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    assert!(
        run(&db, &["import", &write(dir.path(), "ok.toml", DEMO)])
            .status
            .success()
    );
    let before = text(&run(&db, &["export", "setup"]).stdout);
    let broken = change(DEMO);
    assert_ne!(broken, DEMO, "the change applies");
    let file = write(dir.path(), "fel.toml", &broken);
    let o = run(&db, &["import", &file]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let line = broken.lines().position(|l| l.contains(line_has)).unwrap() + 1;
    let expected = format!("{file}:{line}: ");
    assert!(
        err.contains(&expected),
        "names file and line {line}:\n{err}"
    );
    assert!(err.contains(key), "names the key {key}:\n{err}");
    assert!(err.contains(reason), "says why ({reason}):\n{err}");
    assert!(err.contains("Inget har sparats"), "{err}");
    assert_eq!(
        text(&run(&db, &["export", "setup"]).stdout),
        before,
        "nothing changed"
    );
}

#[test]
fn an_invalid_orgnr_is_refused() {
    refused(
        |t| t.replace("222000-1545", "222000-1546"),
        "222000-1546",
        "orgnr",
        "fel kontrollsiffra",
    );
}

#[test]
fn an_unknown_template_is_refused() {
    refused(
        |t| t.replacen("template = \"basprogram\"", "template = \"grupprogram\"", 1),
        "grupprogram",
        "template",
        "okänd mall",
    );
}

#[test]
fn a_goal_with_an_unknown_code_is_refused() {
    refused(
        |t| {
            t.replacen(
                "status_at_exit = [\"arbete\", \"studier\"]",
                "status_at_exit = [\"arbete\", \"jobb\"]",
                1,
            )
        },
        "\"jobb\"",
        "numerator",
        "okänd kod 'jobb'",
    );
}

#[test]
fn an_intervention_ending_before_it_starts_is_refused() {
    refused(
        |t| {
            t.replacen(
                "start = \"2006-05-01\"",
                "start = \"2006-05-01\"\nend = \"2005-12-31\"",
                1,
            )
        },
        "2005-12-31",
        "end",
        "kan inte vara före startdatum",
    );
}

#[test]
fn orientation_and_follow_up_cannot_change_through_the_file() {
    refused(
        |t| {
            let at = t.find("code = \"NK\"").unwrap();
            let (head, tail) = t.split_at(at);
            format!(
                "{head}{}",
                tail.replacen(
                    "follow_up = \"individual\"",
                    "follow_up = \"head_count\"",
                    1
                )
            )
        },
        "follow_up = \"head_count\"",
        "follow_up",
        "kan inte ändras",
    );
}
