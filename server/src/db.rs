//! The connection pool and the embedded migrations.

use std::time::Duration;

use deadpool::Runtime;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::{AsyncConnection, AsyncMigrationHarness, AsyncPgConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub type DbPool = Pool<AsyncPgConnection>;
pub type DbConn = Object<AsyncPgConnection>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// How long a request waits for a connection before it answers 503.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

pub fn pool(database_url: &str, max_size: usize) -> anyhow::Result<DbPool> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    Ok(Pool::builder(manager)
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(CHECKOUT_TIMEOUT))
        .create_timeout(Some(CHECKOUT_TIMEOUT))
        .build()?)
}

/// Applies pending migrations; returns the versions applied.
///
/// Diesel's migration harness is synchronous and blocks in place, which needs a
/// multi-threaded runtime; it gets its own on a short-lived thread so this works from any
/// caller (the server's start-up, a test on a current-thread runtime).
pub fn run_migrations(database_url: &str) -> anyhow::Result<Vec<String>> {
    with_harness(database_url, |harness| {
        Ok(harness
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!(e))?
            .iter()
            .map(|v| v.to_string())
            .collect())
    })
}

/// Reverts every migration (what `diesel migration redo` exercises for each step).
pub fn revert_all_migrations(database_url: &str) -> anyhow::Result<Vec<String>> {
    with_harness(database_url, |harness| {
        Ok(harness
            .revert_all_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!(e))?
            .iter()
            .map(|v| v.to_string())
            .collect())
    })
}

type Harness = AsyncMigrationHarness<AsyncPgConnection>;

fn with_harness<T: Send + 'static>(
    database_url: &str,
    work: impl FnOnce(&mut Harness) -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let url = database_url.to_owned();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let conn = AsyncPgConnection::establish(&url).await?;
            let mut harness = AsyncMigrationHarness::new(conn);
            work(&mut harness).map_err(|e| anyhow::anyhow!("migrations: {e}"))
        })
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the migration thread panicked"))?
}
