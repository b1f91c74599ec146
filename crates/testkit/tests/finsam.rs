//! The Uppföljning Finsam export (SPEC 7.4, 7.9): exact participants per intervention,
//! year and sex, with budget and outcome, for the association's own administrator
//! only, on SQLite and PostgreSQL; and the cell values of the XLSX files (the
//! participant report's and the export's), read back with calamine.

use calamine::{Data, Range, Reader, Xlsx};
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_service::accounts::Caller;
use samverka_service::import::table::read_csv;
use samverka_service::journey::report::ReportScope;
use samverka_testkit::TestApp;
use samverka_testkit::journey::natkraft_2012_file;
use serde_json::json;
use std::io::Cursor;
use time::macros::date;

/// Participations whose count per year and sex is known (see `expected`).
fn participations() -> String {
    let mut lines = vec![
        "insats;alias;kon;fodelsear;startdatum;slutdatum;avslutsorsak;sysselsattning_efter;samtycke"
            .to_string(),
    ];
    let mut add = |n: u32, row: &str| {
        for _ in 0..n {
            let i = lines.len();
            let (code, rest) = row.split_once(';').unwrap();
            lines.push(format!("{code};F-{i};{rest};nej"));
        }
    };
    // Nätkraft: 2012 has 7 women, 3 men, 1 unknown; 2013 has 2 women, 3 men, 1 unknown.
    add(7, "NK;kvinna;1985;2012-02-01;2012-10-01;arbete;arbete");
    add(3, "NK;man;1980;2012-03-01;;;");
    add(1, "NK;okand;1990;2012-05-01;2013-03-01;studier;studier");
    add(2, "NK;kvinna;1992;2013-01-15;;;");
    add(1, "NK;man;1975;2011-06-01;2011-12-31;arbete;arbete");
    add(1, "NK;kvinna;1988;2012-04-01;2012-04-02;felregistrering;");
    // Gemensamma Taget: 6 women in 2012 (exited on its first day), 4 men in 2013.
    add(6, "GT;kvinna;1983;2011-09-01;2012-01-01;arbete;arbete");
    add(3, "GT;man;1986;2013-06-01;;;");
    add(1, "GT;man;1987;2013-12-31;;;");
    add(1, "GT;kvinna;1989;2014-01-01;;;");
    // Another association's intervention: never in SFU's export.
    add(2, "JSA;kvinna;1995;2012-02-01;;;");
    lines.join("\n")
}

/// Budget lines: the contribution in kind and JSA's line count nowhere in SFU's export.
const BUDGET: &str =
    "insats;ar;kategori;post;budgettyp;finansiar;belopp;utfall;utfall_t1;utfall_t2;utfall_t3
NK;2012;Personal;Handledare;insatskostnad;;300000;280000;;;
NK;2012;Övriga kostnader;Utbildning;insatskostnad;;50000;;;;
NK;2013;Personal;Handledare;insatskostnad;;310000;;;;
GT;2012;Personal;Handledare;insatskostnad;;200000;190500;;;
GT;2012;Lokaler;Kontor;egen_insats;UMEA;40000;;;;
SV;2013;Personal;Team;insatskostnad;;500000;;150000;160000;202000
JSA;2012;Personal;Coach;insatskostnad;;999000;;;;";

/// SFU's export for 2012–2013, every figure exact (counts of 1–4 too).
fn expected() -> serde_json::Value {
    let row = |code: &str, name: &str, [k, m, o]: [u64; 3], budget: i64, outcome: Option<i64>| {
        json!({"code": code, "name": name,
               "participants": {"kvinna": k, "man": m, "okand": o, "total": k + m + o},
               "budget": budget, "outcome": outcome})
    };
    json!({"years": [
        {"year": 2012, "interventions": [
            row("GT", "Gemensamma Taget Vuxna", [6, 0, 0], 200_000, Some(190_500)),
            row("NK", "Nätkraft", [7, 3, 1], 350_000, Some(280_000)),
            row("SV", "Steget Vidare", [0, 0, 0], 0, None),
        ]},
        {"year": 2013, "interventions": [
            row("GT", "Gemensamma Taget Vuxna", [0, 4, 0], 0, None),
            row("NK", "Nätkraft", [2, 3, 1], 310_000, None),
            row("SV", "Steget Vidare", [0, 0, 0], 500_000, Some(512_000)),
        ]},
    ]})
}

async fn with_case(app: &TestApp) {
    let cli = Caller::Cli("test".into());
    let table = read_csv(participations().as_bytes()).unwrap();
    let summary = app
        .services
        .import_participations(&cli, &table, &|_| {})
        .await
        .unwrap();
    assert_eq!(summary.created, 28);
    let table = read_csv(BUDGET.as_bytes()).unwrap();
    let summary = app.services.import_budget(&cli, &table).await.unwrap();
    assert_eq!(summary.created, 7);
}

fn person(role: Role, scope: Scope) -> Vec<RoleAssignment> {
    vec![RoleAssignment::new(role, scope).unwrap()]
}

fn sfu() -> Scope {
    Scope::Association("SFU".into())
}

