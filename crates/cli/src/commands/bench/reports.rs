//! Report latency for one intervention, one association and the whole country,
//! and the same core aggregation for the country written directly in SQL.

use super::latency::Latency;
use crate::errors::CliError;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::journey::report::{Audience, ReportScope};
use std::time::Instant;
use time::Date;

/// Times `runs + 1` standard reports of `scope` (computed and written as JSON).
pub async fn time_report(
    services: &Services,
    scope: &ReportScope,
    period: (Date, Date),
    runs: usize,
) -> Result<Latency, CliError> {
    let caller = Caller::Cli("samverka bench".into());
    let mut times = Vec::new();
    for _ in 0..=runs {
        let t = Instant::now();
        let report = services
            .participant_report(&caller, scope, period, Audience::Provider)
            .await?;
        let json = report.json().to_string();
        std::hint::black_box(json);
        times.push(t.elapsed());
    }
    Ok(Latency::of(&times))
}

/// The standard report's core counts for the whole country grouped by association,
/// in one statement per table of figures: participants, started, exited and open
/// at the end by sex, and exits by reason.
pub fn direct_sql((from, to): (Date, Date)) -> [String; 2] {
    let counted = format!(
        "FROM participations p JOIN intervention_associations ia ON ia.intervention_id = p.intervention_id \
         WHERE p.start_on <= '{to}' AND (p.exit_on IS NULL OR p.exit_on >= '{from}') \
         AND (p.exit_reason IS NULL OR p.exit_reason <> 'felregistrering')"
    );
    [
        format!(
            "SELECT ia.association_id, p.sex, COUNT(*), \
             SUM(CASE WHEN p.start_on >= '{from}' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN p.exit_on <= '{to}' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN p.exit_on IS NULL OR p.exit_on > '{to}' THEN 1 ELSE 0 END) \
             {counted} GROUP BY ia.association_id, p.sex"
        ),
        format!(
            "SELECT ia.association_id, p.exit_reason, p.sex, COUNT(*) {counted} \
             AND p.exit_on <= '{to}' GROUP BY ia.association_id, p.exit_reason, p.sex"
        ),
    ]
}

/// Times `runs + 1` runs of the direct SQL.
pub async fn time_direct_sql(
    services: &Services,
    period: (Date, Date),
    runs: usize,
) -> Result<Latency, CliError> {
    let statements = direct_sql(period);
    let mut times = Vec::new();
    for _ in 0..=runs {
        let t = Instant::now();
        for sql in &statements {
            services.store.run_sql(sql).await?;
        }
        times.push(t.elapsed());
    }
    Ok(Latency::of(&times))
}
