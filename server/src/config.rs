//! Settings from the environment. Secrets have no default here: the run script generates
//! one for the embedded mode and passes it in.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub jwt_secret: String,
    pub host: String,
    pub port: u16,
    /// The built SPA (trunk's `dist`).
    pub app_dir: PathBuf,
    pub load_demo_data: bool,
    pub token_ttl: Duration,
    pub db_pool_size: usize,
}

/// Below this a HMAC key is guessable.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let database_url = var("DATABASE_URL")
            .context("DATABASE_URL is not set (run.sh sets it in the embedded mode)")?;
        let jwt_secret = var("KEYUAN_JWT_SECRET")
            .context("KEYUAN_JWT_SECRET is not set: give it a random string of 32 or more bytes")?;
        if jwt_secret.len() < MIN_JWT_SECRET_BYTES {
            bail!("KEYUAN_JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes long");
        }
        let port = match var("PORT") {
            Some(p) => p
                .parse()
                .with_context(|| format!("PORT={p} is not a port number"))?,
            None => 8080,
        };
        let token_hours: u64 = match var("KEYUAN_TOKEN_HOURS") {
            Some(h) => h
                .parse()
                .with_context(|| format!("KEYUAN_TOKEN_HOURS={h} is not a whole number"))?,
            None => 12,
        };
        let db_pool_size = match var("KEYUAN_DB_POOL_SIZE") {
            Some(n) => n
                .parse()
                .with_context(|| format!("KEYUAN_DB_POOL_SIZE={n} is not a whole number"))?,
            None => 16,
        };
        Ok(Config {
            database_url,
            jwt_secret,
            host: var("HOST").unwrap_or_else(|| "127.0.0.1".into()),
            port,
            app_dir: var("KEYUAN_APP_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(default_app_dir),
            load_demo_data: var("KEYUAN_DEMO_DATA")
                .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes")),
            token_ttl: Duration::from_secs(token_hours * 3600),
            db_pool_size,
        })
    }
}

/// `app/dist` of this checkout, wherever the server is started from.
pub fn default_app_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../app/dist")
}
