//! Prospect cards: cadence, overdue and dormant, orders and deliveries, lost deals and the
//! manager's decision, ownership and scoping.

use chrono::{Days, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Date, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_tests::answers::{
    assert_invalid_field, assert_message_contains, each_text, expect_status, new_user,
};
use keyuan_tests::setups::{
    create_prospect, first_model_id, lost_and_confirmed, outbound_prospect as outbound, store_today,
};
use keyuan_tests::{count_rows, store_at_midday, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn days_after(day: NaiveDate, n: u64) -> String {
    day.checked_add_days(Days::new(n)).unwrap().to_string()
}

fn path(id: &Value, tail: &str) -> String {
    format!("/prospects/{id}{tail}")
}

/// Logs a follow-up (`{"channel": …, "grade": …}`) on prospect `id`.
async fn follow_up(
    server: &TestServer,
    token: &str,
    id: &Value,
    body: Value,
) -> (StatusCode, Value) {
    server.post(&path(id, "/follow-ups"), token, body).await
}

/// Asks for prospect `id` to be closed as lost, for `reason`.
async fn ask_lost(
    server: &TestServer,
    token: &str,
    id: &Value,
    reason: &str,
) -> (StatusCode, Value) {
    let body = json!({"reason": reason});
    server.post(&path(id, "/lost"), token, body).await
}

/// Orders `model` for prospect `id`, as a retail sale.
async fn place_order(
    server: &TestServer,
    token: &str,
    id: &Value,
    model: i64,
) -> (StatusCode, Value) {
    let body = json!({"vehicle_model_id": model, "sale_type": "retail"});
    server.post(&path(id, "/orders"), token, body).await
}

/// Makes prospect `id` look quiet since `days` ago: no contact, and created then.
async fn quiet_for(db: &mut AsyncPgConnection, id: &Value, days: i64) {
    diesel::sql_query("UPDATE prospects SET last_contact_at = $2, created_at = $2 WHERE id = $1")
        .bind::<BigInt, _>(id.as_i64().unwrap())
        .bind::<Timestamptz, _>(Utc::now() - chrono::Duration::days(days))
        .execute(db)
        .await
        .unwrap();
}

#[tokio::test]
async fn follow_ups_set_the_next_date_from_the_stores_cadence_per_grade() {
    let server = TestServer::start().await;
    let wang = server.demo_login("consultant1").await;
    let prospect = outbound(&server, &wang, "13800000001", "张三").await;
    let id = &prospect["id"];
    assert_eq!(prospect["grade"], "C");
    assert_eq!(prospect["source"], "outbound");
    let today = store_today(&server, &wang).await;
    // a new prospect is called back the next day
    assert_eq!(prospect["next_follow_up_on"], days_after(today, 1));

    for (grade, days) in [("H", 2), ("A", 4), ("B", 7), ("C", 15)] {
        let body = json!({"channel": "call", "grade": grade, "note": "谈了价格"});
        let logged = expect_status(
            follow_up(&server, &wang, id, body).await,
            StatusCode::CREATED,
        );
        assert_eq!(logged["grade_after"], grade);
        assert_eq!(
            logged["next_follow_up_on"],
            days_after(today, days),
            "grade {grade}"
        );
        let (_, card) = server.get(&path(id, ""), &wang).await;
        assert_eq!(card["prospect"]["grade"], grade);
        assert_eq!(
            card["prospect"]["next_follow_up_on"],
            days_after(today, days)
        );
    }

    // the cadence is the store's: the admin makes B every 10 days
    let admin = server.demo_login("admin").await;
    let (_, me) = server.get("/me", &wang).await;
    let cadence = json!({"cadence": {"O": 2, "H": 2, "A": 4, "B": 10, "C": 15}});
    let (status, _) = server
        .patch(&format!("/stores/{}", me["store_id"]), &admin, cadence)
        .await;
    assert_eq!(status, StatusCode::OK);
    let message = json!({"channel": "message", "grade": "B"});
    let (_, logged) = follow_up(&server, &wang, id, message).await;
    assert_eq!(logged["next_follow_up_on"], days_after(today, 10));

    // a date picked by hand wins; one in the past is refused, naming the field
    let picked = days_after(today, 3);
    let visit = json!({"channel": "visit", "next_follow_up_on": picked});
    let (_, logged) = follow_up(&server, &wang, id, visit).await;
    assert_eq!(logged["next_follow_up_on"], picked);
    assert_eq!(logged["grade_before"], "B");
    assert_eq!(logged["grade_after"], "B");
    let yesterday = today.pred_opt().unwrap().to_string();
    let late = json!({"channel": "call", "next_follow_up_on": yesterday});
    assert_invalid_field(
        &follow_up(&server, &wang, id, late).await,
        "next_follow_up_on",
    );
    // grade O comes only with an order
    let ordered = json!({"channel": "call", "grade": "O"});
    assert_invalid_field(&follow_up(&server, &wang, id, ordered).await, "grade");

    // a grade change on the card itself also takes the cadence's date
    let upgrade = json!({"grade": "A", "money": true, "need": true});
    let card = expect_status(
        server.patch(&path(id, ""), &wang, upgrade).await,
        StatusCode::OK,
    );
    assert_eq!(card["next_follow_up_on"], days_after(today, 4));
    assert_eq!(card["advice"], "find_decider");

    // the card lists its follow-ups newest first, and its history has every change
    let (_, card) = server.get(&path(id, ""), &wang).await;
    let follow_ups = card["follow_ups"].as_array().unwrap();
    assert_eq!(follow_ups.len(), 6);
    assert_eq!(follow_ups[0]["channel"], "visit");
    assert_eq!(follow_ups[0]["author_name"], "王磊");
    let history = card["history"].as_array().unwrap();
    assert!(history.iter().any(|h| h["entity"] == "prospect"
        && h["new_values"]["grade"] == "A"
        && h["old_values"]["grade"] == "B"));
    let logged = history.iter().filter(|h| h["entity"] == "follow_up");
    assert_eq!(logged.count(), 6);
    assert_eq!(card["owners"][0]["owner_name"], "王磊");
}

#[tokio::test]
async fn overdue_and_dormant_boundaries() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let today = store_today(&server, &wang).await;
    let late = outbound(&server, &wang, "13800000011", "逾期").await;
    let due = outbound(&server, &wang, "13800000012", "今天").await;
    let quiet_89 = outbound(&server, &wang, "13800000013", "安静89天").await;
    let quiet_90 = outbound(&server, &wang, "13800000014", "安静90天").await;
    let mut db = server.db().await;
    for (prospect, on) in [(&late, today.pred_opt().unwrap()), (&due, today)] {
        diesel::sql_query("UPDATE prospects SET next_follow_up_on = $2 WHERE id = $1")
            .bind::<BigInt, _>(prospect["id"].as_i64().unwrap())
            .bind::<Date, _>(on)
            .execute(&mut db)
            .await
            .unwrap();
    }
    // the store's clock is at noon, so "now minus n days" is n store-local days ago
    quiet_for(&mut db, &quiet_89["id"], 89).await;
    quiet_for(&mut db, &quiet_90["id"], 90).await;

    let (_, list) = server.get("/prospects", &wang).await;
    let names = each_text(&list["prospects"], "customer_name");
    // overdue first, then today, then upcoming; the dormant one has left the list
    assert_eq!(names, ["逾期", "今天", "安静89天"]);
    assert_eq!(list["prospects"][0]["due"], "overdue");
    assert_eq!(list["prospects"][1]["due"], "today");
    assert_eq!(list["prospects"][2]["due"], "upcoming");
    // "last contact N days ago" is counted on the store's calendar
    assert_eq!(list["prospects"][0]["days_since_contact"], 0);
    assert_eq!(list["prospects"][2]["days_since_contact"], 89);
    let (_, overdue) = server.get("/prospects?due=overdue", &wang).await;
    assert_eq!(overdue["prospects"].as_array().unwrap().len(), 1);
    assert_eq!(overdue["prospects"][0]["id"], late["id"]);
    let (_, due_today) = server.get("/prospects?due=today", &wang).await;
    assert_eq!(due_today["prospects"][0]["id"], due["id"]);

    // dormant after exactly 90 days: still found by a search, and the day's counts agree
    let (_, found) = server.get("/prospects?q=%E5%AE%89%E9%9D%99", &wang).await; // 安静
    let statuses: Vec<(&str, &str)> = found["prospects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["customer_name"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(statuses.contains(&("安静89天", "active")), "{statuses:?}");
    assert!(statuses.contains(&("安静90天", "dormant")), "{statuses:?}");
    let (_, by_phone) = server.get("/prospects?q=0000014", &wang).await;
    assert_eq!(by_phone["prospects"][0]["id"], quiet_90["id"]);
    // the receptionist's look-up reads the same status as the card
    let reception = server.demo_login("reception").await;
    for (phone, status) in [("13800000014", "dormant"), ("13800000013", "active")] {
        let lookup = format!("/customers/lookup?phone={phone}");
        let (_, lookup) = server.get(&lookup, &reception).await;
        assert_eq!(lookup["status"], status, "{lookup}");
    }
    let (_, day) = server.get("/my-day", &wang).await;
    assert_eq!(
        (
            day["open_prospects"].as_i64(),
            day["overdue"].as_i64(),
            day["due_today"].as_i64()
        ),
        (Some(3), Some(1), Some(1))
    );

    // a follow-up wakes it
    let call = json!({"channel": "call"});
    let (status, _) = follow_up(&server, &wang, &quiet_90["id"], call).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, card) = server.get(&path(&quiet_90["id"], ""), &wang).await;
    assert_eq!(card["prospect"]["status"], "active");
    let (_, day) = server.get("/my-day", &wang).await;
    assert_eq!(day["open_prospects"], 4);
    assert_eq!(
        day["activity"],
        json!({"meetings": 0, "calls": 1, "messages": 0})
    );
}

#[tokio::test]
async fn orders_are_refused_on_lost_or_already_won_prospects_and_delivery_schedules_24_contacts_once(
) {
    let server = TestServer::start().await;
    // noon has passed in the store: an order placed now and delivered "today" must work
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let model = first_model_id(&server, &wang).await;
    let prospect = outbound(&server, &wang, "13800000021", "李四").await;
    let id = &prospect["id"];
    let order = place_order(&server, &wang, id, model).await;
    let order = expect_status(order, StatusCode::CREATED);
    assert_eq!(order["sale_type"], "retail");
    let (_, card) = server.get(&path(id, ""), &wang).await;
    assert_eq!(card["prospect"]["grade"], "O");
    assert_eq!(card["orders"].as_array().unwrap().len(), 1);
    // one order per prospect
    expect_status(
        place_order(&server, &wang, id, model).await,
        StatusCode::CONFLICT,
    );
    // an ordered prospect cannot be closed as lost
    let (status, _) = ask_lost(&server, &wang, id, "price").await;
    assert_eq!(status, StatusCode::CONFLICT);

    let today = store_today(&server, &wang).await;
    let delivery = format!("/orders/{}/delivery", order["id"]);
    let on = |day: String| json!({"delivered_on": day});
    let tomorrow = server
        .post(&delivery, &wang, on(days_after(today, 1)))
        .await;
    assert_invalid_field(&tomorrow, "delivered_on");
    let delivered = server.post(&delivery, &wang, on(today.to_string())).await;
    let delivered = expect_status(delivered, StatusCode::OK);
    let contacts = delivered["loyalty_contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 24);
    assert_eq!(contacts[0]["step"], "day_3");
    assert_eq!(contacts[0]["due_on"], days_after(today, 3));
    assert_eq!(contacts[2]["channel"], "mail");
    // again: nothing doubled
    let (status, again) = server.post(&delivery, &wang, on(today.to_string())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["loyalty_contacts"].as_array().unwrap().len(), 24);
    let stored = format!(
        "SELECT count(*) AS n FROM loyalty_contacts WHERE order_id = {}",
        order["id"].as_i64().unwrap()
    );
    assert_eq!(count_rows(&mut server.db().await, &stored).await, 24);

    let (_, card) = server.get(&path(id, ""), &wang).await;
    assert_eq!(card["prospect"]["status"], "won");
    // a won prospect takes no second order
    let (status, body) = place_order(&server, &wang, id, model).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_message_contains(&body, "delivered");

    // nor does a lost one
    let manager = server.demo_login("manager").await;
    let lost = outbound(&server, &wang, "13800000022", "王五").await;
    lost_and_confirmed(&server, &wang, &manager, &lost["id"], "brand").await;
    let (status, body) = place_order(&server, &wang, &lost["id"], model).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_message_contains(&body, "lost");
}

/// Asserts that prospect `id` does not exist for `token`: it can neither read the card
/// nor change its grade to `grade`.
async fn assert_not_found_for(server: &TestServer, token: &str, id: &Value, grade: &str) {
    let (status, _) = server.get(&path(id, ""), token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let regrade = json!({"grade": grade});
    let (status, _) = server.patch(&path(id, ""), token, regrade).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_consultant_cannot_read_or_change_another_consultants_prospect_but_a_manager_can() {
    let server = TestServer::start().await;
    let [wang, liu] = server.demo_logins(["consultant1", "consultant2"]).await;
    let [manager, reception] = server.demo_logins(["manager", "reception"]).await;
    let model = first_model_id(&server, &wang).await;
    let prospect = outbound(&server, &wang, "13800000031", "赵六").await;
    let id = &prospect["id"];

    assert_not_found_for(&server, &liu, id, "H").await;
    let calls = [
        (
            "/follow-ups",
            follow_up(&server, &liu, id, json!({"channel": "call"})).await,
        ),
        ("/orders", place_order(&server, &liu, id, model).await),
        ("/lost", ask_lost(&server, &liu, id, "price").await),
    ];
    for (tail, (status, _)) in calls {
        assert_eq!(status, StatusCode::NOT_FOUND, "{tail}");
    }
    let (_, theirs) = server.get("/prospects", &liu).await;
    assert!(theirs["prospects"].as_array().unwrap().is_empty());
    // nor can a consultant hand it over, even their own
    let liu_id = server.user_id(&manager, "consultant2").await;
    let (status, _) = server
        .patch(&path(id, ""), &wang, json!({"owner_id": liu_id}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server.get("/prospects", &reception).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // the manager reads and changes it
    let (status, card) = server.get(&path(id, ""), &manager).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(card["customer"]["phone"], "13800000031");
    let change = json!({"grade": "H", "budget": 150000});
    let changed = server.patch(&path(id, ""), &manager, change).await;
    let changed = expect_status(changed, StatusCode::OK);
    assert_eq!(changed["budget"], 150000);
    let (_, all) = server.get("/prospects", &manager).await;
    assert_eq!(all["prospects"].as_array().unwrap().len(), 1);

    // nothing of the store reaches another store's manager
    let admin = server.demo_login("admin").await;
    let (_, store_b) = server
        .post("/stores", &admin, json!({"name": "二店"}))
        .await;
    let body = new_user("B经理", "manager-b", "manager", store_b["id"].clone());
    server.post("/users", &admin, body).await;
    let manager_b = server.login("manager-b", "long-enough").await;
    assert_not_found_for(&server, &manager_b, id, "C").await;
    let (_, list_b) = server.get("/prospects", &manager_b).await;
    assert!(list_b["prospects"].as_array().unwrap().is_empty());
    let (_, card) = server.get(&path(id, ""), &wang).await;
    assert_eq!(card["prospect"]["grade"], "H");
}

#[tokio::test]
async fn lost_then_rejected_reopens_due_tomorrow_and_lost_then_confirmed_closes() {
    let server = TestServer::start().await;
    let [wang, manager] = server.demo_logins(["consultant1", "manager"]).await;
    let prospect = outbound(&server, &wang, "13800000041", "孙七").await;
    let id = &prospect["id"];
    let today = store_today(&server, &wang).await;

    let blank_note = json!({"reason": "other", "note": " "});
    let answer = server.post(&path(id, "/lost"), &wang, blank_note).await;
    assert_invalid_field(&answer, "note");
    assert_invalid_field(&ask_lost(&server, &wang, id, "cheaper").await, "reason");
    let price = json!({"reason": "price", "note": "隔壁店便宜一万"});
    let request = server.post(&path(id, "/lost"), &wang, price).await;
    let request = expect_status(request, StatusCode::CREATED);
    assert_eq!(request["status"], "pending");
    let (_, card) = server.get(&path(id, ""), &wang).await;
    assert_eq!(card["prospect"]["status"], "lost_pending");
    // waiting: no second request, no follow-up
    let (status, _) = ask_lost(&server, &wang, id, "price").await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = follow_up(&server, &wang, id, json!({"channel": "call"})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // the manager's "to approve" list; a consultant may not decide
    let (_, pending) = server.get("/lost-deals", &manager).await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(pending[0]["customer_name"], "孙七");
    assert_eq!(pending[0]["owner_name"], "王磊");
    let reject = format!("/lost-deals/{}/reject", request["id"]);
    let comment = |text: &str| json!({"comment": text});
    let (status, _) = server.post(&reject, &wang, comment("自己批")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_invalid_field(&server.post(&reject, &manager, json!({})).await, "comment");
    let rejected = server
        .post(&reject, &manager, comment("再约一次试驾"))
        .await;
    let rejected = expect_status(rejected, StatusCode::OK);
    assert_eq!(rejected["status"], "rejected");
    let (_, card) = server.get(&path(id, ""), &wang).await;
    assert_eq!(card["prospect"]["status"], "active");
    assert_eq!(card["prospect"]["next_follow_up_on"], days_after(today, 1));
    assert_eq!(card["lost_deals"][0]["decision_comment"], "再约一次试驾");
    let (status, _) = server.post(&reject, &manager, comment("again")).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // asked again, and confirmed this time: closed
    let confirmed = lost_and_confirmed(&server, &wang, &manager, id, "slow_follow_up").await;
    assert_eq!(confirmed["status"], "confirmed");
    let (_, card) = server.get(&path(id, ""), &wang).await;
    assert_eq!(card["prospect"]["status"], "lost");
    assert_eq!(card["prospect"]["next_follow_up_on"], Value::Null);
    assert_eq!(card["lost_deals"].as_array().unwrap().len(), 2);
    let (_, pending) = server.get("/lost-deals", &manager).await;
    assert!(pending.as_array().unwrap().is_empty());
    let (_, list) = server.get("/prospects", &wang).await;
    assert!(list["prospects"].as_array().unwrap().is_empty());
    let (status, _) = server
        .patch(&path(id, ""), &wang, json!({"grade": "H"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_manager_hands_a_leaving_consultants_prospects_to_another_and_the_card_remembers() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    let [wang, liu] = server.demo_logins(["consultant1", "consultant2"]).await;
    let wang_id = server.user_id(&manager, "consultant1").await;
    let liu_id = server.user_id(&manager, "consultant2").await;
    let chen_id = server.user_id(&manager, "consultant3").await;
    let first = outbound(&server, &wang, "13800000051", "周八").await;
    let second = outbound(&server, &wang, "13800000052", "吴九").await;

    // one card to 陈静
    let to_chen = json!({"owner_id": chen_id});
    let moved = server
        .patch(&path(&first["id"], ""), &manager, to_chen)
        .await;
    let moved = expect_status(moved, StatusCode::OK);
    assert_eq!(moved["owner_name"], "陈静");
    // then everything 王磊 still has to 刘洋
    let body = json!({"from_owner_id": wang_id, "to_owner_id": liu_id});
    let result = server
        .post("/prospects/reassign", &manager, body.clone())
        .await;
    let result = expect_status(result, StatusCode::OK);
    assert_eq!(result["moved"], 1);
    let (status, _) = server.post("/prospects/reassign", &wang, body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _) = server.get(&path(&second["id"], ""), &wang).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, card) = server.get(&path(&second["id"], ""), &liu).await;
    assert_eq!(status, StatusCode::OK);
    let owners: Vec<(&str, bool)> = card["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["owner_name"].as_str().unwrap(), o["until_at"].is_null()))
        .collect();
    assert_eq!(owners, [("刘洋", true), ("王磊", false)]);
    assert_eq!(card["owners"][0]["assigned_by_name"], "赵敏");
    assert!(card["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["new_values"]["owner_id"] == liu_id));
    let to_themselves = json!({"from_owner_id": liu_id, "to_owner_id": liu_id});
    let answer = server
        .post("/prospects/reassign", &manager, to_themselves)
        .await;
    assert_invalid_field(&answer, "to_owner_id");
}

#[tokio::test]
async fn outbound_prospects_need_an_outside_source_and_a_customer_without_an_open_one() {
    let server = TestServer::start().await;
    let manager = server.demo_login("manager").await;
    let [wang, liu] = server.demo_logins(["consultant1", "consultant2"]).await;
    for (body, field) in [
        (
            json!({"phone": "13800000061", "source": "walk_in"}),
            "source",
        ),
        (json!({"phone": "12", "source": "online"}), "phone"),
    ] {
        assert_invalid_field(&server.post("/prospects", &wang, body).await, field);
    }
    let referrer = outbound(&server, &wang, "13800000062", "老客户").await;
    let referred_by = |phone: &str| json!({"phone": phone, "source": "referral", "referred_by": referrer["customer_id"]});
    let mut body = referred_by("138 0000 0063");
    body["name"] = json!("朋友");
    let referred = create_prospect(&server, &wang, body).await;
    assert_eq!(referred["customer_phone"], "13800000063");
    let (_, card) = server.get(&path(&referrer["id"], ""), &wang).await;
    assert_eq!(card["customer"]["referrals"], 1);
    let (_, card) = server.get(&path(&referred["id"], ""), &wang).await;
    assert_eq!(card["customer"]["referred_by_name"], "老客户");
    // a known customer without a referrer takes one; one who has a referrer keeps it
    let known = outbound(&server, &wang, "13800000064", "熟客").await;
    lost_and_confirmed(&server, &wang, &manager, &known["id"], "price").await;
    let again = create_prospect(&server, &wang, referred_by("13800000064")).await;
    let (_, card) = server.get(&path(&again["id"], ""), &wang).await;
    assert_eq!(card["customer"]["referred_by_name"], "老客户");
    let answer = server
        .post("/prospects", &liu, referred_by("13800000062"))
        .await;
    assert_invalid_field(&answer, "referred_by");
    // the same customer again, by another consultant: refused, naming the owner
    let online = json!({"phone": "13800000063", "source": "online"});
    let (status, body) = server.post("/prospects", &liu, online).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_message_contains(&body, "王磊");

    // a retried follow-up with the same key is logged once
    let http = reqwest::Client::new();
    for _ in 0..2 {
        let response = http
            .post(server.url(&format!("/api/v1/prospects/{}/follow-ups", referred["id"])))
            .bearer_auth(&wang)
            .header("Idempotency-Key", "phone-1-follow-up-1")
            .json(&json!({"channel": "message"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let (_, card) = server.get(&path(&referred["id"], ""), &wang).await;
    assert_eq!(card["follow_ups"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn each_demo_consultant_has_a_spread_of_grades_and_some_overdue_cards() {
    let server = TestServer::start_with_demo_activity().await;
    for login in ["consultant1", "consultant2", "consultant3"] {
        let token = server.demo_login(login).await;
        let (_, list) = server.get("/prospects", &token).await;
        let cards = list["prospects"].as_array().unwrap();
        for grade in ["O", "H", "A", "B", "C"] {
            assert!(
                cards.iter().any(|p| p["grade"] == grade),
                "{login} has a grade {grade} card"
            );
        }
        let overdue = cards.iter().filter(|p| p["due"] == "overdue").count();
        assert!((2..=6).contains(&overdue), "{login}: {overdue} overdue");
        assert_eq!(cards[0]["due"], "overdue", "overdue cards come first");
        let (_, day) = server.get("/my-day", &token).await;
        assert_eq!(day["open_prospects"].as_u64(), Some(cards.len() as u64));
        let (_, won) = server.get("/prospects?status=won", &token).await;
        let won = &won["prospects"][0];
        assert_eq!(won["status"], "won", "{login} has a delivered customer");
        let (_, card) = server.get(&path(&won["id"], ""), &token).await;
        assert!(card["orders"][0]["delivered_at"].is_string());
    }
}

#[tokio::test]
async fn a_listing_cut_at_1000_cards_says_so_and_a_narrower_one_does_not() {
    let server = TestServer::start().await;
    server.add_walk_in_prospects(1001).await;
    let manager = server.demo_login("manager").await;
    let (_, all) = server.get("/prospects", &manager).await;
    assert_eq!(all["prospects"].as_array().unwrap().len(), 1000);
    assert_eq!(all["more"], true);
    let (_, one) = server
        .get("/prospects?q=%E5%AE%A2%E6%88%B71000", &manager)
        .await; // 客户1000
    assert_eq!(one["prospects"].as_array().unwrap().len(), 1);
    assert_eq!(one["more"], false);
}

/// Only an active card falls dormant: one waiting for a lost-deal decision stays waiting,
/// however long it is quiet.
#[tokio::test]
async fn only_active_cards_fall_dormant() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let waiting = outbound(&server, &wang, "13800000031", "待审批").await;
    let (status, _) = ask_lost(&server, &wang, &waiting["id"], "price").await;
    assert_eq!(status, StatusCode::CREATED);
    quiet_for(&mut server.db().await, &waiting["id"], 120).await;
    let (_, card) = server.get(&path(&waiting["id"], ""), &wang).await;
    assert_eq!(card["prospect"]["status"], "lost_pending", "{card}");
}
