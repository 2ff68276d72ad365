//! `cargo bench -p keyuan-tests --bench generate-history -- --stores 100 --years 5`: fills a
//! database with years of showroom history for the scale benchmark (`--bench showroom`).
//!
//! The database is `--database-url URL`, else `KEYUAN_SCALE_DATABASE_URL`, else
//! `DATABASE_URL`. It is created if missing and migrated with the server's embedded
//! migrations; it must hold no stores yet (`--fresh` drops and recreates it first).
//!
//! Everything is generated inside PostgreSQL, set-based (`INSERT … SELECT` over
//! `generate_series` with `random()`), never row by row from here:
//! - stores in a few time zones (mostly Asia/Shanghai), each with a manager (login
//!   `s001.manager`), a receptionist (`s001.reception`), 6–10 consultants (`s001.c01`…)
//!   and 5–8 vehicle models; one admin (`admin`); every password is the demo password;
//! - about 24 walk-ins a store-day between 09:00 and 20:00 store time (Fridays and
//!   weekends busier, February quiet, October busy), party sizes 1–4, sources weighted,
//!   60 % first visits of which 82 % are captured (a customer with a Chinese name and a
//!   phone unique in its store, and a prospect owned by the consultant), return visits
//!   of earlier customers going to their owner, test drives, departures (some unknown),
//!   and about 3 phone-ins a store-day;
//! - for every prospect an outcome: about a quarter order (retail, secondary or fleet;
//!   delivered some weeks later, the prospect then `won`), about a third are lost (a
//!   confirmed lost deal with a reason, or a pending one in the last days), the rest stay
//!   open (and, untouched for 90 days, read as dormant); follow-ups between the first
//!   visit and the outcome, the grades and next follow-up dates they imply; one owner
//!   row per prospect; a monthly target per store.
//!
//! Not generated: loyalty contacts after delivery, duty exceptions, audit entries.
//!
//! To load quickly, the foreign keys and the non-unique indexes are dropped before the
//! load and recreated after it from their own definitions (adding a foreign key checks
//! every row, so every constraint still holds); primary keys, unique constraints and
//! checks stay in place throughout. The schema's fingerprint is compared before and after.

use std::time::Instant;

use anyhow::{bail, Context};
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use keyuan_tests::with_database;

struct Args {
    stores: u32,
    years: u32,
    url: String,
    fresh: bool,
    seed: f64,
}

const USAGE: &str = "usage: cargo bench -p keyuan-tests --bench generate-history -- \
    [--stores 100] [--years 5] [--database-url URL] [--fresh] [--seed 0.42]\n\
    (the URL may also come from KEYUAN_SCALE_DATABASE_URL or DATABASE_URL)";

