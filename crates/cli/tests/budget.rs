//! `samverka report --kind budget`: cost ratios count only the participants and exits
//! of the years that have budget or outcome lines (SPEC 7.8), name those years in every
//! format, withhold counts of 1–4 from the association layer (SPEC 7.4), and a tertial
//! without its outcome says so instead of a deviation. On SQLite, and on PostgreSQL
//! when `SAMVERKA_TEST_POSTGRES_URL` is set.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_samverka");
const SETUP: &str = include_str!("../../../demo/setup.toml");
const BUDGET: &str = include_str!("../../../demo/budget.csv");
const HISTORY: &str = include_str!("../../../demo/historik.csv");

/// Nätkraft's budget 2012–2013 (seed 000): 443 800 + 885 592 kr.
const NK_BUDGET: u64 = 1_329_392;

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("SAMVERKA_DATABASE_URL", db)
        .output()
        .unwrap()
}

/// An installation with the demo's organisation and budgets and `history`.
fn installation(db: &str, dir: &std::path::Path, history: &str) {
    for (name, text) in [
        ("setup.toml", SETUP),
        ("budget.csv", BUDGET),
        ("historik.csv", history),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        let o = run(db, &["import", &p.display().to_string()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

/// `report --kind budget --intervention NK` over 2006-05-01–2013-12-31 with `extra`.
fn nk_budget(db: &str, extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "report",
        "--kind",
        "budget",
        "--intervention",
        "NK",
        "--from",
        "2006-05-01",
        "--to",
        "2013-12-31",
    ];
    args.extend_from_slice(extra);
    let o = run(db, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o.stdout
}

fn json(db: &str, extra: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&nk_budget(db, extra)).unwrap()
}

fn text(db: &str, extra: &[&str]) -> String {
    String::from_utf8(nk_budget(db, extra))
        .unwrap()
        .replace('\u{a0}', " ")
}

/// Nätkraft's 155 participants 2006-05-01–2013-12-31 as in its final report (seed
/// 001: 79 women and 76 men, 37 to work, 14 women and 23 men, and 21 to studies, 14
/// and 7), spread so that 83 of them take part in 2012–2013 and 40 of those leave for
/// work or studies then: the figures the issue gives for the budgeted years.
fn history_with_83_in_the_budget_years() -> String {
    let mut lines = vec![
        "insats;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;studieform;samtycke"
            .to_string(),
    ];
    for i in 0..155u32 {
        let (kind, woman) = match i {
            0..37 => ("arbete", i < 14),
            37..58 => ("studier", i < 51),
            _ => ("annat", i < 109),
        };
        // 40 of the 58 to work or studies, 43 of the 97 others, in 2012–2013.
        let budgeted = match i {
            0..58 => (i * 40) % 58 < 40,
            _ => ((i - 58) * 43) % 97 < 43,
        };
        let month = 1 + i % 12;
        let (start, end) = if budgeted {
            let y = 2011 + i % 2;
            (
                format!("{y}-{month:02}-01"),
                format!("{}-{month:02}-15", y + 1),
            )
        } else {
            let (y, month) = (2006 + i % 5, 5 + i % 8);
            (
                format!("{y}-{month:02}-01"),
                format!("{}-{month:02}-15", y + 1),
            )
        };
        let (reason, occupation, study) = match kind {
            "arbete" => ("arbete", "arbete", ""),
            "studier" => ("studier", "studier", "komvux"),
            _ => ("ohalsa", "sjukskriven", ""),
        };
        let sex = if woman { "kvinna" } else { "man" };
        lines.push(format!(
            "NK;NK-B{i:03};{sex};1980;{start};{end};{reason};{occupation};{study};nej"
        ));
    }
    lines.join("\n")
}

/// Kronor per result, rounded as the report rounds.
fn per(cost: u64, n: u64) -> i64 {
    (cost as f64 / n as f64).round() as i64
}

/// The issue's acceptance on one database: 83 participants, 40 exits, 16 017 kr and
/// 33 235 kr, the years 2012–2013 named in every format, in Swedish and English.
fn the_budgeted_years_give_the_issues_figures(db: &str, dir: &std::path::Path) {
    installation(db, dir, &history_with_83_in_the_budget_years());
    let participants = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "report",
            "--kind",
            "participants",
            "--intervention",
            "NK",
            "--from",
            "2006-05-01",
            "--to",
            "2013-12-31",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = run(db, &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let all = participants(&["--exact"]);
    assert_eq!(all["participants"]["total"], 155, "the period holds 155");
    let r = json(db, &["--format", "json"]);
    let c = &r["results"];
    assert_eq!(c["years"], serde_json::json!([2012, 2013]));
    assert_eq!(
        (&c["participants"], &c["exits_to_work_or_studies"]),
        (&83.into(), &40.into())
    );
    assert_eq!(c["cost"], NK_BUDGET);
    assert_eq!(c["cost_basis"], "budget");
    assert_eq!(c["per_participant"], 16_017);
    assert_eq!(c["per_exit_to_work_or_studies"], 33_235);
    assert_eq!(
        per(NK_BUDGET, 155),
        8_577,
        "what dividing by all eight years gave"
    );
    assert_eq!(per(NK_BUDGET, 58), 22_921);
    let months = c["participant_months"].as_f64().unwrap();
    assert_eq!(months, 744.5, "their days in 2012–2013 / 30.44");
    assert_eq!(c["per_participant_month"], 1_786);
    assert_eq!(
        c["per_participant_month"].as_i64().unwrap(),
        (NK_BUDGET as f64 / months).round() as i64,
        "within a krona of the rounded months"
    );
    eprintln!(
        "NK 2012–2013: {} participants, {months} participant-months, {} exits; {} kr, {} kr, {} kr",
        c["participants"],
        c["exits_to_work_or_studies"],
        c["per_participant"],
        c["per_participant_month"],
        c["per_exit_to_work_or_studies"]
    );
    assert_eq!(
        r,
        json(db, &["--format", "json", "--exact"]),
        "83 and 40 are not small"
    );

    let csv = text(db, &["--format", "csv"]);
    for part in [
        "År som räknas;2012–2013;De år i perioden som har budget- eller utfallsrader.",
        "Deltagare;83;16017",
        "Avslut till arbete eller studier;40;33235",
    ] {
        assert!(csv.contains(part), "{part}\n{csv}");
    }
    let en = text(db, &["--format", "csv", "--lang", "en"]);
    assert!(
        en.contains(
            "Years counted;2012–2013;The years of the period that have budget or outcome lines."
        ),
        "{en}"
    );
    let html = text(db, &["--format", "html"]);
    for part in [
        "Räknat över 2012–2013: hela kalenderår i perioden som har budget- eller utfallsrader.",
        "att dela två års pengar med åtta års deltagare ger en falsk siffra",
        "16 017 kr",
        "33 235 kr",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let html_en = text(db, &["--format", "html", "--lang", "en"]);
    assert!(html_en.contains("Counted over 2012–2013: the whole calendar years of the period that have budget or outcome lines."));
    for format in ["xlsx", "pdf"] {
        let out = dir.join(format!("budget.{format}"));
        nk_budget(db, &["--format", format, "--out", out.to_str().unwrap()]);
        let bytes = std::fs::read(&out).unwrap();
        let signature: &[u8] = if format == "pdf" { b"%PDF-" } else { b"PK" };
        assert!(bytes.starts_with(signature), "{format}");
    }
    // The workbook's first sheet holds every definition, the years named.
    let xlsx = std::fs::read(dir.join("budget.xlsx")).unwrap();
    let first = samverka_service::import::table::read_xlsx(&xlsx).unwrap();
    let cells: Vec<&String> = first.rows.iter().flatten().collect();
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("Räknat över 2012–2013: hela kalenderår")),
        "{cells:?}"
    );
}

#[test]
fn the_budgeted_years_give_the_issues_figures_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("b.db").display());
    the_budgeted_years_give_the_issues_figures(&db, dir.path());
}

#[test]
fn the_budgeted_years_give_the_issues_figures_on_postgres() {
    let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
        eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: testet hoppas över.");
        return;
    };
    let db = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(samverka_store_postgres::create_test_database(&admin))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    the_budgeted_years_give_the_issues_figures(&db, dir.path());
}

