//! `cargo bench -p keyuan-tests --bench showroom`: times `GET /api/v1/metrics/showroom`
//! for one store over a month and over a year, cold and warm, through the real server
//! and real HTTP, on a database that `--bench generate-history` filled
//! (`KEYUAN_SCALE_DATABASE_URL`, else `DATABASE_URL`). Beside it, in the same run, what
//! PostgreSQL itself needs: the server's counts statement run bare on a direct
//! connection, its `EXPLAIN (ANALYZE, BUFFERS)`, and pgbench on the same database (the
//! counts statement, and a primary-key look-up like `pgbench -S`). It prints the figures
//! and asserts nothing about time: the machines are shared and noisy.
//!
//! Cold: each sample is a store not asked for before in this run (the month samples and
//! the year samples use different halves of the stores), right after the server started.
//! With `KEYUAN_SCALE_PG_DATA` naming the data directory of a PostgreSQL cluster you
//! started (and may restart), the cluster is restarted first, so its shared buffers hold
//! none of those pages; the operating system's page cache may still hold them (emptying it
//! needs root and slows every other process on the machine). Warm: one store and period
//! asked for again and again.
//!
//! `KEYUAN_PGBENCH` names the pgbench to use; else the newest under /usr/lib/postgresql,
//! else `pgbench` on PATH (the pgbench part is skipped if there is none).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate};
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_tests::{test_config, TestServer, DEMO_PASSWORD};
use serde_json::Value;

/// Samples of each warm measurement.
const WARM: usize = 100;

/// The statement `server/src/queries/metrics/counts.rs` builds for one store's dashboard
/// (dimensions consultant, source, model, hour, day), as the server sends it: `$1` the
/// stores, `$2` and `$3` the first and last store-local dates. A copy: the run checks
/// that its totals equal the server's answer, so a change there shows up here.
const COUNTS_SQL: &str = include_str!("showroom_counts.sql");

#[derive(Clone, Copy)]
struct Period {
    label: &'static str,
    from: NaiveDate,
    to: NaiveDate,
}

