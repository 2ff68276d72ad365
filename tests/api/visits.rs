//! The showroom log: check-in rules, the rotation, idempotency, validation, scoping, live.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use keyuan_tests::answers::{
    assert_error, assert_invalid_field, each_text, expect_status, new_user, walk_in,
};
use keyuan_tests::setups::check_in;
use keyuan_tests::{count_rows, store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub(crate) async fn demo_consultant_ids(server: &TestServer, manager: &str) -> Vec<i64> {
    let (_, users) = server.get("/users", manager).await;
    let users = users.as_array().unwrap();
    let consultants = users.iter().filter(|u| u["role"] == "consultant");
    consultants.map(|u| u["id"].as_i64().unwrap()).collect()
}

pub(crate) fn ago(hours: i64) -> String {
    (Utc::now() - chrono::Duration::hours(hours)).to_rfc3339()
}

/// A second store with a receptionist and a consultant; answers the store's id and the
/// receptionist's token.
async fn store_b_front_desk(server: &TestServer, admin: &str) -> (Value, String) {
    let (_, store_b) = server.post("/stores", admin, json!({"name": "二店"})).await;
    for (login, role) in [
        ("reception-b", "receptionist"),
        ("consultant-b", "consultant"),
    ] {
        let body = new_user(login, login, role, store_b["id"].clone());
        let (status, _) = server.post("/users", admin, body).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let token = server.login("reception-b", "long-enough").await;
    (store_b["id"].clone(), token)
}

/// Subscribes to a server's live events as `token`, past the stream's greeting.
async fn event_stream(server: &TestServer, token: &str) -> reqwest::Response {
    let mut stream = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/events?token={token}")))
        // as a browser asks; events must still come one by one, uncompressed
        .header("Accept-Encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    assert_eq!(stream.headers()["content-encoding"], "identity");
    let hello = stream.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&hello).contains("connected"));
    stream
}

/// The next event on the stream, which must come within 2 s.
async fn next_event(stream: &mut reqwest::Response) -> Value {
    let chunk = tokio::time::timeout(Duration::from_secs(2), stream.chunk())
        .await
        .expect("an event within 2 s")
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&chunk).to_string();
    serde_json::from_str(text.trim().strip_prefix("data: ").expect("a data: line")).unwrap()
}

/// Changes visit `id` (`PATCH /visits/{id}`) as `token`.
async fn edit_visit(
    server: &TestServer,
    token: &str,
    id: &Value,
    body: Value,
) -> (StatusCode, Value) {
    server.patch(&format!("/visits/{id}"), token, body).await
}

/// Records that the visitor of visit `id` left just now; answers the status.
pub(crate) async fn mark_left(server: &TestServer, token: &str, id: &Value) -> StatusCode {
    let now = json!({"left_at": Utc::now().to_rfc3339()});
    edit_visit(server, token, id, now).await.0
}

