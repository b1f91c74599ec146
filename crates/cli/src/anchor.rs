//! The installation key and the access log's checkpoints as the command line runs
//! them: the key read from a file or the environment, the checkpoint file, the
//! schedule while `serve` runs, and the demo's own key file beside its database.

use crate::config::{AuditKeySource, Config};
use crate::errors::CliError;
use rand::RngCore;
use samverka_domain::audit_checkpoint::Checkpoint;
use samverka_domain::installation_key::InstallationKey;
use samverka_service::Services;
use samverka_service::audit_anchor::Anchoring;
use samverka_service::checkpoint_file::CheckpointFile;
use secrecy::ExposeSecret;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The key, where checkpoints are appended, and how often.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// The installation key, when configured.
    pub key: Option<Arc<InstallationKey>>,
    /// The file the key was read from, when it came from a file.
    pub key_file: Option<PathBuf>,
    /// The checkpoint file, when configured.
    pub file: Option<CheckpointFile>,
    /// Time between two checkpoints while serving.
    pub every: Duration,
}

impl Anchor {
    /// The key and file the settings name.
    pub fn from_config(config: &Config) -> Result<Self, CliError> {
        let key_file = match &config.audit_key {
            AuditKeySource::File(path) => Some(path.clone()),
            _ => None,
        };
        Ok(Self {
            key: load_key(&config.audit_key)?,
            key_file,
            file: config
                .audit_checkpoint_file
                .clone()
                .map(CheckpointFile::new),
            every: Duration::from_secs(config.audit_checkpoint_seconds),
        })
    }

    /// The demo's anchor: the configured key, or else a key file beside the demo
    /// database (made at the first start, readable by its owner only); checkpoints
    /// always go to a fresh file beside the database, since the demo's log is new.
    pub fn for_demo(config: &Config, database: &str) -> Result<Self, CliError> {
        let base = demo_base(database);
        let configured = Self::from_config(config)?;
        let (key, key_file) = match configured.key {
            Some(key) => (key, configured.key_file),
            None => {
                let path = PathBuf::from(format!("{base}.audit-key"));
                if !path.exists() {
                    write_new_key(&path)?;
                }
                (read_key_file(&path)?, Some(path))
            }
        };
        let file = PathBuf::from(format!("{base}.checkpoints"));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(CliError::msg(format!(
                    "Kan inte ta bort demons gamla kontrollpunktsfil {}: {e}",
                    file.display()
                )));
            }
        }
        Ok(Self {
            key: Some(key),
            key_file,
            file: Some(CheckpointFile::new(file)),
            every: Duration::from_secs(config.audit_checkpoint_seconds),
        })
    }
}

/// Where the demo keeps its key and checkpoint files: beside a SQLite file, or in
/// the working directory for PostgreSQL.
fn demo_base(database: &str) -> String {
    match database
        .strip_prefix("sqlite://")
        .or(database.strip_prefix("sqlite:"))
    {
        Some(path) => path.split('?').next().unwrap_or(path).to_string(),
        None => "samverka-demo".to_string(),
    }
}

/// Reads the key the settings name, or `None` when none is configured.
pub fn load_key(source: &AuditKeySource) -> Result<Option<Arc<InstallationKey>>, CliError> {
    match source {
        AuditKeySource::None => Ok(None),
        AuditKeySource::Text(text) => InstallationKey::from_text(text.expose_secret())
            .map(|k| Some(Arc::new(k)))
            .map_err(|e| CliError::msg(format!("SAMVERKA_AUDIT_KEY duger inte: {e}."))),
        AuditKeySource::File(path) => read_key_file(path).map(Some),
    }
}

/// Reads a key file; warns when others than its owner may read it.
fn read_key_file(path: &Path) -> Result<Arc<InstallationKey>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::msg(format!(
            "Nyckelfilen {} kan inte läsas: {e}",
            path.display()
        ))
    })?;
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "Varning: nyckelfilen {} kan läsas av fler än ägaren. Gör: chmod 600 {}",
                path.display(),
                path.display()
            );
        }
    }
    InstallationKey::from_text(&text)
        .map(Arc::new)
        .map_err(|e| CliError::msg(format!("Nyckelfilen {} duger inte: {e}.", path.display())))
}

