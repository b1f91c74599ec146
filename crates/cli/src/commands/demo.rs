//! `samverka demo`: a fresh installation with demo accounts, served at once.

use crate::config::{Config, DEFAULT_DATABASE_URL};
use crate::errors::CliError;
use samverka_domain::{Role, RoleAssignment, Scope};
use samverka_i18n::{Lang, text};
use samverka_service::Services;
use samverka_service::accounts::{Caller, NewAccount};
use samverka_store::Store;
use std::sync::Arc;

/// The demo database when none is named.
pub const DEMO_DATABASE_URL: &str = "sqlite://samverka-demo.db";

/// A demo login: role, user name, password (printed at start).
pub struct DemoLogin {
    /// The role.
    pub role: Role,
    /// The scope.
    pub scope: Scope,
    /// User name.
    pub username: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Password.
    pub password: &'static str,
    /// The TOTP secret (base32) for roles that need a second factor.
    pub totp: Option<&'static str>,
}

/// The demo accounts. Those whose role needs a second factor (the system
/// administrator, the auditor and the roles that see personal data) have a fixed
/// TOTP secret, printed at start, to add to an authenticator app (or
/// `oathtool --totp -b SECRET`).
pub fn logins() -> Vec<DemoLogin> {
    let login = |role, scope, username, name, password, totp| DemoLogin {
        role,
        scope,
        username,
        name,
        password,
        totp,
    };
    let iv = |c: &str| Scope::Intervention(c.into());
    vec![
        DemoLogin {
            role: Role::SystemAdmin,
            scope: Scope::Installation,
            username: "admin",
            name: "Sara Systemförvaltare",
            password: "samverka-demo-admin",
            totp: Some("ONQW25TFOJVWCLLBMRWWS3RNORXXI4BB"),
        },
        DemoLogin {
            role: Role::AssociationAdmin,
            scope: Scope::Association("SFU".into()),
            username: "forbund",
            name: "Karin Förbundschef",
            password: "samverka-demo-forbund",
            totp: None,
        },
        DemoLogin {
            role: Role::AssociationAdmin,
            scope: Scope::Association("HSF".into()),
            username: "hoglandet",
            name: "Lars Förbundschef",
            password: "samverka-demo-hoglandet",
            totp: None,
        },
        login(
            Role::Coach,
            iv("NK"),
            "johanna",
            "Johanna Lindqvist",
            "samverka-demo-coach",
            Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        ),
        login(
            Role::InterventionLead,
            iv("NK"),
            "per",
            "Per Nilsson",
            "samverka-demo-lead",
            Some("KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"),
        ),
        login(
            Role::Coach,
            iv("GT"),
            "amir",
            "Amir Haddad",
            "samverka-demo-coach",
            Some("MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK"),
        ),
        login(
            Role::Coach,
            iv("SV"),
            "lena",
            "Lena Strand",
            "samverka-demo-coach",
            Some("NBSWY3DPO5XXE3DENBSWY3DPO5XXE3DE"),
        ),
        login(
            Role::Coach,
            iv("JSA"),
            "maria",
            "Maria Ek",
            "samverka-demo-coach",
            Some("ONSWG4TFOQYTEMZUONSWG4TFOQYTEMZU"),
        ),
        login(
            Role::PartnerOfficer,
            Scope::Association("SFU".into()),
            "eva",
            "Eva Handläggare",
            "samverka-demo-partner",
            Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
        ),
        login(
            Role::PreparatoryGroup,
            Scope::Association("SFU".into()),
            "beredning",
            "Lars Beredningsgrupp",
            "samverka-demo-beredning",
            None,
        ),
        login(
            Role::Auditor,
            Scope::Installation,
            "ingrid",
            "Ingrid Granskare",
            "samverka-demo-auditor",
            Some("IRXWCZDJORXXEZLSIRXWCZDJORXXEZLS"),
        ),
    ]
}

/// Picks the demo database: the default demo file is rebuilt at every start;
/// a named database must be empty, so no real data is ever touched.
pub fn database_url(given: Option<String>) -> (String, bool) {
    match given {
        Some(url) if url != DEFAULT_DATABASE_URL => (url, false),
        _ => (DEMO_DATABASE_URL.to_string(), true),
    }
}

/// Deletes the default demo file and its journal files.
pub fn remove_default_demo_file() -> Result<(), CliError> {
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("samverka-demo.db{suffix}");
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(CliError::msg(format!(
                    "Kan inte ta bort den gamla demofilen {path}: {e}"
                )));
            }
        }
    }
    Ok(())
}

/// The demo organisation: two associations and the four seed interventions.
pub const DEMO_SETUP: &str = include_str!("../../../../demo/setup.toml");

