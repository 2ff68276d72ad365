//! Test support: a fresh PostgreSQL database per test in the run's private cluster, and
//! the real server (the same `keyuan_server::app`) on a random loopback port.
//!
//! The cluster is started by `./test.sh`, which exports `KEYUAN_TEST_DATABASE_URL` (a URL
//! of its `postgres` database); each test creates its own database from it.

pub mod answers;
pub mod browser;
pub mod setups;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::HttpServer;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_server::config::Config;
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub const TEST_JWT_SECRET: &str = "test-secret-of-at-least-thirty-two-bytes!";
pub const DEMO_PASSWORD: &str = keyuan_server::seed::DEMO_PASSWORD;

/// The run's cluster, as `./test.sh` started it.
pub fn cluster_url() -> String {
    std::env::var("KEYUAN_TEST_DATABASE_URL").expect(
        "KEYUAN_TEST_DATABASE_URL is not set: run the tests with ./test.sh, which starts a private PostgreSQL, \
         or point it at a PostgreSQL database whose user may CREATE DATABASE",
    )
}

/// `url` with its database name replaced by `database`.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let without_db = base.rsplit_once('/').map_or(base, |(head, _)| head);
    match query {
        Some(q) => format!("{without_db}/{database}?{q}"),
        None => format!("{without_db}/{database}"),
    }
}

/// Creates an empty, migrated database of its own for one test: a copy of the migrated
/// template (see `template_database`), which is much quicker than migrating anew.
pub async fn fresh_database() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let template = template_database().await;
    let admin_url = cluster_url();
    let name = format!(
        "keyuan_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = AsyncPgConnection::establish(&admin_url)
        .await
        .expect("connect to the test cluster");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await
        .expect("drop old test database");
    // Many tests clone the template at once, which PostgreSQL allows; what it refuses is a
    // session connected to the template itself, and none ever is (see `template_database`).
    diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .execute(&mut admin)
        .await
        .expect("create test database from the template");
    with_database(&admin_url, &name)
}

/// The migrated database that `fresh_database` copies, made once per cluster and
/// migration set: `keyuan_template_<hash of the migrations' files>`.
///
/// Named by the migrations' contents rather than rebuilt on every run, so a developer
/// whose `KEYUAN_TEST_DATABASE_URL` names a long-lived server pays for the migrations only
/// when they change; a changed (or added) migration gets a template of its own. (Old
/// templates stay behind on such a server, like the test databases do; `./test.sh` throws
/// its cluster away after each run.)
///
/// Races: the first test of each test binary (api, browser: processes that start
/// together) builds or finds the template while the other tests of that process wait on
/// the `OnceCell` (a tokio one, which works across the tests' separate runtimes; if that
/// test fails midway the next waiter tries again). Across processes, a session advisory
/// lock in the cluster's admin database serialises "does it exist, else build it"; the
/// database is migrated under a temporary name and renamed only when complete, so a run
/// that dies midway never leaves a half-migrated template (the lock goes with its
/// session, and the next run drops the leftover). The migration connection is closed
/// before the rename, and the template does not accept connections from then on, so no
/// session can stop `CREATE DATABASE … TEMPLATE`.
async fn template_database() -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE.get_or_init(build_template_database).await
}

async fn build_template_database() -> String {
    /// Any fixed key: it only has to be the same in every process of every run.
    const LOCK_KEY: i64 = 0x6b65_7975_616e_0001; // "keyuan", 1
    let admin_url = cluster_url();
    let name = format!("keyuan_template_{}", migrations_hash());
    let mut admin = AsyncPgConnection::establish(&admin_url)
        .await
        .expect("connect to the test cluster");
    diesel::sql_query("SELECT pg_advisory_lock($1)")
        .bind::<diesel::sql_types::BigInt, _>(LOCK_KEY)
        .execute(&mut admin)
        .await
        .expect("lock for the template database");
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let found = diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
        .bind::<diesel::sql_types::Text, _>(&name)
        .get_result::<Found>(&mut admin)
        .await
        .expect("look for the template database")
        .n;
    if found == 0 {
        let building = format!("{name}_building");
        let create = [
            format!("DROP DATABASE IF EXISTS {building}"),
            format!("CREATE DATABASE {building}"),
        ];
        execute_each(&mut admin, create, "create the template database").await;
        // run_migrations connects, migrates and closes its connection before it returns
        keyuan_server::db::run_migrations(&with_database(&admin_url, &building))
            .expect("migrations apply to a fresh database");
        let complete = [
            format!("ALTER DATABASE {building} ALLOW_CONNECTIONS false"),
            // waits (a few seconds at most) for the migration session to end on the server
            format!("ALTER DATABASE {building} RENAME TO {name}"),
        ];
        execute_each(&mut admin, complete, "complete the template database").await;
    }
    // closing `admin` releases the lock
    name
}