#[tokio::main]
async fn main() {
    let env = |name| {
        std::env::var(name)
            .ok()
            .filter(|v: &String| !v.trim().is_empty())
    };
    let Some(url) = env("KEYUAN_SCALE_DATABASE_URL").or_else(|| env("DATABASE_URL")) else {
        // a plain `cargo bench` runs every bench target: this one needs a filled database
        println!(
            "showroom: set KEYUAN_SCALE_DATABASE_URL to a database filled by \
             `cargo bench -p keyuan-tests --bench generate-history` (README, Scale); nothing done"
        );
        return;
    };
    let pg_data = env("KEYUAN_SCALE_PG_DATA").map(PathBuf::from);
    let pg_bin = pg_bin_dir();

    // as the server does when it starts
    let applied = keyuan_server::db::run_migrations(&url).expect("migrations");
    if !applied.is_empty() {
        println!("applied migrations {}", applied.join(", "));
    }
    let mut db = connect(&url).await;
    let stores = store_ids(&mut db).await;
    assert!(
        stores.len() >= 2,
        "the database holds {} stores: fill it with generate-history first",
        stores.len()
    );
    describe(&mut db).await;
    let last = last_full_month(&mut db).await;
    let month = |back: u32| {
        let from = last - Months::new(back);
        Period {
            label: "month",
            from,
            to: from + Months::new(1) - chrono::Days::new(1),
        }
    };
    let year = |back: u32| {
        let to = last + Months::new(1) - Months::new(back) - chrono::Days::new(1);
        Period {
            label: "year",
            from: to + chrono::Days::new(1) - Months::new(12),
            to,
        }
    };
    // cold samples: every store once, the first half for a month, the second for a year,
    // periods varying a little too
    let half = stores.len() / 2;
    let cold: Vec<(i64, Period)> = stores
        .iter()
        .enumerate()
        .map(|(i, &store)| {
            let back = (i % 6) as u32;
            (store, if i < half { month(back) } else { year(back) })
        })
        .collect();
    let warm_store = stores[0];
    let max_visit: i64 = text(&mut db, "SELECT max(id)::text AS t FROM visits")
        .await
        .parse()
        .expect("a visit id");
    let (warm_month, warm_year) = (month(0), year(0));
    drop(db);

    let restarted = restart(pg_data.as_deref(), pg_bin.as_deref());
    println!(
        "cold: each sample a store not asked for before in this run, right after the server started; \
         PostgreSQL {}",
        if restarted {
            "restarted just before (its shared buffers empty; the OS page cache not emptied)"
        } else {
            "not restarted (set KEYUAN_SCALE_PG_DATA to restart it): its shared buffers may hold pages"
        }
    );
    let mut config = test_config(url.clone(), keyuan_server::config::default_app_dir());
    config.load_demo_data = false;
    let server = TestServer::start_with(config).await;
    let admin = server.login("admin", DEMO_PASSWORD).await;
    let request = |store: i64, p: Period| {
        format!(
            "/metrics/showroom?store_id={store}&from={}&to={}",
            p.from, p.to
        )
    };

    let mut rows = Vec::new();
    for label in ["month", "year"] {
        let mut samples = Vec::new();
        for &(store, p) in cold.iter().filter(|(_, p)| p.label == label) {
            let started = Instant::now();
            let (status, body) = server.get(&request(store, p), &admin).await;
            samples.push(started.elapsed());
            assert!(status.is_success(), "{status} {body}");
        }
        rows.push((format!("HTTP {label}, cold"), samples));
    }
    let mut answers = Vec::new();
    for p in [warm_month, warm_year] {
        let path = request(warm_store, p);
        let (_, answer) = server.get(&path, &admin).await;
        let mut samples = Vec::new();
        for _ in 0..WARM {
            let started = Instant::now();
            let (status, body) = server.get(&path, &admin).await;
            samples.push(started.elapsed());
            assert!(status.is_success(), "{status} {body}");
        }
        rows.push((format!("HTTP {}, warm", p.label), samples));
        answers.push((p, answer));
    }
    drop(server);

    // the bare statement: the same stores and periods, cold again if PostgreSQL restarts
    let restarted_again = restart(pg_data.as_deref(), pg_bin.as_deref());
    let mut db = connect(&url).await;
    for label in ["month", "year"] {
        let mut samples = Vec::new();
        for &(store, p) in cold.iter().filter(|(_, p)| p.label == label) {
            let started = Instant::now();
            counts(&mut db, store, p).await;
            samples.push(started.elapsed());
        }
        let how = if restarted_again {
            "cold"
        } else {
            "second time"
        };
        rows.push((format!("SQL counts {label}, {how}"), samples));
    }
    for (p, answer) in &answers {
        let totals = counts(&mut db, warm_store, *p).await;
        check_totals(&totals, answer, p.label);
        let mut samples = Vec::new();
        for _ in 0..WARM {
            let started = Instant::now();
            counts(&mut db, warm_store, *p).await;
            samples.push(started.elapsed());
        }
        rows.push((format!("SQL counts {}, warm", p.label), samples));
    }

    println!(
        "\nGET /api/v1/metrics/showroom, one store (admin, store_id=…), and the server's counts statement alone (SQL)"
    );
    println!(
        "{:<30} {:>7} {:>8} {:>8} {:>8} {:>8}",
        "ms", "samples", "p50", "p95", "p99", "max"
    );
    for (label, samples) in &mut rows {
        print_row(label, samples);
    }

    println!("\nEXPLAIN (ANALYZE, BUFFERS) of the counts statement, warm, store {warm_store}");
    for p in [warm_month, warm_year] {
        explain(&mut db, warm_store, p).await;
    }
    drop(db);

    match pg_bin
        .as_deref()
        .map(|b| b.join("pgbench"))
        .filter(|p| p.exists())
    {
        Some(pgbench) => run_pgbench(&pgbench, &url, &stores, max_visit, (warm_month, warm_year)),
        None => println!("\npgbench: not found (set KEYUAN_PGBENCH); skipped"),
    }
}

