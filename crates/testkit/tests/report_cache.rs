//! The report cache against the definition: on a randomly generated installation
//! (a new seed every run, printed), every report of a provider, an association and
//! the whole country over random periods must equal the report counted straight
//! from every participation, both when counted afresh and when read from stored
//! tallies, and again after registrations change some of them.

use samverka_domain::import::participation_row::COLUMNS;
use samverka_domain::journey::input::ExitInput;
use samverka_domain::{FixedClock, Role, RoleAssignment, Scope};
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::import::table::Table;
use samverka_service::journey::report::{Audience, ReportScope};
use samverka_store::{ParticipationFilter, Store};
use samverka_store_postgres::{PgStore, create_test_database};
use samverka_store_sqlite::SqliteStore;
use samverka_testkit::START;
use std::sync::Arc;
use time::{Date, Duration};

fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    eprintln!("report_cache seed: {nanos}");
    nanos
}

/// A small random number from the seed (xorshift), for periods.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn periods(seed: u64) -> Vec<(Date, Date)> {
    let mut s = seed | 1;
    let first = time::macros::date!(2014 - 01 - 01);
    let mut out = vec![
        (
            time::macros::date!(2025 - 01 - 01),
            time::macros::date!(2025 - 12 - 31),
        ),
        (first, START.date()),
    ];
    for _ in 0..4 {
        let from = first + Duration::days((next(&mut s) % 4_500) as i64);
        let to = from + Duration::days((next(&mut s) % 900) as i64);
        out.push((from, to));
    }
    out
}

const SCOPES: [&str; 3] = ["provider:P0000", "association:F00", "installation"];

/// Every scope and period: the cached report equals the definition.
async fn all_equal(services: &Services, periods: &[(Date, Date)], seed: u64) {
    let cli = Caller::Cli("test".into());
    for scope in SCOPES {
        let scope = ReportScope::parse(scope).unwrap();
        for &period in periods {
            let cached = services
                .participant_report(&cli, &scope, period, Audience::Provider)
                .await
                .unwrap();
            let defined = services
                .standard_report_by_definition(&scope, period)
                .await
                .unwrap();
            assert_eq!(
                cached.figures(),
                &defined,
                "seed {seed}, {} over {period:?}",
                scope.key()
            );
        }
    }
}

async fn stored(services: &Services, period: (Date, Date)) -> Vec<(String, bool)> {
    let codes: Vec<String> = services
        .store
        .interventions()
        .await
        .unwrap()
        .into_iter()
        .map(|iv| iv.code)
        .collect();
    let mut out: Vec<(String, bool)> = services
        .store
        .tallies(&codes, period)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.intervention, t.body.is_some()))
        .collect();
    out.sort();
    out
}

async fn check(store: Arc<dyn Store>) {
    let services = Services::new(store, Arc::new(FixedClock::new(START)));
    let seed = seed();
    services
        .generate_installation(3_000, seed, &|_| {})
        .await
        .unwrap();
    let periods = periods(seed);
    // Counted afresh, then read from the stored tallies.
    all_equal(&services, &periods, seed).await;
    assert!(stored(&services, periods[0]).await.iter().all(|(_, s)| *s));
    all_equal(&services, &periods, seed).await;

    // A coach of I0000 registers an exit and moves someone to the next stage.
    let coach = services
        .store
        .user_by_username("coach-i0000-1")
        .await
        .unwrap()
        .unwrap();
    let caller = Caller::User {
        id: coach.id.0,
        username: coach.username.clone(),
        roles: vec![RoleAssignment::new(Role::Coach, Scope::Intervention("I0000".into())).unwrap()],
    };
    let open = services
        .store
        .participations(&ParticipationFilter {
            interventions: vec!["I0000".into()],
            coach: Some(coach.id.0),
            open_only: true,
            ..ParticipationFilter::default()
        })
        .await
        .unwrap();
    assert!(
        open.len() >= 2,
        "seed {seed}: coach-i0000-1 has open participations"
    );
    services
        .register_exit(
            &caller,
            open[0].id,
            &ExitInput {
                slutdatum: START.date().to_string(),
                avslutsorsak: "arbete".into(),
                sysselsattning_efter: "arbete".into(),
                anstallningsform: "lonebidrag".into(),
                omfattning_procent: "50".into(),
                forsorjning_efter: "lon".into(),
                ..ExitInput::default()
            },
        )
        .await
        .unwrap();
    let after = stored(&services, periods[1]).await;
    assert_eq!(
        after
            .iter()
            .filter(|(_, s)| !s)
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>(),
        ["I0000"],
        "only the changed intervention's tally is out of date"
    );
    let template = services.store.interventions().await.unwrap()[0]
        .template
        .clone();
    let stages: Vec<String> = samverka_domain::template::builtin_named(&template)
        .unwrap()
        .stages
        .iter()
        .map(|s| s.code.clone())
        .collect();
    let current = open[1].stages.last().map(|s| s.stage.clone());
    let next_stage = stages
        .iter()
        .find(|s| Some(*s) != current.as_ref())
        .unwrap();
    services
        .move_stage(&caller, open[1].id, next_stage, &START.date().to_string())
        .await
        .unwrap();
    // New participations arrive by import in another intervention.
    let row = |n: usize| {
        vec![
            "I0001".to_string(),
            String::new(),
            format!("NY-{n}"),
            "kvinna".into(),
            "1990".into(),
            String::new(),
            "FK".into(),
            "2025-03-01".into(),
            "sjukpenning".into(),
            String::new(),
            String::new(),
            String::new(),
            if n.is_multiple_of(2) {
                "2025-10-01".into()
            } else {
                String::new()
            },
            if n.is_multiple_of(2) {
                "studier".into()
            } else {
                String::new()
            },
            if n.is_multiple_of(2) {
                "studier".into()
            } else {
                String::new()
            },
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "nej".into(),
        ]
    };
    let table = Table {
        headers: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: (0..20).map(row).collect(),
    };
    let (_, imported) = services
        .import_table(&Caller::Cli("test".into()), &table, &|_| {})
        .await;
    imported.unwrap();
    all_equal(&services, &periods, seed).await;
}

#[tokio::test]
async fn cached_reports_equal_the_definition_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cache.db").display());
    check(Arc::new(SqliteStore::connect(&url).await.unwrap())).await;
}

#[tokio::test]
async fn cached_reports_equal_the_definition_on_postgres() {
    let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
        eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: PostgreSQL-testet hoppas över.");
        return;
    };
    let url = create_test_database(&admin).await.unwrap();
    check(Arc::new(PgStore::connect(&url).await.unwrap())).await;
}
