//! `samverka gen`: a whole synthetic installation written into the database, or
//! (`samverka gen participations`) a participation file in the import format for
//! measuring imports. Both register every person by alias.

use crate::errors::CliError;
use samverka_domain::import::participation_row::COLUMNS;
use samverka_service::Services;
use samverka_service::generate::{Generated, PASSWORD, TOTP_SECRET};
use samverka_service::import::export::csv_text;
use std::path::Path;
use std::time::Instant;

const INCOME: [&str; 5] = [
    "aktivitetsersattning",
    "sjukersattning",
    "forsorjningsstod",
    "sjukpenning",
    "aktivitetsersattning|forsorjningsstod",
];
const OCCUPATION: [&str; 3] = [
    "ingen_sysselsattning",
    "sjukskriven",
    "aktivt_arbetssokande",
];

/// The rows of a generated file: one participation per person, every person by
/// alias (never a personnummer, which could belong to someone real), a third exited.
pub fn rows(count: usize, intervention: &str) -> Vec<Vec<String>> {
    (0..count as u64)
        .map(|n| {
            let start =
                time::macros::date!(2014 - 01 - 01) + time::Duration::days((n % 3000) as i64);
            let exited = n % 3 == 0;
            let exit = |s: &str| if exited { s.to_string() } else { String::new() };
            vec![
                intervention.to_string(),
                String::new(),
                format!("{intervention}-A{n}"),
                if n % 2 == 0 { "kvinna" } else { "man" }.to_string(),
                (1970 + n % 30).to_string(),
                ["Umeå", "Nässjö", "Eksjö", "Vetlanda"][(n % 4) as usize].to_string(),
                ["FK", "AF", "RVB", "UMEA"][(n % 4) as usize].to_string(),
                start.to_string(),
                INCOME[(n % 5) as usize].to_string(),
                OCCUPATION[(n % 3) as usize].to_string(),
                "gymnasial".to_string(),
                "3_5_ar".to_string(),
                exit(&(start + time::Duration::days(200)).to_string()),
                exit(if n % 2 == 0 { "arbete" } else { "studier" }),
                exit(if n % 2 == 0 { "arbete" } else { "studier" }),
                exit(if n % 2 == 0 { "lonebidrag" } else { "" }),
                exit(if n % 2 == 0 { "75" } else { "" }),
                exit(if n % 2 == 0 { "" } else { "komvux" }),
                exit(if n % 2 == 0 { "lon" } else { "studiemedel" }),
                "nej".to_string(),
            ]
        })
        .collect()
}

/// Generates a whole installation into the (empty) database and says what it wrote.
pub async fn installation(
    services: &Services,
    participations: usize,
    seed: u64,
) -> Result<(), CliError> {
    let started = Instant::now();
    let report = |g: &Generated| {
        eprintln!(
            "{:>7.1} s  {} deltaganden, {} stegperioder, {} anteckningar, {} enkäter",
            started.elapsed().as_secs_f64(),
            g.participations,
            g.stage_periods,
            g.entries,
            g.questionnaires
        );
    };
    let g = services
        .generate_installation(participations, seed, &report)
        .await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "Klart på {seconds:.1} s: {} förbund, {} insatser, {} konton, {} deltaganden ({:.0} per sekund), {} stegperioder, {} anteckningar och uppföljningar, {} besvarade enkäter, {} budgetrader.",
        g.associations,
        g.interventions,
        g.accounts,
        g.participations,
        g.participations as f64 / seconds.max(0.001),
        g.stage_periods,
        g.entries,
        g.questionnaires,
        g.budget_lines
    );
    println!(
        "Alla konton har lösenordet {PASSWORD}: coach-i0000-1, lead-i0000 och forbund-f00 till exempel. Coacher och samordnare har TOTP-hemligheten {TOTP_SECRET}."
    );
    Ok(())
}

/// Writes a generated participation file.
pub fn participations(count: usize, intervention: &str, out: &Path) -> Result<(), CliError> {
    let text = csv_text(&COLUMNS, &rows(count, intervention));
    std::fs::write(out, text)
        .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", out.display())))?;
    println!(
        "{count} deltaganden i {intervention} är skrivna till {}.",
        out.display()
    );
    Ok(())
}
