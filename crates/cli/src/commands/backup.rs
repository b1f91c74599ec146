//! `samverka backup --out FILE`.

use crate::errors::CliError;
use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
use samverka_service::Services;
use std::path::Path;

/// Writes a consistent copy (SQLite: `VACUUM INTO`); on PostgreSQL, prints the pg_dump command.
pub async fn run(services: &Services, out: &Path) -> Result<(), CliError> {
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
        "Säkerhetskopian är skriven till {} ({:.1} MB).",
        out.display(),
        size as f64 / 1_000_000.0
    );
    Ok(())
}