const FINSAM: &str = "kind=finsam&scope=association%3ASFU";

async fn download(app: &TestApp, who: &reqwest::Client, query: &str, format: &str) -> Vec<u8> {
    let r = app
        .get(who, &format!("/reports/download?{query}&format={format}"))
        .await;
    assert_eq!(r.status(), 200, "{query} {format}");
    r.bytes().await.unwrap().to_vec()
}

/// The sheet whose first cell is `heading`.
fn sheet(bytes: &[u8], heading: &str) -> Range<Data> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        if range.get((0, 0)) == Some(&Data::String(heading.into())) {
            return range;
        }
    }
    panic!("no sheet headed {heading}");
}

/// The first row whose first cells are `start` (compared as text, ignoring case).
fn row<'a>(range: &'a Range<Data>, start: &[&str]) -> &'a [Data] {
    range
        .rows()
        .find(|r| {
            start
                .iter()
                .zip(r.iter())
                .all(|(want, got)| got.to_string().eq_ignore_ascii_case(want))
        })
        .unwrap_or_else(|| panic!("no row {start:?} in {range:?}"))
}

/// The column headed `name` in the header row that begins with `first`.
fn column(range: &Range<Data>, first: &str, name: &str) -> usize {
    row(range, &[first])
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == name))
        .unwrap_or_else(|| panic!("no column {name}"))
}

async fn the_association_admin_gets_the_exact_export(app: TestApp) {
    with_case(&app).await;
    let admin = app
        .logged_in("karin", person(Role::AssociationAdmin, sfu()))
        .await;
    let query = format!("{FINSAM}&period=custom&from=2012-01-01&to=2013-12-31");
    let json: serde_json::Value =
        serde_json::from_slice(&download(&app, &admin, &query, "json").await).unwrap();
    assert_eq!(json, expected(), "{json:#}");

    // Whole calendar years, whatever days are chosen inside them.
    let inside = format!("{FINSAM}&period=custom&from=2012-05-01&to=2013-02-28");
    let same: serde_json::Value =
        serde_json::from_slice(&download(&app, &admin, &inside, "json").await).unwrap();
    assert_eq!(same, expected());

    // The operator at the command line gets the same figures.
    let cli = app
        .services
        .finsam_report(
            &Caller::Cli("test".into()),
            &ReportScope::Association("SFU".into()),
            (date!(2012 - 01 - 01), date!(2013 - 12 - 31)),
        )
        .await
        .unwrap();
    assert_eq!(cli.json(), expected());

    let csv = String::from_utf8(download(&app, &admin, &query, "csv").await).unwrap();
    for line in [
        "Nätkraft (NK);2012;7;3;1;11;350000;280000",
        "Nätkraft (NK);2013;2;3;1;6;310000;–",
        "Gemensamma Taget Vuxna (GT);2013;0;4;0;4;0;–",
        "Totalt;2012;13;3;1;17;550000;470500",
        "Totalt;2013;2;7;1;10;810000;512000",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in\n{csv}");
    }
    assert!(!csv.contains("<5") && !csv.contains(".."), "{csv}");

    let xlsx = download(&app, &admin, &query, "xlsx").await;
    let s = sheet(&xlsx, "Deltagare per insats och år, med budget och utfall");
    let header: Vec<String> = row(&s, &["Insats"]).iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "Insats",
            "År",
            "Kvinnor",
            "Män",
            "Okänt kön",
            "Totalt",
            "Budget",
            "Utfall"
        ]
    );
    let f = |n: f64| Data::Float(n);
    assert_eq!(
        row(&s, &["Nätkraft (NK)", "2012"])[2..],
        [f(7.0), f(3.0), f(1.0), f(11.0), f(350_000.0), f(280_000.0)]
    );
    assert_eq!(
        row(&s, &["Nätkraft (NK)", "2013"])[2..7],
        [f(2.0), f(3.0), f(1.0), f(6.0), f(310_000.0)]
    );
    assert_eq!(
        row(&s, &["Nätkraft (NK)", "2013"])[7],
        Data::String("–".into()),
        "no outcome yet is not 0 kr"
    );
    assert_eq!(
        row(&s, &["Totalt", "2013"])[2..],
        [f(2.0), f(7.0), f(1.0), f(10.0), f(810_000.0), f(512_000.0)]
    );

    let page = app
        .get(&admin, &format!("/reports?{FINSAM}&period=2013"))
        .await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Exakta tal utan röjandeskydd"), "{page}");
    assert!(page.contains("<option value=\"finsam\" selected>"));
    assert!(
        !page.contains("name=\"view\""),
        "one view only: there is no disclosure-controlled Finsam export"
    );
    let r = app
        .get(
            &admin,
            "/reports?kind=finsam&scope=intervention%3ANK&period=2013",
        )
        .await;
    assert_eq!(
        r.status(),
        422,
        "an intervention is not what the association reports"
    );
    assert!(r.text().await.unwrap().contains("gäller ett helt förbund"));
}

