//! Starts the real application on 127.0.0.1 port 0 against a real SQLite file
//! (or PostgreSQL database) holding the demo organisation, with a clock the test can move.

pub mod attacker;
pub mod journey;
pub mod marks;

use samverka_domain::{FixedClock, RoleAssignment};
use samverka_service::Services;
use samverka_service::accounts::{Caller, NewAccount};
use samverka_store::Store;
use samverka_store_postgres::{PgStore, create_test_database};
use samverka_store_sqlite::SqliteStore;
use samverka_web::{AppState, WebConfig};
use std::path::PathBuf;
use std::sync::Arc;
use time::macros::datetime;

/// A running application and what a test needs to reach into it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The use cases, sharing the app's store and clock.
    pub services: Services,
    /// The clock the app reads; move it to test timeouts.
    pub clock: Arc<FixedClock>,
    /// The SQLite file, when the app runs on SQLite.
    pub sqlite_path: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

/// The instant every test starts at.
pub const START: time::OffsetDateTime = datetime!(2026-11-22 08:00 UTC);

impl TestApp {
    /// Starts the app on a fresh SQLite file holding the demo organisation.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("samverka.db");
        let store = SqliteStore::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open SQLite");
        let app = Self::start(Arc::new(store), Some(dir), Some(path)).await;
        app.with_demo_organisation().await;
        app
    }

    /// Starts the app on a fresh PostgreSQL database, or `None` without `SAMVERKA_TEST_POSTGRES_URL`.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
            eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: PostgreSQL-testet hoppas över.");
            return None;
        };
        let url = create_test_database(&admin)
            .await
            .expect("create test database");
        let store = PgStore::connect(&url).await.expect("open PostgreSQL");
        let app = Self::start(Arc::new(store), None, None).await;
        app.with_demo_organisation().await;
        Some(app)
    }

    /// Starts the app on a fresh SQLite file with the demo organisation and the
    /// given web settings (for OIDC login, for example).
    pub async fn sqlite_with(config: WebConfig) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("samverka.db");
        let store = SqliteStore::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open SQLite");
        let app = Self::start_with(Arc::new(store), Some(dir), Some(path), config).await;
        app.with_demo_organisation().await;
        app
    }

    /// Starts the app on a fresh SQLite file with the demo organisation and an
    /// installation key, so TOTP secrets are sealed at rest as `serve` does with one.
    pub async fn sqlite_with_key(key: samverka_domain::installation_key::InstallationKey) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("samverka.db");
        let store = SqliteStore::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open SQLite");
        let key = Some(Arc::new(key));
        let app = Self::start_keyed(
            Arc::new(store),
            Some(dir),
            Some(path),
            WebConfig::default(),
            key,
        )
        .await;
        app.with_demo_organisation().await;
        app
    }

    async fn start(
        store: Arc<dyn Store>,
        dir: Option<tempfile::TempDir>,
        sqlite_path: Option<PathBuf>,
    ) -> Self {
        Self::start_with(store, dir, sqlite_path, WebConfig::default()).await
    }

    async fn start_with(
        store: Arc<dyn Store>,
        dir: Option<tempfile::TempDir>,
        sqlite_path: Option<PathBuf>,
        config: WebConfig,
    ) -> Self {
        Self::start_keyed(store, dir, sqlite_path, config, None).await
    }

    async fn start_keyed(
        store: Arc<dyn Store>,
        dir: Option<tempfile::TempDir>,
        sqlite_path: Option<PathBuf>,
        config: WebConfig,
        key: Option<Arc<samverka_domain::installation_key::InstallationKey>>,
    ) -> Self {
        let clock = Arc::new(FixedClock::new(START));
        let services = Services::new(store, clock.clone()).with_audit_key(key);
        let state = AppState {
            services: services.clone(),
            config: Arc::new(config),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(samverka_web::serve(listener, state));
        Self {
            base: format!("http://{addr}"),
            services,
            clock,
            sqlite_path,
            _dir: dir,
        }
    }

    /// Creates an account directly through the use case, as an operator would.
    pub async fn add_user(&self, username: &str, password: &str, roles: Vec<RoleAssignment>) {
        let account = NewAccount {
            username: username.into(),
            display_name: format!("Test {username}"),
            password: password.into(),
            roles,
        };
        self.services
            .add_user(&Caller::Cli("test".into()), account)
            .await
            .expect("create account");
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client")
    }

    /// Creates an account with `roles` and returns a client logged in as it, passing
    /// the second factor where the roles require one.
    pub async fn logged_in(&self, username: &str, roles: Vec<RoleAssignment>) -> reqwest::Client {
        use samverka_domain::audit::{Actor, AuditDraft, AuditEvent};
        use samverka_domain::totp::TotpSecret;
        const PASSWORD: &str = "blå-tåg-över-umeälven";
        let needs_totp = samverka_domain::role::needs_second_factor(&roles);
        self.add_user(username, PASSWORD, roles).await;
        let client = self.client();
        if needs_totp {
            let user = self
                .services
                .store
                .user_by_username(username)
                .await
                .expect("read")
                .expect("user exists");
            let secret = TotpSecret::from_bytes([7; 20]);
            let draft = AuditDraft::new(
                self.clock_now(),
                Actor::system(),
                AuditEvent::TotpEnrolled,
                "user",
                user.id,
            );
            self.services
                .store
                .set_totp_secret(user.id, Some(&secret.to_base32()), &draft)
                .await
                .expect("enrol");
            self.login(&client, username, PASSWORD).await;
            let code = secret.code_at(self.clock_now());
            let res = self
                .post_form(&client, "/login/totp", &[("code", &code)])
                .await;
            assert_eq!(res.status(), 303, "second factor accepted for {username}");
        } else {
            self.login(&client, username, PASSWORD).await;
        }
        client
    }

    /// Imports the demo installation's organisation (`demo/setup.toml`).
    pub async fn with_demo_organisation(&self) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/setup.toml");
        let text = std::fs::read_to_string(path).expect("demo/setup.toml");
        let caller = Caller::Cli("test".into());
        if let Err(e) = self
            .services
            .import_setup(&caller, "demo/setup.toml", &text)
            .await
        {
            panic!("demo setup imports: {e:?}");
        }
    }

    /// The instant the app's clock shows.
    pub fn clock_now(&self) -> time::OffsetDateTime {
        use samverka_domain::Clock;
        self.clock.now()
    }

    /// The full address of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in through the login form with a same-origin header; returns the response.
    pub async fn login(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        client
            .post(self.url("/login"))
            .header("origin", &self.base)
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .expect("login request")
    }

    /// Posts a form as our own pages would (same origin).
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(path))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// GETs a path.
    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(self.url(path)).send().await.expect("GET")
    }
}
