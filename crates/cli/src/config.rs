//! Settings: defaults, then `samverka.toml` if present, then `SAMVERKA_*`
//! environment variables, then command-line flags. The database address may
//! hold a password, so it is a secret and never printed whole.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The default database: a SQLite file in the current directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://samverka.db";

#[derive(Debug, Serialize, Deserialize)]
struct Raw {
    database_url: String,
    secure_cookies: bool,
    retention_months: u32,
}

/// The settings in force.
#[derive(Debug)]
pub struct Config {
    /// Where the data lives.
    pub database_url: DatabaseUrl,
    /// Mark cookies Secure (set when Samverka is served over https).
    pub secure_cookies: bool,
    /// Months after exit that personal data is kept (`SAMVERKA_RETENTION_MONTHS`).
    pub retention_months: u32,
}

impl Config {
    /// Reads the settings; `database_url` from the command line wins.
    pub fn load(database_url: Option<String>) -> Result<Self, Box<figment::Error>> {
        let defaults = Raw {
            database_url: DEFAULT_DATABASE_URL.into(),
            secure_cookies: false,
            retention_months: samverka_service::retention::DEFAULT_MONTHS,
        };
        let raw: Raw = Figment::from(Serialized::defaults(defaults))
            .merge(Toml::file("samverka.toml"))
            .merge(Env::prefixed("SAMVERKA_").split("__").only(&[
                "database_url",
                "secure_cookies",
                "retention_months",
            ]))
            .extract()?;
        Ok(Self {
            database_url: DatabaseUrl::new(database_url.unwrap_or(raw.database_url)),
            secure_cookies: raw.secure_cookies,
            retention_months: raw.retention_months,
        })
    }
}

/// A database address, kept secret; `Display` hides any password.
pub struct DatabaseUrl(SecretString);

impl DatabaseUrl {
    /// Wraps an address.
    pub fn new(url: String) -> Self {
        Self(SecretString::from(url))
    }

    /// The full address, for connecting only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// True for PostgreSQL addresses.
    pub fn is_postgres(&self) -> bool {
        let u = self.expose();
        u.starts_with("postgres://") || u.starts_with("postgresql://")
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match url::Url::parse(self.expose()) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                f.write_str(u.as_str())
            }
            _ => f.write_str(self.expose()),
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        let url = DatabaseUrl::new("postgres://samverka:hemligt@db.local/samverka".into());
        assert_eq!(url.to_string(), "postgres://samverka:***@db.local/samverka");
        assert!(!format!("{url:?}").contains("hemligt"));
        assert!(url.is_postgres());
        assert_eq!(
            DatabaseUrl::new("sqlite://x.db".into()).to_string(),
            "sqlite://x.db"
        );
    }
}
