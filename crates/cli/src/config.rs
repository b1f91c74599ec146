//! Settings: defaults, then `samverka.toml` if present, then `SAMVERKA_*`
//! environment variables, then command-line flags. The database address may
//! hold a password, so it is a secret and never printed whole; the OIDC client
//! secret is never printed at all.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use samverka_oidc::{DEFAULT_USERNAME_CLAIM, OidcSettings};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize};

/// The default database: a SQLite file in the current directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://samverka.db";

#[derive(Debug, Serialize, Deserialize)]
struct Raw {
    database_url: String,
    secure_cookies: bool,
    retention_months: u32,
    #[serde(default, skip_serializing)]
    oidc: RawOidc,
}

/// The `[oidc]` table, or `SAMVERKA_OIDC__ISSUER`, `SAMVERKA_OIDC__CLIENT_ID`, ….
#[derive(Debug, Default, Deserialize)]
struct RawOidc {
    #[serde(default)]
    issuer: Option<Text>,
    #[serde(default)]
    client_id: Option<Text>,
    #[serde(default)]
    client_secret: Option<Text>,
    #[serde(default)]
    redirect_url: Option<Text>,
    #[serde(default)]
    username_claim: Option<Text>,
    #[serde(default)]
    label: Option<Text>,
}

/// The OIDC settings' names under `oidc.`.
const OIDC_KEYS: [&str; 6] = [
    "issuer",
    "client_id",
    "client_secret",
    "redirect_url",
    "username_claim",
    "label",
];

/// A text setting. Figment reads `SAMVERKA_OIDC__CLIENT_ID=123` as a number and TOML
/// allows unquoted numbers, so numbers and booleans are taken as their text; an error
/// names the setting but never repeats its value (it may be the client secret).
struct Text(String);

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Text(…)")
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'v> serde::de::Visitor<'v> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_char<E: serde::de::Error>(self, v: char) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'v>>(self, _: A) -> Result<Text, A::Error> {
                Err(serde::de::Error::custom("expected text, found a list"))
            }
            fn visit_map<A: serde::de::MapAccess<'v>>(self, _: A) -> Result<Text, A::Error> {
                Err(serde::de::Error::custom("expected text, found a table"))
            }
        }
        d.deserialize_any(V)
    }
}

impl RawOidc {
    /// The environment's value of an OIDC setting exactly as written (figment would
    /// read `0123` as the number 123).
    fn verbatim(&mut self) {
        for key in OIDC_KEYS {
            let Ok(value) = std::env::var(format!("SAMVERKA_OIDC__{}", key.to_uppercase())) else {
                continue;
            };
            let slot = match key {
                "issuer" => &mut self.issuer,
                "client_id" => &mut self.client_id,
                "client_secret" => &mut self.client_secret,
                "redirect_url" => &mut self.redirect_url,
                "username_claim" => &mut self.username_claim,
                _ => &mut self.label,
            };
            *slot = Some(Text(value));
        }
    }

    /// The settings, or `None` when no issuer is set (OIDC is off).
    fn settings(self) -> Option<OidcSettings> {
        let text = |t: Option<Text>| t.map(|t| t.0.trim().to_string()).filter(|s| !s.is_empty());
        let issuer = text(self.issuer)?;
        Some(OidcSettings {
            issuer,
            client_id: text(self.client_id).unwrap_or_default(),
            client_secret: self
                .client_secret
                .map(|t| t.0)
                .filter(|s| !s.is_empty())
                .map(SecretString::from),
            redirect_url: text(self.redirect_url).unwrap_or_default(),
            username_claim: text(self.username_claim)
                .unwrap_or_else(|| DEFAULT_USERNAME_CLAIM.to_string()),
            label: text(self.label),
        })
    }
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
    /// Login through an identity provider; `None` unless `oidc.issuer` is set.
    pub oidc: Option<OidcSettings>,
}

impl Config {
    /// Reads the settings; `database_url` from the command line wins.
    pub fn load(database_url: Option<String>) -> Result<Self, Box<figment::Error>> {
        let mut config = Self::from_figment(Figment::new().merge(Toml::file("samverka.toml")))?;
        if let Some(url) = database_url {
            config.database_url = DatabaseUrl::new(url);
        }
        Ok(config)
    }

    /// Reads the settings from `files` (samverka.toml, or text in tests) under the
    /// defaults and the `SAMVERKA_*` environment.
    fn from_figment(files: Figment) -> Result<Self, Box<figment::Error>> {
        let defaults = Raw {
            database_url: DEFAULT_DATABASE_URL.into(),
            secure_cookies: false,
            retention_months: samverka_service::retention::DEFAULT_MONTHS,
            oidc: RawOidc::default(),
        };
        let oidc_keys = OIDC_KEYS.map(|k| format!("oidc.{k}"));
        let mut keys = vec!["database_url", "secure_cookies", "retention_months"];
        keys.extend(oidc_keys.iter().map(String::as_str));
        let mut raw: Raw = Figment::from(Serialized::defaults(defaults))
            .merge(files)
            .merge(Env::prefixed("SAMVERKA_").split("__").only(&keys))
            .extract()?;
        raw.oidc.verbatim();
        Ok(Self {
            database_url: DatabaseUrl::new(raw.database_url),
            secure_cookies: raw.secure_cookies,
            retention_months: raw.retention_months,
            oidc: raw.oidc.settings(),
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

    fn from_toml(text: &str) -> Result<Config, Box<figment::Error>> {
        Config::from_figment(Figment::new().merge(Toml::string(text)))
    }

    #[test]
    fn oidc_is_off_without_an_issuer() {
        assert!(from_toml("").unwrap().oidc.is_none());
        assert!(
            from_toml("[oidc]\nclient_id = \"samverka\"")
                .unwrap()
                .oidc
                .is_none()
        );
    }

    #[test]
    fn oidc_settings_are_read_from_the_file_with_defaults() {
        let config = from_toml(
            "[oidc]\nissuer = \"https://idp.example.se\"\nclient_id = 4711\n\
             client_secret = \"hemligt-värde\"\n\
             redirect_url = \"https://samverka.example.se/login/oidc/callback\"",
        )
        .unwrap();
        let oidc = config.oidc.unwrap();
        assert_eq!(oidc.issuer, "https://idp.example.se");
        assert_eq!(oidc.client_id, "4711", "a number is taken as text");
        assert_eq!(oidc.client_secret.unwrap().expose_secret(), "hemligt-värde");
        assert_eq!(oidc.username_claim, "preferred_username");
        assert_eq!(oidc.label, None);
    }

    #[test]
    fn a_wrong_secret_is_reported_without_its_value() {
        let err = from_toml("[oidc]\nissuer = \"https://idp\"\nclient_secret = [\"hemligt\"]")
            .err()
            .unwrap();
        assert!(err.to_string().contains("client_secret"), "{err}");
        assert!(!err.to_string().contains("hemligt"), "{err}");
    }

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
