//! `samverka gen`: a whole synthetic installation written into the database, or
//! (`samverka gen participations`) a participation file in the import format for
//! measuring imports, whose personnummer have a valid check digit.

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

/// A valid twelve-digit personnummer for row `n` (unique for n below ten million).
fn number(n: u64) -> String {
    let year = 1960 + (n % 45);
    let month = 1 + (n / 45) % 12;
    let day = 1 + (n / 540) % 28;
    let serial = (n / 15_120) % 1000;
    let nine = format!("{:02}{month:02}{day:02}{serial:03}", year % 100);
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            if d > 9 { d - 9 } else { d }
        })
        .sum();
    format!(
        "{}{}-{}{}",
        year / 100,
        &nine[..6],
        &nine[6..],
        (10 - sum % 10) % 10
    )
}

/// The rows of a generated file: one participation per person, a third of them exited.
pub fn rows(count: usize, intervention: &str) -> Vec<Vec<String>> {
    rows_with_aliases(count, intervention, 17)
}

/// The same rows, every person by alias (no personnummer at all).
pub fn alias_rows(count: usize, intervention: &str) -> Vec<Vec<String>> {
    rows_with_aliases(count, intervention, 1)
}

/// Rows where every `alias_every`-th person is registered by alias.
fn rows_with_aliases(count: usize, intervention: &str, alias_every: u64) -> Vec<Vec<String>> {
    (0..count as u64)
        .map(|n| {
            let start =
                time::macros::date!(2014 - 01 - 01) + time::Duration::days((n % 3000) as i64);
            let exited = n % 3 == 0;
            let anonymous = n % alias_every == 0;
            let (number, alias, sex, year) = if anonymous {
                (
                    String::new(),
                    format!("{intervention}-A{n}"),
                    if n % 2 == 0 { "kvinna" } else { "man" }.to_string(),
                    (1970 + n % 30).to_string(),
                )
            } else {
                (number(n), String::new(), String::new(), String::new())
            };
            let exit = |s: &str| if exited { s.to_string() } else { String::new() };
            vec![
                intervention.to_string(),
                number,
                alias,
                sex,
                year,
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
                if anonymous { "nej" } else { "ja" }.to_string(),
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

#[cfg(test)]
mod tests {
    #[test]
    fn generated_numbers_are_valid_and_distinct() {
        let today = time::macros::date!(2026 - 11 - 22);
        let mut seen = std::collections::HashSet::new();
        for n in 0..20_000 {
            let nr = super::number(n);
            samverka_domain::personal_number::PersonalNumber::parse("personnummer", &nr, today)
                .unwrap();
            assert!(seen.insert(nr));
        }
    }
}
