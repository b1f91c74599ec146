//! `samverka user …`: accounts from the command line.

use crate::args::UserCommand;
use crate::errors::CliError;
use rand::Rng;
use samverka_domain::RoleAssignment;
use samverka_service::Services;
use samverka_service::accounts::{Caller, NewAccount};
use std::io::BufRead;

/// Parses `ROLE` or `ROLE@SCOPE` (installation-wide roles need no scope).
pub fn parse_role(text: &str) -> Result<RoleAssignment, CliError> {
    let (role, scope) = text.split_once('@').unwrap_or((text, ""));
    Ok(RoleAssignment::from_text(role, scope)?)
}

impl From<samverka_domain::FieldError> for CliError {
    fn from(e: samverka_domain::FieldError) -> Self {
        CliError(crate::errors::field_text(&e))
    }
}

/// A password read from standard input, or a new random one to show once.
fn password(from_stdin: bool) -> Result<(String, bool), CliError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::msg(format!("Kan inte läsa lösenordet: {e}")))?;
        return Ok((line.trim_end_matches(['\r', '\n']).to_string(), false));
    }
    // 20 characters from 31 unambiguous ones: about 99 bits, easy to read aloud.
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..5)
                .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
                .collect()
        })
        .collect();
    Ok((groups.join("-"), true))
}

/// Runs one `user` subcommand as the operating-system user at the terminal.
pub async fn run(services: &Services, command: UserCommand) -> Result<(), CliError> {
    let caller = Caller::Cli(std::env::var("USER").unwrap_or_else(|_| "okänd".into()));
    match command {
        UserCommand::Add {
            username,
            display_name,
            roles,
            password_stdin,
        } => {
            let roles = roles
                .iter()
                .map(|r| parse_role(r))
                .collect::<Result<Vec<_>, _>>()?;
            let (password, generated) = password(password_stdin)?;
            let user = services
                .add_user(
                    &caller,
                    NewAccount {
                        username,
                        display_name,
                        password: password.clone(),
                        roles,
                    },
                )
                .await?;
            println!("Kontot {} är skapat.", user.username);
            if generated {
                println!("Lösenord (visas bara nu): {password}");
            }
        }
        UserCommand::List => {
            let users = services.list_users(&caller).await?;
            println!(
                "{:<20} {:<28} {:<9} {:<5} Roller",
                "Användarnamn", "Namn", "Status", "2FA"
            );
            for (u, roles) in users {
                let roles = roles
                    .iter()
                    .map(|r| format!("{}@{}", r.role.code(), r.scope))
                    .collect::<Vec<_>>()
                    .join(", ");
                let status = if u.disabled { "avstängt" } else { "aktivt" };
                let totp = if u.totp_secret.is_some() { "på" } else { "av" };
                println!(
                    "{:<20} {:<28} {:<9} {:<5} {}",
                    u.username, u.display_name, status, totp, roles
                );
            }
        }
        UserCommand::Disable { username } => {
            services
                .set_disabled(&caller, &username, true)
                .await
                .map_err(|e| not_found_as(e, &username))?;
            println!("Kontot {username} är avstängt och dess sessioner är avslutade.");
        }
        UserCommand::Enable { username } => {
            services
                .set_disabled(&caller, &username, false)
                .await
                .map_err(|e| not_found_as(e, &username))?;
            println!("Kontot {username} är aktiverat.");
        }
        UserCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let (password, generated) = password(password_stdin)?;
            services
                .reset_password(&caller, &username, password.clone())
                .await
                .map_err(|e| not_found_as(e, &username))?;
            println!("Lösenordet för {username} är bytt och kontots sessioner är avslutade.");
            if generated {
                println!("Nytt lösenord (visas bara nu): {password}");
            }
        }
        UserCommand::Grant { username, role } => {
            let assignment = parse_role(&role)?;
            services
                .grant_role(&caller, &username, assignment)
                .await
                .map_err(|e| not_found_as(e, &username))?;
            println!("{username} har nu rollen {role}.");
        }
        UserCommand::Revoke { username, role } => {
            let assignment = parse_role(&role)?;
            match services.revoke_role(&caller, &username, assignment).await {
                Ok(()) => println!("Rollen {role} är borttagen från {username}."),
                Err(samverka_service::ServiceError::NotFound) => {
                    return Err(CliError::msg(format!(
                        "{username} har inte rollen {role} (eller kontot finns inte)."
                    )));
                }
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::RemoveTotp { username } => {
            let ended = services
                .remove_totp(&caller, &username)
                .await
                .map_err(|e| not_found_as(e, &username))?;
            println!(
                "Tvåstegsverifieringen för {username} är borttagen och kontots sessioner är avslutade ({ended} st). Kontot registrerar en ny app vid nästa inloggning."
            );
        }
    }
    Ok(())
}

fn not_found_as(e: samverka_service::ServiceError, username: &str) -> CliError {
    match e {
        samverka_service::ServiceError::NotFound => CliError::msg(format!(
            "Det finns inget konto med användarnamnet '{username}'."
        )),
        other => other.into(),
    }
}