fn args() -> anyhow::Result<Option<Args>> {
    let mut args = Args {
        stores: 100,
        years: 5,
        url: String::new(),
        fresh: false,
        seed: 0.42,
    };
    let mut url = None;
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut value = || given.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--stores" => args.stores = value()?.parse().context("--stores")?,
            "--years" => args.years = value()?.parse().context("--years")?,
            "--database-url" => url = Some(value()?),
            "--seed" => args.seed = value()?.parse().context("--seed")?,
            "--fresh" => args.fresh = true,
            // `cargo bench` passes this to every bench target
            "--bench" => {}
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    let env = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let Some(url) = url
        .or_else(|| env("KEYUAN_SCALE_DATABASE_URL"))
        .or_else(|| env("DATABASE_URL"))
    else {
        // a plain `cargo bench` runs every bench target: this one only on request
        println!("generate-history: no database given, nothing done\n{USAGE}");
        return Ok(None);
    };
    if !(1..=999).contains(&args.stores) || !(1..=20).contains(&args.years) {
        bail!("--stores must be 1–999 and --years 1–20");
    }
    if !(-1.0..=1.0).contains(&args.seed) {
        bail!("--seed must be between -1 and 1 (PostgreSQL's setseed)");
    }
    args.url = url;
    Ok(Some(args))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let Some(args) = args()? else { return Ok(()) };
    let started = Instant::now();
    prepare_database(&args).await?;
    keyuan_server::db::run_migrations(&args.url)?;
    let mut db = AsyncPgConnection::establish(&args.url)
        .await
        .context("connect to the database")?;
    if count(&mut db, "SELECT count(*) AS n FROM stores").await? > 0 {
        bail!("the database already holds stores: pass --fresh to drop and recreate it");
    }
    // one hash for every account, as the demo data does (they share the demo password)
    let hash = keyuan_server::auth::hash_password(keyuan_server::seed::DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("hashing the demo password: {e:?}"))?;
    println!(
        "generating {} stores × {} years into {}",
        args.stores,
        args.years,
        redacted(&args.url)
    );
    db.batch_execute(&format!(
        "SET synchronous_commit = off; SET work_mem = '512MB'; SET maintenance_work_mem = '1GB'; \
         SET temp_buffers = '3GB'; SET max_parallel_maintenance_workers = 2; SELECT setseed({})",
        args.seed
    ))
    .await?;
    let fingerprint = schema_fingerprint(&mut db).await?;
    let (drop, recreate) = loosen(&mut db).await?;
    step(&mut db, "drop foreign keys and secondary indexes", &drop).await?;
    for (label, sql) in load(&args, &hash.replace('\'', "''")) {
        step(&mut db, label, &sql).await?;
    }
    step(
        &mut db,
        "recreate indexes and foreign keys (checks every row)",
        &recreate,
    )
    .await?;
    step(&mut db, "identity sequences", &SEQUENCES.join(";")).await?;
    step(&mut db, "VACUUM ANALYZE", "VACUUM ANALYZE").await?;
    if schema_fingerprint(&mut db).await? != fingerprint {
        bail!("the schema after the load differs from the migrated one");
    }
    println!("schema: as migrated (constraints and indexes compared before and after)");
    println!("{:<18} {:>12}", "table", "rows");
    for table in TABLES {
        let n = count(&mut db, &format!("SELECT count(*) AS n FROM {table}")).await?;
        println!("{table:<18} {n:>12}");
    }
    let size: String =
        diesel::sql_query("SELECT pg_size_pretty(pg_database_size(current_database())) AS t")
            .get_result::<TextRow>(&mut db)
            .await?
            .t;
    println!(
        "done in {:.1} s (database size {size})",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

const TABLES: [&str; 10] = [
    "stores",
    "users",
    "vehicle_models",
    "customers",
    "prospects",
    "prospect_owners",
    "visits",
    "follow_ups",
    "orders",
    "lost_deals",
];

/// Rows inserted with their own ids leave the identity behind: move it past them.
const SEQUENCES: [&str; 3] = [
    "SELECT setval(pg_get_serial_sequence('stores', 'id'), (SELECT max(id) FROM stores))",
    "SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers))",
    "SELECT setval(pg_get_serial_sequence('prospects', 'id'), (SELECT max(id) FROM prospects))",
];

#[derive(diesel::QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    t: String,
}

async fn count(db: &mut AsyncPgConnection, sql: &str) -> anyhow::Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    Ok(diesel::sql_query(sql).get_result::<Count>(db).await?.n)
}

async fn step(db: &mut AsyncPgConnection, label: &str, sql: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    db.batch_execute(sql)
        .await
        .with_context(|| format!("{label}: {sql}"))?;
    println!("{:>7.1} s  {label}", started.elapsed().as_secs_f64());
    Ok(())
}

fn redacted(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

fn database_name(url: &str) -> anyhow::Result<String> {
    let base = url.split('?').next().unwrap_or(url);
    let name = base.rsplit('/').next().unwrap_or_default();
    if name.is_empty()
        || base.ends_with("://")
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        bail!(
            "the database URL must name a database (letters, digits, _): {}",
            redacted(url)
        );
    }
    Ok(name.to_owned())
}

/// Creates the database if it is missing (with `--fresh`, drops it first).
async fn prepare_database(args: &Args) -> anyhow::Result<()> {
    let name = database_name(&args.url)?;
    if name == "postgres" || name.starts_with("template") {
        bail!("refusing to fill the cluster's own database {name}: name another one");
    }
    let mut admin = AsyncPgConnection::establish(&with_database(&args.url, "postgres"))
        .await
        .context("connect to the cluster's postgres database")?;
    if args.fresh {
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await?;
    }
    let exists = count(
        &mut admin,
        &format!("SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"),
    )
    .await?;
    if exists == 0 {
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await?;
    }
    Ok(())
}

/// Every constraint and index of the public schema, by name and definition.
async fn schema_fingerprint(db: &mut AsyncPgConnection) -> anyhow::Result<String> {
    Ok(diesel::sql_query(
        "SELECT md5(string_agg(x, E'\\n' ORDER BY x)) AS t FROM ( \
           SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS x \
           FROM pg_constraint WHERE connamespace = 'public'::regnamespace \
           UNION ALL SELECT pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
           WHERE c.relnamespace = 'public'::regnamespace) s",
    )
    .get_result::<TextRow>(db)
    .await?
    .t)
}

