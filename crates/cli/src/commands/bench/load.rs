//! The web server under load: `samverka serve` started as a second process on
//! 127.0.0.1, a coach logged in, and `wrk` asking for the coach's caseload (their
//! start page) and a participant's page from many connections at once.

use crate::errors::CliError;
use samverka_domain::totp::TotpSecret;
use samverka_service::Services;
use samverka_service::generate::{PASSWORD, TOTP_SECRET};
use samverka_service::login::LoginRequest;
use samverka_service::sessions::SessionState;
use samverka_store::ParticipationFilter;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What `wrk` measured for one page at one concurrency.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadResult {
    /// The page, e.g. `/`.
    pub page: String,
    /// Open connections.
    pub connections: usize,
    /// Requests per second.
    pub throughput: f64,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: f64,
    /// Answers that were not 2xx or 3xx.
    pub errors: u64,
}

/// A running server that is stopped when dropped.
pub struct Server {
    child: Child,
    /// Its address, `127.0.0.1:PORT`.
    pub address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `samverka serve` on a free port against `database_url` and waits
    /// until it answers.
    pub fn start(database_url: &str) -> Result<Server, CliError> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| CliError::msg(format!("Ingen ledig port: {e}")))?
            .port();
        let address = format!("127.0.0.1:{port}");
        let exe = std::env::current_exe()
            .map_err(|e| CliError::msg(format!("Hittar inte programmet: {e}")))?;
        let child = Command::new(exe)
            .args([
                "--database-url",
                database_url,
                "serve",
                "--listen",
                &address,
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| CliError::msg(format!("Kan inte starta servern: {e}")))?;
        let server = Server { child, address };
        let deadline = Instant::now() + Duration::from_secs(60);
        while get(&server.address, "/healthz", None).map(|(s, _)| s) != Ok(200) {
            if Instant::now() > deadline {
                return Err(CliError::msg("Servern svarade inte inom 60 s."));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(server)
    }

    /// The server's peak resident memory so far, in MB (Linux).
    pub fn peak_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }
}

/// One GET with an optional session cookie: the status and the body.
pub fn get(address: &str, path: &str, token: Option<&str>) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let cookie = token.map_or(String::new(), |t| {
        format!("Cookie: samverka_session={t}\r\n")
    });
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n{cookie}Connection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, answer))
}

/// Logs a generated account in with its password (and TOTP when its role needs
/// it); returns the session token and the account id.
pub async fn login(services: &Services, username: &str) -> Result<(String, i64), CliError> {
    let login = services
        .login(LoginRequest {
            username: username.into(),
            password: PASSWORD.into(),
            address: "127.0.0.1".into(),
            client: "samverka bench".into(),
        })
        .await?;
    let SessionState::Active(auth) = services.resolve_session(&login.token).await? else {
        return Err(CliError::msg(
            "Sessionen försvann direkt efter inloggningen.",
        ));
    };
    if auth.user.totp_secret.is_some() {
        // A code is accepted once; a run right after another uses the next one.
        let secret = TotpSecret::from_base32(TOTP_SECRET).expect("a valid secret");
        let now = services.clock.now();
        if services
            .verify_second_factor(&auth, &secret.code_at(now), "127.0.0.1")
            .await
            .is_err()
        {
            let next = secret.code_at(now + time::Duration::seconds(30));
            services
                .verify_second_factor(&auth, &next, "127.0.0.1")
                .await?;
        }
    }
    Ok((login.token, auth.user.id.0))
}

/// Logs `coach` in with password and TOTP (as the generated accounts have) and
/// returns the session token and one of the coach's open participations.
pub async fn coach_session(
    services: &Services,
    coach: &str,
    intervention: &str,
) -> Result<(String, i64), CliError> {
    let (token, coach_id) = login(services, coach).await?;
    let open = services
        .store
        .participations(&ParticipationFilter {
            interventions: vec![intervention.into()],
            coach: Some(coach_id),
            open_only: true,
            ..ParticipationFilter::default()
        })
        .await?;
    let id = open
        .first()
        .map(|p| p.id)
        .ok_or_else(|| CliError::msg(format!("{coach} har inga pågående deltaganden.")))?;
    Ok((token, id))
}

/// Runs `wrk` against `path` for `seconds` with `connections` connections.
pub fn wrk(
    address: &str,
    path: &str,
    token: &str,
    connections: usize,
    seconds: u64,
) -> Result<LoadResult, CliError> {
    let out = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--latency",
            "--timeout",
            "10s",
            "-H",
            &format!("Cookie: samverka_session={token}"),
            &format!("http://{address}{path}"),
        ])
        .output()
        .map_err(|e| {
            CliError::msg(format!(
                "Kan inte köra wrk ({e}). Installera det: apt-get install wrk"
            ))
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    match parse_wrk(&text, path, connections) {
        Some(r) if r.throughput > 0.0 => Ok(r),
        Some(_) => Err(CliError::msg(format!(
            "Servern svarade inte alls på {path} under mätningen:\n{text}"
        ))),
        None => Err(CliError::msg(format!(
            "Förstår inte wrk:s utskrift:\n{text}"
        ))),
    }
}

/// Reads throughput, p50, p99 and errors from `wrk --latency`'s report.
pub fn parse_wrk(text: &str, path: &str, connections: usize) -> Option<LoadResult> {
    let field = |prefix: &str| -> Option<&str> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().last())
    };
    let ms = |v: &str| -> Option<f64> {
        let (number, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
        let n: f64 = number.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            "m" => n * 60_000.0,
            _ => return None,
        })
    };
    let errors = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("Non-2xx or 3xx responses:") || l.starts_with("Socket errors:"))
        .filter_map(|l| l.split_once(':'))
        .map(|(_, counts)| {
            counts
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u64>().ok())
                .sum::<u64>()
        })
        .sum();
    Some(LoadResult {
        page: path.to_string(),
        connections,
        throughput: field("Requests/sec:")?.parse().ok()?,
        p50_ms: ms(field("50%")?)?,
        p99_ms: ms(field("99%")?)?,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_report_is_read() {
        let text = "Running 10s test @ http://127.0.0.1:1/\n  2 threads and 50 connections\n  Latency Distribution\n     50%    2.31ms\n     75%    3.00ms\n     90%    4.10ms\n     99%  812.00us\n  1000 requests in 10.00s, 1.00MB read\n  Non-2xx or 3xx responses: 3\nRequests/sec:   4321.50\nTransfer/sec:      1.00MB\n";
        let r = parse_wrk(text, "/", 50).unwrap();
        assert_eq!(
            (r.throughput, r.p50_ms, r.p99_ms, r.errors),
            (4321.5, 2.31, 0.812, 3)
        );
        assert!(parse_wrk("nothing", "/", 50).is_none());
    }
}
