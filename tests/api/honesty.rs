//! `GET /metrics/honesty`: the reception's log against the cards, bursts of follow-ups,
//! and follow-up dates pushed on without a contact.

use chrono::Days;
use keyuan_tests::answers::{expect_status, item_with, walk_in};
use keyuan_tests::setups::{check_in, other_store_manager, outbound_prospect, store_today};
use keyuan_tests::{store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn line(report: &Value, consultant_id: i64) -> &Value {
    item_with(&report["consultants"], "consultant_id", consultant_id)
}

async fn follow_up(server: &TestServer, token: &str, prospect: &Value) {
    let path = format!("/prospects/{prospect}/follow-ups");
    let logged = server.post(&path, token, json!({"channel": "call"})).await;
    expect_status(logged, StatusCode::CREATED);
}

#[tokio::test]
async fn walk_ins_without_follow_up_bursts_and_pushed_dates() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, reception, wang, liu, chen] = server
        .demo_logins([
            "admin",
            "manager",
            "reception",
            "consultant1",
            "consultant2",
            "consultant3",
        ])
        .await;
    let today = store_today(&server, &manager).await;
    let [wang_id, liu_id, chen_id] = [
        server.user_id(&manager, "consultant1").await,
        server.user_id(&manager, "consultant2").await,
        server.user_id(&manager, "consultant3").await,
    ];

    // reception hands 刘洋 a walk-in who leaves a number; nobody grades or calls them
    let an_hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    let body = walk_in(
        json!({"phone": "13900000091", "consultant_id": liu_id, "arrived_at": an_hour_ago}),
    );
    check_in(&server, &reception, body).await;
    // 陈静's walk-in is followed up at once
    let body = walk_in(
        json!({"phone": "13900000092", "consultant_id": chen_id, "arrived_at": an_hour_ago}),
    );
    let followed = check_in(&server, &reception, body).await;
    follow_up(&server, &chen, &followed["prospect_id"]).await;

    // 王磊 "calls" twelve prospects in well under two minutes
    let mut cards = Vec::new();
    for i in 0..12 {
        let card = outbound_prospect(
            &server,
            &wang,
            &format!("139000001{i:02}"),
            &format!("连打{i}"),
        )
        .await;
        cards.push(card["id"].clone());
    }
    let started = std::time::Instant::now();
    for card in &cards {
        follow_up(&server, &wang, card).await;
    }
    assert!(
        started.elapsed().as_secs() < 120,
        "the twelve took {:?}",
        started.elapsed()
    );

    // 刘洋 pushes one card on three times without calling, another twice
    let thrice = outbound_prospect(&server, &liu, "13900000093", "推三次").await;
    let twice = outbound_prospect(&server, &liu, "13900000094", "推两次").await;
    for (card, times) in [(&thrice, 3), (&twice, 2)] {
        for n in 1..=times {
            let later = today.checked_add_days(Days::new(2 * n)).unwrap();
            let path = format!("/prospects/{}", card["id"]);
            let moved = server
                .patch(&path, &liu, json!({"next_follow_up_on": later}))
                .await;
            expect_status(moved, StatusCode::OK);
        }
    }

    let path = format!("/metrics/honesty?from={today}&to={today}");
    let report = expect_status(server.get(&path, &manager).await, StatusCode::OK);
    assert_eq!(
        report["rules"],
        json!({"burst_entries": 10, "burst_minutes": 5, "pushes": 3})
    );
    let liu_line = line(&report, liu_id);
    assert_eq!(
        (
            &liu_line["walk_ins"],
            &liu_line["captured"],
            &liu_line["followed_up_in_24h"],
            &liu_line["gap"]
        ),
        (&json!(1), &json!(1), &json!(0), &json!(1)),
        "the walk-in nobody followed up is the gap: {liu_line}"
    );
    let chen_line = line(&report, chen_id);
    assert_eq!(
        (&chen_line["followed_up_in_24h"], &chen_line["gap"]),
        (&json!(1), &json!(0))
    );

    let bursts = report["bursts"].as_array().unwrap();
    assert_eq!(bursts.len(), 1, "one burst: {bursts:?}");
    let burst = &bursts[0];
    assert_eq!(
        (&burst["consultant_id"], &burst["name"], &burst["kind"]),
        (&json!(wang_id), &json!("王磊"), &json!("follow_ups"))
    );
    let behind: Vec<&Value> = burst["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["prospect_id"])
        .collect();
    assert_eq!(
        behind,
        cards.iter().collect::<Vec<_>>(),
        "the twelve, in order"
    );
    assert_eq!(line(&report, wang_id)["bursts"], 1);
    assert_eq!(
        line(&report, chen_id)["bursts"],
        0,
        "one follow-up is no burst"
    );

    let pushed = report["pushed"].as_array().unwrap();
    assert_eq!(pushed.len(), 1, "{pushed:?}");
    assert_eq!(
        (
            &pushed[0]["prospect_id"],
            &pushed[0]["pushes"],
            &pushed[0]["owner_name"]
        ),
        (&thrice["id"], &json!(3), &json!("刘洋"))
    );
    assert_eq!(line(&report, liu_id)["pushed_prospects"], 1);
    // a call afterwards does not undo the three pushes the range holds
    follow_up(&server, &liu, &thrice["id"]).await;
    let after = expect_status(server.get(&path, &manager).await, StatusCode::OK);
    assert_eq!(
        after["pushed"].as_array().unwrap().len(),
        1,
        "the run of three stays in the range"
    );

    // another store's manager sees their own (empty) store; a consultant sees nothing
    let (_, other) = other_store_manager(&server, &admin).await;
    let theirs = expect_status(server.get(&path, &other).await, StatusCode::OK);
    assert_eq!(theirs["bursts"], json!([]));
    assert_eq!(theirs["pushed"], json!([]));
    assert!(
        theirs["consultants"].as_array().unwrap().is_empty(),
        "{theirs}"
    );
    let refused = server.get(&path, &wang).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{}", refused.1);
}

