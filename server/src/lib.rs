//! Keyuan's API server: an actix-web app over a Diesel/PostgreSQL pool that also serves the
//! built SPA. `app()` is the whole HTTP surface, used by `main` and by the tests alike.

pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod live;
pub mod models;
pub mod openapi;
pub mod queries;
pub mod request_log;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod spa;
pub mod state;
pub mod throttle;
pub mod time;

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{middleware, web, App, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::auth::JwtKeys;
use crate::config::Config;
use crate::state::AppState;

/// The application: `/api/v1` plus the SPA, with the API's error handling everywhere.
pub fn app(
    state: web::Data<AppState>,
    app_dir: PathBuf,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(extract::JSON_LIMIT_BYTES))
        .app_data(web::QueryConfig::default().error_handler(extract::query_error))
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        // the app is 1.6 MB of wasm and a 1,000-card list ~0.5 MB of JSON; phones on the
        // showroom's Wi-Fi get them compressed (the event stream opts out, see events.rs)
        .wrap(middleware::Compress::default())
        .wrap(TracingLogger::<request_log::PathOnlySpan>::new())
        .service(routes::api())
        .service(spa::service(app_dir))
}

/// The shared state; starts this process's live-event listener, so call it on the
/// runtime that serves (it spawns onto the current actix system).
pub fn state(config: &Config, pool: db::DbPool) -> web::Data<AppState> {
    web::Data::new(AppState {
        pool,
        jwt: Arc::new(JwtKeys::new(config.jwt_secret.as_bytes())),
        token_ttl: config.token_ttl,
        events: live::start_listener(config.database_url.clone()),
    })
}

/// Migrates, loads demo data when asked, and serves until SIGINT/SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let applied = db::run_migrations(&config.database_url)?;
    tracing::info!(count = applied.len(), "migrations applied");
    let pool = db::pool(&config.database_url, config.db_pool_size)?;
    if config.load_demo_data {
        let mut conn = pool
            .get()
            .await
            .map_err(|e| anyhow::anyhow!("database: {e}"))?;
        if seed::load_demo_data(&mut conn, seed::Demo::WithActivity)
            .await
            .map_err(|e| anyhow::anyhow!("demo data: {e}"))?
        {
            tracing::info!("demo data loaded: store {}", seed::DEMO_STORE);
        }
    }
    idempotency::start_purging(pool.clone());
    let state = state(&config, pool);
    let app_dir = config.app_dir.clone();
    if !app_dir.join("index.html").exists() {
        tracing::warn!(dir = %app_dir.display(), "the app is not built; the API works, the pages do not");
    }
    tracing::info!("Keyuan listening on http://{}:{}", config.host, config.port);
    HttpServer::new(move || app(state.clone(), app_dir.clone()))
        .bind((config.host.as_str(), config.port))?
        .shutdown_timeout(5)
        .run()
        .await?;
    tracing::info!("server stopped");
    Ok(())
}
