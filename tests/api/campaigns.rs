//! Campaigns (展示/活动): recorded by the manager, picked at check-in for a visitor whose
//! source is `event`, and the report of what each brought in beside the store's average.

use chrono::{Days, NaiveDate};
use keyuan_tests::answers::{assert_invalid_field, expect_status, walk_in};
use keyuan_tests::setups::{check_in, first_model_id, other_store_manager, store_today};
use keyuan_tests::{count_rows, store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn campaign(name: &str, starts_on: NaiveDate, ends_on: NaiveDate, cost: i64) -> Value {
    json!({"name": name, "starts_on": starts_on, "ends_on": ends_on, "cost": cost})
}

async fn report(server: &TestServer, token: &str, from: NaiveDate, to: NaiveDate) -> Value {
    let answer = server
        .get(&format!("/metrics/campaigns?from={from}&to={to}"), token)
        .await;
    expect_status(answer, StatusCode::OK)
}

fn row<'a>(report: &'a Value, id: &Value) -> &'a Value {
    report["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["campaign"]["id"] == *id)
        .unwrap_or_else(|| panic!("campaign {id} in {report}"))
}

#[tokio::test]
async fn a_campaigns_visits_prospects_and_orders_beside_the_store_average() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, receptionist, consultant] = server
        .demo_logins(["admin", "manager", "reception", "consultant1"])
        .await;
    let today = store_today(&server, &manager).await;
    let days = |n: u64| today.checked_sub_days(Days::new(n)).unwrap();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap();

    // only the manager records campaigns, and checks what is typed
    let drive_day = campaign("周末试驾会", days(1), tomorrow, 30_000);
    for token in [&receptionist, &consultant] {
        let answer = server.post("/campaigns", token, drive_day.clone()).await;
        assert_eq!(answer.0, StatusCode::FORBIDDEN, "{}", answer.1);
    }
    let backwards = campaign("倒过来", today, days(1), 0);
    assert_invalid_field(
        &server.post("/campaigns", &manager, backwards).await,
        "ends_on",
    );
    let negative = campaign("负数", today, today, -1);
    assert_invalid_field(&server.post("/campaigns", &manager, negative).await, "cost");
    let drive_day = expect_status(
        server.post("/campaigns", &manager, drive_day).await,
        StatusCode::CREATED,
    );
    let earlier = campaign("车展", days(10), days(5), 5_000);
    let earlier = expect_status(
        server.post("/campaigns", &manager, earlier).await,
        StatusCode::CREATED,
    );
    let (_, other_manager) = other_store_manager(&server, &admin).await;
    let elsewhere = campaign("二店活动", today, today, 1_000);
    let elsewhere = expect_status(
        server.post("/campaigns", &other_manager, elsewhere).await,
        StatusCode::CREATED,
    );

    // the receptionist sees the store's campaigns, not the other store's
    let listed = expect_status(
        server.get("/campaigns", &receptionist).await,
        StatusCode::OK,
    );
    let ids: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["id"])
        .collect();
    assert_eq!(ids, [&drive_day["id"], &earlier["id"]], "{listed}");

    // a campaign goes with the source `event`, of this store, on its days
    let refused = [
        walk_in(json!({"campaign_id": drive_day["id"]})),
        walk_in(json!({"source": "event", "campaign_id": elsewhere["id"]})),
        walk_in(json!({"source": "event", "campaign_id": earlier["id"]})),
    ];
    for body in refused {
        assert_invalid_field(
            &server.post("/visits", &receptionist, body).await,
            "campaign_id",
        );
    }

    // three visitors of the drive day: two leave their numbers, one drives, one orders
    let an_hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    let at = |extra: Value| {
        let mut body = walk_in(extra);
        body["source"] = json!("event");
        body["campaign_id"] = drive_day["id"].clone();
        body["arrived_at"] = json!(an_hour_ago);
        body
    };
    let buyer = check_in(
        &server,
        &receptionist,
        at(json!({"phone": "13900000071", "name": "活动甲", "test_drive": true})),
    )
    .await;
    assert_eq!(buyer["campaign_id"], drive_day["id"]);
    assert_eq!(buyer["campaign_name"], "周末试驾会");
    check_in(&server, &receptionist, at(json!({"phone": "13900000072"}))).await;
    check_in(&server, &receptionist, at(json!({}))).await;
    // an event visitor with no campaign named, and an ordinary walk-in: neither counts
    check_in(&server, &receptionist, walk_in(json!({"source": "event"}))).await;
    check_in(
        &server,
        &receptionist,
        walk_in(json!({"phone": "13900000073"})),
    )
    .await;
    let model = first_model_id(&server, &manager).await;
    let order = json!({"vehicle_model_id": model, "sale_type": "retail"});
    let ordered = server
        .post(
            &format!("/prospects/{}/orders", buyer["prospect_id"]),
            &manager,
            order,
        )
        .await;
    expect_status(ordered, StatusCode::CREATED);

    let month = report(&server, &manager, days(30), today).await;
    let drive = row(&month, &drive_day["id"]);
    assert_eq!(
        drive["counts"],
        json!({"visits": 3, "first_visits": 3, "captured": 2, "test_drives": 1, "prospects": 2, "orders": 1}),
        "{month}"
    );
    assert_eq!(drive["cost_per_order"], 30_000.0);
    let show = row(&month, &earlier["id"]);
    assert_eq!(show["counts"]["visits"], 0);
    assert_eq!(
        show["cost_per_order"],
        Value::Null,
        "no order: no cost per order"
    );
    assert_eq!(
        month["average"],
        json!({"visits": 1.5, "first_visits": 1.5, "captured": 1.0, "test_drives": 0.5,
               "prospects": 1.0, "orders": 0.5, "cost": 17_500.0, "cost_per_order": 35_000.0})
    );
    // a range the drive day does not meet leaves it out
    let before = report(&server, &manager, days(10), days(2)).await;
    assert_eq!(before["campaigns"].as_array().unwrap().len(), 1, "{before}");

    // the cost corrected later changes the cost per order; the dates stay in order
    let path = format!("/campaigns/{}", drive_day["id"]);
    let fixed = server.patch(&path, &manager, json!({"cost": 40_000})).await;
    expect_status(fixed, StatusCode::OK);
    let late_end = server
        .patch(&path, &manager, json!({"ends_on": days(2)}))
        .await;
    assert_invalid_field(&late_end, "ends_on");
    let month = report(&server, &manager, days(30), today).await;
    assert_eq!(row(&month, &drive_day["id"])["cost_per_order"], 40_000.0);
    let mut db = server.db().await;
    let audited = "SELECT count(*) AS n FROM audit_entries WHERE entity = 'campaign'";
    assert_eq!(
        count_rows(&mut db, audited).await,
        4,
        "three recorded, one corrected"
    );

    // another store's manager sees only their own, and cannot change ours
    let theirs = report(&server, &other_manager, days(30), today).await;
    let names: Vec<&Value> = theirs["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["campaign"]["name"])
        .collect();
    assert_eq!(names, [&json!("二店活动")]);
    let answer = server
        .patch(&path, &other_manager, json!({"cost": 1}))
        .await;
    assert_eq!(answer.0, StatusCode::NOT_FOUND, "{}", answer.1);
    // the report is the manager's
    let answer = server
        .get(
            &format!("/metrics/campaigns?from={}&to={today}", days(30)),
            &consultant,
        )
        .await;
    assert_eq!(answer.0, StatusCode::FORBIDDEN, "{}", answer.1);
}