#[tokio::test]
async fn loyalty_contacts_completed_in_a_burst_come_back_as_one() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [manager, liu] = server.demo_logins(["manager", "consultant2"]).await;
    let today = store_today(&server, &manager).await;
    let liu_id = server.user_id(&manager, "consultant2").await;
    let card = outbound_prospect(&server, &liu, "13900000601", "回访车主").await;
    let model = keyuan_tests::setups::first_model_id(&server, &manager).await;
    let order = json!({"vehicle_model_id": model, "sale_type": "retail"});
    let order = server
        .post(&format!("/prospects/{}/orders", card["id"]), &liu, order)
        .await;
    let order = expect_status(order, StatusCode::CREATED);
    let delivery = format!("/orders/{}/delivery", order["id"]);
    let delivered = server
        .post(&delivery, &liu, json!({"delivered_on": today}))
        .await;
    let delivered = expect_status(delivered, StatusCode::OK);
    // ten of the customer's contacts "made" one after the other, years ahead of time
    let contacts = delivered["loyalty_contacts"].as_array().unwrap();
    for contact in &contacts[..10] {
        let path = format!("/loyalty-contacts/{}/complete", contact["id"]);
        let done = server
            .post(&path, &liu, json!({"outcome": "reached"}))
            .await;
        expect_status(done, StatusCode::OK);
    }
    let path = format!("/metrics/honesty?from={today}&to={today}");
    let report = expect_status(server.get(&path, &manager).await, StatusCode::OK);
    let bursts = report["bursts"].as_array().unwrap();
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(
        (&bursts[0]["kind"], &bursts[0]["consultant_id"]),
        (&json!("loyalty_contacts"), &json!(liu_id))
    );
    assert_eq!(bursts[0]["entries"].as_array().unwrap().len(), 10);
    assert_eq!(bursts[0]["entries"][0]["customer_name"], "回访车主");
}
