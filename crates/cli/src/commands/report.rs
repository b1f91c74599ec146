//! `samverka report`: the participant report, the Uppföljning Finsam export or the
//! budget report, for
//! an intervention, a provider, an association or the whole installation, over a
//! period or a preset (tertial, half-year, year), in html, json, csv, xlsx or pdf.
//! Figures are disclosure-controlled unless `--exact` is given; the Uppföljning
//! Finsam export is always exact (it is what the association reports).

use crate::args::ReportArgs;
use crate::errors::CliError;
use samverka_domain::journey::dates;
use samverka_i18n::{Lang, Tr};
use samverka_reports::document::Document;
use samverka_reports::output::Format;
use samverka_reports::period::Preset;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::journey::report::{Audience, ReportScope};
use time::Date;

/// The scope from the flags (clap lets at most one through).
fn scope(a: &ReportArgs) -> Result<ReportScope, CliError> {
    match (&a.intervention, &a.provider, &a.association, a.installation) {
        (Some(c), _, _, _) => Ok(ReportScope::Intervention(c.clone())),
        (_, Some(c), _, _) => Ok(ReportScope::Provider(c.clone())),
        (_, _, Some(c), _) => Ok(ReportScope::Association(c.clone())),
        (_, _, _, true) => Ok(ReportScope::Installation),
        _ => Err(CliError::msg(
            "Ange vad rapporten gäller: --intervention KOD, --provider KOD, --association KOD eller --installation.",
        )),
    }
}

/// The period from `--period` or `--from`/`--to`.
fn period(a: &ReportArgs) -> Result<(Date, Date), CliError> {
    let tr = Tr(Lang::Sv);
    let day = |field: &'static str, text: &str| {
        dates::parse(field, text).map_err(|e| {
            CliError::msg(format!(
                "--{field}: {}",
                tr.f(e.message_key, &e.placeholders())
            ))
        })
    };
    match (&a.period, &a.from, &a.to) {
        (Some(p), None, None) => Preset::parse(p).map(Preset::bounds).ok_or_else(|| {
            CliError::msg(format!(
                "--period {p}: okänd period. Skriv ett tertial (2026-T1), ett halvår (2026-H2) eller ett år (2026)."
            ))
        }),
        (Some(_), _, _) => Err(CliError::msg(
            "Ange antingen --period eller --from och --to, inte båda.",
        )),
        (None, Some(from), Some(to)) => Ok((day("from", from)?, day("to", to)?)),
        _ => Err(CliError::msg(
            "Ange perioden: --from ÅÅÅÅ-MM-DD och --to ÅÅÅÅ-MM-DD, eller --period (t.ex. 2026-T1).",
        )),
    }
}

fn written(doc: &Document, format: Format, lang: Lang) -> Result<Vec<u8>, CliError> {
    samverka_pdf::document_bytes(doc, format, lang.code()).map_err(|e| {
        CliError::msg(format!(
            "Rapporten kunde inte skrivas som {}: {e}",
            format.code()
        ))
    })
}

/// Writes the report.
pub async fn run(services: &Services, a: &ReportArgs) -> Result<(), CliError> {
    let scope = scope(a)?;
    let period = period(a)?;
    let format = Format::parse(&a.format).ok_or_else(|| {
        CliError::msg(format!(
            "--format {}: okänt format. Välj html, json, csv, xlsx eller pdf.",
            a.format
        ))
    })?;
    let lang = Lang::parse(&a.lang)
        .ok_or_else(|| CliError::msg(format!("--lang {}: välj sv eller en.", a.lang)))?;
    if format.binary() && a.out.is_none() {
        return Err(CliError::msg(format!(
            "--format {}: ange en fil med --out, t.ex. --out rapport.{}.",
            format.code(),
            format.code()
        )));
    }
    let audience = if a.exact {
        Audience::Provider
    } else {
        Audience::Association
    };
    let caller = Caller::Cli(std::env::var("USER").unwrap_or_else(|_| "okänd".into()));
    let tr = Tr(lang);
    let (json, doc) = match a.kind.as_str() {
        "participants" => {
            let r = services
                .participant_report(&caller, &scope, period, audience)
                .await?;
            (r.json(), r.document(tr))
        }
        "finsam" => {
            let r = services.finsam_report(&caller, &scope, period).await?;
            (r.json(), r.document(tr))
        }
        "budget" => {
            let r = services
                .budget_report_for(&caller, &scope, period, audience)
                .await?;
            (r.json(), r.document(tr))
        }
        "costs" => {
            let r = services.cost_report(&caller, &scope, period).await?;
            (r.json(), r.document(tr))
        }
        other => {
            return Err(CliError::msg(format!(
                "--kind {other}: okänt slag. Välj participants, finsam, budget eller costs."
            )));
        }
    };
    let bytes = match format {
        Format::Json => {
            let text =
                serde_json::to_string_pretty(&json).map_err(|e| CliError::msg(e.to_string()))?;
            (text + "\n").into_bytes()
        }
        other => written(&doc, other, lang)?,
    };
    match &a.out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", path.display()))),
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| CliError::msg(e.to_string()))
        }
    }
}
