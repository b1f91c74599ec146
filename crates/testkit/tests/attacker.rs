//! The subtraction attack on the association layer (SPEC 7.4), as an attacker with a
//! linear-programming solver would make it. Random small installations (one
//! association, three interventions of 40–99 participations each, one year) are
//! reported on over the whole grid: the association and each intervention, every
//! tertial, half-year and the year. The attacker knows how the figures add up (sexes to
//! totals, categories to the exited or the participants, the association to its
//! interventions, a year to its tertials and half-years, what one period has
//! active at its end to what the next carries over) and takes every shown figure
//! as given. For every `<5` it derives the least and greatest value the figures
//! allow: none may be pinned, nor narrowed below the 1–4 that `<5` already says.
//! The same attack on reports suppressed one by one must succeed, which shows the
//! test can fail.

use samverka_domain::import::participation_row::COLUMNS;
use samverka_domain::{FixedClock, Role, RoleAssignment, Scope};
use samverka_reports::period::Preset;
use samverka_reports::withheld::Withheld;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::import::table::Table;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_store::Store;
use samverka_store_postgres::{PgStore, create_test_database};
use samverka_store_sqlite::SqliteStore;
use samverka_testkit::attacker::bounds::{Attack, attack};
use samverka_testkit::attacker::reports::model;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use time::macros::datetime;

const SCOPES: [&str; 4] = [
    "association:F",
    "intervention:I1",
    "intervention:I2",
    "intervention:I3",
];

const SETUP: &str = r#"
[[association]]
code = "F"
name = "Samordningsförbundet Provet"
orgnr = "222000-0000"
municipalities = ["Umeå"]
members = [ { code = "FK", name = "Försäkringskassan", financier = true },
            { code = "AF", name = "Arbetsförmedlingen", financier = true },
            { code = "KOM", name = "Umeå kommun", financier = true } ]

[[provider]]
code = "P1"
name = "Umeå kommun, Socialpsykiatri"

[[provider]]
code = "P2"
name = "Arbetsförmedlingen Umeå"

[[intervention]]
code = "I1"
name = "Nätkraft"
association = "F"
provider = "P1"
template = "supported_employment"
orientation = "individinriktad"
follow_up = "individual"
start = "2025-01-01"

[[intervention]]
code = "I2"
name = "Steget Vidare"
association = "F"
provider = "P1"
template = "supported_employment"
orientation = "individinriktad"
follow_up = "individual"
start = "2025-01-01"

[[intervention]]
code = "I3"
name = "Gemensamma Taget"
association = "F"
provider = "P2"
template = "supported_employment"
orientation = "individinriktad"
follow_up = "individual"
start = "2025-01-01"
"#;

/// A small deterministic random stream (xorshift).
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len() as u64) as usize]
    }
}

/// One participation row of the import file, with a random journey.
fn row(d: &mut Dice, intervention: &str, n: usize) -> Vec<String> {
    let first = time::macros::date!(2025 - 01 - 01);
    let start = first + time::Duration::days(d.next(340) as i64);
    let exit = start + time::Duration::days(20 + d.next(500) as i64);
    let exited = d.next(10) < 7 && exit <= time::macros::date!(2025 - 12 - 31);
    let reason = d.pick(&["arbete", "studier", "ohalsa", "flytt", "arbete", "annat"]);
    let mut cells: HashMap<&str, String> = HashMap::new();
    cells.insert("insats", intervention.into());
    cells.insert("alias", format!("{intervention}-{n}"));
    cells.insert(
        "kon",
        d.pick(&["kvinna", "man", "kvinna", "man", "okand"]).into(),
    );
    cells.insert("fodelsear", (1962 + d.next(42)).to_string());
    cells.insert("aktualiserad_av", d.pick(&["FK", "AF", "KOM"]).into());
    cells.insert("startdatum", start.to_string());
    cells.insert(
        "forsorjning_fore",
        d.pick(&["sjukpenning", "forsorjningsstod"]).into(),
    );
    cells.insert("samtycke", "nej".into());
    if exited {
        cells.insert("slutdatum", exit.to_string());
        cells.insert("avslutsorsak", reason.into());
        cells.insert(
            "forsorjning_efter",
            d.pick(&["lon", "forsorjningsstod"]).into(),
        );
        match reason {
            "arbete" => {
                cells.insert("sysselsattning_efter", "arbete".into());
                cells.insert("anstallningsform", "osubventionerad".into());
                cells.insert("omfattning_procent", "100".into());
            }
            "studier" => {
                cells.insert("sysselsattning_efter", "studier".into());
                cells.insert("studieform", "komvux".into());
            }
            _ => {}
        }
    }
    COLUMNS
        .iter()
        .map(|c| cells.get(c).cloned().unwrap_or_default())
        .collect()
}

/// A new installation with random participations from `seed`.
async fn installation(store: Arc<dyn Store>, seed: u64) -> Services {
    let clock = FixedClock::new(datetime!(2026-01-15 09:00 UTC));
    let services = Services::new(store, Arc::new(clock));
    let cli = Caller::Cli("test".into());
    services
        .import_setup(&cli, "provet.toml", SETUP)
        .await
        .unwrap();
    let mut d = Dice(seed.wrapping_mul(2_654_435_761) | 1);
    let mut rows = Vec::new();
    for iv in ["I1", "I2", "I3"] {
        for n in 0..(40 + d.next(60) as usize) {
            rows.push(row(&mut d, iv, n));
        }
    }
    let table = Table {
        headers: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows,
    };
    let (_, imported) = services.import_table(&cli, &table, &|_| {}).await;
    imported.unwrap();
    services
}

