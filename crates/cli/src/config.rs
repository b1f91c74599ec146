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
    audit_checkpoint_seconds: u64,
    #[serde(default, skip_serializing)]
    audit_key: Option<Text>,
    #[serde(default, skip_serializing)]
    audit_key_file: Option<Text>,
    #[serde(default, skip_serializing)]
    audit_checkpoint_file: Option<Text>,
    #[serde(default, skip_serializing)]
    public_url: Option<Text>,
    #[serde(default, skip_serializing)]
    passwords_only_for: Option<Text>,
    #[serde(default, skip_serializing)]
    oidc: RawOidc,
}

/// The settings of the access log's anchoring, by name.
const AUDIT_KEYS: [&str; 4] = [
    "audit_key",
    "audit_key_file",
    "audit_checkpoint_file",
    "audit_checkpoint_seconds",
];

/// The default time between two checkpoints of the access log: five minutes.
pub const DEFAULT_CHECKPOINT_SECONDS: u64 = 300;

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

impl Raw {
    /// The environment's key and paths exactly as written (figment would read a key
    /// of digits as a number and drop its leading zeros).
    fn audit_verbatim(&mut self) {
        let env = |name: &str| std::env::var(name).ok().map(Text);
        if let Some(v) = env("SAMVERKA_AUDIT_KEY") {
            self.audit_key = Some(v);
        }
        if let Some(v) = env("SAMVERKA_AUDIT_KEY_FILE") {
            self.audit_key_file = Some(v);
        }
        if let Some(v) = env("SAMVERKA_AUDIT_CHECKPOINT_FILE") {
            self.audit_checkpoint_file = Some(v);
        }
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
    /// The address users reach Samverka at (`SAMVERKA_PUBLIC_URL`), without a
    /// trailing `/`: links to questionnaires are built from it, never from a
    /// request's `Host` header.
    pub public_url: Option<String>,
    /// With OIDC on: the only accounts that may still log in with a password
    /// (`SAMVERKA_PASSWORDS_ONLY_FOR`, comma-separated, e.g. the break-glass
    /// administrator); everyone else logs in through the identity provider.
    pub passwords_only_for: Option<Vec<String>>,
    /// Where the installation key comes from, if anywhere (never printed).
    pub audit_key: AuditKeySource,
    /// The file every checkpoint of the access log is appended to
    /// (`SAMVERKA_AUDIT_CHECKPOINT_FILE`).
    pub audit_checkpoint_file: Option<std::path::PathBuf>,
    /// Seconds between two checkpoints while `serve` runs
    /// (`SAMVERKA_AUDIT_CHECKPOINT_SECONDS`, default 300).
    pub audit_checkpoint_seconds: u64,
}

/// Where the installation key, which signs the access log's checkpoints and seals
/// TOTP secrets, is read from. It is never stored in the database.
pub enum AuditKeySource {
    /// No key is configured.
    None,
    /// A file holding the key text (`SAMVERKA_AUDIT_KEY_FILE`).
    File(std::path::PathBuf),
    /// The key text itself (`SAMVERKA_AUDIT_KEY`).
    Text(SecretString),
}

impl std::fmt::Debug for AuditKeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditKeySource::None => f.write_str("None"),
            AuditKeySource::File(p) => write!(f, "File({})", p.display()),
            AuditKeySource::Text(_) => f.write_str("Text(…)"),
        }
    }
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
            audit_checkpoint_seconds: DEFAULT_CHECKPOINT_SECONDS,
            audit_key: None,
            audit_key_file: None,
            audit_checkpoint_file: None,
            public_url: None,
            passwords_only_for: None,
            oidc: RawOidc::default(),
        };
        let oidc_keys = OIDC_KEYS.map(|k| format!("oidc.{k}"));
        let mut keys = vec![
            "database_url",
            "secure_cookies",
            "retention_months",
            "public_url",
            "passwords_only_for",
        ];
        keys.extend(oidc_keys.iter().map(String::as_str));
        keys.extend(AUDIT_KEYS);
        let mut raw: Raw = Figment::from(Serialized::defaults(defaults))
            .merge(files)
            .merge(Env::prefixed("SAMVERKA_").split("__").only(&keys))
            .extract()?;
        raw.oidc.verbatim();
        raw.audit_verbatim();
        let text = |t: Option<Text>| t.map(|t| t.0).filter(|s| !s.trim().is_empty());
        let audit_key = match (text(raw.audit_key), text(raw.audit_key_file)) {
            (Some(_), Some(_)) => {
                return Err(Box::new(figment::Error::from(
                    "ange antingen audit_key eller audit_key_file, inte båda".to_string(),
                )));
            }
            (Some(k), None) => AuditKeySource::Text(SecretString::from(k)),
            (None, Some(path)) => AuditKeySource::File(path.into()),
            (None, None) => AuditKeySource::None,
        };
        if raw.audit_checkpoint_seconds == 0 {
            return Err(Box::new(figment::Error::from(
                "audit_checkpoint_seconds måste vara minst 1".to_string(),
            )));
        }
        let public_url = match text(raw.public_url) {
            Some(u) => Some(public_url(&u).map_err(|e| Box::new(figment::Error::from(e)))?),
            None => None,
        };
        let oidc = raw.oidc.settings();
        let passwords_only_for = match text(raw.passwords_only_for) {
            Some(_) if oidc.is_none() => {
                return Err(Box::new(figment::Error::from(
                    "passwords_only_for stänger av lösenorden för alla andra och kräver därför \
                     inloggning via OIDC (oidc.issuer)"
                        .to_string(),
                )));
            }
            Some(names) => Some(
                names
                    .split(',')
                    .map(|n| n.trim().to_lowercase())
                    .filter(|n| !n.is_empty())
                    .collect(),
            ),
            None => None,
        };
        Ok(Self {
            public_url,
            passwords_only_for,
            database_url: DatabaseUrl::new(raw.database_url),
            secure_cookies: raw.secure_cookies,
            retention_months: raw.retention_months,
            oidc,
            audit_key,
            audit_checkpoint_file: text(raw.audit_checkpoint_file).map(Into::into),
            audit_checkpoint_seconds: raw.audit_checkpoint_seconds,
        })
    }
}

