//! The rotation (接待轮序) and the visitors it must never turn away: who takes the next
//! walk-in, busy or not, and the one-tap close of visitors nobody marked as gone.

use keyuan_tests::answers::{each_number, expect_status, walk_in};
use keyuan_tests::setups::check_in;
use keyuan_tests::{store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::visits::{ago, demo_consultant_ids, mark_left};

#[tokio::test]
async fn the_rotation_follows_arrivals_departures_and_duty() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let manager = server.demo_login("manager").await;
    let reception = server.demo_login("reception").await;
    let c = demo_consultant_ids(&server, &manager).await;
    let order = |rotation: &Value| each_number(&rotation["consultants"], "consultant_id");

    let (_, rotation) = server.get("/rotation", &reception).await;
    assert_eq!(
        (order(&rotation), rotation["next_consultant_id"].as_i64()),
        (c.clone(), Some(c[0]))
    );

    let v1 = check_in(&server, &reception, walk_in(json!({}))).await;
    assert_eq!(v1["consultant_id"].as_i64(), Some(c[0]));
    let v2 = check_in(&server, &reception, walk_in(json!({}))).await;
    assert_eq!(v2["consultant_id"].as_i64(), Some(c[1]));
    let (_, rotation) = server.get("/rotation", &reception).await;
    assert_eq!(
        order(&rotation),
        vec![c[2], c[0], c[1]],
        "takers go to the back of the queue"
    );
    assert_eq!(rotation["next_consultant_id"].as_i64(), Some(c[2]));

    // the first visitor leaves: consultant 1 is free again and next, ahead of the busy consultant 2
    assert_eq!(
        mark_left(&server, &reception, &v1["id"]).await,
        StatusCode::OK
    );
    let v3 = check_in(&server, &reception, walk_in(json!({}))).await;
    assert_eq!(v3["consultant_id"].as_i64(), Some(c[2]));
    let (_, rotation) = server.get("/rotation", &reception).await;
    assert_eq!(rotation["next_consultant_id"].as_i64(), Some(c[0]));

    // off duty for the day: skipped; nobody free: the head of the queue, though busy
    let off_duty = json!({"consultant_id": c[0], "on_duty": false});
    let rotation = server.put("/rotation/duty", &manager, off_duty).await;
    let rotation = expect_status(rotation, StatusCode::OK);
    assert_eq!(rotation["next_consultant_id"].as_i64(), Some(c[1]));
    assert_eq!(
        order(&rotation).last(),
        Some(&c[0]),
        "off-duty consultants are listed last"
    );
    let captured = walk_in(json!({"phone": "13600136000"}));
    let busy = check_in(&server, &reception, captured).await;
    assert_eq!(busy["consultant_id"].as_i64(), Some(c[1]));
    let to_c2 = json!({"consultant_id": c[2], "phone": "13600136001"});
    let chosen = check_in(&server, &reception, walk_in(to_c2)).await;
    assert_eq!(chosen["consultant_id"].as_i64(), Some(c[2]));
}

#[tokio::test]
async fn no_visitor_is_refused_for_want_of_a_free_consultant() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let manager = server.demo_login("manager").await;
    let reception = server.demo_login("reception").await;
    let c = demo_consultant_ids(&server, &manager).await;
    for _ in &c {
        check_in(&server, &reception, walk_in(json!({}))).await;
    }
    let (_, rotation) = server.get("/rotation", &reception).await;
    let busy = each_number(&rotation["consultants"], "with_customers");
    assert!(busy.iter().all(|&n| n == 1), "everyone is busy: {rotation}");

    // a walk-in who gives a number, a phone-in and last week's paper log: all logged
    let with_phone = check_in(
        &server,
        &reception,
        walk_in(json!({"phone": "13700137000"})),
    )
    .await;
    assert!(with_phone["prospect_id"].is_i64(), "{with_phone}");
    assert!(with_phone["consultant_id"].is_i64(), "{with_phone}");
    let phone_in =
        json!({"kind": "phone_in", "party_size": 1, "source": "phone", "phone": "13700137001"});
    let phone_in = check_in(&server, &reception, phone_in).await;
    assert!(phone_in["prospect_id"].is_i64(), "{phone_in}");
    let last_week = walk_in(
        json!({"phone": "13700137002", "arrived_at": ago(24 * 7), "left_at": ago(24 * 7 - 1)}),
    );
    let last_week = check_in(&server, &reception, last_week).await;
    assert!(last_week["prospect_id"].is_i64(), "{last_week}");

    // nobody on duty: logged with the customer, unassigned; the card comes with a consultant
    for id in &c {
        let off = json!({"consultant_id": id, "on_duty": false});
        expect_status(
            server.put("/rotation/duty", &manager, off).await,
            StatusCode::OK,
        );
    }
    let unassigned = check_in(
        &server,
        &reception,
        walk_in(json!({"phone": "13700137003"})),
    )
    .await;
    assert_eq!(unassigned["consultant_id"], Value::Null);
    assert_eq!(unassigned["prospect_id"], Value::Null);
    assert!(unassigned["customer_id"].is_i64());
    let path = format!("/visits/{}", unassigned["id"]);
    let assigned = server
        .patch(&path, &reception, json!({"consultant_id": c[0]}))
        .await;
    let assigned = expect_status(assigned, StatusCode::OK);
    assert!(assigned["prospect_id"].is_i64(), "{assigned}");
    let card = format!("/prospects/{}", assigned["prospect_id"]);
    let (_, card) = server.get(&card, &manager).await;
    assert_eq!(card["prospect"]["owner_id"].as_i64(), Some(c[0]), "{card}");
}