/// The demo's own history (`demo/historik.csv`), counted here by hand from the file:
/// participations that ran on a day of 2012–2013, and exits then to work or studies.
fn counted_by_hand() -> (u64, u64) {
    let mut rows = HISTORY.lines();
    let header: Vec<&str> = rows.next().unwrap().split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (insats, start, end, occupation) = (
        col("insats"),
        col("startdatum"),
        col("slutdatum"),
        col("sysselsattning_efter"),
    );
    let (mut participants, mut exits) = (0, 0);
    for row in rows.map(|r| r.split(';').collect::<Vec<_>>()) {
        let ran = row[start] <= "2013-12-31" && (row[end].is_empty() || row[end] >= "2012-01-01");
        if row[insats] != "NK" || !ran {
            continue;
        }
        participants += 1;
        let exit_then = !row[end].is_empty() && row[end] <= "2013-12-31";
        exits += u64::from(exit_then && matches!(row[occupation], "arbete" | "studier"));
    }
    (participants, exits)
}

#[test]
fn the_demo_history_is_counted_over_its_budgeted_years_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    installation(&db, dir.path(), HISTORY);
    let r = json(&db, &["--format", "json"]);
    let c = &r["results"];
    let (participants, exits) = counted_by_hand();
    assert!(participants < 155 && exits < 58, "not all eight years");
    assert_eq!(c["years"], serde_json::json!([2012, 2013]));
    assert_eq!(c["participants"], participants);
    assert_eq!(c["exits_to_work_or_studies"], exits);
    assert_eq!(c["per_participant"], per(NK_BUDGET, participants));
    assert_eq!(c["per_exit_to_work_or_studies"], per(NK_BUDGET, exits));
    eprintln!(
        "demo/historik.csv, NK 2012–2013: {participants} participants, {exits} exits to work or studies; {} kr and {} kr (over 2006–2013: 155 and 58, 8 577 kr and 22 921 kr)",
        c["per_participant"], c["per_exit_to_work_or_studies"]
    );
}

