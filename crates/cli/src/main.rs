//! The `samverka` command.

mod anchor;
mod args;
mod commands;
mod config;
mod database;
mod errors;

use args::{AuditCommand, Cli, Command, ExportCommand, GenArgs, GenCommand, RetentionCommand};
use clap::Parser;
use clap::error::{ContextKind, ErrorKind};
use config::Config;
use errors::CliError;
use samverka_domain::SystemClock;
use samverka_service::Services;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    // Every file Samverka writes (the SQLite database and its journal, backups,
    // exports, the installation key, checkpoints) is for its owner alone (issue 20, I2).
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "fel: ett internt fel inträffade{place}. Inget har sparats halvvägs; rapportera gärna felet."
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fel: kan inte starta: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError(message)) => {
            eprintln!("fel: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints clap's help as is, and its errors in Swedish.
fn usage_error(e: clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return ExitCode::from(2);
    }
    let context = |k| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando '{}'",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "okänd flagga eller okänt argument '{}'",
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "det saknas ett obligatoriskt argument: {}",
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingSubcommand => "ett kommando saknas".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!(
                "ogiltigt värde '{}' för {}",
                context(ContextKind::InvalidValue),
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::TooManyValues => {
            format!("för många värden för {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => format!(
            "{} kan inte kombineras med de andra flaggorna",
            context(ContextKind::InvalidArg)
        ),
        _ => "kommandot kunde inte tolkas".to_string(),
    };
    eprintln!("fel: {message}\nSkriv 'samverka --help' för hjälp.");
    ExitCode::from(2)
}

/// Logs go to standard error; they carry ids and paths, never names or personnummer.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SAMVERKA_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("warn,samverka=info,samverka_web=info")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let config = Config::load(cli.global.database_url.clone())
        .map_err(|e| CliError::msg(format!("Inställningarna kunde inte läsas: {e}")))?;
    let clock = Arc::new(SystemClock);
    match cli.command {
        Command::Serve(listen) => {
            let oidc = commands::serve::oidc_client(&config)?;
            let public_url = commands::serve::public_url(&config)?;
            let listener = commands::serve::bind(&listen.listen).await?;
            let anchor = anchor::Anchor::from_config(&config)?;
            let store = database::open(&config.database_url).await?;
            println!("Samverka körs på {}", commands::serve::address(&listener));
            println!("Databas: {}", config.database_url);
            commands::serve::print_oidc(&config);
            commands::serve::run(listener, store, &config, oidc, public_url, anchor).await
        }
        Command::Demo(listen) => {
            let oidc = commands::serve::oidc_client(&config)?;
            let public_url = commands::serve::public_url(&config)?;
            let (url, rebuild) = commands::demo::database_url(cli.global.database_url);
            let listener = commands::serve::bind(&listen.listen).await?;
            if rebuild {
                commands::demo::remove_default_demo_file()?;
            }
            let anchor = anchor::Anchor::for_demo(&config, &url)?;
            let url = config::DatabaseUrl::new(url);
            let store = database::open(&url).await?;
            let services = Services::new(store.clone(), clock).with_audit_key(anchor.key.clone());
            commands::demo::build(store.clone(), &services).await?;
            commands::demo::print_welcome(
                &commands::serve::address(&listener),
                &url.to_string(),
                rebuild,
                &config,
            );
            anchor::print_demo(&anchor, &url.to_string());
            commands::serve::run(listener, store, &config, oidc, public_url, anchor).await
        }
        Command::Migrate => {
            database::open(&config.database_url).await?;
            println!("Databasen {} har alla migreringar.", config.database_url);
            Ok(())
        }
        Command::User(command) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::user::run(&services, command).await
        }
        Command::Backup { out } => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::backup::run(&services, &out).await
        }
        Command::Import { file } => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::import::run(&services, &file).await
        }
        Command::Export(ExportCommand::Participations {
            intervention,
            skal,
            out,
        }) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::import::export(&services, &intervention, &skal, out.as_deref()).await
        }
        Command::Export(ExportCommand::Setup { out }) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::setup::export(&services, out.as_deref()).await
        }
        Command::Report(args) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::report::run(&services, &args).await
        }
        Command::Gen(GenArgs {
            command:
                Some(GenCommand::Participations {
                    rows,
                    intervention,
                    out,
                }),
            ..
        }) => commands::generate::participations(rows, &intervention, &out),
        Command::Bench(a) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            let plan = commands::bench::BenchPlan {
                runs: a.runs,
                seconds: a.seconds,
                connections: a.connections,
                import_rows: a.import_rows,
                no_load: a.no_load,
                out: (!a.no_write).then_some(a.out),
            };
            commands::bench::run(&services, &config.database_url, &plan).await
        }
        Command::Gen(GenArgs {
            command: None,
            participations,
            seed,
        }) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            commands::generate::installation(&services, participations, seed).await
        }
        Command::Transfer { from, to } => commands::transfer::run(&from, &to, &*clock).await,
        Command::Retention(RetentionCommand::Run { dry_run, months }) => {
            let services = Services::new(database::open(&config.database_url).await?, clock);
            let months = months.unwrap_or(config.retention_months);
            commands::retention::run(&services, months, dry_run).await
        }
        Command::Audit(AuditCommand::Verify { checkpoint_file }) => {
            let anchor = anchor::Anchor::from_config(&config)?;
            let services = Services::new(database::open(&config.database_url).await?, clock)
                .with_audit_key(anchor.key.clone());
            let file = checkpoint_file
                .map(samverka_service::checkpoint_file::CheckpointFile::new)
                .or(anchor.file);
            commands::audit::verify(&services, file.as_ref()).await
        }
        Command::Audit(AuditCommand::Checkpoint) => {
            let anchor = anchor::Anchor::from_config(&config)?;
            let services = Services::new(database::open(&config.database_url).await?, clock)
                .with_audit_key(anchor.key.clone());
            commands::audit::checkpoint(&services, &anchor).await
        }
        Command::Audit(AuditCommand::NewKey { file }) => commands::audit::new_key(&file),
    }
}
