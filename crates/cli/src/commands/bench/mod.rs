//! `samverka bench`: report latency, the caseload and participant pages under
//! load, import speed and the server's peak memory, measured on a generated
//! installation (`samverka gen`), printed and appended to BENCHMARKS.md.

mod import;
mod latency;
mod load;
mod machine;
mod reports;

use crate::config::DatabaseUrl;
use crate::errors::CliError;
use latency::Latency;
use load::{LoadResult, Server};
use samverka_service::Services;
use samverka_service::journey::report::ReportScope;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use time::{Date, Month};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchPlan {
    /// Report runs after the first.
    pub runs: usize,
    /// Seconds per load run.
    pub seconds: u64,
    /// Concurrent connections to try.
    pub connections: Vec<usize>,
    /// Rows in the import measurement.
    pub import_rows: usize,
    /// Skip the server under load.
    pub no_load: bool,
    /// The file the results are appended to (none: only printed).
    pub out: Option<PathBuf>,
}

/// Everything measured.
struct Results {
    participations: i64,
    period: (Date, Date),
    reports: Vec<(String, Latency)>,
    direct_sql: Latency,
    load: Vec<LoadResult>,
    report_page: Option<Latency>,
    import_rows_per_s: f64,
    peak_mb: Option<f64>,
}

/// Runs the benchmark against the installation at `url`.
pub async fn run(services: &Services, url: &DatabaseUrl, plan: &BenchPlan) -> Result<(), CliError> {
    let participations = services
        .store
        .count_sql("SELECT COUNT(*) FROM participations")
        .await?;
    let interventions = services.store.interventions().await?;
    let Some(first) = interventions.iter().find(|iv| iv.code == "I0000") else {
        return Err(CliError::msg(
            "Mätningen behöver en genererad installation. Kör först: samverka gen --participations 10000",
        ));
    };
    let association = first.associations.first().cloned().unwrap_or_default();
    let year = services.clock.today().year() - 1;
    let period = (
        Date::from_calendar_date(year, Month::January, 1).expect("a date"),
        Date::from_calendar_date(year, Month::December, 31).expect("a date"),
    );
    say(&format!(
        "{participations} deltaganden i {} insatser, {}; perioden {}–{}.",
        interventions.len(),
        services.store.backend_name(),
        period.0,
        period.1
    ));
    let mut reports = Vec::new();
    for (label, scope) in [
        (
            format!("one intervention ({})", first.code),
            ReportScope::Intervention(first.code.clone()),
        ),
        (
            format!("one association ({association})"),
            ReportScope::Association(association.clone()),
        ),
        ("whole country".to_string(), ReportScope::Installation),
    ] {
        let l = reports::time_report(services, &scope, period, plan.runs).await?;
        say(&format!(
            "Rapport, {label}: första {:.1} ms, p50 {:.1} ms, p95 {:.1} ms",
            l.first_ms, l.p50_ms, l.p95_ms
        ));
        reports.push((label, l));
    }
    let direct_sql = reports::time_direct_sql(services, period, plan.runs).await?;
    say(&format!(
        "Samma kärnsiffror för hela landet direkt i SQL: p50 {:.1} ms",
        direct_sql.p50_ms
    ));
    let import_rows_per_s = import::rows_per_second(services, url, plan.import_rows).await?;
    say(&format!("Import: {import_rows_per_s:.0} rader per sekund"));
    let (load, report_page, peak_mb) = if plan.no_load {
        (Vec::new(), None, None)
    } else {
        under_load(services, url, plan, (&first.code, &association), period).await?
    };
    let results = Results {
        participations,
        period,
        reports,
        direct_sql,
        load,
        report_page,
        import_rows_per_s,
        peak_mb,
    };
    let section = markdown(&results, services.store.backend_name(), plan);
    println!("\n{section}");
    if let Some(out) = &plan.out {
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(out)
            .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", out.display())))?;
        write!(file, "\n{section}")
            .map_err(|e| CliError::msg(format!("Kan inte skriva {}: {e}", out.display())))?;
        say(&format!("Resultatet är tillagt i {}.", out.display()));
    }
    Ok(())
}

