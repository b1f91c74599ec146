//! The command line, with help in Swedish.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Användning: {usage}

{all-args}{after-help}";

/// Samverka – uppföljning av samordnad arbetslivsinriktad rehabilitering.
#[derive(Debug, Parser)]
#[command(
    name = "samverka",
    version,
    override_usage = "samverka [FLAGGOR] <KOMMANDO>",
    subcommand_value_name = "KOMMANDO",
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Kommandon",
    next_help_heading = "Flaggor",
    after_help = "Skriv 'samverka KOMMANDO --help' för hjälp om ett kommando."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Databasens adress: sqlite://fil.db (standard: sqlite://samverka.db) eller postgres://…
    #[arg(long, global = true, env = "SAMVERKA_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Visa hjälp
    #[arg(short = 'h', long, global = true, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Visa version
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Starta webbservern
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Serve(ListenArgs),
    /// Starta med en demoinstallation och skriv ut adressen och demoinloggningarna
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Demo(ListenArgs),
    /// Skapa eller uppdatera databasens tabeller
    #[command(help_template = HELP_TEMPLATE)]
    Migrate,
    /// Hantera personalkonton
    #[command(subcommand, help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", override_usage = "samverka user <KOMMANDO> [ARGUMENT]", subcommand_value_name = "KOMMANDO")]
    User(UserCommand),
    /// Gör en konsistent säkerhetskopia medan tjänsten är igång
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Backup {
        /// Filen som kopian skrivs till (får inte finnas)
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
    },
    /// Flytta en hel installation mellan SQLite och PostgreSQL och kontrollera kopian
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Transfer {
        /// Databasen som data kopieras från
        #[arg(long, value_name = "URL")]
        from: String,
        /// Databasen som data kopieras till (ska vara tom)
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Läs in en organisationsfil (.toml), en deltagarfil eller en budgetfil (.csv eller .xlsx)
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        /// Filen att läsa in, t.ex. setup.toml, deltagare.csv eller budget.xlsx
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// Skriv ut data i samma format som import läser
    #[command(subcommand, help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", override_usage = "samverka export <KOMMANDO>", subcommand_value_name = "KOMMANDO")]
    Export(ExportCommand),
    /// Rapporter: deltagarrapporten, Uppföljning Finsam och budgetrapporten, som html, json, csv, xlsx eller pdf
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Report(ReportArgs),
    /// Skapa syntetiska data, t.ex. en stor deltagarfil för mätningar
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", override_usage = "samverka gen [--participations ANTAL] [--seed TAL]\n       samverka gen participations --out FIL", subcommand_value_name = "KOMMANDO", next_help_heading = "Flaggor")]
    Gen(GenArgs),
    /// Mät rapporter, sidor under last, import och minne på en genererad installation
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Bench(BenchArgs),
    /// Åtkomstloggen
    #[command(subcommand, help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", override_usage = "samverka audit <KOMMANDO>", subcommand_value_name = "KOMMANDO")]
    Audit(AuditCommand),
    /// Gallring: ta bort personuppgifter när lagringstiden efter avslut har gått ut
    #[command(subcommand, help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", override_usage = "samverka retention <KOMMANDO>", subcommand_value_name = "KOMMANDO")]
    Retention(RetentionCommand),
}

/// What `samverka report` reports on, for whom and in which format.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// En insats kod
    #[arg(long, value_name = "KOD", group = "scope")]
    pub intervention: Option<String>,
    /// En anordnares kod
    #[arg(long, value_name = "KOD", group = "scope")]
    pub provider: Option<String>,
    /// Ett förbunds kod
    #[arg(long, value_name = "KOD", group = "scope")]
    pub association: Option<String>,
    /// Hela installationen (alla förbund)
    #[arg(long, group = "scope")]
    pub installation: bool,
    /// Periodens första dag (ÅÅÅÅ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub from: Option<String>,
    /// Periodens sista dag, läget den dagen (ÅÅÅÅ-MM-DD)
    #[arg(long, value_name = "DATUM")]
    pub to: Option<String>,
    /// En färdig period i stället för --from/--to: tertial 2026-T1, halvår 2026-H1, år 2026 eller
    /// hela år i följd 2006-2013 (utan --exact gäller förbundets rutnät av avslutade perioder)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Rapportens slag: participants (deltagarrapporten), finsam (Uppföljning Finsam), budget (budget, utfall och kostnad per resultat) eller costs (förbundets kostnadsrapport); budget och costs gäller hela kalenderår
    #[arg(long, value_name = "SLAG", default_value = "participants")]
    pub kind: String,
    /// Format: html, json, csv, xlsx eller pdf
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: String,
    /// Skriv till en fil i stället för till standard ut (krävs för xlsx och pdf)
    #[arg(long, value_name = "FIL")]
    pub out: Option<PathBuf>,
    /// Exakta tal utan röjandeskydd, bara för bruk inom utföraren
    #[arg(long)]
    pub exact: bool,
    /// Språk för html, csv, xlsx och pdf: sv eller en
    #[arg(long, value_name = "SPRÅK", default_value = "sv")]
    pub lang: String,
}

/// Where to listen.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Adress och port att lyssna på
    #[arg(
        long,
        env = "SAMVERKA_LISTEN",
        default_value = "127.0.0.1:8080",
        value_name = "ADRESS:PORT"
    )]
    pub listen: String,
}