/// How the reports of the grid are read.
#[derive(Clone, Copy, PartialEq)]
enum Seen {
    /// As the association admin gets them, suppressed together.
    Joint,
    /// As reports suppressed one by one would show them.
    OneByOne,
    /// Exact, to check that the attacker's sums are true.
    Exact,
}

/// Every report of the grid, seen as `seen` says.
async fn reports(services: &Services, seen: Seen) -> Vec<(String, Preset, Value)> {
    let admin = Caller::User {
        id: 1,
        username: "forbund".into(),
        roles: vec![
            RoleAssignment::new(Role::AssociationAdmin, Scope::Association("F".into())).unwrap(),
        ],
    };
    let cli = Caller::Cli("test".into());
    let scope = ReportScope::parse("association:F").unwrap();
    let grid = services.grid_for(&scope).await.unwrap();
    let mut out = Vec::new();
    for scope in SCOPES {
        let scope = ReportScope::parse(scope).unwrap();
        for preset in &grid {
            let json = if seen == Seen::Joint {
                services
                    .participant_report(&admin, &scope, preset.bounds(), Audience::Association)
                    .await
                    .unwrap()
                    .json()
            } else {
                let exact = services
                    .participant_report(&cli, &scope, preset.bounds(), Audience::Provider)
                    .await
                    .unwrap();
                match seen {
                    Seen::Exact => exact.json(),
                    _ => Withheld::of(exact.figures()).apply(exact.figures()),
                }
            };
            out.push((scope.key(), *preset, json));
        }
    }
    out
}

/// What the figures of `reports` give away beyond their marks: `<5`s narrowed
/// more than the marks alone narrow them, and how many `<5`s there were.
fn given_away(reports: &[(String, Preset, Value)]) -> (Vec<String>, Attack, Attack) {
    let shown = attack(&model(reports, &SCOPES, false));
    let marks = attack(&model(reports, &SCOPES, true));
    let beyond = shown
        .beyond(&marks)
        .iter()
        .map(|(k, here, there)| format!("{k}: {here:?} where the marks say {there:?}"))
        .collect();
    (beyond, shown, marks)
}

/// Attacks the installations of `seeds`; with `switched_off`, also the same
/// reports suppressed one by one, which must give something away.
async fn check(
    store: impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Arc<dyn Store>>>>,
    seeds: std::ops::RangeInclusive<u64>,
    switched_off: bool,
) {
    let installations = seeds.clone().count();
    let (mut reports_seen, mut smalls, mut by_marks) = (0, 0, 0);
    let mut one_by_one = Vec::new();
    for seed in seeds {
        let services = installation(store().await, seed).await;
        let exact = attack(&model(
            &reports(&services, Seen::Exact).await,
            &SCOPES,
            false,
        ));
        assert!(
            exact.counts.is_empty(),
            "exact reports have no marks, and every sum holds"
        );
        let clock = std::time::Instant::now();
        let joint = reports(&services, Seen::Joint).await;
        let reported = clock.elapsed();
        let (beyond, shown, marks) = given_away(&joint);
        assert!(
            beyond.is_empty(),
            "seed {seed}: the figures give away {beyond:#?}"
        );
        eprintln!(
            "seed {seed}: {} reports in {reported:?}, attacked in {:?}; {} small counts, {} \
             narrowed and {} pinned by the marks alone, none by the shown figures; unknowns {} -> \
             {} after presolve, largest group {} (marks only: {})",
            joint.len(),
            clock.elapsed() - reported,
            shown.counts.len(),
            marks.narrowed().len(),
            marks.pinned().len(),
            shown.sizes.0,
            shown.sizes.1,
            shown.sizes.2,
            marks.sizes.2,
        );
        reports_seen += joint.len();
        smalls += shown.counts.len();
        by_marks += marks.pinned().len();
        if switched_off {
            one_by_one.extend(given_away(&reports(&services, Seen::OneByOne).await).0);
        }
    }
    eprintln!(
        "attacker: {installations} installation(s), {reports_seen} reports, {smalls} withheld small \
         counts, none narrowed by the shown figures ({by_marks} pinned by the marks alone); \
         reports suppressed one by one: {} small counts narrowed by the shown figures, e.g. {:?}",
        one_by_one.len(),
        one_by_one.first()
    );
    assert!(smalls > 0, "the installations have small counts to attack");
    assert!(
        !switched_off || !one_by_one.is_empty(),
        "suppressed one by one, the shown figures give some small count away"
    );
}

/// Each database gets installations of its own, so that together they cover more;
/// SQLite's also shows that the attack succeeds without joint suppression.
#[tokio::test]
async fn no_small_count_can_be_pinned_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let n = std::sync::atomic::AtomicUsize::new(0);
    check(
        move || {
            let url = format!(
                "sqlite://{}",
                path.join(format!(
                    "a{}.db",
                    n.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                ))
                .display()
            );
            Box::pin(async move {
                Arc::new(SqliteStore::connect(&url).await.unwrap()) as Arc<dyn Store>
            })
        },
        1..=1,
        true,
    )
    .await;
}

#[tokio::test]
async fn no_small_count_can_be_pinned_on_postgres() {
    let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
        eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: PostgreSQL-testet hoppas över.");
        return;
    };
    check(
        move || {
            let admin = admin.clone();
            Box::pin(async move {
                let url = create_test_database(&admin).await.unwrap();
                Arc::new(PgStore::connect(&url).await.unwrap()) as Arc<dyn Store>
            })
        },
        2..=2,
        false,
    )
    .await;
}
