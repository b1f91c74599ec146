//! `samverka report`: the standard report's contract (SPEC 7.6) on Nätkraft's
//! published result, with an as-of date in the past, in every format, and the
//! Uppföljning Finsam export.

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

fn natkraft_file() -> String {
    let mut lines = vec!["insats;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;studieform;samtycke;aktualiserad_av".to_string()];
    for i in 0..156u32 {
        let start = format!("{}-{:02}-01", 2007 + i % 6, 1 + i % 12);
        let end = format!("{}-{:02}-15", 2008 + i % 6, 1 + i % 12);
        let sex = if i % 2 == 0 { "kvinna" } else { "man" };
        let (exit, reason, occupation, study) = match i {
            0..37 => (end.as_str(), "arbete", "arbete", ""),
            37..58 => (end.as_str(), "studier", "studier", "komvux"),
            58..140 => (end.as_str(), "ohalsa", "sjukskriven", ""),
            140..155 => ("", "", "", ""),
            _ => (end.as_str(), "felregistrering", "", ""),
        };
        let referred_by = match (i, i % 5) {
            (7, _) => "Region Västerbotten / Beroendemottagningen",
            (_, 0) => "Region Västerbotten / Psykiatriska mottagningen",
            (_, 1) => "Region Västerbotten/Vuxenpsykiatrin",
            (_, 2) => "FK",
            (_, 3) => "Arbetsförmedlingen / Umeå",
            _ => "",
        };
        lines.push(format!(
            "NK;NK-{i};{sex};1980;{start};{exit};{reason};{occupation};{study};nej;{referred_by}"
        ));
    }
    lines.join("\n")
}