/// `samverka user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Skapa ett konto
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Add {
        /// Användarnamn (a–z, 0–9, . - _)
        username: String,
        /// Namnet som visas för kollegor
        #[arg(long = "name", value_name = "NAMN")]
        display_name: String,
        /// Roll, med uppdrag efter @: t.ex. system_admin, coach@intervention:NK, association_admin@association:SFU (kan upprepas)
        #[arg(long = "role", value_name = "ROLL[@UPPDRAG]")]
        roles: Vec<String>,
        /// Läs lösenordet från standard in i stället för att skapa ett slumpat
        #[arg(long)]
        password_stdin: bool,
    },
    /// Lista alla konton
    #[command(help_template = HELP_TEMPLATE)]
    List,
    /// Stäng av ett konto (avslutar dess sessioner)
    #[command(help_template = HELP_TEMPLATE)]
    Disable {
        /// Användarnamn
        username: String,
    },
    /// Aktivera ett avstängt konto
    #[command(help_template = HELP_TEMPLATE)]
    Enable {
        /// Användarnamn
        username: String,
    },
    /// Sätt ett nytt lösenord (avslutar kontots sessioner)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    ResetPassword {
        /// Användarnamn
        username: String,
        /// Läs lösenordet från standard in i stället för att skapa ett slumpat
        #[arg(long)]
        password_stdin: bool,
    },
    /// Ge ett konto en roll med uppdrag
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Grant {
        /// Användarnamn
        username: String,
        /// Roll med uppdrag, t.ex. coach@intervention:NK
        #[arg(long = "role", value_name = "ROLL[@UPPDRAG]")]
        role: String,
    },
    /// Ta bort en roll från ett konto
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Revoke {
        /// Användarnamn
        username: String,
        /// Roll med uppdrag, t.ex. coach@intervention:NK
        #[arg(long = "role", value_name = "ROLL[@UPPDRAG]")]
        role: String,
    },
    /// Ta bort kontots tvåstegsverifiering, så att det får registrera en ny app
    #[command(help_template = HELP_TEMPLATE)]
    RemoveTotp {
        /// Användarnamn
        username: String,
    },
}

/// `samverka export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Hela organisationen som en organisationsfil (TOML)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Setup {
        /// Skriv till en fil i stället för till standard ut
        #[arg(long, value_name = "FIL")]
        out: Option<PathBuf>,
    },
    /// En insats deltaganden i importformatet (CSV)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Participations {
        /// Insatsens kod, t.ex. NK
        #[arg(long, value_name = "KOD")]
        intervention: String,
        /// Varför personuppgifterna tas ut (10–500 tecken; sparas i åtkomstloggen)
        #[arg(long, value_name = "SKÄL")]
        skal: String,
        /// Skriv till en fil i stället för till standard ut
        #[arg(long, value_name = "FIL")]
        out: Option<PathBuf>,
    },
}

/// `samverka gen`: a whole synthetic installation, or a participation file.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct GenArgs {
    #[command(subcommand)]
    pub command: Option<GenCommand>,
    /// Antal deltaganden i den påhittade installationen (en person per deltagande)
    #[arg(long, value_name = "ANTAL", default_value_t = 10_000)]
    pub participations: usize,
    /// Slumpfrö: samma frö och antal ger samma data
    #[arg(long, value_name = "TAL", default_value_t = 1)]
    pub seed: u64,
}

/// `samverka gen …`
#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// En deltagarfil i importformatet (CSV) med påhittade deltagare
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Participations {
        /// Antal rader
        #[arg(long, value_name = "ANTAL", default_value_t = 100_000)]
        rows: usize,
        /// Insatsens kod
        #[arg(long, value_name = "KOD", default_value = "NK")]
        intervention: String,
        /// Filen att skriva
        #[arg(long, value_name = "FIL")]
        out: std::path::PathBuf,
    },
}

/// `samverka retention …`
#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Gör deltaganden anonyma vars lagringstid har gått ut; statistiken finns kvar
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Run {
        /// Visa bara vad som skulle gallras, utan att ändra något
        #[arg(long)]
        dry_run: bool,
        /// Månader efter avslut som personuppgifter sparas (annars inställningen, 36 om inget är satt)
        #[arg(long, value_name = "MÅNADER")]
        months: Option<u32>,
    },
}

/// `samverka audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Kontrollera att åtkomstloggens hashkedja är obruten och stämmer med de signerade kontrollpunkterna
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Flaggor")]
    Verify {
        /// Kontrollpunktsfilen att jämföra med (annars inställningen, annars databasens tabell)
        #[arg(long, value_name = "FIL")]
        checkpoint_file: Option<PathBuf>,
    },
    /// Skriv en signerad kontrollpunkt nu (serve gör det var femte minut och när den stängs)
    #[command(help_template = HELP_TEMPLATE)]
    Checkpoint,
    /// Skapa en ny installationsnyckel i en fil som bara ägaren kan läsa
    #[command(help_template = HELP_TEMPLATE)]
    NewKey {
        /// Filen att skapa (skrivs aldrig över)
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
}

/// `samverka bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Körningar av varje rapport efter den första
    #[arg(long, value_name = "ANTAL", default_value_t = 20)]
    pub runs: usize,
    /// Sekunder per lastmätning
    #[arg(long, value_name = "SEKUNDER", default_value_t = 10)]
    pub seconds: u64,
    /// Samtidiga anslutningar, kommaseparerade
    #[arg(
        long,
        value_name = "ANTAL",
        value_delimiter = ',',
        default_value = "50,200"
    )]
    pub connections: Vec<usize>,
    /// Rader i importmätningen
    #[arg(long, value_name = "ANTAL", default_value_t = 20_000)]
    pub import_rows: usize,
    /// Hoppa över servern under last
    #[arg(long)]
    pub no_load: bool,
    /// Filen som resultatet läggs till i
    #[arg(long, value_name = "FIL", default_value = "BENCHMARKS.md")]
    pub out: std::path::PathBuf,
    /// Skriv bara ut resultatet, lägg inte till det i filen
    #[arg(long)]
    pub no_write: bool,
}
