//! The repository contract suite, run against the real PostgreSQL server named by
//! `SAMVERKA_TEST_POSTGRES_URL`. Without it the tests print a notice and pass as skipped.

use samverka_store_postgres::{PgStore, create_test_database};
use std::sync::Arc;

/// A fresh database on the test server, or `None` when no server is configured.
async fn fresh() -> Option<Arc<PgStore>> {
    let Ok(admin) = std::env::var("SAMVERKA_TEST_POSTGRES_URL") else {
        eprintln!("SAMVERKA_TEST_POSTGRES_URL är inte satt: PostgreSQL-testerna hoppas över.");
        return None;
    };
    let url = create_test_database(&admin).await.unwrap();
    Some(Arc::new(PgStore::connect(&url).await.unwrap()))
}

samverka_store::contract_suite!(fresh);
