//! `samverka import` of participation and budget files, as an operator runs it:
//! all or nothing, every problem named, re-import without duplicates, export and
//! import again without change, XLSX, and a killed import that leaves nothing.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_samverka");
const DEMO: &str = include_str!("../../../demo/setup.toml");
const HEADER: &str = "insats;personnummer;alias;kon;fodelsear;startdatum;forsorjning_fore;slutdatum;avslutsorsak;sysselsattning_efter;anstallningsform;omfattning_procent;samtycke";

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

fn installation(dir: &Path) -> String {
    let db = format!("sqlite://{}", dir.join("s.db").display());
    assert!(
        run(&db, &["import", &write(dir, "setup.toml", DEMO)])
            .status
            .success()
    );
    db
}

fn exported(db: &str) -> String {
    let o = run(
        db,
        &[
            "export",
            "participations",
            "--intervention",
            "NK",
            "--skal",
            "Kontroll av inläsningen.",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn a_file_with_five_bad_rows_imports_nothing_and_names_all_five() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    let good = "NK;19950314-0288;;;;2012-03-01;aktivitetsersattning;2013-02-28;arbete;arbete;lonebidrag;75;ja";
    let file = [
        HEADER,
        good,
        "NK;19950314-0289;;;;2012-03-01;;;;;;;ja",
        "NK;19900101-0017;;;;2012-03-01;;2011-01-01;arbete;arbete;;;ja",
        "NK;19900202-0015;;;;2012-03-01;jobb;;;;;;ja",
        "NK;19880705-1233;;;;2012-03-01;;2012-09-01;arbete;arbete;lonebidrag;130;ja",
        "XX;19970923-3580;;;;2012-03-01;;;;;;;ja",
        "NK;;NK-A1;man;1988;2012-04-02;;;;;;;nej",
    ]
    .join("\n");
    let o = run(&db, &["import", &write(dir.path(), "deltagare.csv", &file)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    for expected in [
        "rad 3: personnummer: kontrollsiffran stämmer inte",
        "rad 4: slutdatum: avslutet kan inte ligga före startdatum",
        "rad 5: forsorjning_fore: okänd kod 'jobb'",
        "rad 6: omfattning_procent: omfattningen ska vara 1–100 procent",
        "rad 7: insats: insatsen ”XX” finns inte",
        "5 fel i",
        "Inget har sparats.",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert_eq!(
        exported(&db).lines().count(),
        1,
        "only the header: nothing stored"
    );
}

#[test]
fn reimport_updates_without_duplicates_and_export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    let rows = [
        HEADER,
        "NK;19950314-0288;;;;2012-03-01;aktivitetsersattning|forsorjningsstod;2013-02-28;arbete;arbete;lonebidrag;75;ja",
        "NK;;NK-A1;man;1988;2012-04-02;sjukersattning;;;;;;nej",
        "NK;19900101-0017;;;;2012-05-02;;;;;;;ja",
    ];
    let first = run(
        &db,
        &["import", &write(dir.path(), "a.csv", &rows.join("\n"))],
    );
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("3 nya, 0 ändrade, 0 oförändrade"),
        "{}",
        text(&first.stdout)
    );
    let mut changed = rows.to_vec();
    changed[3] = "NK;19900101-0017;;;;2012-05-02;;2012-12-20;studier;studier;;;ja";
    let second = run(
        &db,
        &["import", &write(dir.path(), "b.csv", &changed.join("\n"))],
    );
    assert!(
        text(&second.stdout).contains("0 nya, 1 ändrade, 2 oförändrade"),
        "{}",
        text(&second.stdout)
    );
    let export = exported(&db);
    assert_eq!(export.lines().count(), 4);
    assert!(
        export.contains("NK-A1;man;1988;;;2012-04-02;sjukersattning;"),
        "the anonymous row keeps its coded baseline: {export}"
    );
    let third = run(&db, &["import", &write(dir.path(), "export.csv", &export)]);
    assert!(
        text(&third.stdout).contains("0 nya, 0 ändrade, 3 oförändrade"),
        "{}",
        text(&third.stdout)
    );
    assert_eq!(
        exported(&db),
        export,
        "export, import, export again: the same file"
    );
}

#[test]
fn an_xlsx_workbook_and_a_budget_file_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    let xlsx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/deltagare.xlsx");
    let o = run(&db, &["import", &xlsx.display().to_string()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let export = exported(&db);
    assert!(
        export.contains("NK;19950314-0288;;;;;;2012-03-01"),
        "{export}"
    );
    assert!(
        export.contains("2013-02-28;studier;studier;;;komvux"),
        "{export}"
    );
    assert!(export.contains("NK;;NK-A1;man;1988"), "{export}");
    let budget = "insats;ar;kategori;post;budgettyp;finansiar;belopp;utfall\n\
                  SV;2012;Personal;Coacher;esf_insatskostnad;FK;1 200 000;1 150 000\n\
                  SV;2012;Lokaler;;insatskostnad;;240000;\n";
    let o = run(&db, &["import", &write(dir.path(), "budget.csv", budget)]);
    assert!(
        text(&o.stdout).contains("budgetrader: 2 nya"),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let bad = "insats;ar;kategori;budgettyp;finansiar;belopp\nSV;2012;Lokal;insatskostnad;XYZ;-5\n";
    let o = run(&db, &["import", &write(dir.path(), "fel.csv", bad)]);
    let err = text(&o.stderr);
    assert!(
        err.contains("rad 2: kategori")
            && err.contains("menade du 'Lokaler'")
            && err.contains("rad 2: belopp"),
        "{err}"
    );
}

#[test]
fn an_unknown_column_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    let o = run(
        &db,
        &[
            "import",
            &write(
                dir.path(),
                "x.csv",
                "insats,startdatum,namn\nNK,2012-01-01,Anna\n",
            ),
        ],
    );
    let err = text(&o.stderr);
    assert!(
        err.contains("rad 1: namn: okänd kolumn")
            && err.contains("Kända kolumner: insats, personnummer, alias"),
        "{err}"
    );
}

#[test]
fn a_killed_import_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    let file = dir.path().join("stor.csv");
    let o = run(
        &db,
        &[
            "gen",
            "participations",
            "--rows",
            "60000",
            "--out",
            &file.display().to_string(),
        ],
    );
    assert!(o.status.success());
    let before = exported(&db);
    let mut child = Command::new(BIN)
        .args(["import", &file.display().to_string()])
        .env("SAMVERKA_DATABASE_URL", &db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until every row is checked and writing has begun, then kill without warning.
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !text(&seen).contains("Skriver") {
        use std::io::Read;
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "the import ended before writing: {}", text(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    std::thread::sleep(std::time::Duration::from_millis(150));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, not finished");
    assert_eq!(
        exported(&db),
        before,
        "nothing of the killed import is stored"
    );
    let o = run(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o.stdout));
}

#[test]
fn a_budget_year_outside_the_intervention_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    let bad = "insats;ar;kategori;post;budgettyp;finansiar;belopp;utfall;utfall_t1\n\
               GT;2007;Personal;Koordinator;insatskostnad;;438000;;\n\
               GT;2008;Personal;Koordinator;insatskostnad;;tusen;;\n\
               GT;2008;Personal;Chef, 7 dagar;egen_insats;;31500;;\n\
               GT;2009;Lokaler;;insatskostnad;;100000;;-3\n";
    let o = run(&db, &["import", &write(dir.path(), "fel.csv", bad)]);
    assert!(!o.status.success());
    let err = text(&o.stderr);
    for expected in [
        "rad 2: ar: insatsen pågår inte år 2007",
        "rad 3: belopp: ”tusen” är inget belopp i hela kronor",
        "rad 4: finansiar: en egen insats måste ange vilken medlem",
        "rad 5: utfall_t1: ”-3” är inget belopp i hela kronor",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn an_export_of_personal_data_needs_a_stated_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let setup = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/setup.toml");
    assert!(run(&db, &["import", setup]).status.success());
    let o = run(
        &db,
        &[
            "export",
            "participations",
            "--intervention",
            "NK",
            "--skal",
            "kort",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("skal: skriv varför, med 10–500 tecken"),
        "{said}"
    );
}

#[test]
fn an_excel_csv_in_windows_1252_is_read_and_a_control_character_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = installation(dir.path());
    // As Excel's "CSV (semikolonavgränsad)" saves on a Swedish Windows: ö is 0xF6.
    let latin = |row: &[u8]| {
        let mut bytes =
            b"insats;alias;kon;fodelsear;startdatum;forsorjning_fore;samtycke\n".to_vec();
        bytes.extend(row);
        bytes
    };
    let file = dir.path().join("excel.csv");
    std::fs::write(
        &file,
        latin(b"NK;NK-W1;kvinna;1990;2012-03-01;f\xf6rs\xf6rjningsst\xf6d;nej\n"),
    )
    .unwrap();
    let o = run(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("okänd kod 'försörjningsstöd'"),
        "read as Windows-1252, so the wrong value reads right: {}",
        text(&o.stderr)
    );
    std::fs::write(
        &file,
        latin(b"NK;NK-W1;kvinna;1990;2012-03-01;forsorjningsstod;nej\n"),
    )
    .unwrap();
    let o = run(&db, &["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(exported(&db).contains("NK-W1"));

    let bell = "insats;alias;kon;fodelsear;startdatum;kommun;samtycke\nNK;NK-W3;man;1988;2012-05-02;Ume\u{7};nej\n";
    let o = run(&db, &["import", &write(dir.path(), "styr.csv", bell)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("rad 2, kolumn kommun: ett osynligt styrtecken"),
        "{err}"
    );
    assert!(!exported(&db).contains("NK-W3"), "nothing stored");
}