/// Runs `statements` one query each: `CREATE DATABASE` may not run in a transaction
/// block, which a batch of statements would be. `what` names them in a failure.
async fn execute_each(
    conn: &mut AsyncPgConnection,
    statements: impl IntoIterator<Item = String>,
    what: &str,
) {
    for sql in statements {
        diesel::sql_query(sql)
            .execute(conn)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

/// A digest of the names and contents of the files in `migrations/`, the folder that
/// `keyuan_server::db::MIGRATIONS` embeds (the first 16 hex digits of a SHA-256).
fn migrations_hash() -> String {
    use sha2::{Digest, Sha256};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut files = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read the migrations folder") {
            let path = entry.expect("read the migrations folder").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut digest = Sha256::new();
    for file in files {
        let name = file.strip_prefix(&root).unwrap().to_string_lossy();
        digest.update(name.as_bytes());
        digest.update([0]);
        digest.update(std::fs::read(&file).expect("read a migration"));
        digest.update([0]);
    }
    format!("{:x}", digest.finalize())[..16].to_owned()
}

pub fn test_config(database_url: String, app_dir: PathBuf) -> Config {
    Config {
        database_url,
        jwt_secret: TEST_JWT_SECRET.into(),
        host: "127.0.0.1".into(),
        port: 0,
        app_dir,
        load_demo_data: true,
        token_ttl: Duration::from_secs(3600),
        db_pool_size: 4,
    }
}

/// A running server. Dropping it stops the server.
pub struct TestServer {
    pub base: String,
    pub database_url: String,
    handle: actix_web::dev::ServerHandle,
    http: reqwest::Client,
}

impl TestServer {
    /// A fresh database with the demo store, and a server in front of it.
    pub async fn start() -> TestServer {
        let url = fresh_database().await;
        Self::start_with(test_config(url, keyuan_server::config::default_app_dir())).await
    }

    /// A server over the demo store with its activity: prospects of every grade and, for
    /// each consultant, a customer delivered three months ago.
    pub async fn start_with_demo_activity() -> TestServer {
        let url = fresh_database().await;
        let pool = keyuan_server::db::pool(&url, 2).expect("pool");
        let mut conn = pool.get().await.expect("database connection for demo data");
        keyuan_server::seed::load_demo_data(&mut conn, keyuan_server::seed::Demo::WithActivity)
            .await
            .expect("demo data loads");
        drop(conn);
        let mut config = test_config(url, keyuan_server::config::default_app_dir());
        config.load_demo_data = false;
        Self::start_with(config).await
    }

    /// Gives 王磊 (consultant1) one walk-in prospect for each of `count` new customers and
    /// for every customer already there: more than a card list holds when `count` is 1,001.
    pub async fn add_walk_in_prospects(&self, count: u32) {
        let mut db = self.db().await;
        diesel::sql_query(
            "INSERT INTO customers (store_id, phone, name) \
             SELECT s.id, '139' || lpad(g::text, 8, '0'), '客户' || g FROM stores s, generate_series(1, $1) g",
        )
        .bind::<diesel::sql_types::Integer, _>(count as i32)
        .execute(&mut db)
        .await
        .unwrap();
        diesel::sql_query(
            "INSERT INTO prospects (store_id, customer_id, owner_id, source, next_follow_up_on, last_contact_at) \
             SELECT c.store_id, c.id, (SELECT id FROM users WHERE login = 'consultant1'), 'walk_in', current_date, now() \
             FROM customers c",
        )
        .execute(&mut db)
        .await
        .unwrap();
    }

    pub async fn start_with(config: Config) -> TestServer {
        let database_url = config.database_url.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let pool = keyuan_server::db::pool(&config.database_url, config.db_pool_size)
                    .expect("pool");
                if config.load_demo_data {
                    let mut conn = pool.get().await.expect("database connection for demo data");
                    keyuan_server::seed::load_demo_data(
                        &mut conn,
                        keyuan_server::seed::Demo::StaffOnly,
                    )
                    .await
                    .expect("demo data loads");
                }
                let state = keyuan_server::state(&config, pool);
                let app_dir = config.app_dir.clone();
                let server =
                    HttpServer::new(move || keyuan_server::app(state.clone(), app_dir.clone()))
                        .workers(1)
                        .disable_signals()
                        .bind(("127.0.0.1", 0))
                        .expect("bind a loopback port");
                let addr: SocketAddr = server.addrs()[0];
                let server = server.run();
                tx.send((addr, server.handle())).expect("test is waiting");
                server.await
            })
        });
        let (addr, handle) = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("server started");
        TestServer {
            base: format!("http://{addr}"),
            database_url,
            handle,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request to `/api/v1{path}`; answers the status and the JSON body (or Null).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, self.url(&format!("/api/v1{path}")));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the server");
        let status = response.status();
        let text = response.text().await.expect("body");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, json)
    }

    /// POSTs a raw body with a content type, for malformed requests.
    pub async fn post_raw(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url(&format!("/api/v1{path}")))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request reaches the server");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    /// One sign-in attempt, answered as it came.
    pub async fn try_login(&self, login: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/auth/login",
            None,
            Some(serde_json::json!({"login": login, "password": password})),
        )
        .await
    }

    /// Signs in and answers the token.
    pub async fn login(&self, login: &str, password: &str) -> String {
        let (status, body) = self.try_login(login, password).await;
        assert_eq!(status, StatusCode::OK, "sign-in of {login} failed: {body}");
        body["token"].as_str().expect("token").to_owned()
    }

    /// The id of the user signing in as `login`, as a manager or admin (`token`) sees it.
    pub async fn user_id(&self, token: &str, login: &str) -> i64 {
        let (status, users) = self.get("/users", token).await;
        assert_eq!(status, StatusCode::OK, "{users}");
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["login"] == login)
            .unwrap_or_else(|| panic!("no user {login} in {users}"))["id"]
            .as_i64()
            .unwrap()
    }

    pub async fn demo_login(&self, login: &str) -> String {
        self.login(login, DEMO_PASSWORD).await
    }

    /// Signs in each of the demo users `logins`; answers their tokens in that order.
    pub async fn demo_logins<const N: usize>(&self, logins: [&str; N]) -> [String; N] {
        let mut tokens = Vec::with_capacity(N);
        for login in logins {
            tokens.push(self.demo_login(login).await);
        }
        tokens.try_into().expect("one token a login")
    }

    /// A direct connection to this test's database, to check what was stored.
    pub async fn db(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.database_url)
            .await
            .expect("connect to the test database")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // stop() is a future; the server thread ends by itself once it completes.
        drop(self.handle.stop(false));
    }
}

