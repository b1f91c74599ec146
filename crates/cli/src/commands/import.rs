//! `samverka import FILE` for every kind of file, and `samverka export participations`.
//! A `.toml` file is the organisation; a CSV or XLSX file with a `budgettyp` column is a
//! budget; any other CSV or XLSX file holds participations.

use crate::errors::CliError;
use samverka_i18n::{Lang, Tr};
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::import::table::{self, Table};
use samverka_service::import::{FileKind, ImportError, ImportSummary, Progress};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// The operating-system user running the command, as the access log's actor.
pub(crate) fn caller() -> Caller {
    Caller::Cli(std::env::var("USER").unwrap_or_else(|_| "okänd".into()))
}

/// Rows from which the terminal shows progress.
const SHOW_PROGRESS_FROM: usize = 5_000;

/// Imports the file, printing a summary, or every problem and a non-zero exit.
pub async fn run(services: &Services, file: &Path) -> Result<(), CliError> {
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return super::setup::import(services, file).await;
    }
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::msg(format!("Kan inte läsa {}: {e}", file.display())))?;
    let name = file.display().to_string();
    let tr = Tr(Lang::Sv);
    let table: Table = table::read(&name, &bytes).map_err(|e| {
        CliError::msg(format!(
            "{name}: {}",
            tr.f(e.message_key, &e.placeholders())
        ))
    })?;
    let started = Instant::now();
    let show = table.rows.len() >= SHOW_PROGRESS_FROM;
    let progress = move |p: Progress| {
        if !show {
            return;
        }
        match p {
            Progress::Checked(done, all) => eprint!("\rKontrollerar rad {done} av {all} …"),
            Progress::Writing(all) => {
                eprint!("\rAlla {all} rader är kontrollerade. Skriver …      \n")
            }
        }
        let _ = std::io::stderr().flush();
    };
    let (kind, result) = services.import_table(&caller(), &table, &progress).await;
    match result {
        Ok(s) => {
            print_summary(&name, s, kind, started.elapsed().as_secs_f64());
            Ok(())
        }
        Err(ImportError::Problems(problems)) => {
            for p in &problems {
                let mut args = p.error.placeholders();
                args[0] = ("field", p.column.as_str());
                eprintln!("rad {}: {}", p.row, tr.f(p.error.message_key, &args));
            }
            Err(CliError::msg(format!(
                "{} fel i {name}. Inget har sparats.",
                problems.len()
            )))
        }
        Err(ImportError::Service(e)) => Err(e.into()),
    }
}

fn print_summary(name: &str, s: ImportSummary, kind: FileKind, seconds: f64) {
    let what = match kind {
        FileKind::Budget => "budgetrader",
        FileKind::AssociationEconomy => "rader i förbundets ekonomi",
        FileKind::Participations => "deltaganden",
    };
    println!("{name} är inläst: {} rader.", s.rows);
    println!(
        "  {what}: {} nya, {} ändrade, {} oförändrade",
        s.created, s.updated, s.unchanged
    );
    let rate = if seconds > 0.0 {
        s.rows as f64 / seconds
    } else {
        0.0
    };
    println!("  {:.1} s, {:.0} rader per sekund", seconds, rate);
}

/// Writes an intervention's participations in the import format.
pub async fn export(
    services: &Services,
    code: &str,
    reason: &str,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let text = services
        .export_participations(&caller(), code, reason)
        .await?;
    match out {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", path.display())))?;
            println!("Deltagandena i {code} är skrivna till {}.", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