/// The caseload and a participant's page at each concurrency, then the server's
/// peak memory.
async fn under_load(
    services: &Services,
    url: &DatabaseUrl,
    plan: &BenchPlan,
    (intervention, association): (&str, &str),
    period: (Date, Date),
) -> Result<(Vec<LoadResult>, Option<Latency>, Option<f64>), CliError> {
    let server = Server::start(url.expose())?;
    let (token, participation) = load::coach_session(
        services,
        &format!("coach-{}-1", intervention.to_lowercase()),
        intervention,
    )
    .await?;
    // Both logins before the load: another process's writes to SQLite can wait
    // long while the server writes without pause.
    let (admin, _) =
        load::login(services, &format!("forbund-{}", association.to_lowercase())).await?;
    let pages = ["/".to_string(), format!("/participations/{participation}")];
    for page in &pages {
        let status = load::get(&server.address, page, Some(&token)).map(|(s, _)| s);
        if status != Ok(200) {
            return Err(CliError::msg(format!(
                "{page} svarade {status:?}, inte 200."
            )));
        }
    }
    let mut out = Vec::new();
    for &c in &plan.connections {
        for page in &pages {
            let r = load::wrk(&server.address, page, &token, c, plan.seconds)?;
            say(&format!(
                "{} med {c} samtidiga: {:.0} svar/s, p50 {:.1} ms, p99 {:.1} ms, {} fel",
                r.page, r.throughput, r.p50_ms, r.p99_ms, r.errors
            ));
            out.push(r);
        }
    }
    let page = format!(
        "/reports?scope=association%3A{association}&from={}&to={}",
        period.0, period.1
    );
    let mut times = Vec::new();
    for _ in 0..=plan.runs.min(10) {
        let t = std::time::Instant::now();
        let status = load::get(&server.address, &page, Some(&admin)).map(|(s, _)| s);
        if status != Ok(200) {
            return Err(CliError::msg(format!(
                "{page} svarade {status:?}, inte 200."
            )));
        }
        times.push(t.elapsed());
    }
    let report_page = Latency::of(&times);
    say(&format!(
        "Förbundets rapportsida genom servern: p50 {:.1} ms, p95 {:.1} ms",
        report_page.p50_ms, report_page.p95_ms
    ));
    let peak = server.peak_mb();
    Ok((out, Some(report_page), peak))
}

fn say(text: &str) {
    eprintln!("{text}");
    let _ = std::io::stderr().flush();
}

fn markdown(r: &Results, backend: &str, plan: &BenchPlan) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### `samverka bench`: {backend}, {} participations\n\nDate {today}, commit {}, machine: {}. Report period {}–{}; {} runs after a first one. Load: wrk, 2 threads, {} s per run, one logged-in coach.\n",
        r.participations,
        machine::commit(),
        machine::machine(),
        r.period.0,
        r.period.1,
        plan.runs,
        plan.seconds
    );
    let _ = writeln!(s, "| what | first run | p50 | p95 |\n|---|---|---|---|");
    for (label, l) in &r.reports {
        let _ = writeln!(
            s,
            "| standard report, {label} | {:.1} ms | {:.1} ms | {:.1} ms |",
            l.first_ms, l.p50_ms, l.p95_ms
        );
    }
    let d = &r.direct_sql;
    let _ = writeln!(
        s,
        "| direct SQL, whole country's core counts by association | {:.1} ms | {:.1} ms | {:.1} ms |",
        d.first_ms, d.p50_ms, d.p95_ms
    );
    if let Some((_, country)) = r.reports.last() {
        let _ = writeln!(
            s,
            "\nWhole-country report p50 ÷ direct SQL p50: {:.2}.",
            country.p50_ms / d.p50_ms.max(0.001)
        );
    }
    let _ = writeln!(
        s,
        "\nImport: {:.0} rows per second ({} rows by alias, into a scratch database).",
        r.import_rows_per_s, plan.import_rows
    );
    if !r.load.is_empty() {
        let _ = writeln!(
            s,
            "\n| page | connections | requests/s | p50 | p99 | errors |\n|---|---|---|---|---|---|"
        );
        for l in &r.load {
            let page = if l.page == "/" {
                "caseload (`/`)"
            } else {
                "participant (`/participations/ID`)"
            };
            let _ = writeln!(
                s,
                "| {page} | {} | {:.0} | {:.1} ms | {:.1} ms | {} |",
                l.connections, l.throughput, l.p50_ms, l.p99_ms, l.errors
            );
        }
    }
    if let Some(l) = &r.report_page {
        let _ = writeln!(
            s,
            "\nThe association's report page through the server (`/reports`, HTML): first {:.1} ms, p50 {:.1} ms, p95 {:.1} ms.",
            l.first_ms, l.p50_ms, l.p95_ms
        );
    }
    if let Some(mb) = r.peak_mb {
        let _ = writeln!(s, "\nServer peak memory (VmHWM): {mb:.0} MB.");
    }
    s
}
