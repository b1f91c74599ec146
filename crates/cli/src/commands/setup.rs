//! `samverka import FILE.toml` and `samverka export setup`: the organisation as a file.

use crate::errors::CliError;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::setup_import::{Counts, ImportError};
use std::path::Path;

fn caller() -> Caller {
    Caller::Cli(std::env::var("USER").unwrap_or_else(|_| "okänd".into()))
}

fn line(kind: &str, c: Counts) -> String {
    format!(
        "  {kind:<14} {:>3} nya, {:>3} ändrade, {:>3} oförändrade",
        c.created, c.updated, c.unchanged
    )
}

/// Reads a setup file, checks all of it, and applies it in one transaction.
pub async fn import(services: &Services, file: &Path) -> Result<(), CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::msg(format!("Kan inte läsa {}: {e}", file.display())))?;
    let name = file.display().to_string();
    match services.import_setup(&caller(), &name, &text).await {
        Ok(summary) => {
            println!("{name} är inläst.");
            println!("{}", line("Förbund", summary.associations));
            println!("{}", line("Anordnare", summary.providers));
            println!("{}", line("Egna mallar", summary.templates));
            println!("{}", line("Insatser", summary.interventions));
            for (code, warning) in &summary.share_warnings {
                println!(
                    "{code}: {}",
                    warning.text(samverka_i18n::Lang::Sv).replace('\u{a0}', " ")
                );
            }
            Ok(())
        }
        Err(ImportError::File(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            Err(CliError::msg(format!(
                "{} fel i {name}. Inget har sparats.",
                problems.len()
            )))
        }
        Err(ImportError::Service(e)) => Err(e.into()),
    }
}

/// Writes the whole organisation in the setup file's format.
pub async fn export(services: &Services, out: Option<&Path>) -> Result<(), CliError> {
    let text = services.export_setup(&caller()).await?;
    match out {
        Some(path) => {
            if path.exists() {
                return Err(CliError::msg(format!(
                    "{} finns redan. Välj ett nytt filnamn; en befintlig fil skrivs aldrig över.",
                    path.display()
                )));
            }
            std::fs::write(path, &text)
                .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", path.display())))?;
            println!("Organisationen är skriven till {}.", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