#[tokio::test]
async fn the_association_admin_gets_the_exact_export_on_sqlite() {
    the_association_admin_gets_the_exact_export(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_association_admin_gets_the_exact_export_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    the_association_admin_gets_the_exact_export(app).await;
}

#[tokio::test]
async fn everybody_else_is_refused_the_export() {
    let app = TestApp::sqlite().await;
    with_case(&app).await;
    let nk = || Scope::Intervention("NK".into());
    let others = [
        ("bo", person(Role::PreparatoryGroup, sfu())),
        (
            "hanna",
            person(Role::AssociationAdmin, Scope::Association("HSF".into())),
        ),
        ("cia", person(Role::Coach, nk())),
        ("leo", person(Role::InterventionLead, nk())),
        ("pia", person(Role::PartnerOfficer, sfu())),
        ("sam", person(Role::SystemAdmin, Scope::Installation)),
        ("ada", person(Role::Auditor, Scope::Installation)),
    ];
    for (name, roles) in others {
        let offered = roles.iter().any(|a| a.role == Role::AssociationAdmin);
        let client = app.logged_in(name, roles).await;
        for path in [
            format!("/reports?{FINSAM}&period=2013"),
            format!("/reports/download?{FINSAM}&period=2013&format=json"),
            format!("/reports/download?{FINSAM}&period=2013&format=xlsx"),
            "/reports/download?kind=finsam&scope=intervention%3ANK&period=2013&format=csv"
                .to_string(),
        ] {
            let r = app.get(&client, &path).await;
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            assert!(
                status == 403 || (offered && status == 422 && path.contains("intervention")),
                "{name} {path}: {status}"
            );
            assert!(!body.contains("Nätkraft (NK)"), "{name} {path}");
        }
        // The budget report's page: the list of reports is the same, and it is quick.
        let page = app.get(&client, "/reports?kind=budget&period=2013").await;
        if page.status() == 200 {
            let page = page.text().await.unwrap();
            assert_eq!(
                page.contains("<option value=\"finsam\""),
                offered,
                "{name}: the export is offered only to association administrators"
            );
        }
    }
}

#[tokio::test]
async fn the_participant_report_workbook_holds_numbers_and_marks() {
    let app = TestApp::sqlite().await;
    let table = read_csv(natkraft_2012_file().as_bytes()).unwrap();
    app.services
        .import_participations(&Caller::Cli("test".into()), &table, &|_| {})
        .await
        .unwrap();
    let lead = app
        .logged_in(
            "per",
            person(Role::InterventionLead, Scope::Intervention("NK".into())),
        )
        .await;
    let forbund = app
        .logged_in("karin", person(Role::AssociationAdmin, sfu()))
        .await;
    let query = "scope=intervention%3ANK&period=2012";

    let exact = download(&app, &lead, query, "xlsx").await;
    let exits = sheet(&exact, "Avslutsorsaker");
    let (women, men) = (
        column(&exits, "Avslutsorsak", "Kvinnor"),
        column(&exits, "Avslutsorsak", "Män"),
    );
    assert_eq!(row(&exits, &["Arbete"])[women], Data::Float(25.0));
    assert_eq!(row(&exits, &["Arbete"])[men], Data::Float(15.0));
    assert_eq!(row(&exits, &["Studier"])[men], Data::Float(3.0));
    let goals = sheet(&exact, "Mål och utfall");
    let goal = row(&goals, &["Arbete eller studier"]);
    let header = row(&goals, &[&goals_header(&goals)]);
    let at = |name: &str| {
        header
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == name))
            .unwrap()
    };
    assert_eq!(
        goal[at("Målvärde")],
        Data::Float(0.35),
        "a share is a number"
    );
    assert!(
        matches!(goal[at("Utfall")], Data::Float(v) if v > 0.0 && v <= 1.0),
        "{:?}",
        goal[at("Utfall")]
    );

    let seen = download(&app, &forbund, query, "xlsx").await;
    let exits = sheet(&seen, "Avslutsorsaker");
    assert_eq!(
        row(&exits, &["Studier"])[column(&exits, "Avslutsorsak", "Män")],
        Data::String("<5".into()),
        "three men to studies: a true 1–4"
    );
    let data = exits
        .rows()
        .skip_while(|r| r.first().map(|c| c.to_string()) != Some("Avslutsorsak".into()))
        .skip(1);
    for r in data {
        for c in &r[1..] {
            assert!(
                matches!(c, Data::Float(_))
                    || *c == Data::String("<5".into())
                    || *c == Data::String("..".into()),
                "a count is a number or a mark: {c:?} in {r:?}"
            );
        }
    }
    let goals = sheet(&seen, "Mål och utfall");
    let header = row(&goals, &[&goals_header(&goals)]);
    let at = header
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == "Målvärde"))
        .unwrap();
    assert_eq!(
        row(&goals, &["Arbete eller studier"])[at],
        Data::Float(0.35)
    );
}

/// The first header of the goals table (the row above the first goal).
fn goals_header(goals: &Range<Data>) -> String {
    let rows: Vec<&[Data]> = goals.rows().collect();
    let i = rows
        .iter()
        .position(|r| r.first().map(|c| c.to_string()) == Some("Arbete eller studier".into()))
        .expect("the goal's row");
    rows[i - 1][0].to_string()
}
