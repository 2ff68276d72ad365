//! `POST /prospect-plan`: the monthly prospect target from the store's own history.

use chrono::{Datelike, Months};
use keyuan_tests::answers::{assert_invalid_field, expect_status, walk_in};
use keyuan_tests::setups::{
    check_in, first_model_id, other_store_manager, outbound_prospect, store_today,
};
use keyuan_tests::{store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The month after the store's today (`YYYY-MM`): its history window ends with this month.
async fn next_month(server: &TestServer, token: &str) -> String {
    let today = store_today(server, token).await;
    let next = today.with_day(1).unwrap() + Months::new(1);
    format!("{:04}-{:02}", next.year(), next.month())
}

async fn plan(server: &TestServer, token: &str, body: Value) -> Value {
    expect_status(
        server.post("/prospect-plan", token, body).await,
        StatusCode::OK,
    )
}

fn line<'a>(plan: &'a Value, source: &str) -> &'a Value {
    plan["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == source)
        .unwrap_or_else(|| panic!("{source} in {plan}"))
}

#[tokio::test]
async fn the_plan_reads_the_stores_history_and_takes_what_ifs() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, reception, consultant] = server
        .demo_logins(["admin", "manager", "reception", "consultant1"])
        .await;
    let month = next_month(&server, &manager).await;

    // no history yet: nothing is invented
    let empty = plan(
        &server,
        &manager,
        json!({"month": month, "sales_target": 10}),
    )
    .await;
    assert!(empty["sources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["needed"].is_null()));
    assert_eq!(empty["total"]["current"], 0.0);

    // this month: two walk-in prospects and two outbound ones, one order from each source
    let model = first_model_id(&server, &manager).await;
    let mut walk_ins = Vec::new();
    for phone in ["13800000011", "13800000012"] {
        walk_ins.push(check_in(&server, &reception, walk_in(json!({"phone": phone}))).await);
    }
    let outbound = outbound_prospect(&server, &consultant, "13900000021", "外拓一").await;
    outbound_prospect(&server, &consultant, "13900000022", "外拓二").await;
    for prospect in [&walk_ins[0]["prospect_id"], &outbound["id"]] {
        let order = json!({"vehicle_model_id": model, "sale_type": "retail"});
        let answer = server
            .post(&format!("/prospects/{prospect}/orders"), &manager, order)
            .await;
        expect_status(answer, StatusCode::CREATED);
    }

    let sheet = plan(
        &server,
        &manager,
        json!({"month": month, "sales_target": 10}),
    )
    .await;
    let walk = line(&sheet, "walk_in");
    assert_eq!(
        (
            &walk["mix"],
            &walk["deals"],
            &walk["conversion"],
            &walk["needed"]
        ),
        (&json!(0.5), &json!(5.0), &json!(0.5), &json!(10)),
        "{sheet}"
    );
    let current = walk["current"].as_f64().unwrap();
    assert!((current - 2.0 / 3.0).abs() < 1e-9, "{walk}");
    assert_eq!(line(&sheet, "outbound")["needed"], 10);
    assert_eq!(line(&sheet, "event")["needed"], 0, "no deals to bring");
    assert_eq!(sheet["total"]["needed"], 20);

    // a what-if on the conversion, and the second half's target conversion
    let what_if = json!({
        "month": month, "sales_target": 10,
        "overrides": {"walk_in": {"conversion": 0.25}},
        "target_conversion": {"outbound": 1.0},
    });
    let sheet = plan(&server, &manager, what_if).await;
    assert_eq!(line(&sheet, "walk_in")["needed"], 20);
    assert_eq!(line(&sheet, "outbound")["needed"], 5);
    assert_eq!(sheet["total"]["needed"], 25);
    // a source that must bring deals at conversion 0: "—", and the total with it
    let hopeless = json!({
        "month": month, "sales_target": 10,
        "overrides": {"event": {"mix": 0.5, "conversion": 0.0}},
    });
    let sheet = plan(&server, &manager, hopeless).await;
    assert_eq!(line(&sheet, "event")["needed"], Value::Null);
    assert_eq!(sheet["total"]["gap"], Value::Null);

    // another store's manager plans from their own (empty) history
    let (_, manager_b) = other_store_manager(&server, &admin).await;
    let theirs = plan(
        &server,
        &manager_b,
        json!({"month": month, "sales_target": 10}),
    )
    .await;
    assert_eq!(line(&theirs, "walk_in")["needed"], Value::Null);
}

#[tokio::test]
async fn the_plan_is_the_managers_and_its_inputs_are_checked() {
    let server = TestServer::start().await;
    let [consultant, manager] = server.demo_logins(["consultant1", "manager"]).await;
    let body = json!({"month": "2027-01", "sales_target": 10});
    let answer = server.post("/prospect-plan", &consultant, body).await;
    expect_status(answer, StatusCode::FORBIDDEN);
    for (body, field) in [
        (json!({"month": "2027-13", "sales_target": 10}), "month"),
        (
            json!({"month": "2027-01", "sales_target": -1}),
            "sales_target",
        ),
        (
            json!({"month": "2027-01", "sales_target": 10, "overrides": {"walk_in": {"mix": 1.5}}}),
            "overrides.walk_in.mix",
        ),
        (
            json!({"month": "2027-01", "sales_target": 10, "target_conversion": {"event": -0.1}}),
            "target_conversion.event",
        ),
    ] {
        let answer = server.post("/prospect-plan", &manager, body).await;
        assert_invalid_field(&answer, field);
    }
}