#[test]
fn the_json_report_reproduces_the_published_result_and_reports_as_of_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    assert!(
        run(&db, &["import", &write("setup.toml", DEMO)])
            .status
            .success()
    );
    assert!(
        run(&db, &["import", &write("nk.csv", &natkraft_file())])
            .status
            .success()
    );
    let o = run(
        &db,
        &[
            "report",
            "--intervention",
            "NK",
            "--from",
            "2006-01-01",
            "--to",
            "2013-12-31",
            "--exact",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["scope"], "intervention:NK");
    assert_eq!(
        r["participants"]["total"], 155,
        "the registration error counts nowhere"
    );
    assert_eq!(
        r["participants"]["kvinna"].as_u64().unwrap() + r["participants"]["man"].as_u64().unwrap(),
        155
    );
    assert_eq!(
        (
            r["exited"]["total"].as_u64(),
            r["active_at_end"]["total"].as_u64()
        ),
        (Some(140), Some(15))
    );
    assert_eq!(r["exit_reasons"]["arbete"]["total"], 37);
    assert_eq!(r["occupation_at_exit"]["studier"]["total"], 21);
    assert_eq!(
        (
            &r["occupation_at_exit"]["forvarvsarbete"]["total"],
            &r["occupation_at_exit"]["ovriga"]["total"],
        ),
        (&37.into(), &82.into()),
        "SUS groups: arbete is förvärvsarbete, sjukskriven is among the others"
    );
    assert!(r["occupation_at_exit"].get("arbete").is_none());
    assert!(r["exit_reasons"].get("felregistrering").is_none());
    let g = &r["goals"][0];
    assert_eq!(
        (
            g["numerator"].as_u64(),
            g["denominator"].as_u64(),
            g["met"].as_bool()
        ),
        (Some(58), Some(155), Some(true))
    );
    let ci: Vec<String> = g["ci95"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{:.1}", v.as_f64().unwrap() * 100.0))
        .collect();
    assert_eq!(ci, ["30.2", "45.3"]);
    assert_eq!(
        format!("{:.1}", g["value"].as_f64().unwrap() * 100.0),
        "37.4"
    );
    assert_eq!(r["days_in_intervention"]["n"], 140);
    let sources = &r["referral_sources"];
    assert_eq!(
        (
            &sources["Region Västerbotten"]["total"],
            &sources["FK"]["total"],
            &sources["Arbetsförmedlingen"]["total"],
            &sources["okand"]["total"],
        ),
        (&63.into(), &30.into(), &31.into(), &31.into())
    );
    // The same report for the association layer: the one person from a unit is `<5`,
    // and what protects it reads `..`, never `<5`.
    let f: serde_json::Value = serde_json::from_slice(
        &run(
            &db,
            &[
                "report",
                "--intervention",
                "NK",
                "--period",
                "2006-2013",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .unwrap();
    let region = &f["referral_units"]["Region Västerbotten"];
    assert_eq!(
        region["Beroendemottagningen"]["total"], "<5",
        "one person from a unit is withheld"
    );
    assert_eq!(
        region["Beroendemottagningen"]["man"], "<5",
        "the unit's one man is withheld"
    );
    for unit in ["Psykiatriska mottagningen", "Vuxenpsykiatrin"] {
        for sex in ["kvinna", "man", "total"] {
            assert_ne!(region[unit][sex], "<5", "{unit} {sex} is no count of 1-4");
        }
    }
    assert_eq!(r["referral_units"]["FK"]["okand"]["total"], 30);
    let bands = r["age_bands"].as_object().unwrap();
    let in_bands: u64 = bands.values().map(|c| c["total"].as_u64().unwrap()).sum();
    assert_eq!(in_bands, 155, "every participant is in one age band");
    let flows = r["age_band_flows"].as_object().unwrap();
    let sum = |part: &str| -> u64 { flows.values().map(|f| f[part].as_u64().unwrap()).sum() };
    assert_eq!(
        (sum("started"), sum("exited"), sum("active_at_end")),
        (155, 140, 15),
        "the age bands' flows add up to the report's"
    );
    assert_eq!(r["study_forms"]["komvux"]["total"], 21);
    assert_eq!(
        r["income_before_after"]["okand"]["okand"], 140,
        "anonymous rows keep no income"
    );

    let o = run(
        &db,
        &[
            "report",
            "--intervention",
            "NK",
            "--from",
            "2006-01-01",
            "--to",
            "2009-12-31",
            "--exact",
        ],
    );
    let past: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        past["exited"]["total"].as_u64().unwrap() < 140,
        "as of 2009 fewer had exited"
    );
    assert_eq!(
        past["participants"]["total"].as_u64().unwrap(),
        past["exited"]["total"].as_u64().unwrap()
            + past["active_at_end"]["total"].as_u64().unwrap()
    );
    let nk = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "--intervention",
            "NK",
            "--from",
            "2006-01-01",
            "--to",
            "2013-12-31",
        ];
        args.extend_from_slice(extra);
        run(&db, &args)
    };
    let o = nk(&["--exact", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--out"),
        "a PDF needs a file"
    );

    let pdf = dir.path().join("nk.pdf");
    let o = nk(&["--exact", "--format", "pdf", "--out", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 10_000);
    // The PDF opens: poppler draws its first page.
    let png = dir.path().join("page");
    let drawn = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&png)
        .status();
    match drawn {
        Ok(status) => assert!(status.success(), "pdftoppm reads the PDF"),
        Err(_) => assert!(
            std::env::var_os("CI").is_none(),
            "CI installs poppler-utils so that the PDF is opened"
        ),
    }

    let html = String::from_utf8(nk(&["--exact", "--format", "html"]).stdout)
        .unwrap()
        .replace('\u{a0}', " ");
    for shown in [
        "<svg",
        "Arbete eller studier",
        "37,4 %",
        "30,2–45,3 %",
        "155",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    let csv = String::from_utf8(nk(&["--exact", "--format", "csv"]).stdout).unwrap();
    assert!(
        csv.contains("Arbete eller studier;58;155;37,4 %;30,2–45,3 %;35,0 %;Ja;"),
        "{csv}"
    );
    let xlsx = dir.path().join("nk.xlsx");
    assert!(
        nk(&[
            "--exact",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // Outside the provider the same report is suppressed jointly with the rest of
    // the association's grid; every withheld figure carries a true mark.
    let mut exact: serde_json::Value = serde_json::from_slice(&nk(&["--exact"]).stdout).unwrap();
    let mut outside: serde_json::Value = serde_json::from_slice(&nk(&[]).stdout).unwrap();
    assert_eq!(
        exact["exit_reasons"]["felregistrering"],
        serde_json::Value::Null
    );
    assert_eq!(
        exact["referral_units"]["Region Västerbotten"]["Beroendemottagningen"]["man"],
        1
    );
    assert_ne!(exact["referral_units"], outside["referral_units"]);
    // Outside the provider a figure is its exact value or a mark that tells the truth:
    // `<5` for 1–4 only, `..` for a figure withheld to protect another.
    fn compare(exact: &serde_json::Value, outside: &serde_json::Value, path: &str) {
        match (exact, outside) {
            (serde_json::Value::Object(e), serde_json::Value::Object(o)) => {
                for (k, v) in e {
                    compare(v, &o[k], &format!("{path}.{k}"));
                }
            }
            (serde_json::Value::Number(n), serde_json::Value::String(mark)) => {
                let n = n.as_u64().unwrap_or(0);
                match mark.as_str() {
                    "<5" => assert!((1..=4).contains(&n), "{path} = {n} marked <5"),
                    ".." => {}
                    other => panic!("{path}: unknown mark {other}"),
                }
            }
            (e, o) if e.is_number() => assert_eq!(e, o, "{path}"),
            _ => {}
        }
    }
    for key in [
        "participants",
        "exit_reasons",
        "age_bands",
        "referral_units",
    ] {
        compare(&exact[key], &outside[key], key);
    }
    let _ = exact["referral_units"].take();
    let _ = outside["referral_units"].take();

    let o = run(
        &db,
        &[
            "report",
            "--association",
            "SFU",
            "--kind",
            "finsam",
            "--from",
            "2012-01-01",
            "--to",
            "2013-12-31",
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let finsam = String::from_utf8(o.stdout).unwrap();
    assert!(finsam.contains("Uppföljning Finsam"), "{finsam}");
    assert!(finsam.contains("Nätkraft (NK);2012;"), "{finsam}");

    for (args, message) in [
        (vec!["--period", "2012-T4"], "--period 2012-T4"),
        (vec!["--format", "doc"], "--format doc"),
        (vec!["--kind", "kostnad"], "--kind kostnad"),
        (vec!["--from", "2013-01-01"], "inte båda"),
    ] {
        let mut all = vec!["report", "--intervention", "NK"];
        if !args.contains(&"--from") && !args.contains(&"--period") {
            all.extend(["--from", "2006-05-01", "--to", "2013-12-31"]);
        }
        if args.contains(&"--from") {
            all.extend(["--period", "2013"]);
        }
        all.extend(args.iter());
        let o = run(&db, &all);
        assert_eq!(o.status.code(), Some(1), "{all:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(message),
            "{all:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn the_budget_report_gives_the_seed_totals() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("b.db").display());
    for (name, text) in [
        ("setup.toml", DEMO),
        ("budget.csv", include_str!("../../../demo/budget.csv")),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = run(&db, &["import", &p.display().to_string()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let budget = |scope: &[&str], extra: &[&str]| {
        let mut args = vec!["report", "--kind", "budget"];
        args.extend_from_slice(scope);
        args.extend_from_slice(extra);
        let o = run(&db, &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let json = |scope: &[&str], extra: &[&str]| -> serde_json::Value {
        serde_json::from_slice(&budget(scope, extra)).unwrap()
    };
    let nk = json(
        &["--intervention", "NK"],
        &["--from", "2012-09-01", "--to", "2013-12-31"],
    );
    assert_eq!(nk["total_budget"], 1_329_392);
    assert_eq!(nk["years"][0]["year"], 2012);
    assert_eq!(nk["years"][0]["budget"], 443_800);
    assert_eq!(nk["years"][1]["budget"], 885_592);
    assert_eq!(nk["years"][0]["by_category"]["Personal"], 268_800);
    assert_eq!(nk["years"][1]["by_category"]["Övriga kostnader"], 55_000);
    assert_eq!(nk["total_outcome"], 0, "the seed has no outcome");
    assert!(nk["years"][0]["outcome"].is_number());

    let gt = json(
        &["--intervention", "GT"],
        &["--from", "2008-01-01", "--to", "2010-12-31"],
    );
    assert_eq!(gt["total_budget"], 2_755_000);
    assert_eq!(gt["rehab_fund"]["budget"], 300_000);
    assert_eq!(
        gt["in_kind_total"],
        31_500 + 119_000 + 52_000,
        "contributions in kind are listed apart"
    );
    let jsa = json(&["--intervention", "JSA"], &["--period", "2015"]);
    assert_eq!(jsa["total_budget"], 2_790_000);

    // A year with outcome per tertial: within 10 % of the budget.
    let nk2025 = json(&["--intervention", "NK"], &["--period", "2025"]);
    let y = &nk2025["years"][0];
    assert_eq!(
        (
            &y["tertials"][0],
            &y["outcome"],
            &y["outcome_complete"],
            &y["flagged"]
        ),
        (
            &388_200.into(),
            &1_185_000.into(),
            &true.into(),
            &false.into()
        )
    );
    assert_eq!(nk2025["results"]["cost_basis"], "outcome");

    let csv = String::from_utf8(budget(
        &["--intervention", "NK"],
        &[
            "--from",
            "2012-09-01",
            "--to",
            "2013-12-31",
            "--format",
            "csv",
        ],
    ))
    .unwrap();
    assert!(
        csv.contains("Summa insatskostnader;443800;885592;1329392"),
        "{csv}"
    );
    let pdf = dir.path().join("budget.pdf");
    budget(
        &["--association", "SFU"],
        &[
            "--period",
            "2025",
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn the_cost_report_carries_the_result_into_the_equity() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    for (name, text) in [
        ("setup.toml", DEMO),
        ("budget.csv", include_str!("../../../demo/budget.csv")),
        ("forbund.csv", include_str!("../../../demo/forbund.csv")),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = run(&db, &["import", &p.display().to_string()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = run(
        &db,
        &[
            "report",
            "--kind",
            "costs",
            "--association",
            "SFU",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let y2025 = &r["years"][0];
    assert_eq!(y2025["funds"]["stat"]["budget"], 3_000_000, "FK and AF");
    assert_eq!(y2025["funds_total"]["outcome"], 6_023_400);
    assert_eq!(y2025["funds_by_financier"]["UMEA"]["budget"], 1_500_000);
    assert_eq!(
        y2025["intervention_costs"]["outcome"],
        1_185_000 + 1_401_300 + 2_881_500,
        "NK, GT and SV as registered per tertial"
    );
    assert_eq!(y2025["admin_costs"]["outcome"], 1_085_000);
    assert_eq!(
        y2025["result"]["outcome"],
        6_023_400 - 5_467_800 - 1_085_000
    );
    assert_eq!(y2025["equity_out"], 1_250_000 - 529_400);
    assert_eq!(
        r["years"][1]["equity_in"], 720_600,
        "2026 starts from what 2025 left"
    );
    let o = run(
        &db,
        &[
            "report",
            "--kind",
            "costs",
            "--intervention",
            "NK",
            "--period",
            "2025",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("kostnadsrapporten gäller ett förbund"));
}