async fn connect(url: &str) -> AsyncPgConnection {
    AsyncPgConnection::establish(url)
        .await
        .expect("connect to the scale database")
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(diesel::QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    t: String,
}

async fn text(db: &mut AsyncPgConnection, sql: &str) -> String {
    diesel::sql_query(sql)
        .get_result::<TextRow>(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .t
}

async fn store_ids(db: &mut AsyncPgConnection) -> Vec<i64> {
    diesel::sql_query("SELECT id FROM stores ORDER BY id")
        .load::<Id>(db)
        .await
        .expect("stores")
        .into_iter()
        .map(|s| s.id)
        .collect()
}

/// What the numbers were measured on.
async fn describe(db: &mut AsyncPgConnection) {
    let facts = text(
        db,
        "SELECT format('%s stores, %s visits, %s orders, %s prospects; database %s; PostgreSQL %s, shared_buffers %s, %s', \
           (SELECT count(*) FROM stores), (SELECT count(*) FROM visits), (SELECT count(*) FROM orders), \
           (SELECT count(*) FROM prospects), pg_size_pretty(pg_database_size(current_database())), \
           current_setting('server_version'), current_setting('shared_buffers'), \
           (SELECT string_agg(indexrelid::regclass::text, ', ' ORDER BY indexrelid::regclass::text) FROM pg_index \
              WHERE indrelid = 'visits'::regclass)) AS t",
    )
    .await;
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("{facts}\n{cores} cores");
}

/// The first day of the last month the history covers completely.
async fn last_full_month(db: &mut AsyncPgConnection) -> NaiveDate {
    let last: NaiveDate = text(
        db,
        "SELECT (max(v.arrived_at AT TIME ZONE s.time_zone))::date::text AS t FROM visits v JOIN stores s ON s.id = v.store_id",
    )
    .await
    .parse()
    .expect("a date");
    let first_of = |d: NaiveDate| d.with_day(1).unwrap();
    if (last + chrono::Days::new(1)).day() == 1 {
        first_of(last)
    } else {
        first_of(last) - Months::new(1)
    }
}

#[derive(diesel::QueryableByName)]
struct CountsRow {
    #[diesel(sql_type = Text)]
    dim: String,
    #[diesel(sql_type = Nullable<Text>)]
    #[allow(dead_code)]
    key: Option<String>,
    #[diesel(sql_type = Array<BigInt>)]
    counts: Vec<i64>,
}

/// Runs the counts statement; answers its totals (the `total` rows summed).
async fn counts(db: &mut AsyncPgConnection, store: i64, p: Period) -> Vec<i64> {
    let rows: Vec<CountsRow> = diesel::sql_query(COUNTS_SQL)
        .bind::<Array<BigInt>, _>(vec![store])
        .bind::<Date, _>(p.from)
        .bind::<Date, _>(p.to)
        .load(db)
        .await
        .expect("the counts statement");
    let mut total = vec![0; 18];
    for row in rows.iter().filter(|r| r.dim == "total") {
        for (t, n) in total.iter_mut().zip(&row.counts) {
            *t += n;
        }
    }
    total
}

/// The copy's totals must be the server's: traffic, first visits, sales, grades.
fn check_totals(totals: &[i64], answer: &Value, label: &str) {
    // the figures are flattened into the answer
    let server = [
        &answer["traffic_people"],
        &answer["first_visits"],
        &answer["sales"]["retail"],
        &answer["sales"]["secondary"],
        &answer["grades"]["C"],
    ];
    let ours = [totals[0], totals[2], totals[10], totals[11], totals[17]];
    let same = server.iter().zip(ours).all(|(s, o)| s.as_i64() == Some(o));
    if same {
        println!("the bench's counts statement gives the server's totals ({label}: {ours:?})");
    } else {
        println!(
            "WARNING: the bench's copy of the counts statement ({label}: {ours:?}) differs from the server's \
             answer ({server:?}): update tests/bench/showroom_counts.sql from counts.rs"
        );
    }
}

#[derive(diesel::QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    t: String,
}

async fn explain(db: &mut AsyncPgConnection, store: i64, p: Period) {
    // EXPLAIN cannot take bind parameters through diesel's `sql_query`: spell them out
    let sql = COUNTS_SQL
        .replace("$1", &format!("ARRAY[{store}]::bigint[]"))
        .replace("$2", &format!("'{}'", p.from))
        .replace("$3", &format!("'{}'", p.to));
    let plan: Vec<PlanLine> =
        diesel::sql_query(format!("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) {sql}"))
            .load(db)
            .await
            .unwrap_or_else(|e| panic!("EXPLAIN: {e}"));
    let plan: Vec<String> = plan.into_iter().map(|r| r.t).collect();
    let first_buffers = plan
        .iter()
        .find(|l| l.trim_start().starts_with("Buffers:"))
        .map(|l| l.trim().to_owned())
        .unwrap_or_default();
    let tail: Vec<&str> = plan
        .iter()
        .filter(|l| l.starts_with("Planning Time") || l.starts_with("Execution Time"))
        .map(String::as_str)
        .collect();
    println!(
        "  {} {}..{}: {} (top node {first_buffers})",
        p.label,
        p.from,
        p.to,
        tail.join(", ")
    );
    if std::env::var_os("KEYUAN_SCALE_PLANS").is_some() {
        println!("{}", plan.join("\n"));
    }
}

fn print_row(label: &str, samples: &mut [Duration]) {
    samples.sort();
    let n = samples.len();
    let ms =
        |q: f64| samples[((n as f64 * q).ceil() as usize).clamp(1, n) - 1].as_secs_f64() * 1000.0;
    println!(
        "{label:<30} {n:>7} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
        ms(0.50),
        ms(0.95),
        ms(0.99),
        ms(1.0)
    );
}

/// The PostgreSQL bin directory: KEYUAN_PGBENCH's, else the newest Debian one, else PATH's.
fn pg_bin_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KEYUAN_PGBENCH") {
        return PathBuf::from(p).parent().map(Path::to_path_buf);
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("pgbench").exists())
        .collect();
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop().or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path).find(|d| d.join("pgbench").exists())
    })
}

