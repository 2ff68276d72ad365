//! `GET /metrics/activity`: the daily activity report (销售活动日报表).

use chrono::{Datelike, Days};
use keyuan_tests::answers::{expect_status, item_with};
use keyuan_tests::setups::{other_store_manager, outbound_prospect, store_today};
use keyuan_tests::{store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn line(report: &Value, consultant_id: i64) -> &Value {
    item_with(&report["consultants"], "consultant_id", consultant_id)
}

#[tokio::test]
async fn each_consultants_meetings_calls_and_messages_against_the_targets() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, wang, liu] = server
        .demo_logins(["admin", "manager", "consultant1", "consultant2"])
        .await;
    let today = store_today(&server, &manager).await;
    let wang_id = server.user_id(&manager, "consultant1").await;
    let liu_id = server.user_id(&manager, "consultant2").await;

    let card = outbound_prospect(&server, &wang, "13900000301", "日报").await;
    let path = format!("/prospects/{}/follow-ups", card["id"]);
    for channel in ["call", "call", "message", "visit", "test_drive", "other"] {
        let logged = server.post(&path, &wang, json!({"channel": channel})).await;
        expect_status(logged, StatusCode::CREATED);
    }
    let other = outbound_prospect(&server, &liu, "13900000302", "日报二").await;
    let path = format!("/prospects/{}/follow-ups", other["id"]);
    expect_status(
        server.post(&path, &liu, json!({"channel": "call"})).await,
        StatusCode::CREATED,
    );

    let day = format!("/metrics/activity?from={today}&to={today}");
    let report = expect_status(server.get(&day, &manager).await, StatusCode::OK);
    assert_eq!(report["days_due"], 1);
    assert_eq!(
        report["due"],
        json!({"meetings": 5, "calls": 20, "messages": 30})
    );
    let w = line(&report, wang_id);
    assert_eq!(
        w["activity"],
        json!({"meetings": 2, "calls": 2, "messages": 1}),
        "'other' counts in none"
    );
    assert_eq!(w["prospects_added"], 1);
    assert_eq!(line(&report, liu_id)["activity"]["calls"], 1);

    // this week so far: the targets of the days that have come
    let monday = today
        .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
        .unwrap();
    let sunday = monday.checked_add_days(Days::new(6)).unwrap();
    let week = format!("/metrics/activity?from={monday}&to={sunday}");
    let report = expect_status(server.get(&week, &manager).await, StatusCode::OK);
    let days = i64::from(today.weekday().num_days_from_monday()) + 1;
    assert_eq!(report["days_due"], days);
    assert_eq!(report["due"]["calls"], 20 * days);
    assert_eq!(line(&report, wang_id)["activity"]["calls"], 2);

    let (_, other_manager) = other_store_manager(&server, &admin).await;
    let theirs = expect_status(server.get(&day, &other_manager).await, StatusCode::OK);
    assert_eq!(
        theirs["consultants"],
        json!([]),
        "another store's consultants never appear"
    );
    let refused = server.get(&day, &wang).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{}", refused.1);
}
