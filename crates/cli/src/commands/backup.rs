//! `samverka backup --out FILE`.

use crate::errors::CliError;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_service::Services;
use std::path::Path;

/// Writes a consistent copy (SQLite: `VACUUM INTO`); on PostgreSQL, prints the pg_dump command.
pub async fn run(services: &Services, out: &Path) -> Result<(), CliError> {
    let parent_ok = out
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir());
    if services.store.backend_name() == "sqlite" && (out.exists() || !parent_ok) {
        return Err(CliError::msg(format!(
            "Kan inte skriva säkerhetskopian till {}: filen finns redan eller mappen saknas. En befintlig fil skrivs aldrig över.",
            out.display()
        )));
    }
    if services.store.backend_name() == "sqlite" {
        let actor = Actor::cli(&std::env::var("USER").unwrap_or_else(|_| "okänd".into()));
        let draft = AuditDraft::new(
            services.clock.now(),
            actor,
            AuditEvent::BackupMade,
            "backup",
            out.display(),
        );
        services.store.append_audit(&draft).await?;
    }
    services.store.backup_to(out).await?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "Säkerhetskopian är skriven till {} ({} MB).",
        out.display(),
        format!("{:.1}", size as f64 / 1_000_000.0).replace('.', ","),
    );
    Ok(())
}
