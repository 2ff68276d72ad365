//! `cargo bench -p keyuan-tests --bench prospects`: times the prospect routes of a busy
//! store (3,000 open prospects, 15,000 follow-ups) through real HTTP and PostgreSQL, and
//! prints the figures. It asserts nothing about time: the machines are shared and noisy.

use std::time::{Duration, Instant};

use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use keyuan_tests::TestServer;
use serde_json::json;

const PROSPECTS: i64 = 3_000;
const ROUNDS: usize = 60;

#[tokio::main]
async fn main() {
    let server = TestServer::start().await;
    let consultant = server.demo_login("consultant1").await;
    let manager = server.demo_login("manager").await;
    let started = Instant::now();
    fill(&server).await;
    println!(
        "filled {PROSPECTS} prospects in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let (_, mine) = server.get("/prospects", &consultant).await;
    let cards = mine["prospects"].as_array().unwrap();
    let (_, all) = server.get("/prospects", &manager).await;
    println!(
        "consultant1 sees {} cards, the manager {} (more: {})",
        cards.len(),
        all["prospects"].as_array().unwrap().len(),
        all["more"]
    );
    let card = format!("/prospects/{}", cards[cards.len() / 2]["id"]);
    let follow_up = format!("{card}/follow-ups");

    println!(
        "{:<44} {:>8} {:>8} {:>8}",
        "request", "p50 ms", "p95 ms", "max ms"
    );
    time("GET /prospects (consultant, ~1000 cards)", || {
        server.get("/prospects", &consultant)
    })
    .await;
    time("GET /prospects (manager, first 1000 of 3000)", || {
        server.get("/prospects", &manager)
    })
    .await;
    time("GET /prospects?due=overdue (consultant)", || {
        server.get("/prospects?due=overdue", &consultant)
    })
    .await;
    time("GET /prospects?q=客户12 (manager)", || {
        server.get("/prospects?q=%E5%AE%A2%E6%88%B712", &manager)
    })
    .await;
    time("GET /prospects/{id}", || server.get(&card, &consultant)).await;
    time("GET /my-day", || server.get("/my-day", &consultant)).await;
    time("POST /prospects/{id}/follow-ups", || {
        server.post(&follow_up, &consultant, json!({"channel": "call"}))
    })
    .await;
}

async fn time<F, Fut>(label: &str, mut request: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = (reqwest::StatusCode, serde_json::Value)>,
{
    let mut samples: Vec<Duration> = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let (status, body) = request().await;
        samples.push(start.elapsed());
        assert!(status.is_success(), "{label}: {status} {body}");
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<44} {:>8.1} {:>8.1} {:>8.1}",
        ms(samples[ROUNDS / 2]),
        ms(samples[ROUNDS * 95 / 100]),
        ms(samples[ROUNDS - 1])
    );
}

/// Customers, prospects spread over the three demo consultants, grades H to C (O needs an order) and due dates,
/// and five follow-ups each, written straight into the database.
async fn fill(server: &TestServer) {
    let mut db = server.db().await;
    for statement in [
        "INSERT INTO customers (store_id, phone, name) \
         SELECT s.id, '139' || lpad(g::text, 8, '0'), '客户' || g FROM stores s, generate_series(1, $1) g",
        "INSERT INTO prospects (store_id, customer_id, owner_id, source, grade, money, need, next_follow_up_on, last_contact_at, created_at) \
         SELECT c.store_id, c.id, (SELECT id FROM users WHERE login = 'consultant' || (c.id % 3 + 1)), 'walk_in', \
                (ARRAY['H','A','B','C'])[c.id % 4 + 1], c.id % 2 = 0, c.id % 3 = 0, \
                current_date + (c.id % 40 - 10)::int, now() - (c.id % 60) * interval '1 day', now() - (c.id % 80) * interval '1 day' \
         FROM customers c WHERE c.id <= $1",
        "INSERT INTO prospect_owners (store_id, prospect_id, owner_id) SELECT store_id, id, owner_id FROM prospects WHERE id <= $1",
        "INSERT INTO follow_ups (store_id, prospect_id, author_id, channel, at, grade_before, grade_after) \
         SELECT p.store_id, p.id, p.owner_id, 'call', now() - g * interval '3 days', p.grade, p.grade \
         FROM prospects p, generate_series(1, 5) g WHERE p.id <= $1",
    ] {
        diesel::sql_query(statement)
            .bind::<BigInt, _>(PROSPECTS)
            .execute(&mut db)
            .await
            .unwrap();
    }
    diesel::sql_query("ANALYZE").execute(&mut db).await.unwrap();
}