#[tokio::test]
async fn one_customer_per_number_however_it_is_typed_and_first_then_return_visits() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let reception = server.demo_login("reception").await;
    let first = walk_in(
        json!({"party_size": 2, "phone": "138 0013 8000", "name": "张三", "arrived_at": ago(50)}),
    );
    let first = check_in(&server, &reception, first).await;
    assert_eq!(
        (first["first_visit"].as_bool(), first["captured"].as_bool()),
        (Some(true), Some(true))
    );
    let customer = first["customer_id"].as_i64().unwrap();
    let owner = first["consultant_id"].as_i64().unwrap();
    let prospect = first["prospect_id"].as_i64().unwrap();

    for phone in ["+86 13800138000", "008613800138000"] {
        let again = check_in(&server, &reception, walk_in(json!({"phone": phone}))).await;
        assert_eq!(again["customer_id"].as_i64(), Some(customer), "{phone}");
        assert_eq!(
            again["first_visit"], false,
            "a later walk-in of a known customer is a return visit"
        );
        assert_eq!(
            again["prospect_id"].as_i64(),
            Some(prospect),
            "the open prospect gets the visit"
        );
        assert_eq!(
            again["consultant_id"].as_i64(),
            Some(owner),
            "a known customer goes to their owner"
        );
    }
    let customers = "SELECT count(*) AS n FROM customers";
    assert_eq!(count_rows(&mut server.db().await, customers).await, 1);

    // a visitor who gives no details: traffic, a first visit, not captured
    let party_of_3 = walk_in(json!({"party_size": 3}));
    let anonymous = check_in(&server, &reception, party_of_3).await;
    assert_eq!(
        (
            anonymous["first_visit"].as_bool(),
            anonymous["captured"].as_bool(),
            anonymous["customer_id"].is_null()
        ),
        (Some(true), Some(false), true)
    );

    let (_, log) = server.get("/visits", &reception).await;
    assert_eq!(
        log["visits"].as_array().unwrap().len(),
        3,
        "the 50-hour-old visit is on another day"
    );
    assert_eq!(log["counts"]["traffic_people"], 5);
    assert_eq!(
        (
            log["counts"]["first_visits"].as_i64(),
            log["counts"]["return_visits"].as_i64()
        ),
        (Some(1), Some(2))
    );
    let dates = each_text(&log["visits"], "arrived_at");
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[tokio::test]
async fn a_new_captured_visitor_gets_a_grade_c_prospect_and_a_dormant_one_is_woken() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let reception = server.demo_login("reception").await;
    let at_an_event =
        walk_in(json!({"source": "event", "phone": "13900139000", "vehicle_model_id": 2}));
    let visit = check_in(&server, &reception, at_an_event).await;
    let prospect_id = visit["prospect_id"].as_i64().unwrap();
    let mut db = server.db().await;
    diesel::sql_query("UPDATE prospects SET status = 'dormant' WHERE id = $1")
        .bind::<BigInt, _>(prospect_id)
        .execute(&mut db)
        .await
        .unwrap();
    let (_, lookup) = server
        .get("/customers/lookup?phone=139-0013-9000", &reception)
        .await;
    assert_eq!(
        (lookup["grade"].as_str(), lookup["status"].as_str()),
        (Some("C"), Some("dormant"))
    );
    assert_eq!(lookup["owner_id"], visit["consultant_id"]);
    assert!(lookup["owner_name"].is_string() && lookup["last_visit_at"].is_string());
    let phone_in = json!({"kind": "phone_in", "source": "phone", "phone": "13900139000"});
    let again = check_in(&server, &reception, walk_in(phone_in)).await;
    assert_eq!(again["prospect_id"].as_i64(), Some(prospect_id));
    assert_eq!(
        again["first_visit"], false,
        "phone-ins are never first visits"
    );
    let (_, lookup) = server
        .get("/customers/lookup?phone=13900139000", &reception)
        .await;
    assert_eq!(
        lookup["status"], "active",
        "a new visit wakes a dormant prospect"
    );

    let (status, _) = server
        .get("/customers/lookup?phone=13700137000", &reception)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let too_short = server.get("/customers/lookup?phone=1234", &reception).await;
    assert_invalid_field(&too_short, "phone");
}

#[tokio::test]
async fn the_same_idempotency_key_twice_gives_one_visit() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let reception = server.demo_login("reception").await;
    let body = walk_in(json!({"party_size": 2, "phone": "13500135000", "arrived_at": ago(1)}));
    let http = reqwest::Client::new();
    let send = |body: Value| {
        http.post(server.url("/api/v1/visits"))
            .bearer_auth(&reception)
            .header("Idempotency-Key", "tablet-1-0001")
            .json(&body)
            .send()
    };
    let (a, b) = tokio::join!(send(body.clone()), send(body.clone()));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(
        a["id"], b["id"],
        "both answers name the same visit ({statuses:?})"
    );
    let third = send(body.clone()).await.unwrap();
    assert_eq!(
        third.status(),
        StatusCode::CREATED,
        "a replay answers what the first did"
    );
    assert_eq!(
        third
            .headers()
            .get("Idempotent-Replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true")
    );
    let (_, log) = server.get("/visits", &reception).await;
    assert_eq!(log["visits"].as_array().unwrap().len(), 1);

    let party_of_5 = walk_in(json!({"party_size": 5}));
    let reused = send(party_of_5.clone()).await.unwrap();
    let reused = (reused.status(), reused.json().await.unwrap());
    assert_error(
        &reused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );

    // keys are kept 30 days: an older one is purged, and the key is free again
    let mut db = server.db().await;
    let age = |days: i64| {
        diesel::sql_query(
            "UPDATE idempotency_keys SET created_at = now() - make_interval(days => $1::int)",
        )
        .bind::<BigInt, _>(days)
    };
    age(29).execute(&mut db).await.unwrap();
    let purged = keyuan_server::idempotency::purge_expired(&mut db)
        .await
        .unwrap();
    assert_eq!(purged, 0, "a 29-day-old key is kept");
    age(31).execute(&mut db).await.unwrap();
    let purged = keyuan_server::idempotency::purge_expired(&mut db)
        .await
        .unwrap();
    assert_eq!(purged, 1, "a 31-day-old key is purged");
    let fresh = send(party_of_5).await.unwrap();
    assert_eq!(fresh.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn each_validation_rule_names_its_field() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, reception] = server.demo_logins(["admin", "reception"]).await;
    // another store's model and consultant
    let (_, store_b) = server
        .post("/stores", &admin, json!({"name": "二店"}))
        .await;
    let model = json!({"name": "嘉华", "store_id": store_b["id"]});
    let (_, model_b) = server.post("/vehicle-models", &admin, model).await;
    let consultant = new_user("外店", "other", "consultant", store_b["id"].clone());
    let (_, consultant_b) = server.post("/users", &admin, consultant).await;
    let in_future = (Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let with = walk_in;
    let cases = [
        (with(json!({"party_size": 0})), "party_size"),
        (with(json!({"party_size": 51})), "party_size"),
        (with(json!({"arrived_at": in_future})), "arrived_at"),
        (
            with(json!({"arrived_at": ago(1), "left_at": ago(2)})),
            "left_at",
        ),
        (
            with(json!({"vehicle_model_id": model_b["id"]})),
            "vehicle_model_id",
        ),
        (
            with(json!({"consultant_id": consultant_b["id"]})),
            "consultant_id",
        ),
        (with(json!({"phone": "12345"})), "phone"),
        (with(json!({"source": "tv"})), "source"),
        (
            with(json!({"kind": "phone_in", "test_drive": true})),
            "test_drive",
        ),
    ];
    for (body, field) in cases {
        assert_invalid_field(&server.post("/visits", &reception, body).await, field);
    }
    let (_, log) = server.get("/visits", &reception).await;
    assert!(
        log["visits"].as_array().unwrap().is_empty(),
        "nothing half-written"
    );
    let customers = "SELECT count(*) AS n FROM customers";
    assert_eq!(count_rows(&mut server.db().await, customers).await, 0);
}