/// The demo store's id (the first store created).
pub async fn demo_store_id(server: &TestServer, admin_token: &str) -> i64 {
    let (_, stores) = server.get("/stores", admin_token).await;
    stores
        .as_array()
        .and_then(|s| {
            s.iter()
                .find(|s| s["name"] == keyuan_server::seed::DEMO_STORE)
        })
        .expect("demo store")["id"]
        .as_i64()
        .unwrap()
}

/// The `n` of `sql`, a `SELECT count(*) AS n …`: how many rows it found.
pub async fn count_rows(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// Extracts `error.code` and `error.field` of an error answer.
pub fn error_of(body: &Value) -> (&str, Option<&str>) {
    (
        body["error"]["code"].as_str().unwrap_or("<no error code>"),
        body["error"]["field"].as_str(),
    )
}

/// Moves the demo store to the fixed-offset zone where it is now about noon, so tests
/// that log visits "an hour ago" stay on the store's today whenever they run.
pub async fn store_at_midday(server: &TestServer) {
    use chrono::Timelike;
    let admin = server.demo_login("admin").await;
    let store = demo_store_id(server, &admin).await;
    let offset = 12 - chrono::Utc::now().hour() as i32; // -11 ..= 12
                                                        // Etc/GMT names count the other way round: UTC+8 is Etc/GMT-8
    let zone = if offset >= 0 {
        format!("Etc/GMT-{offset}")
    } else {
        format!("Etc/GMT+{}", -offset)
    };
    let (status, body) = server
        .patch(
            &format!("/stores/{store}"),
            &admin,
            serde_json::json!({"time_zone": zone}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
