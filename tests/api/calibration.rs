//! `GET /metrics/calibration`: what became of the prospects that took a grade.

use keyuan_tests::answers::{expect_status, item_with};
use keyuan_tests::setups::{
    first_model_id, lost_and_confirmed, other_store_manager, outbound_prospect, store_today,
};
use keyuan_tests::{store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn graded(server: &TestServer, token: &str, phone: &str, grade: &str) -> Value {
    let card = outbound_prospect(server, token, phone, "校准").await;
    let path = format!("/prospects/{}/follow-ups", card["id"]);
    let body = json!({"channel": "call", "grade": grade});
    expect_status(server.post(&path, token, body).await, StatusCode::CREATED);
    card["id"].clone()
}

fn grade<'a>(report: &'a Value, grade: &str) -> &'a Value {
    item_with(&report["grades"], "grade", grade)
}

#[tokio::test]
async fn graded_prospects_kept_or_broke_the_promise_and_weigh_the_forecast() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, wang, liu] = server
        .demo_logins(["admin", "manager", "consultant1", "consultant2"])
        .await;
    let today = store_today(&server, &manager).await;
    let wang_id = server.user_id(&manager, "consultant1").await;
    let liu_id = server.user_id(&manager, "consultant2").await;

    // 王磊's H that ordered the same day, his H that was lost, his A still open
    let bought = graded(&server, &wang, "13900000401", "H").await;
    let model = first_model_id(&server, &manager).await;
    let order = json!({"vehicle_model_id": model, "sale_type": "retail"});
    let ordered = server
        .post(&format!("/prospects/{bought}/orders"), &wang, order)
        .await;
    expect_status(ordered, StatusCode::CREATED);
    let lost = graded(&server, &wang, "13900000402", "H").await;
    lost_and_confirmed(&server, &wang, &manager, &lost, "price").await;
    graded(&server, &wang, "13900000403", "A").await;
    // 刘洋's H, open
    graded(&server, &liu, "13900000404", "H").await;

    let path = format!("/metrics/calibration?from={today}&to={today}");
    let report = expect_status(server.get(&path, &manager).await, StatusCode::OK);
    let h = grade(&report, "H");
    assert_eq!(h["days"], 7);
    assert_eq!(
        h["store"],
        json!({"within": 1, "later": 0, "lost": 1, "open": 1}),
        "{h}"
    );
    let kept = h["store_kept"].as_f64().unwrap();
    assert!((kept - 1.0 / 3.0).abs() < 1e-9, "{kept}");
    let of = |id: i64| item_with(&h["consultants"], "consultant_id", id);
    assert_eq!(
        of(wang_id)["kept"],
        0.5,
        "the store's figure beside his own"
    );
    assert_eq!(of(liu_id)["counts"]["open"], 1);
    assert_eq!(grade(&report, "A")["store"]["open"], 1);
    assert_eq!(
        grade(&report, "B")["store_kept"],
        Value::Null,
        "no B: no rate"
    );

    // the month's forecast: 1 ordered, plus 刘洋's open H at the store's H rate (1/3)
    // and 王磊's open A at the A rate (0 of 1): 1.33
    let forecast = expect_status(
        server.get("/metrics/forecast", &manager).await,
        StatusCode::OK,
    );
    assert_eq!(forecast["ordered"], 1, "{forecast}");
    assert_eq!(
        forecast["grades"][0],
        json!({"grade": "H", "open": 1, "kept": kept})
    );
    assert_eq!(forecast["grades"][1]["open"], 1);
    let expected = forecast["expected"].as_f64().unwrap();
    assert!((expected - (1.0 + 1.0 / 3.0)).abs() < 1e-9, "{expected}");
    assert_eq!(forecast["target"], Value::Null, "no target saved yet");
    let month = forecast["month"].as_str().unwrap().to_owned();
    let targets = json!({"month": month, "store": {"sales": 10, "orders": 12, "prospects": 40}});
    expect_status(
        server.put("/monthly-targets", &manager, targets).await,
        StatusCode::OK,
    );
    let forecast = expect_status(
        server.get("/metrics/forecast", &manager).await,
        StatusCode::OK,
    );
    assert_eq!(forecast["target"], 10);

    let (_, other) = other_store_manager(&server, &admin).await;
    let theirs = expect_status(server.get(&path, &other).await, StatusCode::OK);
    assert_eq!(
        grade(&theirs, "H")["store"]["within"],
        0,
        "another store's grades never appear"
    );
    let theirs = expect_status(
        server.get("/metrics/forecast", &other).await,
        StatusCode::OK,
    );
    assert_eq!(
        (&theirs["ordered"], &theirs["expected"]),
        (&json!(0), &json!(0.0))
    );
    let refused = server.get(&path, &wang).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{}", refused.1);
}