/// Writes 32 random bytes as hex to a new file readable by its owner only; an
/// existing file is never overwritten.
pub fn write_new_key(path: &Path) -> Result<(), CliError> {
    use std::io::Write;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::msg(format!(
                "{} finns redan och skrivs inte över.",
                path.display()
            ))
        } else {
            CliError::msg(format!(
                "Nyckelfilen {} kan inte skapas: {e}",
                path.display()
            ))
        }
    })?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            CliError::msg(format!(
                "Nyckelfilen {} kan inte skrivas: {e}",
                path.display()
            ))
        })
}

/// Before serving: seals TOTP secrets still stored in plain text when a key is
/// configured; without a key, says loudly what is not protected, and refuses to
/// start if secrets were sealed with a key that is now missing.
pub async fn prepare(services: &Services, anchor: &Anchor) -> Result<(), CliError> {
    let sealing = services.seal_stored_totp_secrets().await?;
    if anchor.key.is_some() {
        if sealing.sealed_now > 0 {
            tracing::info!(
                count = sealing.sealed_now,
                "TOTP secrets sealed with the installation key"
            );
        }
        return Ok(());
    }
    if sealing.already_sealed > 0 {
        return Err(CliError::msg(format!(
            "{} konton har sin engångskodsnyckel krypterad med installationsnyckeln, men ingen nyckel är inställd. Ange SAMVERKA_AUDIT_KEY_FILE (eller SAMVERKA_AUDIT_KEY) med samma nyckel som förut.",
            sealing.already_sealed
        )));
    }
    eprintln!("{}", no_key_warning());
    tracing::warn!(
        "no installation key: the access log is not anchored and TOTP secrets are stored unencrypted"
    );
    Ok(())
}

/// The warning printed when `serve` starts without a key.
fn no_key_warning() -> String {
    [
        "VARNING: ingen installationsnyckel är inställd (SAMVERKA_AUDIT_KEY_FILE eller SAMVERKA_AUDIT_KEY).",
        "  - Åtkomstloggen förankras inte: en tömd, kapad eller ombyggd logg kan inte upptäckas.",
        "  - Engångskodernas nycklar sparas okrypterade i databasen.",
        "  Skapa en nyckel med 'samverka audit new-key /etc/samverka/audit.key' och ange filen.",
    ]
    .join("\n")
}

/// Writes a checkpoint and logs what happened; the checkpoint line itself goes to
/// the log too, so syslog keeps a copy. Returns the checkpoint the log now extends.
pub async fn checkpoint_now(
    services: &Services,
    anchor: &Anchor,
    remembered: Option<&Checkpoint>,
) -> Option<Checkpoint> {
    match services
        .write_checkpoint(anchor.file.as_ref(), remembered)
        .await
    {
        Ok(Anchoring::Written(c)) => {
            tracing::info!("{}", c.to_line());
            Some(c)
        }
        Ok(Anchoring::Unchanged(c)) => Some(c),
        Ok(Anchoring::NoKey) => None,
        Ok(Anchoring::Refused(why)) => {
            tracing::error!(
                "the access log no longer extends its latest checkpoint; no checkpoint is signed: {}",
                crate::commands::audit::anchor_break_text(&why)
            );
            remembered.cloned()
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not write an access-log checkpoint; tried again later");
            remembered.cloned()
        }
    }
}

/// While serving: a checkpoint at once and then every `anchor.every`. The last one
/// written is kept in `last`, so a log cut while the server runs is never signed.
pub fn spawn_checkpoints(
    services: Services,
    anchor: Anchor,
    last: Arc<Mutex<Option<Checkpoint>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if anchor.key.is_none() {
            return;
        }
        let mut tick = tokio::time::interval(anchor.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let before = last.lock().map(|l| l.clone()).unwrap_or(None);
            let now = checkpoint_now(&services, &anchor, before.as_ref()).await;
            if let Ok(mut l) = last.lock() {
                *l = now;
            }
        }
    })
}

/// Tells the demo's user where the key and checkpoints are and how to verify.
pub fn print_demo(anchor: &Anchor, database: &str) {
    let Some(file) = &anchor.file else { return };
    let key = match &anchor.key_file {
        Some(path) => format!("SAMVERKA_AUDIT_KEY_FILE={} ", path.display()),
        None => String::new(),
    };
    println!(
        "Åtkomstloggen förankras med signerade kontrollpunkter i {}.",
        file.path().display()
    );
    println!(
        "Kontrollera loggen med: {key}samverka --database-url {database} audit verify --checkpoint-file {}",
        file.path().display()
    );
    println!();
}