#[test]
fn small_counts_are_withheld_and_an_open_tertial_has_no_deviation() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    let three = "insats;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;studieform;samtycke\n\
        NK;NK-S1;kvinna;1980;2012-02-01;2012-11-15;arbete;arbete;;nej\n\
        NK;NK-S2;man;1985;2012-03-01;2013-05-15;ohalsa;sjukskriven;;nej\n\
        NK;NK-S3;man;1990;2013-01-01;;;;;nej";
    installation(&db, dir.path(), three);
    let shown = json(&db, &["--format", "json"]);
    let c = &shown["results"];
    assert_eq!(
        (&c["participants"], &c["per_participant"]),
        (&"<5".into(), &"..".into())
    );
    assert_eq!(
        (&c["participant_months"], &c["per_participant_month"]),
        (&"..".into(), &"..".into())
    );
    assert_eq!(
        (
            &c["exits_to_work_or_studies"],
            &c["per_exit_to_work_or_studies"]
        ),
        (&"<5".into(), &"..".into())
    );
    assert_eq!(c["cost"], NK_BUDGET, "money is not withheld");
    let exact = json(&db, &["--format", "json", "--exact"]);
    assert_eq!(
        (
            &exact["results"]["participants"],
            &exact["results"]["exits_to_work_or_studies"]
        ),
        (&3.into(), &1.into())
    );
    let csv = text(&db, &["--format", "csv"]);
    assert!(csv.contains("Deltagare;<5;.."), "{csv}");
    assert!(csv.contains("Antal från 1 till 4 visas som <5"), "{csv}");

    // 2026 has outcomes for T1 and T2 only: T3 says so, and nothing is flagged.
    let mut args = vec![
        "report",
        "--kind",
        "budget",
        "--intervention",
        "NK",
        "--period",
        "2026",
    ];
    let o = run(&db, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let y: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let y = &y["years"][0];
    assert_eq!(y["closed_tertials"], serde_json::json!([true, true, false]));
    assert_eq!(
        (&y["closed"], &y["deviation"], &y["flagged"]),
        (&false.into(), &serde_json::Value::Null, &false.into())
    );
    assert_eq!(y["outcome"], 821_600, "registered so far");
    args.extend(["--format", "csv"]);
    let o = run(&db, &args);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(
        csv.contains("2026;1227800;821600;401000;420600;utfall saknas;–;Utfall saknas för T3"),
        "{csv}"
    );
    assert!(!csv.contains("Avviker"), "{csv}");
}