#[tokio::test]
async fn forgotten_visitors_of_earlier_hours_are_closed_in_one_tap_as_short_stays() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let reception = server.demo_login("reception").await;
    let consultant = server.demo_login("consultant1").await;
    let earlier = check_in(&server, &reception, walk_in(json!({"arrived_at": ago(2)}))).await;
    let yesterday = check_in(&server, &reception, walk_in(json!({"arrived_at": ago(20)}))).await;
    let now = check_in(&server, &reception, walk_in(json!({}))).await;

    let answer = server
        .post("/visits/close-forgotten", &consultant, json!({}))
        .await;
    expect_status(answer, StatusCode::FORBIDDEN);
    let answer = server
        .post("/visits/close-forgotten", &reception, json!({}))
        .await;
    let closed = expect_status(answer, StatusCode::OK)["visit_ids"].clone();
    assert_eq!(
        closed,
        json!([earlier["id"]]),
        "this hour's visit stays open; yesterday's is no longer the receptionist's to change ({yesterday})"
    );
    let (_, log) = server.get("/visits", &reception).await;
    let still_open: Vec<&Value> = log["visits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["left_at"].is_null())
        .collect();
    assert_eq!(still_open.len(), 1);
    assert_eq!(still_open[0]["id"], now["id"]);
    let closed_visit = log["visits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == earlier["id"])
        .unwrap();
    assert_eq!(
        closed_visit["left_at"], closed_visit["arrived_at"],
        "departure unknown: set to the arrival"
    );
    let again = server
        .post("/visits/close-forgotten", &reception, json!({}))
        .await;
    assert_eq!(expect_status(again, StatusCode::OK)["visit_ids"], json!([]));
}

/// The store's rule (off by default): a consultant with overdue follow-ups is out of the
/// walk-in rotation until they catch up, and the board says so.
#[tokio::test]
async fn overdue_follow_ups_take_a_consultant_out_of_the_rotation_when_the_store_says_so() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [admin, manager, reception, wang] = server
        .demo_logins(["admin", "manager", "reception", "consultant1"])
        .await;
    let c = demo_consultant_ids(&server, &manager).await;
    // 王磊 (first in the queue) has a card whose follow-up date passed two days ago
    let card = keyuan_tests::setups::outbound_prospect(&server, &wang, "13900000501", "逾期").await;
    keyuan_tests::setups::make_overdue(&server, &card["id"]).await;

    let (_, rotation) = server.get("/rotation", &reception).await;
    assert_eq!(
        rotation["next_consultant_id"].as_i64(),
        Some(c[0]),
        "the rule is off by default"
    );
    assert_eq!(rotation["consultants"][0]["skipped"], false);

    let store = keyuan_tests::demo_store_id(&server, &admin).await;
    let on = json!({"rotation_skips_overdue": true});
    let changed = expect_status(
        server.patch(&format!("/stores/{store}"), &admin, on).await,
        StatusCode::OK,
    );
    assert_eq!(changed["rotation_skips_overdue"], true);
    let (_, rotation) = server.get("/rotation", &reception).await;
    assert_eq!(
        rotation["next_consultant_id"].as_i64(),
        Some(c[1]),
        "{rotation}"
    );
    let wang_entry =
        keyuan_tests::answers::item_with(&rotation["consultants"], "consultant_id", c[0]);
    assert_eq!(
        (&wang_entry["skipped"], &wang_entry["overdue"]),
        (&json!(true), &json!(1))
    );
    let visit = check_in(&server, &reception, walk_in(json!({}))).await;
    assert_eq!(
        visit["consultant_id"].as_i64(),
        Some(c[1]),
        "the walk-in skips him"
    );

    // he calls the customer: caught up, back in the rotation at the head
    let path = format!("/prospects/{}/follow-ups", card["id"]);
    expect_status(
        server.post(&path, &wang, json!({"channel": "call"})).await,
        StatusCode::CREATED,
    );
    let (_, rotation) = server.get("/rotation", &reception).await;
    assert_eq!(rotation["next_consultant_id"].as_i64(), Some(c[0]));
}