/// The statements that drop the foreign keys and the non-unique indexes, and those that
/// recreate them from their catalogued definitions (indexes first: the checks use them).
async fn loosen(db: &mut AsyncPgConnection) -> anyhow::Result<(String, String)> {
    #[derive(diesel::QueryableByName)]
    struct Ddl {
        #[diesel(sql_type = Text)]
        drop: String,
        #[diesel(sql_type = Text)]
        create: String,
    }
    let foreign: Vec<Ddl> = diesel::sql_query(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS drop, \
                format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS create \
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'f' ORDER BY oid",
    )
    .load(db)
    .await?;
    let indexes: Vec<Ddl> = diesel::sql_query(
        "SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop, pg_get_indexdef(i.indexrelid) AS create \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE c.relnamespace = 'public'::regnamespace AND NOT i.indisunique ORDER BY i.indexrelid",
    )
    .load(db)
    .await?;
    let drop = foreign
        .iter()
        .chain(&indexes)
        .map(|d| d.drop.as_str())
        .collect::<Vec<_>>()
        .join(";\n");
    let create = indexes
        .iter()
        .chain(&foreign)
        .map(|d| d.create.as_str())
        .collect::<Vec<_>>()
        .join(";\n");
    Ok((drop, create))
}

/// `values` (SQL literals) chosen with their weights by one `random()`.
fn pick(values: &[(&str, f64)]) -> String {
    let total: f64 = values.iter().map(|(_, w)| w).sum();
    let mut edge = 0.0;
    let mut edges = Vec::new();
    for (_, weight) in values {
        edges.push(format!("{:.6}", edge / total));
        edge += weight;
    }
    let literals: Vec<&str> = values.iter().map(|(v, _)| *v).collect();
    format!(
        "(ARRAY[{}])[width_bucket(random(), ARRAY[{}]::float8[])]",
        literals.join(","),
        edges.join(",")
    )
}

/// `values` (SQL literals) with equal chances.
fn any_of(values: &[&str]) -> String {
    format!(
        "(ARRAY[{}])[1 + floor(random() * {})::int]",
        values.join(","),
        values.len()
    )
}

fn quoted(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| format!("'{v}'")).collect()
}

/// A Chinese name: a surname by its frequency and one or two given characters.
fn chinese_name() -> String {
    let surnames = [
        ("王", 7.1),
        ("李", 7.0),
        ("张", 6.7),
        ("刘", 5.4),
        ("陈", 4.5),
        ("杨", 3.1),
        ("黄", 2.1),
        ("赵", 2.0),
        ("吴", 1.9),
        ("周", 1.9),
        ("徐", 1.3),
        ("孙", 1.3),
        ("马", 1.1),
        ("朱", 1.1),
        ("胡", 1.0),
        ("郭", 1.0),
        ("何", 0.9),
        ("高", 0.9),
        ("林", 0.9),
        ("罗", 0.8),
        ("郑", 0.8),
        ("梁", 0.7),
        ("谢", 0.6),
        ("宋", 0.5),
        ("唐", 0.5),
        ("许", 0.5),
        ("韩", 0.5),
        ("冯", 0.5),
        ("邓", 0.5),
        ("曹", 0.4),
    ];
    let quoted_surnames: Vec<(String, f64)> = surnames
        .iter()
        .map(|(s, w)| (format!("'{s}'"), *w))
        .collect();
    let weighted: Vec<(&str, f64)> = quoted_surnames
        .iter()
        .map(|(s, w)| (s.as_str(), *w))
        .collect();
    let given = quoted(&[
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
        "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "建", "文", "辉", "鑫",
        "宇", "浩", "然", "婷", "雪", "琳", "晨", "欣", "子", "轩", "博", "思", "佳", "怡", "俊",
        "凯", "鹏", "飞", "丹", "颖",
    ]);
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    format!(
        "{} || {} || CASE WHEN random() < 0.65 THEN {} ELSE '' END",
        pick(&weighted),
        any_of(&given),
        any_of(&given)
    )
}

/// Days of follow-up cadence for a grade (the stores keep the default cadences).
fn cadence(grade: &str) -> String {
    format!(
        "CASE {grade} WHEN 'O' THEN 2 WHEN 'H' THEN 2 WHEN 'A' THEN 4 WHEN 'B' THEN 7 ELSE 15 END"
    )
}