/// `public_url` checked: an http or https address with a host and nothing after
/// the path; returned without a trailing `/`.
fn public_url(text: &str) -> Result<String, String> {
    let wrong = |why: &str| {
        format!(
            "public_url {why}: skriv adressen som användarna når Samverka på, t.ex. https://samverka.forbund.se"
        )
    };
    let url = url::Url::parse(text.trim()).map_err(|_| wrong("är ingen giltig adress"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(wrong("måste börja med https:// och ha ett värdnamn"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(wrong("får inte ha ?, # eller användarnamn"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
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
    fn the_audit_key_comes_from_a_file_or_as_text_never_both() {
        let config = from_toml(
            "audit_key_file = \"/etc/samverka/nyckel\"\naudit_checkpoint_file = \"/srv/kp.log\"",
        )
        .unwrap();
        assert!(
            matches!(&config.audit_key, AuditKeySource::File(p) if p.to_str() == Some("/etc/samverka/nyckel"))
        );
        assert_eq!(
            config.audit_checkpoint_file.unwrap().to_str(),
            Some("/srv/kp.log")
        );
        assert_eq!(config.audit_checkpoint_seconds, DEFAULT_CHECKPOINT_SECONDS);
        let config = from_toml("audit_key = \"01234567890123456789012345678901234\"").unwrap();
        assert!(
            matches!(&config.audit_key, AuditKeySource::Text(t) if t.expose_secret().len() == 35)
        );
        assert!(!format!("{:?}", config.audit_key).contains("0123"));
        let err = from_toml("audit_key = \"x\"\naudit_key_file = \"y\"")
            .err()
            .unwrap();
        assert!(err.to_string().contains("inte båda"), "{err}");
        assert!(from_toml("audit_checkpoint_seconds = 0").is_err());
        assert!(matches!(
            from_toml("").unwrap().audit_key,
            AuditKeySource::None
        ));
    }

    #[test]
    fn the_public_url_is_an_http_address_kept_without_its_last_slash() {
        assert_eq!(from_toml("").unwrap().public_url, None);
        let config = from_toml("public_url = \"https://samverka.forbund.se/\"").unwrap();
        assert_eq!(
            config.public_url.as_deref(),
            Some("https://samverka.forbund.se")
        );
        for wrong in [
            "samverka.se",
            "ftp://samverka.se",
            "https://samverka.se/?a=1",
        ] {
            let err = from_toml(&format!("public_url = \"{wrong}\""))
                .err()
                .unwrap();
            assert!(err.to_string().contains("public_url"), "{wrong}: {err}");
        }
    }

    #[test]
    fn passwords_can_be_kept_for_named_accounts_only_when_oidc_is_on() {
        assert_eq!(from_toml("").unwrap().passwords_only_for, None);
        let err = from_toml("passwords_only_for = \"admin\"").err().unwrap();
        assert!(err.to_string().contains("kräver"), "{err}");
        let config =
            from_toml("passwords_only_for = \"Admin, nodadmin\"\n[oidc]\nissuer = \"https://idp\"")
                .unwrap();
        assert_eq!(
            config.passwords_only_for,
            Some(vec!["admin".to_string(), "nodadmin".to_string()])
        );
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