#[tokio::test]
async fn a_receptionist_of_store_a_cannot_see_or_write_store_b() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let admin = server.demo_login("admin").await;
    let (_, reception_b) = store_b_front_desk(&server, &admin).await;
    let with_number = walk_in(json!({"phone": "13800138000"}));
    let visit_b = check_in(&server, &reception_b, with_number.clone()).await;
    let reception_a = server.demo_login("reception").await;
    let (_, log) = server.get("/visits", &reception_a).await;
    assert!(log["visits"].as_array().unwrap().is_empty());
    let status = mark_left(&server, &reception_a, &visit_b["id"]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .get("/customers/lookup?phone=13800138000", &reception_a)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "store B's customer is not store A's"
    );
    // the same number in store A is a different customer
    let visit_a = check_in(&server, &reception_a, with_number).await;
    assert_ne!(visit_a["customer_id"], visit_b["customer_id"]);
    assert_eq!(visit_a["first_visit"], true);
    // consultants do not work the log
    let consultant = server.demo_login("consultant1").await;
    let (status, _) = server
        .post("/visits", &consultant, walk_in(json!({})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn departure_is_recorded_and_a_past_day_is_for_managers() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [reception, manager] = server.demo_logins(["reception", "manager"]).await;
    let an_hour_ago = walk_in(json!({"arrived_at": ago(1)}));
    let visit = check_in(&server, &reception, an_hour_ago).await;
    let left: DateTime<Utc> = Utc::now();
    let details = json!({"left_at": left.to_rfc3339(), "test_drive": true, "phone": "13700137000", "name": "李四"});
    let updated = edit_visit(&server, &reception, &visit["id"], details).await;
    let updated = expect_status(updated, StatusCode::OK);
    assert_eq!(
        (
            updated["test_drive"].as_bool(),
            updated["captured"].as_bool(),
            updated["customer_name"].as_str()
        ),
        (Some(true), Some(true), Some("李四"))
    );
    assert!(
        updated["prospect_id"].is_i64(),
        "details captured later create the prospect"
    );

    let yesterday = walk_in(json!({"arrived_at": ago(49)}));
    let old = check_in(&server, &manager, yesterday).await;
    for (token, status) in [
        (&reception, StatusCode::FORBIDDEN),
        (&manager, StatusCode::OK),
    ] {
        let left = json!({"left_at": ago(48)});
        assert_eq!(edit_visit(&server, token, &old["id"], left).await.0, status);
    }
}

#[tokio::test]
async fn a_check_in_reaches_the_live_stream_of_its_store_only() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [reception, admin] = server.demo_logins(["reception", "admin"]).await;
    let (_, reception_b) = store_b_front_desk(&server, &admin).await;

    let mut stream = event_stream(&server, &reception).await;

    check_in(&server, &reception_b, walk_in(json!({}))).await;
    let visit = check_in(&server, &reception, walk_in(json!({}))).await;
    let data = next_event(&mut stream).await;
    assert_eq!(
        data,
        json!({"store_id": visit_store(&server, &reception).await, "kind": "visit_created", "id": visit["id"]}),
        "store B's check-in is not in store A's stream"
    );

    let (status, _) = server
        .call(reqwest::Method::GET, "/events?token=forged", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn visit_store(server: &TestServer, token: &str) -> i64 {
    server.get("/me", token).await.1["store_id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_demo_day_fills_the_log_and_the_rotation() {
    let url = keyuan_tests::fresh_database().await;
    let pool = keyuan_server::db::pool(&url, 2).unwrap();
    let mut conn = pool.get().await.unwrap();
    assert!(keyuan_server::seed::load_demo_data(
        &mut conn,
        keyuan_server::seed::Demo::WithActivity
    )
    .await
    .unwrap());
    assert!(
        !keyuan_server::seed::load_demo_data(&mut conn, keyuan_server::seed::Demo::WithActivity)
            .await
            .unwrap(),
        "loaded once only"
    );
    let visits = "SELECT count(*) AS n FROM visits";
    assert_eq!(count_rows(&mut conn, visits).await, 16);
    let returning = format!("{visits} WHERE kind = 'walk_in' AND captured AND NOT first_visit");
    assert_eq!(
        count_rows(&mut conn, &returning).await,
        1,
        "周先生 came back"
    );
    let still_here = format!("{visits} WHERE kind = 'walk_in' AND left_at IS NULL");
    assert_eq!(
        count_rows(&mut conn, &still_here).await,
        2,
        "two visitors are in the showroom"
    );
}

#[tokio::test]
async fn a_check_in_on_one_server_reaches_the_clients_of_another() {
    let first = TestServer::start().await;
    store_at_midday(&first).await;
    // a second, stateless server process in front of the same database
    let mut config = keyuan_tests::test_config(
        first.database_url.clone(),
        keyuan_server::config::default_app_dir(),
    );
    config.load_demo_data = false;
    let second = TestServer::start_with(config).await;
    let manager = second.demo_login("manager").await;
    let mut stream = event_stream(&second, &manager).await;

    let reception = first.demo_login("reception").await;
    let visit = check_in(&first, &reception, walk_in(json!({}))).await;
    let data = next_event(&mut stream).await;
    assert_eq!(
        (data["kind"].as_str(), &data["id"]),
        (Some("visit_created"), &visit["id"])
    );
}

/// A paper log typed in later keeps its dates: the prospect a visit creates is created at
/// the visit's arrival, whether the number came with the check-in or was added afterwards.
#[tokio::test]
async fn a_prospect_is_created_at_its_visits_arrival() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    let at = |v: &Value| DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let created_at = |id: Value| {
        let server = &server;
        let manager = &manager;
        async move {
            let (status, card) = server.get(&format!("/prospects/{id}"), manager).await;
            assert_eq!(status, StatusCode::OK, "{card}");
            card["prospect"]["created_at"].clone()
        }
    };

    let forty_days_ago = walk_in(json!({"phone": "13600136001", "arrived_at": ago(40 * 24)}));
    let typed_in = check_in(&server, &manager, forty_days_ago).await;
    let prospect = created_at(typed_in["prospect_id"].clone()).await;
    assert_eq!(at(&prospect), at(&typed_in["arrived_at"]));

    let thirty_days_ago = walk_in(json!({"arrived_at": ago(30 * 24)}));
    let anonymous = check_in(&server, &manager, thirty_days_ago).await;
    let number = json!({"phone": "13600136002"});
    let captured = edit_visit(&server, &manager, &anonymous["id"], number).await;
    let captured = expect_status(captured, StatusCode::OK);
    let prospect = created_at(captured["prospect_id"].clone()).await;
    assert_eq!(at(&prospect), at(&anonymous["arrived_at"]));

    // the visit that created it still hands it to a corrected consultant
    let other = demo_consultant_ids(&server, &manager)
        .await
        .into_iter()
        .find(|id| captured["consultant_id"] != *id)
        .unwrap();
    let to_other = json!({"consultant_id": other});
    let moved = edit_visit(&server, &manager, &anonymous["id"], to_other).await;
    expect_status(moved, StatusCode::OK);
    let (_, card) = server
        .get(&format!("/prospects/{}", captured["prospect_id"]), &manager)
        .await;
    assert_eq!(card["prospect"]["owner_id"], other);
}