/// The load, step by step: (label, SQL). The staging tables are temporary (no WAL) and
/// analysed once filled: autovacuum never looks at temporary tables, and without
/// statistics the planner joins 2.5 million prospects to the staff by nested loops.
fn load(args: &Args, hash: &str) -> Vec<(&'static str, String)> {
    let stores = args.stores;
    let years = args.years;
    let name = chinese_name();
    let cities = quoted(&[
        "上海", "北京", "广州", "深圳", "杭州", "南京", "苏州", "成都", "重庆", "武汉", "西安",
        "天津", "长沙", "郑州", "青岛", "济南", "合肥", "宁波", "厦门", "福州", "昆明", "沈阳",
        "大连", "无锡",
    ]);
    let cities: Vec<&str> = cities.iter().map(String::as_str).collect();
    let groups = quoted(&[
        "远达", "恒信", "润东", "华通", "永达", "中升", "广汇", "庞大",
    ]);
    let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
    let models = quoted(&[
        "福瑞迪",
        "狮跑",
        "智跑",
        "K2",
        "K5",
        "秀儿",
        "赛拉图",
        "索兰托",
    ]);
    let hour = pick(&[
        ("9", 3.0),
        ("10", 8.0),
        ("11", 10.0),
        ("12", 7.0),
        ("13", 5.0),
        ("14", 7.0),
        ("15", 10.0),
        ("16", 10.0),
        ("17", 9.0),
        ("18", 6.0),
        ("19", 4.0),
    ]);
    let party = pick(&[("1", 45.0), ("2", 35.0), ("3", 14.0), ("4", 6.0)]);
    let walk_in_source = pick(&[
        ("'walk_in'", 50.0),
        ("'online'", 20.0),
        ("'referral'", 10.0),
        ("'phone'", 8.0),
        ("'event'", 8.0),
        ("'outbound'", 4.0),
    ]);
    let phone_in_source = pick(&[("'phone'", 70.0), ("'online'", 25.0), ("'referral'", 5.0)]);
    let first_grade = pick(&[("'H'", 10.0), ("'A'", 20.0), ("'B'", 30.0), ("'C'", 40.0)]);
    let lost_grade = pick(&[("'A'", 10.0), ("'B'", 35.0), ("'C'", 55.0)]);
    let open_grade = pick(&[("'H'", 8.0), ("'A'", 17.0), ("'B'", 30.0), ("'C'", 45.0)]);
    let channel = pick(&[
        ("'call'", 45.0),
        ("'message'", 30.0),
        ("'visit'", 12.0),
        ("'test_drive'", 6.0),
        ("'other'", 7.0),
    ]);
    let sale_type = pick(&[("'retail'", 78.0), ("'secondary'", 17.0), ("'fleet'", 5.0)]);
    let reason = pick(&[
        ("'price'", 25.0),
        ("'brand'", 12.0),
        ("'configuration'", 10.0),
        ("'bad_quote'", 8.0),
        ("'exterior'", 6.0),
        ("'performance'", 6.0),
        ("'slow_follow_up'", 6.0),
        ("'interior'", 5.0),
        ("'quality'", 4.0),
        ("'unenthusiastic'", 3.0),
        ("'unprofessional'", 3.0),
        ("'poor_service'", 3.0),
        ("'broken_promise'", 2.0),
        ("'other'", 7.0),
    ]);
    let other_note = any_of(&[
        "'已在其他品牌订车'",
        "'家人不同意'",
        "'暂缓购车计划'",
        "'工作调动去外地'",
        "'摇号未中'",
    ]);
    let prefixes = quoted(&[
        "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188",
        "130", "131", "132", "155", "156", "185", "133", "153", "180", "189", "177", "199",
    ]);
    let title = any_of(&["'先生'", "'女士'"]);
    let o_cadence = cadence("CASE WHEN g.has_order THEN 'O' ELSE g.g_end END");
    let fu_cadence = cadence("f.grade_after");
    vec![
        (
            "parameters",
            format!(
                "CREATE TEMP TABLE gen AS SELECT (current_date - interval '{years} years')::date AS first_day, \
                 current_date - 1 AS last_day, now() AS now_at"
            ),
        ),
        (
            "stores",
            format!(
                "INSERT INTO stores (id, name, time_zone, created_at) OVERRIDING SYSTEM VALUE \
                 SELECT g, format('%s%s店 %s', c.city, (ARRAY[{groups}])[1 + g % 8], lpad(g::text, 3, '0')), c.tz, \
                        (SELECT first_day FROM gen) - interval '60 days' \
                 FROM generate_series(1, {stores}) g CROSS JOIN LATERAL (SELECT \
                   CASE WHEN g % 20 = 5 THEN '乌鲁木齐' WHEN g % 25 = 12 THEN '香港' WHEN g % 33 = 16 THEN '柏林' \
                        ELSE (ARRAY[{cities}])[1 + g % {n_cities}] END AS city, \
                   CASE WHEN g % 20 = 5 THEN 'Asia/Urumqi' WHEN g % 25 = 12 THEN 'Asia/Hong_Kong' \
                        WHEN g % 33 = 16 THEN 'Europe/Berlin' ELSE 'Asia/Shanghai' END AS tz) c; \
                 CREATE TEMP TABLE sg AS SELECT id AS store_id, time_zone AS tz, 0.7 + 0.6 * random() AS size, \
                   6 + floor(random() * 5)::int AS n_cons, 5 + floor(random() * 4)::int AS n_models FROM stores",
                groups = groups.join(","),
                cities = cities.join(","),
                n_cities = cities.len(),
            ),
        ),
        (
            "staff and models",
            format!(
                "INSERT INTO users (store_id, name, login, password_hash, role, created_at) \
                 SELECT NULL, '集团管理员', 'admin', '{hash}', 'admin', first_day - 60 FROM gen; \
                 INSERT INTO users (store_id, name, login, password_hash, role, created_at) \
                 SELECT s.store_id, {name}, format('s%s.%s', lpad(s.store_id::text, 3, '0'), r.login), '{hash}', r.role, \
                        (SELECT first_day FROM gen) - 60 \
                 FROM sg s CROSS JOIN LATERAL (SELECT 'manager' AS login, 'manager' AS role, 0 AS idx \
                   UNION ALL SELECT 'reception', 'receptionist', 0 \
                   UNION ALL SELECT 'c' || lpad(k::text, 2, '0'), 'consultant', k FROM generate_series(1, s.n_cons) k) r \
                 ORDER BY s.store_id, r.role, r.idx; \
                 CREATE TEMP TABLE staff AS SELECT store_id, role, \
                   CASE WHEN role = 'consultant' THEN right(login, 2)::int END AS idx, id AS user_id \
                 FROM users WHERE store_id IS NOT NULL; \
                 INSERT INTO vehicle_models (store_id, name, created_at) \
                 SELECT s.store_id, (ARRAY[{models}])[k], (SELECT first_day FROM gen) - 60 \
                 FROM sg s CROSS JOIN LATERAL generate_series(1, s.n_models) k ORDER BY s.store_id, k; \
                 CREATE TEMP TABLE gm AS SELECT store_id, \
                   row_number() OVER (PARTITION BY store_id ORDER BY id)::int AS idx, id AS model_id FROM vehicle_models; \
                 INSERT INTO sales_targets (store_id, month, sales, orders, new_prospects, set_by, updated_at) \
                 SELECT s.store_id, m::date, round(95 * s.size), round(110 * s.size), round(400 * s.size), st.user_id, m \
                 FROM sg s JOIN staff st ON st.store_id = s.store_id AND st.role = 'manager' \
                 CROSS JOIN gen CROSS JOIN generate_series(date_trunc('month', gen.first_day), gen.last_day, interval '1 month') m; \
                 ANALYZE sg, staff, gm",
                models = models.join(","),
            ),
        ),
        (
            "visits (staging)",
            // a: visits per store-day; b: one row a visit; c: its random draws;
            // d: what they make of it; then the running count of new customers per store
            format!(
                "CREATE TEMP TABLE gv AS \
                 SELECT d.*, \
                   count(*) FILTER (WHERE d.new_customer) OVER w AS n_all, \
                   count(*) FILTER (WHERE d.new_customer AND d.kind = 'walk_in') OVER w AS n_walk \
                 FROM (SELECT c.store_id, c.kind, c.arrived_at, \
                     CASE WHEN c.kind = 'phone_in' THEN CASE WHEN random() < 0.3 THEN NULL \
                            ELSE c.arrived_at + (2 + 10 * random()) * interval '1 minute' END \
                          WHEN random() < 0.08 THEN NULL \
                          ELSE c.arrived_at + (5 + 40 * random() ^ 2 + CASE WHEN c.test_drive THEN 30 ELSE 0 END) \
                               * interval '1 minute' END AS left_at, \
                     CASE WHEN c.kind = 'walk_in' THEN {party} ELSE 1 END AS party_size, \
                     CASE WHEN c.kind = 'walk_in' THEN {walk_in_source} ELSE {phone_in_source} END AS source, \
                     c.new_customer, c.known, c.test_drive, \
                     CASE WHEN c.new_customer OR c.known OR random() < 0.7 THEN 1 + floor(random() * c.n_cons)::int END AS cons_idx, \
                     CASE WHEN random() < CASE WHEN c.kind = 'walk_in' THEN 0.85 ELSE 0.6 END \
                          THEN 1 + floor(random() * c.n_models)::int END AS model_idx, \
                     c.u_pick \
                   FROM (SELECT b.store_id, b.kind, b.n_cons, b.n_models, b.arrived_at, \
                       (b.kind = 'walk_in' AND b.u_class < 0.6 AND b.u_capture < 0.82) \
                         OR (b.kind = 'phone_in' AND b.u_class < 0.55) AS new_customer, \
                       (b.kind = 'walk_in' AND b.u_class >= 0.6) \
                         OR (b.kind = 'phone_in' AND b.u_class >= 0.55 AND b.u_class < 0.85) AS known, \
                       b.kind = 'walk_in' AND b.u_drive < CASE WHEN b.u_class < 0.6 THEN 0.08 ELSE 0.18 END AS test_drive, \
                       b.u_pick \
                     FROM (SELECT a.store_id, k.kind, a.n_cons, a.n_models, \
                         ((a.day + make_interval(hours => CASE WHEN k.kind = 'walk_in' THEN {hour} \
                             ELSE 9 + floor(random() * 11)::int END) + random() * interval '1 hour')::timestamp \
                           AT TIME ZONE a.tz) AS arrived_at, \
                         random() AS u_class, random() AS u_capture, random() AS u_drive, random() AS u_pick \
                       FROM (SELECT s.store_id, s.tz, s.n_cons, s.n_models, d::date AS day, \
                           floor(21.4 * s.size * (ARRAY[1.6,0.9,0.9,0.9,0.9,1.05,1.75])[extract(dow FROM d)::int + 1] \
                             * (ARRAY[0.9,0.75,1.05,1.0,1.1,0.95,0.9,0.95,1.05,1.15,1.05,1.1])[extract(month FROM d)::int] \
                             * (0.8 + 0.4 * random()) + random())::int AS walk_ins, \
                           floor(2.9 * s.size * (ARRAY[0.9,0.75,1.05,1.0,1.1,0.95,0.9,0.95,1.05,1.15,1.05,1.1])[extract(month FROM d)::int] \
                             * (0.7 + 0.6 * random()) + random())::int AS phone_ins \
                         FROM sg s CROSS JOIN gen CROSS JOIN generate_series(gen.first_day, gen.last_day, interval '1 day') d \
                         OFFSET 0) a \
                       CROSS JOIN LATERAL (SELECT 'walk_in' AS kind FROM generate_series(1, a.walk_ins) \
                         UNION ALL SELECT 'phone_in' FROM generate_series(1, a.phone_ins)) k \
                       OFFSET 0) b \
                     WHERE b.arrived_at < (SELECT now_at FROM gen) \
                     OFFSET 0) c \
                   OFFSET 0) d \
                 WINDOW w AS (PARTITION BY d.store_id ORDER BY d.arrived_at ROWS UNBOUNDED PRECEDING); \
                 ANALYZE gv"
            ),
        ),
        (
            "customers and prospects (staging)",
            // e: the new customers in time order; f: each one's draws; g: the outcome
            format!(
                "CREATE TEMP TABLE gp AS \
                 SELECT g.*, \
                   CASE WHEN g.has_order THEN 'O' ELSE g.g_end END AS grade, \
                   CASE WHEN g.n_fu > 0 THEN g.last_fu_at END AS last_contact_at, \
                   CASE WHEN g.status IN ('won', 'lost') THEN NULL \
                        WHEN g.n_fu = 0 THEN (g.created_at AT TIME ZONE g.tz)::date + 1 \
                        ELSE (g.last_fu_at AT TIME ZONE g.tz)::date + {o_cadence} END AS next_follow_up_on, \
                   CASE WHEN g.status = 'won' THEN g.delivered_at WHEN g.status = 'lost' THEN g.lost_at END AS closed_at \
                 FROM (SELECT f.*, \
                     CASE WHEN f.n_fu = 0 THEN f.g0 WHEN f.outcome = 'order' THEN 'H' \
                          WHEN f.outcome = 'lost' AND f.lost_at <= f.now_at THEN f.g_lost ELSE f.g_open END AS g_end, \
                     greatest(f.created_at, least(f.now_at, CASE \
                       WHEN f.status = 'won' THEN f.delivered_at \
                       WHEN f.has_order THEN f.now_at - random() * interval '2 days' \
                       WHEN f.outcome = 'lost' AND f.lost_at <= f.now_at THEN f.lost_at \
                       WHEN f.outcome = 'open' THEN f.open_last \
                       ELSE f.created_at + (f.now_at - f.created_at) * random() END)) AS last_fu_at \
                   FROM (SELECT e.*, \
                       CASE WHEN e.outcome = 'order' AND e.delivered_at <= e.now_at THEN 'won' \
                            WHEN e.outcome = 'lost' AND e.lost_at <= e.now_at - interval '5 days' THEN 'lost' \
                            WHEN e.outcome = 'lost' AND e.lost_at <= e.now_at THEN 'lost_pending' \
                            ELSE 'active' END AS status, \
                       e.outcome = 'order' AND e.ordered_at <= e.now_at AS has_order, \
                       CASE WHEN e.outcome = 'order' AND e.ordered_at <= e.now_at THEN 2 + floor(e.u_fu * 4)::int \
                            WHEN e.outcome = 'lost' AND e.lost_at <= e.now_at THEN 1 + floor(e.u_fu * 3)::int \
                            ELSE floor(e.u_fu * 3)::int END AS n_fu \
                     FROM (SELECT e0.*, CASE WHEN e0.outcome = 'order' THEN e0.ordered_at + e0.delivery_lead END AS delivered_at \
                       FROM (SELECT c.*, s.tz, gen.now_at, \
                         CASE WHEN c.u < 0.27 THEN 'order' WHEN c.u < 0.62 THEN 'lost' ELSE 'open' END AS outcome, \
                         c.created_at + (1 + 40 * random() ^ 2) * interval '1 day' AS ordered_at, \
                         c.created_at + (7 + 110 * random()) * interval '1 day' AS lost_at, \
                         c.created_at + 150 * random() ^ 2 * interval '1 day' AS open_last, \
                         (5 + 35 * random()) * interval '1 day' AS delivery_lead, \
                         random() AS u_fu, \
                         {first_grade} AS g0, {lost_grade} AS g_lost, {open_grade} AS g_open, \
                         CASE WHEN c.source = 'referral' AND c.cseq > 1 \
                              THEN (c.cseq - 1 - floor(random() * least(c.cseq - 1, 3000)))::bigint END AS ref_cseq \
                       FROM (SELECT row_number() OVER (ORDER BY v.arrived_at, v.store_id) AS id, v.store_id, \
                           v.arrived_at AS created_at, v.n_all AS cseq, \
                           CASE WHEN v.kind = 'walk_in' THEN v.n_walk END AS wseq, \
                           v.cons_idx AS owner_idx, v.source, v.model_idx, random() AS u \
                         FROM gv v WHERE v.new_customer OFFSET 0) c \
                       JOIN sg s USING (store_id) CROSS JOIN gen OFFSET 0) e0 \
                     ) e \
                     OFFSET 0) f \
                   OFFSET 0) g; \
                 ANALYZE gp"
            ),
        ),
        (
            "customers",
            format!(
                "INSERT INTO customers (id, store_id, phone, name, referred_by, created_at) OVERRIDING SYSTEM VALUE \
                 SELECT p.id, p.store_id, \
                   (ARRAY[{prefixes}])[1 + p.cseq % {n_prefixes}] || lpad(((p.cseq * 7368787 + p.store_id * 1234577 + 31415926) % 100000000)::text, 8, '0'), \
                   CASE WHEN random() < 0.05 THEN '' WHEN random() < 0.12 THEN {surname} || {title} ELSE {name} END, \
                   r.id, p.created_at \
                 FROM gp p LEFT JOIN gp r ON r.store_id = p.store_id AND r.cseq = p.ref_cseq \
                 ORDER BY p.id",
                prefixes = prefixes.join(","),
                n_prefixes = prefixes.len(),
                surname = "(ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + floor(random() * 10)::int]",
            ),
        ),
        (
            "prospects and owners",
            "INSERT INTO prospects (id, store_id, customer_id, owner_id, source, status, grade, money, authority, need, \
               vehicle_model_id, budget, next_follow_up_on, last_contact_at, created_at, updated_at) OVERRIDING SYSTEM VALUE \
             SELECT p.id, p.store_id, p.id, o.user_id, p.source, p.status, p.grade, \
               random() < 0.55, random() < 0.5, random() < 0.7, m.model_id, \
               CASE WHEN random() < 0.6 THEN (8 + floor(random() * 33)::int) * 10000 END, \
               p.next_follow_up_on, p.last_contact_at, p.created_at, \
               least(p.now_at, greatest(p.created_at, p.last_contact_at, CASE WHEN p.has_order THEN p.ordered_at END, \
                 CASE WHEN p.status = 'won' THEN p.delivered_at END, \
                 CASE WHEN p.status IN ('lost', 'lost_pending') THEN p.lost_at END)) \
             FROM gp p JOIN staff o ON o.store_id = p.store_id AND o.role = 'consultant' AND o.idx = p.owner_idx \
             LEFT JOIN gm m ON m.store_id = p.store_id AND m.idx = p.model_idx \
             ORDER BY p.id; \
             INSERT INTO prospect_owners (store_id, prospect_id, owner_id, from_at) \
             SELECT store_id, id, owner_id, created_at FROM prospects ORDER BY id"
                .to_owned(),
        ),
        (
            "visits",
            // a new customer's visit is its creation (cseq); a known caller picks an
            // earlier customer (cseq), a return walk-in an earlier walk-in customer (wseq)
            "INSERT INTO visits (store_id, kind, party_size, source, arrived_at, left_at, first_visit, customer_id, \
               prospect_id, consultant_id, vehicle_model_id, test_drive, captured, created_by, created_at) \
             SELECT x.store_id, x.kind, x.party_size, x.source, x.arrived_at, \
               CASE WHEN x.left_at <= x.now_at THEN x.left_at END, \
               x.kind = 'walk_in' AND NOT (x.known AND x.customer_id IS NOT NULL), \
               x.customer_id, \
               CASE WHEN x.customer_id IS NOT NULL AND (x.closed_at IS NULL OR x.arrived_at <= x.closed_at) THEN x.customer_id END, \
               cs.user_id, vm.model_id, x.test_drive, x.customer_id IS NOT NULL, rc.user_id, x.arrived_at \
             FROM (SELECT v.*, gen.now_at, coalesce(a.id, b.id) AS customer_id, coalesce(a.closed_at, b.closed_at) AS closed_at, \
                 coalesce(a.owner_idx, b.owner_idx, v.cons_idx) AS consultant_idx, \
                 CASE WHEN v.known THEN coalesce(a.model_idx, b.model_idx, v.model_idx) ELSE v.model_idx END AS vehicle_idx \
               FROM gv v CROSS JOIN gen \
               LEFT JOIN gp a ON a.store_id = v.store_id AND a.cseq = CASE \
                 WHEN v.new_customer THEN v.n_all \
                 WHEN v.known AND v.kind = 'phone_in' AND v.n_all > 0 \
                   THEN v.n_all - floor(v.u_pick ^ 3 * least(v.n_all, 1500))::bigint END \
               LEFT JOIN gp b ON b.store_id = v.store_id AND b.wseq = CASE \
                 WHEN v.known AND v.kind = 'walk_in' AND v.n_walk > 0 \
                   THEN v.n_walk - floor(v.u_pick ^ 3 * least(v.n_walk, 1500))::bigint END) x \
             JOIN staff rc ON rc.store_id = x.store_id AND rc.role = 'receptionist' \
             LEFT JOIN staff cs ON cs.store_id = x.store_id AND cs.role = 'consultant' AND cs.idx = x.consultant_idx \
             LEFT JOIN gm vm ON vm.store_id = x.store_id AND vm.idx = x.vehicle_idx \
             ORDER BY x.arrived_at"
                .to_owned(),
        ),
        (
            "follow-ups",
            // a chain g0 → g0 → … → the last grade; the last one is the prospect's last contact
            format!(
                "INSERT INTO follow_ups (store_id, prospect_id, author_id, channel, at, grade_before, grade_after, next_follow_up_on) \
                 SELECT f.store_id, f.prospect_id, f.author_id, f.channel, f.at, f.grade_before, f.grade_after, \
                   (f.at AT TIME ZONE f.tz)::date + {fu_cadence} \
                 FROM (SELECT p.store_id, p.id AS prospect_id, o.user_id AS author_id, {channel} AS channel, \
                     p.created_at + (p.last_fu_at - p.created_at) * (i::float8 / p.n_fu) AS at, p.tz, \
                     p.g0 AS grade_before, CASE WHEN i = p.n_fu THEN p.g_end ELSE p.g0 END AS grade_after \
                   FROM gp p JOIN staff o ON o.store_id = p.store_id AND o.role = 'consultant' AND o.idx = p.owner_idx \
                   CROSS JOIN LATERAL generate_series(1, p.n_fu) i) f"
            ),
        ),
        (
            "orders and lost deals",
            format!(
                "INSERT INTO orders (store_id, prospect_id, consultant_id, vehicle_model_id, sale_type, ordered_at, delivered_at, created_at) \
                 SELECT p.store_id, p.id, o.user_id, coalesce(m.model_id, m1.model_id), {sale_type}, p.ordered_at, \
                   CASE WHEN p.status = 'won' THEN p.delivered_at END, p.ordered_at \
                 FROM gp p JOIN staff o ON o.store_id = p.store_id AND o.role = 'consultant' AND o.idx = p.owner_idx \
                 LEFT JOIN gm m ON m.store_id = p.store_id AND m.idx = p.model_idx \
                 JOIN gm m1 ON m1.store_id = p.store_id AND m1.idx = 1 \
                 WHERE p.has_order ORDER BY p.ordered_at; \
                 INSERT INTO lost_deals (store_id, prospect_id, reason, note, requested_by, requested_at, status, decided_by, decided_at) \
                 SELECT l.store_id, l.id, l.reason, CASE WHEN l.reason = 'other' THEN {other_note} ELSE '' END, \
                   o.user_id, l.lost_at, CASE WHEN l.status = 'lost' THEN 'confirmed' ELSE 'pending' END, \
                   CASE WHEN l.status = 'lost' THEN mg.user_id END, \
                   CASE WHEN l.status = 'lost' THEN least(l.now_at, l.lost_at + (1 + 70 * random()) * interval '1 hour') END \
                 FROM (SELECT p.*, {reason} AS reason FROM gp p WHERE p.status IN ('lost', 'lost_pending') OFFSET 0) l \
                 JOIN staff o ON o.store_id = l.store_id AND o.role = 'consultant' AND o.idx = l.owner_idx \
                 JOIN staff mg ON mg.store_id = l.store_id AND mg.role = 'manager' \
                 ORDER BY l.lost_at"
            ),
        ),
        (
            "drop staging",
            "DROP TABLE gv, gp, gm, staff, sg, gen".to_owned(),
        ),
    ]
}
