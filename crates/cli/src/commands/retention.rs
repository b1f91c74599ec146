//! `samverka retention run`: makes the participations past their retention period
//! anonymous (statistics stay), or with `--dry-run` lists them without a change.

use crate::errors::CliError;
use samverka_service::Services;
use samverka_service::retention::{Expired, cutoff};

fn list(due: &[Expired]) {
    for e in due {
        println!(
            "  deltagande {:>6}  {:<6} avslutat {}",
            e.id, e.intervention, e.exit_on
        );
    }
}

/// Runs retention with `months` after exit.
pub async fn run(services: &Services, months: u32, dry_run: bool) -> Result<(), CliError> {
    let last = cutoff(services.clock.today(), months);
    if dry_run {
        let due = services.retention_due(months).await?;
        println!(
            "Provkörning: {} deltaganden avslutade före {last} ({months} månader) skulle göras anonyma. Inget ändras.",
            due.len()
        );
        list(&due);
        return Ok(());
    }
    let done = services
        .run_retention(&super::import::caller(), months)
        .await?;
    println!(
        "{} deltaganden avslutade före {last} ({months} månader) är nu anonyma: personuppgifter och fritext är borttagna, statistiken finns kvar.",
        done.len()
    );
    list(&done);
    Ok(())
}