/// Two tablets tapping at the same moment: each visitor gets their own consultant, and
/// one new number checked in twice at once makes one customer with one card, not a 409.
#[tokio::test]
async fn simultaneous_check_ins_get_different_consultants_and_share_a_new_customer() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let reception = server.demo_login("reception").await;
    for round in 0..3 {
        let (a, b) = tokio::join!(
            server.post("/visits", &reception, walk_in(json!({}))),
            server.post("/visits", &reception, walk_in(json!({}))),
        );
        let (a, b) = (
            expect_status(a, StatusCode::CREATED),
            expect_status(b, StatusCode::CREATED),
        );
        assert_ne!(
            a["consultant_id"], b["consultant_id"],
            "round {round}: {a} {b}"
        );
        for visit in [&a, &b] {
            mark_left(&server, &reception, &visit["id"]).await;
        }
        let phone = format!("1390000070{round}");
        let body = walk_in(json!({"phone": phone}));
        let (a, b) = tokio::join!(
            server.post("/visits", &reception, body.clone()),
            server.post("/visits", &reception, body),
        );
        let (a, b) = (
            expect_status(a, StatusCode::CREATED),
            expect_status(b, StatusCode::CREATED),
        );
        assert_eq!(a["customer_id"], b["customer_id"], "one customer: {a} {b}");
        assert_eq!(a["prospect_id"], b["prospect_id"], "one card");
        for visit in [&a, &b] {
            mark_left(&server, &reception, &visit["id"]).await;
        }
    }
}

/// Two corrections of one visit at once both stay (the second waits for the first), and
/// the card and customer changes a correction makes are audited.
#[tokio::test]
async fn concurrent_corrections_of_a_visit_both_stay_and_are_audited() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let manager = server.demo_login("manager").await;
    let reception = server.demo_login("reception").await;
    let c = demo_consultant_ids(&server, &manager).await;
    let visit = check_in(
        &server,
        &reception,
        walk_in(json!({"phone": "13900000801"})),
    )
    .await;
    assert_eq!(visit["consultant_id"].as_i64(), Some(c[0]));
    let path = format!("/visits/{}", visit["id"]);
    let (a, b) = tokio::join!(
        server.patch(&path, &reception, json!({"test_drive": true})),
        server.patch(&path, &reception, json!({"note": "同时修改"})),
    );
    expect_status(a, StatusCode::OK);
    expect_status(b, StatusCode::OK);
    let fixed = json!({"consultant_id": c[1], "name": "改名"});
    let after = expect_status(server.patch(&path, &reception, fixed).await, StatusCode::OK);
    assert_eq!(
        (&after["test_drive"], &after["note"]),
        (&json!(true), &json!("同时修改")),
        "neither change lost"
    );

    let mut db = server.db().await;
    let audited = |entity: &str, id: &Value| {
        format!("SELECT count(*) AS n FROM audit_entries WHERE entity = '{entity}' AND entity_id = {id} AND action = 'update'")
    };
    let owner =
        keyuan_tests::count_rows(&mut db, &audited("prospect", &visit["prospect_id"])).await;
    assert!(owner >= 1, "the card's new owner is audited");
    let renamed =
        keyuan_tests::count_rows(&mut db, &audited("customer", &visit["customer_id"])).await;
    assert_eq!(renamed, 1, "the rename is audited");
    let card = expect_status(
        server
            .get(&format!("/prospects/{}", visit["prospect_id"]), &manager)
            .await,
        StatusCode::OK,
    );
    assert_eq!(card["prospect"]["owner_id"].as_i64(), Some(c[1]), "{card}");
}
