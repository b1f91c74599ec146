//! `samverka report`: the standard participant report as JSON (the contract of
//! SPEC 7.6). Other formats and the budget kind come with issues 6 and 8.

use crate::errors::CliError;
use samverka_domain::journey::dates;
use samverka_i18n::{Lang, Tr};
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::journey::report::ReportScope;
use std::path::Path;

/// The scope from the flags (clap lets at most one through).
pub fn scope(
    intervention: Option<String>,
    provider: Option<String>,
    association: Option<String>,
) -> Result<ReportScope, CliError> {
    match (intervention, provider, association) {
        (Some(c), _, _) => Ok(ReportScope::Intervention(c)),
        (_, Some(c), _) => Ok(ReportScope::Provider(c)),
        (_, _, Some(c)) => Ok(ReportScope::Association(c)),
        _ => Err(CliError::msg(
            "Ange vad rapporten gäller: --intervention KOD, --provider KOD eller --association KOD.",
        )),
    }
}

/// Writes the report.
pub async fn run(
    services: &Services,
    scope: &ReportScope,
    from: &str,
    to: &str,
    kind: &str,
    format: &str,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let tr = Tr(Lang::Sv);
    let day = |field: &'static str, text: &str| {
        dates::parse(field, text).map_err(|e| {
            CliError::msg(format!(
                "--{field}: {}",
                tr.f(e.message_key, &e.placeholders())
            ))
        })
    };
    let (from, to) = (day("from", from)?, day("to", to)?);
    if kind != "participants" {
        return Err(CliError::msg(format!(
            "--kind {kind}: bara participants finns ännu (budgetrapporten kommer med ekonomidelen)."
        )));
    }
    if format != "json" {
        return Err(CliError::msg(format!(
            "--format {format}: bara json finns ännu (html, csv, xlsx och pdf kommer med rapportdelen)."
        )));
    }
    let caller = Caller::Cli(std::env::var("USER").unwrap_or_else(|_| "okänd".into()));
    let report = services
        .participant_report(&caller, scope, from, to)
        .await?;
    let text =
        serde_json::to_string_pretty(&report).map_err(|e| CliError::msg(e.to_string()))? + "\n";
    match out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", path.display()))),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
