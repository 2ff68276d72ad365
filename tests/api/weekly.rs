//! `PUT /monthly-targets` and `GET /weekly-plan`: the month's targets split over its
//! Monday weeks beside each week's actuals from orders, deliveries and prospects.

use chrono::{Datelike, Months, NaiveDate};
use keyuan_tests::answers::{assert_invalid_field, expect_status, new_user};
use keyuan_tests::setups::{first_model_id, other_store_manager, outbound_prospect, store_today};
use keyuan_tests::{demo_store_id, store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

async fn plan(server: &TestServer, token: &str, month: &str) -> Value {
    let answer = server
        .get(&format!("/weekly-plan?month={month}"), token)
        .await;
    expect_status(answer, StatusCode::OK)
}

fn close(value: &Value, expected: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {value}"));
    assert!((got - expected).abs() < 1e-9, "{got} ≠ {expected}");
}

fn line(plan: &Value, consultant_id: i64) -> &Value {
    plan["consultants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["consultant_id"] == consultant_id)
        .unwrap_or_else(|| panic!("consultant {consultant_id} in {plan}"))
}

#[tokio::test]
async fn saved_targets_split_over_the_weeks_beside_their_actuals() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, consultant] = server
        .demo_logins(["admin", "manager", "consultant1"])
        .await;
    let today = store_today(&server, &manager).await;
    let month = month_of(today);
    let first = today.with_day(1).unwrap();
    let last = (first + Months::new(1)).pred_opt().unwrap();
    let wang = server.user_id(&manager, "consultant1").await;
    let liu = server.user_id(&manager, "consultant2").await;

    // before any targets: every consultant has a line, no targets, no gaps
    let empty = plan(&server, &manager, &month).await;
    assert_eq!(empty["store"]["month_targets"], Value::Null);
    assert_eq!(empty["consultants"].as_array().unwrap().len(), 3, "{empty}");
    assert!(empty["store"]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["target"].is_null() && w["gap"].is_null()));

    // this week: a prospect of 王磊's, ordered and delivered today
    let model = first_model_id(&server, &manager).await;
    let prospect = outbound_prospect(&server, &consultant, "13900000031", "周计划").await;
    let body = json!({"vehicle_model_id": model, "sale_type": "retail"});
    let order = server
        .post(
            &format!("/prospects/{}/orders", prospect["id"]),
            &consultant,
            body,
        )
        .await;
    let order = expect_status(order, StatusCode::CREATED);
    let delivery = format!("/orders/{}/delivery", order["id"]);
    let body = json!({"delivered_on": today.to_string()});
    expect_status(
        server.post(&delivery, &consultant, body).await,
        StatusCode::OK,
    );

    let targets = json!({
        "month": month,
        "store": {"sales": 30, "orders": 40, "prospects": 100},
        "consultants": [{"consultant_id": wang, "targets": {"sales": 10, "orders": 12, "prospects": 50}}],
    });
    let saved = expect_status(
        server.put("/monthly-targets", &manager, targets).await,
        StatusCode::OK,
    );
    let got = plan(&server, &manager, &month).await;
    assert_eq!(saved, got, "the save answers the plan");
    assert_eq!(got["month"], month);
    assert_eq!(got["today"], today.to_string());

    // the weeks cover the month, Monday to Sunday, and today's is the one current
    let weeks = got["weeks"].as_array().unwrap();
    assert_eq!(weeks[0]["from"], first.to_string());
    assert_eq!(weeks.last().unwrap()["to"], last.to_string());
    for pair in weeks.windows(2) {
        let to: NaiveDate = pair[0]["to"].as_str().unwrap().parse().unwrap();
        assert_eq!(pair[1]["from"], to.succ_opt().unwrap().to_string());
        assert_eq!(to.weekday(), chrono::Weekday::Sun);
    }
    let shares: f64 = weeks.iter().map(|w| w["share"].as_f64().unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-9, "{shares}");
    let current: Vec<usize> = (0..weeks.len())
        .filter(|&i| weeks[i]["current"] == true)
        .collect();
    assert_eq!(current.len(), 1, "{got}");
    let now = current[0];
    let share = weeks[now]["share"].as_f64().unwrap();

    // the store's line: its targets pro rata, the week's actuals, the gap
    let store = &got["store"];
    assert_eq!(
        store["month_targets"],
        json!({"sales": 30, "orders": 40, "prospects": 100})
    );
    let week = &store["weeks"][now];
    assert_eq!(
        week["actual"],
        json!({"sales": 1, "orders": 1, "prospects": 1})
    );
    close(&week["target"]["sales"], 30.0 * share);
    close(&week["target"]["orders"], 40.0 * share);
    close(&week["target"]["prospects"], 100.0 * share);
    close(&week["gap"]["sales"], 30.0 * share - 1.0);
    close(&week["gap"]["orders"], 40.0 * share - 1.0);
    close(&week["gap"]["prospects"], 100.0 * share - 1.0);
    for (i, other) in store["weeks"].as_array().unwrap().iter().enumerate() {
        if i != now {
            assert_eq!(
                other["actual"],
                json!({"sales": 0, "orders": 0, "prospects": 0})
            );
        }
    }

    // 王磊's line counts his order and prospect; 刘洋 has a line with nothing set
    let his = &line(&got, wang)["weeks"][now];
    assert_eq!(line(&got, wang)["name"], "王磊");
    assert_eq!(
        his["actual"],
        json!({"sales": 1, "orders": 1, "prospects": 1})
    );
    close(&his["target"]["orders"], 12.0 * share);
    close(&his["gap"]["prospects"], 50.0 * share - 1.0);
    let theirs = line(&got, liu);
    assert_eq!(theirs["month_targets"], Value::Null);
    assert_eq!(theirs["weeks"][now]["target"], Value::Null);
    assert_eq!(theirs["weeks"][now]["actual"]["orders"], 0);

    // saving again replaces
    let again = json!({
        "month": month,
        "store": {"sales": 60, "orders": 40, "prospects": 100},
        "consultants": [{"consultant_id": wang, "targets": {"sales": 0, "orders": 0, "prospects": 0}}],
    });
    expect_status(
        server.put("/monthly-targets", &manager, again).await,
        StatusCode::OK,
    );
    let got = plan(&server, &manager, &month).await;
    assert_eq!(got["store"]["month_targets"]["sales"], 60);
    close(&got["store"]["weeks"][now]["target"]["sales"], 60.0 * share);
    assert_eq!(line(&got, wang)["month_targets"]["sales"], 0);
    close(&line(&got, wang)["weeks"][now]["gap"]["sales"], -1.0);

    // another month has none of it
    let next = month_of(first + Months::new(1));
    let later = plan(&server, &manager, &next).await;
    assert_eq!(later["store"]["month_targets"], Value::Null);
    assert!(later["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["current"] == false));

    // an admin names the store; another store's manager sees their own, empty plan
    let store_id = demo_store_id(&server, &admin).await;
    let answer = server
        .get(
            &format!("/weekly-plan?month={month}&store_id={store_id}"),
            &admin,
        )
        .await;
    let seen = expect_status(answer, StatusCode::OK);
    assert_eq!(seen["store"]["month_targets"]["sales"], 60);
    let (_, manager_b) = other_store_manager(&server, &admin).await;
    let theirs = plan(&server, &manager_b, &month).await;
    assert_eq!(theirs["store"]["month_targets"], Value::Null);
    assert_eq!(theirs["consultants"], json!([]));
    assert!(theirs["store"]["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["actual"]["orders"] == 0));
    let answer = server
        .get(
            &format!("/weekly-plan?month={month}&store_id={store_id}"),
            &manager_b,
        )
        .await;
    expect_status(answer, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn targets_are_the_managers_and_are_checked() {
    let server = TestServer::start().await;
    let [admin, manager, consultant] = server
        .demo_logins(["admin", "manager", "consultant1"])
        .await;
    let body = json!({"month": "2027-01", "store": {"sales": 1, "orders": 1, "prospects": 1}});

    expect_status(
        server.get("/weekly-plan?month=2027-01", &consultant).await,
        StatusCode::FORBIDDEN,
    );
    expect_status(
        server
            .put("/monthly-targets", &consultant, body.clone())
            .await,
        StatusCode::FORBIDDEN,
    );
    assert_invalid_field(
        &server.get("/weekly-plan?month=2027-13", &manager).await,
        "month",
    );
    assert_invalid_field(&server.get("/weekly-plan", &manager).await, "month");
    assert_invalid_field(
        &server.get("/weekly-plan?month=2027-01", &admin).await,
        "store_id",
    );
    expect_status(
        server
            .get("/weekly-plan?month=2027-01&store_id=999999", &admin)
            .await,
        StatusCode::NOT_FOUND,
    );

    // a consultant of another store, the store's receptionist, or an unknown id
    let (other, _) = other_store_manager(&server, &admin).await;
    let user = new_user(
        "二店顾问",
        "consultant-b",
        "consultant",
        other["id"].clone(),
    );
    let theirs = expect_status(
        server.post("/users", &admin, user).await,
        StatusCode::CREATED,
    );
    let reception = server.user_id(&manager, "reception").await;
    let wang = server.user_id(&manager, "consultant1").await;
    for id in [theirs["id"].as_i64().unwrap(), reception, 999_999] {
        let body = json!({
            "month": "2027-01",
            "store": {"sales": 1, "orders": 1, "prospects": 1},
            "consultants": [
                {"consultant_id": wang, "targets": {"sales": 1, "orders": 1, "prospects": 1}},
                {"consultant_id": id, "targets": {"sales": 1, "orders": 1, "prospects": 1}},
            ],
        });
        let answer = server.put("/monthly-targets", &manager, body).await;
        assert_invalid_field(&answer, "consultants[1].consultant_id");
    }
    // nothing of a refused save was kept
    let kept = plan(&server, &manager, "2027-01").await;
    assert_eq!(kept["store"]["month_targets"], Value::Null);

    for (body, field) in [
        (
            json!({"month": "2027-13", "store": {"sales": 1, "orders": 1, "prospects": 1}}),
            "month",
        ),
        (
            json!({"month": "2027-01", "store": {"sales": -1, "orders": 1, "prospects": 1}}),
            "store.sales",
        ),
        (
            json!({"month": "2027-01", "store": {"sales": 1, "orders": 1, "prospects": 1},
                   "consultants": [{"consultant_id": wang, "targets": {"sales": 1, "orders": 100001, "prospects": 1}}]}),
            "consultants[0].targets.orders",
        ),
    ] {
        let answer = server.put("/monthly-targets", &manager, body).await;
        assert_invalid_field(&answer, field);
    }
    // an admin has no store of their own to set targets for
    expect_status(
        server.put("/monthly-targets", &admin, body).await,
        StatusCode::FORBIDDEN,
    );
}
