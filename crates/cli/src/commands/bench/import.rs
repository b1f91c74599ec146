//! Import speed: a generated participation file (every person by alias) imported
//! into a scratch database beside the one measured, which is removed afterwards.

use crate::config::DatabaseUrl;
use crate::database;
use crate::errors::CliError;
use samverka_domain::import::participation_row::COLUMNS;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::import::table::Table;
use samverka_service::import::{ImportError, Progress};
use std::sync::Arc;
use std::time::Instant;

const SETUP: &str = r#"
[[association]]
code = "IMP"
name = "Samordningsförbundet Mätning"
orgnr = "222000-1545"
municipalities = ["Umeå"]
members = [ { code = "FK", name = "Försäkringskassan", financier = true } ]

[[provider]]
code = "IMP-P"
name = "Mätningens anordnare"

[[intervention]]
code = "IMP"
name = "Mätning"
association = "IMP"
provider = "IMP-P"
orientation = "individinriktad"
follow_up = "individual"
template = "supported_employment"
start = "2010-01-01"
description = "Insatsen som importen mäts i."
target_groups = ["Alla"]
steering_group = ["Försäkringskassan"]
"#;

/// Imports `rows` generated participations into a new scratch database next to
/// `url` and returns rows per second.
pub async fn rows_per_second(
    main: &Services,
    url: &DatabaseUrl,
    rows: usize,
) -> Result<f64, CliError> {
    let (scratch_url, scratch) = scratch_database(main, url).await?;
    let result = measure(&scratch_url, rows).await;
    scratch.remove(main).await;
    result
}

async fn measure(url: &DatabaseUrl, rows: usize) -> Result<f64, CliError> {
    let store = database::open(url).await?;
    let services = Services::new(store, Arc::new(samverka_domain::clock::SystemClock));
    let caller = Caller::Cli("samverka bench".into());
    services
        .import_setup(&caller, "bench.toml", SETUP)
        .await
        .map_err(|e| CliError::msg(format!("Mätningens organisation: {e:?}")))?;
    let table = Table {
        headers: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: super::super::generate::rows(rows, "IMP"),
    };
    let started = Instant::now();
    let (_, result) = services
        .import_table(&caller, &table, &|_: Progress| {})
        .await;
    match result {
        Ok(_) => Ok(rows as f64 / started.elapsed().as_secs_f64()),
        Err(ImportError::Problems(p)) => Err(CliError::msg(format!(
            "Den genererade filen hade {} fel.",
            p.len()
        ))),
        Err(ImportError::Service(e)) => Err(e.into()),
    }
}

/// A scratch database and how it is removed.
enum Scratch {
    /// A SQLite file (with its -wal and -shm).
    File(String),
    /// A PostgreSQL database, by name.
    Database(String),
}

impl Scratch {
    async fn remove(&self, main: &Services) {
        match self {
            Scratch::File(file) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{file}{suffix}"));
                }
            }
            Scratch::Database(name) => {
                let _ = main
                    .store
                    .run_sql(&format!("DROP DATABASE IF EXISTS {name}"))
                    .await;
            }
        }
    }
}

/// A new empty database: a file beside a SQLite database, or a database beside a
/// PostgreSQL one.
async fn scratch_database(
    main: &Services,
    url: &DatabaseUrl,
) -> Result<(DatabaseUrl, Scratch), CliError> {
    let raw = url.expose().to_string();
    let (base, query) = raw.split_once('?').unwrap_or((raw.as_str(), ""));
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    if url.is_postgres() {
        let (server, name) = base.rsplit_once('/').unwrap_or((base, "postgres"));
        let name = format!(
            "{}_import_bench",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        let scratch = Scratch::Database(name.clone());
        scratch.remove(main).await;
        main.store
            .run_sql(&format!("CREATE DATABASE {name}"))
            .await?;
        Ok((DatabaseUrl::new(format!("{server}/{name}{query}")), scratch))
    } else {
        let path = base
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let file = format!("{path}.import-bench.db");
        let scratch = Scratch::File(file.clone());
        scratch.remove(main).await;
        Ok((DatabaseUrl::new(format!("sqlite://{file}{query}")), scratch))
    }
}
