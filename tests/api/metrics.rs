//! The manager's figures: what the API logged comes back counted as the showroom table
//! defines it, by consultant, source and model, in the store's own calendar, for the
//! store's manager only.

use chrono::{Duration, NaiveDate};
use keyuan_tests::answers::{assert_invalid_field, expect_status, walk_in};
use keyuan_tests::setups::{check_in, first_model_id, other_store_manager, store_today};
use keyuan_tests::{demo_store_id, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// `GET /metrics/showroom` for one range, as `token`; answers the figures.
async fn figures(server: &TestServer, token: &str, from: NaiveDate, to: NaiveDate) -> Value {
    let path = format!("/metrics/showroom?from={from}&to={to}");
    expect_status(server.get(&path, token).await, StatusCode::OK)
}

/// The row of `list` (a breakdown) whose key is `key`.
fn row(list: &Value, key: impl ToString) -> &Value {
    let key = key.to_string();
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key.as_str())
        .unwrap_or_else(|| panic!("no row {key} in {list}"))
}

/// `day` at `time` in Shanghai (the demo store's zone), as RFC 3339.
fn at(day: NaiveDate, time: &str) -> String {
    format!("{day}T{time}+08:00")
}

#[actix_web::test]
async fn visits_and_orders_come_back_counted_by_consultant_source_and_model() {
    let server = TestServer::start().await;
    let [reception, manager, consultant1] = server
        .demo_logins(["reception", "manager", "consultant1"])
        .await;
    let wang = server.user_id(&manager, "consultant1").await;
    let liu = server.user_id(&manager, "consultant2").await;
    let model = first_model_id(&server, &manager).await;
    let day = store_today(&server, &manager).await - Duration::days(10);

    // a family of three who left a number, were shown a model, drove it and stayed 45 min
    let first = check_in(
        &server,
        &reception,
        walk_in(json!({
        "party_size": 3, "phone": "13800138000", "consultant_id": wang, "vehicle_model_id": model,
        "test_drive": true, "arrived_at": at(day, "10:00:00"), "left_at": at(day, "10:45:00")})),
    )
    .await;
    // someone from the weekend event who gave no number and left after 10 minutes
    check_in(
        &server,
        &reception,
        walk_in(json!({
        "source": "event", "consultant_id": liu,
        "arrived_at": at(day, "11:00:00"), "left_at": at(day, "11:10:00")})),
    )
    .await;
    // the family comes back in the afternoon; nobody taps "left"
    let again = check_in(
        &server,
        &reception,
        walk_in(json!({
        "party_size": 2, "phone": "13800138000", "arrived_at": at(day, "15:00:00")})),
    )
    .await;
    assert_eq!(again["first_visit"], false);
    // and a caller asks about prices
    check_in(
        &server,
        &reception,
        json!({"kind": "phone_in", "party_size": 1, "source": "phone",
        "phone": "13900139000", "arrived_at": at(day, "16:00:00")}),
    )
    .await;
    let order = json!({"vehicle_model_id": model, "sale_type": "retail", "ordered_on": day});
    let ordered = server
        .post(
            &format!("/prospects/{}/orders", first["prospect_id"]),
            &consultant1,
            order,
        )
        .await;
    expect_status(ordered, StatusCode::CREATED);

    let m = figures(&server, &manager, day, day).await;
    let counts = |v: &Value| {
        [
            "traffic_people",
            "walk_ins",
            "first_visits",
            "return_visits",
            "phone_ins",
            "event_visits",
            "referral_visits",
            "captured",
            "test_drives",
            "long_stays",
        ]
        .map(|f| v[f].as_i64().unwrap_or_else(|| panic!("{f} in {v}")))
    };
    assert_eq!(counts(&m), [6, 3, 2, 1, 1, 1, 0, 1, 1, 1], "{m}");
    assert_eq!(m["days"], 1);
    assert_eq!(m["daily_avg_traffic"], 6.0);
    assert_eq!(
        m["sales"],
        json!({"retail": 1, "secondary": 0, "fleet": 0, "total": 1})
    );
    assert_eq!(m["rates"]["closing"], 0.5);
    assert_eq!(m["rates"]["capture"], 0.5);
    assert_eq!(m["rates"]["test_drive"], 0.5);
    assert_eq!(
        m["rates"]["long_stay"], 0.5,
        "the return visit with no departure is no long stay"
    );
    assert_eq!(m["rates"]["retail_share"], 1.0);
    // the visit's prospect (now O, with its order) and the caller's, both created that day
    assert_eq!(m["grades"], json!({"O": 1, "H": 0, "A": 0, "B": 0, "C": 1}));

    let by_wang = row(&m["by_consultant"], wang);
    assert_eq!(by_wang["name"], "王磊");
    assert_eq!(
        counts(by_wang),
        [5, 2, 1, 1, 0, 0, 0, 1, 1, 1],
        "the owner took the return visit"
    );
    assert_eq!(by_wang["sales"]["retail"], 1);
    assert_eq!(by_wang["rates"]["closing"], 1.0);
    assert_eq!(by_wang["overdue_follow_ups"], 0);
    let by_liu = row(&m["by_consultant"], liu);
    assert_eq!(
        (
            by_liu["first_visits"].as_i64(),
            by_liu["event_visits"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(by_liu["rates"]["closing"], 0.0);
    let chen = row(
        &m["by_consultant"],
        server.user_id(&manager, "consultant3").await,
    );
    assert_eq!(
        chen["walk_ins"], 0,
        "every consultant has a row, busy or not"
    );
    assert_eq!(
        chen["rates"]["closing"],
        Value::Null,
        "no first visits: no rate, not 0"
    );

    assert_eq!(row(&m["by_source"], "walk_in")["traffic_people"], 5);
    assert_eq!(row(&m["by_source"], "event")["first_visits"], 1);
    assert_eq!(row(&m["by_source"], "phone")["phone_ins"], 1);
    let by_model = row(&m["by_model"], model);
    assert_eq!(
        (
            by_model["test_drives"].as_i64(),
            by_model["sales"]["total"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(row(&m["by_model"], "none")["walk_ins"], 2);

    let hours: Vec<(&str, i64)> = m["by_hour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["key"].as_str().unwrap(),
                p["traffic_people"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hours,
        [("10", 3), ("11", 1), ("15", 2), ("16", 0)],
        "store-local hours"
    );
    let week = figures(&server, &manager, day - Duration::days(6), day).await;
    assert_eq!(
        week["by_day"].as_array().unwrap().len(),
        7,
        "every date, zeros included"
    );
    assert_eq!(
        week["by_day"][6],
        json!({"key": day.to_string(), "traffic_people": 6, "first_visits": 2})
    );
    assert_eq!(
        week["daily_avg_traffic"].as_f64(),
        Some(6.0 / 7.0),
        "divided by the range's days"
    );

    // the day before: nothing, and every rate is "—", never an error
    let empty = figures(
        &server,
        &manager,
        day - Duration::days(1),
        day - Duration::days(1),
    )
    .await;
    assert_eq!(counts(&empty), [0; 10]);
    assert!(
        empty["rates"]
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_null),
        "{empty}"
    );
}

#[actix_web::test]
async fn a_visit_late_on_the_last_evening_counts_in_its_own_month() {
    let server = TestServer::start().await;
    let [admin, reception, manager] = server.demo_logins(["admin", "reception", "manager"]).await;
    let store = demo_store_id(&server, &admin).await;
    // New York: 23:30 on 31 October is already 1 November in UTC
    let zone = json!({"time_zone": "America/New_York"});
    expect_status(
        server
            .patch(&format!("/stores/{store}"), &admin, zone)
            .await,
        StatusCode::OK,
    );
    check_in(
        &server,
        &reception,
        walk_in(json!({"arrived_at": "2026-10-31T23:30:00-04:00"})),
    )
    .await;

    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let october = figures(&server, &manager, day("2026-10-01"), day("2026-10-31")).await;
    let november = figures(&server, &manager, day("2026-11-01"), day("2026-11-30")).await;
    assert_eq!(
        (october["walk_ins"].as_i64(), november["walk_ins"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(october["by_hour"][0]["key"], "23");
    assert_eq!(october["days"], 31);
}

#[actix_web::test]
async fn figures_belong_to_the_stores_manager_and_the_head_office() {
    let server = TestServer::start().await;
    let [admin, manager, consultant] = server
        .demo_logins(["admin", "manager", "consultant1"])
        .await;
    let store = demo_store_id(&server, &admin).await;
    let (other, manager_b) = other_store_manager(&server, &admin).await;
    let range = "from=2026-11-01&to=2026-11-30";

    let get = |token: &str, query: String| {
        let (server, token) = (&server, token.to_owned());
        async move {
            server
                .get(&format!("/metrics/showroom?{query}"), &token)
                .await
        }
    };
    let (status, _) = get(&manager_b, format!("{range}&store_id={store}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another store's manager");
    let own = expect_status(get(&manager_b, range.to_owned()).await, StatusCode::OK);
    assert_eq!(own["store_id"], other["id"]);
    let (status, _) = get(&consultant, range.to_owned()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_invalid_field(&get(&admin, range.to_owned()).await, "store_id");
    let chosen = expect_status(
        get(&admin, format!("{range}&store_id={store}")).await,
        StatusCode::OK,
    );
    assert_eq!(chosen["store_id"], store);
    let (status, _) = get(&admin, format!("{range}&store_id=999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let compared = expect_status(
        server
            .get(&format!("/metrics/stores?{range}"), &admin)
            .await,
        StatusCode::OK,
    );
    let names: Vec<&str> = compared["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{compared}");
    assert!(names.contains(&"二店"));
    let (status, _) = server
        .get(&format!("/metrics/stores?{range}"), &manager)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_bad_range_is_refused_naming_its_field() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    for (query, field) in [
        ("from=2026-13-01&to=2026-12-31", "from"),
        ("from=2026-01-01&to=31.01.2026", "to"),
        ("from=2026-02-01&to=2026-01-31", "to"),
        ("from=2020-01-01&to=2023-01-01", "to"),
        ("to=2026-01-31", "from"),
    ] {
        let answer = server
            .get(&format!("/metrics/showroom?{query}"), &manager)
            .await;
        assert_eq!(
            answer.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            answer.1
        );
        assert_invalid_field(&answer, field);
    }
}

#[actix_web::test]
async fn todays_figures_agree_with_the_check_in_screens_counts() {
    let server = TestServer::start_with_demo_activity().await;
    let [reception, manager] = server.demo_logins(["reception", "manager"]).await;
    check_in(
        &server,
        &reception,
        walk_in(json!({"phone": "13700137000"})),
    )
    .await;
    let today = store_today(&server, &manager).await;
    let log = expect_status(server.get("/visits", &reception).await, StatusCode::OK);
    let m = figures(&server, &manager, today, today).await;
    for field in [
        "traffic_people",
        "walk_ins",
        "first_visits",
        "return_visits",
        "phone_ins",
        "captured",
        "test_drives",
    ] {
        assert_eq!(log["counts"][field], m[field], "{field}");
    }
}