/// Restarts the cluster in `data` (its owner runs pg_ctl, as `.ci/lib.sh` does).
fn restart(data: Option<&Path>, bin: Option<&Path>) -> bool {
    let (Some(data), Some(bin)) = (data, bin) else {
        return false;
    };
    let pg_ctl = bin.join("pg_ctl");
    let log = data.join("server.log");
    let args = [
        "-D",
        data.to_str().expect("a UTF-8 path"),
        "-l",
        log.to_str().expect("a UTF-8 path"),
        "-m",
        "fast",
        "-w",
        "restart",
    ];
    // initdb and postgres refuse to run as root: the cluster then belongs to `postgres`
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let status = if is_root {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&pg_ctl)
            .args(args)
            .output()
    } else {
        Command::new(&pg_ctl).args(args).output()
    }
    .expect("run pg_ctl");
    assert!(
        status.status.success(),
        "pg_ctl restart: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    true
}

/// pgbench on the same database, one client like the HTTP loop: the counts statement for
/// a random store (the month and the year of the warm samples), and a primary-key look-up
/// of a random visit (what `pgbench -S` does on its own tables).
fn run_pgbench(
    pgbench: &Path,
    url: &str,
    stores: &[i64],
    max_visit: i64,
    (month, year): (Period, Period),
) {
    let dir = std::env::temp_dir().join(format!("keyuan-showroom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (first, last) = (stores[0], stores[stores.len() - 1]);
    let statement = COUNTS_SQL
        .trim()
        .trim_end_matches(';')
        .replace("$1", "(:stores)::bigint[]")
        .replace("$2", "(:from)")
        .replace("$3", "(:to)");
    let scripts = [
        (
            format!("counts, one store, {}", month.label),
            format!(
                "\\set store random({first}, {last})\nSELECT '{{' || :store || '}}' AS stores, '{}' AS from, '{}' AS to \\gset\n{statement};\n",
                month.from, month.to
            ),
        ),
        (
            format!("counts, one store, {}", year.label),
            format!(
                "\\set store random({first}, {last})\nSELECT '{{' || :store || '}}' AS stores, '{}' AS from, '{}' AS to \\gset\n{statement};\n",
                year.from, year.to
            ),
        ),
        (
            "primary-key look-up of a visit (-S)".to_owned(),
            format!("\\set id random(1, {max_visit})\nSELECT party_size FROM visits WHERE id = :id;\n"),
        ),
    ];
    println!("\npgbench on the same database (1 client, 10 s each, extended protocol; latency of one transaction)");
    println!(
        "{:<40} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "ms", "tps", "p50", "p95", "p99", "max"
    );
    for (i, (label, script)) in scripts.iter().enumerate() {
        let file = dir.join(format!("script{i}.sql"));
        std::fs::write(&file, script).expect("write a pgbench script");
        let prefix = dir.join(format!("log{i}"));
        let output = Command::new(pgbench)
            .args([
                "-n",
                "-c",
                "1",
                "-T",
                "10",
                "-M",
                "extended",
                "-l",
                "--log-prefix",
            ])
            .arg(&prefix)
            .arg("-f")
            .arg(&file)
            .arg(url)
            .current_dir(&dir)
            .output()
            .expect("run pgbench");
        let out = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            println!(
                "{label}: pgbench failed: {}{out}",
                String::from_utf8_lossy(&output.stderr)
            );
            continue;
        }
        let tps = out
            .lines()
            .find_map(|l| l.strip_prefix("tps = "))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or("?")
            .to_owned();
        // the log's lines: client, transaction, latency (µs), script, epoch, µs
        let mut samples: Vec<Duration> = std::fs::read_dir(&dir)
            .expect("the pgbench logs")
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("log{i}."))
            })
            .flat_map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter_map(|l| l.split_whitespace().nth(2)?.parse::<u64>().ok())
            .map(Duration::from_micros)
            .collect();
        if samples.is_empty() {
            println!("{label}: no pgbench log");
            continue;
        }
        samples.sort();
        let n = samples.len();
        let ms = |q: f64| {
            samples[((n as f64 * q).ceil() as usize).clamp(1, n) - 1].as_secs_f64() * 1000.0
        };
        println!(
            "{label:<40} {tps:>8.8} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            ms(0.5),
            ms(0.95),
            ms(0.99),
            ms(1.0)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