/// Fills an empty installation with the demo organisation and accounts.
pub async fn build(store: Arc<dyn Store>, services: &Services) -> Result<(), CliError> {
    if !store.is_empty().await? {
        return Err(CliError::msg(
            "Databasen innehåller redan data. Demon byggs bara i en tom databas; ange en ny fil med --database-url.",
        ));
    }
    let caller = Caller::Cli("demo".into());
    services
        .import_setup(&caller, "demo/setup.toml", DEMO_SETUP)
        .await
        .map_err(|e| match e {
            samverka_service::setup_import::ImportError::File(problems) => CliError::msg(
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            samverka_service::setup_import::ImportError::Service(e) => e.into(),
        })?;
    let mut ids = std::collections::HashMap::new();
    for login in logins() {
        let role = RoleAssignment::new(login.role, login.scope)?;
        let user_roles = vec![role.clone()];
        let user = services
            .add_user(
                &caller,
                NewAccount {
                    username: login.username.into(),
                    display_name: login.name.into(),
                    password: login.password.into(),
                    roles: vec![role],
                },
            )
            .await?;
        if let Some(secret) = login.totp {
            services
                .enrol_totp_for_demo(&caller, user.id, secret)
                .await?;
        }
        ids.insert(
            login.username,
            Caller::User {
                id: user.id.0,
                username: login.username.into(),
                roles: user_roles,
            },
        );
    }
    let caller = |name: &str| ids[name].clone();
    let officer = match &ids["eva"] {
        Caller::User { id, .. } => *id,
        Caller::Cli(_) => 0,
    };
    let staff = super::demo_journey::DemoStaff {
        nk_coach: caller("johanna"),
        gt_coach: caller("amir"),
        sv_coach: caller("lena"),
        jsa_coach: caller("maria"),
        officer,
    };
    services
        .add_supplementary_question(
            &caller("forbund"),
            "SFU",
            &samverka_service::supplementary::QuestionForm {
                text: super::demo_questionnaires::SFU_QUESTION.into(),
                kind: "yes_no".into(),
                valid_from: Some(time::macros::date!(2020 - 01 - 01)),
                position: Some(1),
                ..Default::default()
            },
        )
        .await?;
    super::demo_journey::build(services, &staff, services.clock.today()).await?;
    demo_payments(services, &caller("forbund"), &caller("per")).await?;
    let cli = Caller::Cli("demo".into());
    import_file(services, &cli, "demo/historik.csv", DEMO_HISTORY).await?;
    import_file(services, &cli, "demo/budget.csv", DEMO_BUDGET).await?;
    import_file(services, &cli, "demo/forbund.csv", DEMO_ASSOCIATION_ECONOMY).await?;
    services
        .save_estimate_parameters(
            &cli,
            "SFU",
            (
                "230 000",
                "1",
                "Försörjningsstöd eller aktivitetsersättning under ett år, vård- och myndighetskontakter, och utebliven skatt på en lön. Förbundets eget överslag.",
            ),
        )
        .await?;
    Ok(())
}

/// Nätkraft's half-yearly payments: released, certified and waiting, and planned.
async fn demo_payments(
    services: &Services,
    forbund: &Caller,
    lead: &Caller,
) -> Result<(), CliError> {
    let certificate =
        "Medlen har använts enligt ansökan: två SE-handledare på heltid och handledning.";
    for (year, half, steps) in [(2025, 1, 3), (2025, 2, 3), (2026, 1, 2), (2026, 2, 1)] {
        let amount = if year == 2025 { "597 000" } else { "613 900" };
        let p = services
            .plan_payment(
                forbund,
                "NK",
                (&year.to_string(), &half.to_string(), amount),
            )
            .await?;
        if steps >= 2 {
            services
                .certify_payment(lead, "NK", p.id, certificate)
                .await?;
        }
        if steps >= 3 {
            services.release_payment(forbund, "NK", p.id).await?;
        }
    }
    Ok(())
}

/// The seed interventions' budgets (demo/budget.csv): their totals are the published ones.
pub const DEMO_BUDGET: &str = include_str!("../../../../demo/budget.csv");

/// The seed interventions' earlier participants, as a förbund kept them in a
/// spreadsheet (written by `demo/history.py`; Nätkraft's matches its published result).
pub const DEMO_HISTORY: &str = include_str!("../../../../demo/historik.csv");

/// The associations' own economy: funds, equity and administrative costs.
pub const DEMO_ASSOCIATION_ECONOMY: &str = include_str!("../../../../demo/forbund.csv");

async fn import_file(
    services: &Services,
    caller: &Caller,
    name: &str,
    text: &str,
) -> Result<(), CliError> {
    let table = samverka_service::import::table::read_csv(text.as_bytes())
        .map_err(|e| CliError::msg(format!("{name}: {}", e.message_key)))?;
    match services.import_table(caller, &table, &|_| {}).await.1 {
        Ok(_) => Ok(()),
        Err(samverka_service::import::ImportError::Service(e)) => Err(e.into()),
        Err(samverka_service::import::ImportError::Problems(p)) => {
            Err(CliError::msg(format!("{name}: {} fel", p.len())))
        }
    }
}

/// Prints where to log in and with which accounts.
pub fn print_welcome(address: &str, database: &str, rebuilt: bool, config: &Config) {
    println!("Samverka körs på {address}");
    println!("Logga in på {address}login");
    super::serve::print_oidc(config);
    if rebuilt {
        println!("Demodata: {database} (byggs om vid varje start)");
    } else {
        println!("Demodata: {database}");
    }
    println!();
    println!("Demoinloggningar:");
    println!(
        "  {:<38} {:<14} {:<24} Engångskod (TOTP-nyckel)",
        "Roll", "Användarnamn", "Lösenord"
    );
    for login in logins() {
        let role = match login.scope.code() {
            "" => text(Lang::Sv, login.role.label_key()).to_string(),
            code => format!("{} ({code})", text(Lang::Sv, login.role.label_key())),
        };
        println!(
            "  {role:<38} {:<14} {:<24} {}",
            login.username,
            login.password,
            login.totp.unwrap_or("–")
        );
    }
    println!();
    println!(
        "Systemadministratören, granskaren och roller som ser deltagaruppgifter loggar in med"
    );
    println!("en engångskod. Lägg in nyckeln i en autentiseringsapp, eller skriv ut koden med:");
    println!("oathtool --totp -b NYCKEL");
    println!();
    println!("Avsluta med Ctrl-C.");
}
