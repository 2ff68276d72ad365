//! Loyalty contacts after delivery, and the customer timeline.

use chrono::{Days, NaiveDate};
use keyuan_tests::answers::{assert_invalid_field, each_text, expect_status, walk_in};
use keyuan_tests::setups::{
    check_in, create_prospect, first_model_id, lost_and_confirmed, store_today,
};
use keyuan_tests::TestServer;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn before(day: NaiveDate, n: u64) -> String {
    day.checked_sub_days(Days::new(n)).unwrap().to_string()
}

/// An outbound prospect of `token`'s consultant, ordered `ordered` days ago and delivered
/// `delivered` days ago; answers (prospect, order id, the 24 contacts).
async fn delivered_customer(
    server: &TestServer,
    token: &str,
    phone: &str,
    ordered: u64,
    delivered: u64,
) -> (Value, i64, Vec<Value>) {
    let today = store_today(server, token).await;
    let model = first_model_id(server, token).await;
    let body = json!({"phone": phone, "name": "车主", "source": "online"});
    let prospect = create_prospect(server, token, body).await;
    let body = json!({"vehicle_model_id": model, "sale_type": "retail", "ordered_on": before(today, ordered)});
    let order = format!("/prospects/{}/orders", prospect["id"]);
    let order = expect_status(server.post(&order, token, body).await, StatusCode::CREATED);
    let order_id = order["id"].as_i64().unwrap();
    let delivered = deliver(server, token, order_id, before(today, delivered)).await;
    let contacts = delivered["loyalty_contacts"].as_array().unwrap().clone();
    assert_eq!(contacts.len(), 24);
    (prospect, order_id, contacts)
}

/// Records order `order_id` delivered on `on`; answers the delivery with its contacts.
async fn deliver(
    server: &TestServer,
    token: &str,
    order_id: impl std::fmt::Display,
    on: String,
) -> Value {
    let delivery = format!("/orders/{order_id}/delivery");
    let answer = server
        .post(&delivery, token, json!({"delivered_on": on}))
        .await;
    expect_status(answer, StatusCode::OK)
}

/// Records how loyalty contact `id` went (`{"outcome": …, "note": …}`).
async fn complete(
    server: &TestServer,
    token: &str,
    id: &Value,
    body: Value,
) -> (StatusCode, Value) {
    server
        .post(&format!("/loyalty-contacts/{id}/complete"), token, body)
        .await
}

fn steps(list: &Value) -> Vec<&str> {
    each_text(&list["contacts"], "step")
}

#[tokio::test]
async fn completing_contacts_and_declining_cancels_the_rest_and_each_consultant_sees_their_own() {
    let server = TestServer::start().await;
    let [wang, liu] = server.demo_logins(["consultant1", "consultant2"]).await;
    let manager = server.demo_login("manager").await;
    let today = store_today(&server, &wang).await;
    let (_, _, contacts) = delivered_customer(&server, &wang, "13900000001", 30, 20).await;

    // 20 days after delivery: day 3, 7 and 14 are overdue, the rest ahead
    let (_, work) = server.get("/loyalty-contacts", &wang).await;
    assert_eq!(steps(&work), ["day_3", "day_7", "day_14"]);
    assert!(work["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["overdue"] == true));
    assert_eq!(work["contacts"][0]["customer_name"], "车主");
    assert_eq!(work["contacts"][2]["channel"], "mail");
    let (_, day) = server.get("/my-day", &wang).await;
    assert_eq!(day["loyalty_due"], 3);
    let (_, theirs) = server.get("/loyalty-contacts", &liu).await;
    assert!(theirs["contacts"].as_array().unwrap().is_empty());
    let (_, store) = server.get("/loyalty-contacts", &manager).await;
    assert_eq!(steps(&store).len(), 3);

    let day_3 = &contacts[0]["id"];
    let reached = json!({"outcome": "reached"});
    let (status, _) = complete(&server, &liu, day_3, reached.clone()).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another consultant's contact"
    );
    let happy = complete(&server, &wang, day_3, json!({"outcome": "happy"})).await;
    assert_invalid_field(&happy, "outcome");
    let body = json!({"outcome": "reached", "note": "车很好"});
    let done = expect_status(complete(&server, &wang, day_3, body).await, StatusCode::OK);
    assert_eq!(done["contact"]["status"], "done");
    assert_eq!(done["contact"]["outcome"], "reached");
    assert_eq!(done["cancelled"], 0);
    let (status, _) = complete(&server, &wang, day_3, reached.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, work) = server.get("/loyalty-contacts", &wang).await;
    assert_eq!(steps(&work), ["day_7", "day_14"]);
    let (_, done_list) = server.get("/loyalty-contacts?status=done", &wang).await;
    assert_eq!(steps(&done_list), ["day_3"]);

    // the manager's report: day 3 late, day 7 and 14 missed
    let range = format!(
        "/loyalty-contacts/report?from={}&to={today}",
        before(today, 20)
    );
    let report = expect_status(server.get(&range, &manager).await, StatusCode::OK);
    assert_eq!(report["by_consultant"][0]["consultant_name"], "王磊");
    assert_eq!(
        (
            report["total"]["on_time"].as_i64(),
            report["total"]["late"].as_i64(),
            report["total"]["missed"].as_i64()
        ),
        (Some(0), Some(1), Some(2))
    );
    let (status, _) = server.get(&range, &wang).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // "declined further contact" cancels everything still ahead
    let declined = json!({"outcome": "declined", "note": "不要再打了"});
    let (_, declined) = complete(&server, &wang, &contacts[1]["id"], declined).await;
    assert_eq!(declined["cancelled"], 22);
    let (_, work) = server.get("/loyalty-contacts", &wang).await;
    assert!(work["contacts"].as_array().unwrap().is_empty());
    let (status, _) = complete(&server, &wang, &contacts[5]["id"], reached).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_new_delivery_date_moves_only_the_contacts_not_yet_made() {
    let server = TestServer::start().await;
    let wang = server.demo_login("consultant1").await;
    let today = store_today(&server, &wang).await;
    let (_, order_id, contacts) = delivered_customer(&server, &wang, "13900000002", 30, 10).await;
    let no_answer = json!({"outcome": "no_answer"});
    let (status, _) = complete(&server, &wang, &contacts[0]["id"], no_answer).await;
    assert_eq!(status, StatusCode::OK);
    let moved = deliver(&server, &wang, order_id, before(today, 12)).await;
    let moved = moved["loyalty_contacts"].as_array().unwrap();
    assert_eq!(moved.len(), 24, "nothing doubled");
    let step =
        |list: &[Value], name: &str| list.iter().find(|c| c["step"] == name).unwrap().clone();
    // day 3 was made: it keeps its date; day 7 moves two days earlier
    assert_eq!(
        step(moved, "day_3")["due_on"],
        step(&contacts, "day_3")["due_on"]
    );
    assert_eq!(step(moved, "day_3")["status"], "done");
    assert_eq!(step(moved, "day_7")["due_on"], before(today, 5));
}

#[tokio::test]
async fn the_timeline_tells_every_kind_of_event_newest_first() {
    let server = TestServer::start().await;
    keyuan_tests::store_at_midday(&server).await;
    let [reception, manager] = server.demo_logins(["reception", "manager"]).await;
    let [wang, liu] = server.demo_logins(["consultant1", "consultant2"]).await;
    let wang_id = server.user_id(&manager, "consultant1").await;
    let model = first_model_id(&server, &wang).await;

    // a first visit, then a lost deal the manager confirms
    let visit = walk_in(
        json!({"party_size": 2, "phone": "13900000010", "name": "老周", "consultant_id": wang_id}),
    );
    let first = check_in(&server, &reception, visit.clone()).await;
    let customer = first["customer_id"].clone();
    lost_and_confirmed(&server, &wang, &manager, &first["prospect_id"], "price").await;
    // he comes back: a new prospect, upgraded, ordered, delivered, called
    let second = check_in(&server, &reception, visit).await;
    let prospect = second["prospect_id"].clone();
    assert_ne!(prospect, first["prospect_id"]);
    let test_drive = json!({"channel": "test_drive", "grade": "H"});
    let follow_up = server
        .post(
            &format!("/prospects/{prospect}/follow-ups"),
            &wang,
            test_drive,
        )
        .await;
    expect_status(follow_up, StatusCode::CREATED);
    let order = json!({"vehicle_model_id": model, "sale_type": "retail"});
    let (_, order) = server
        .post(&format!("/prospects/{prospect}/orders"), &wang, order)
        .await;
    let today = store_today(&server, &wang).await;
    let delivered = deliver(&server, &wang, &order["id"], today.to_string()).await;
    let first_contact = &delivered["loyalty_contacts"][0]["id"];
    let early = json!({"outcome": "reached", "note": "提前回访"});
    let (status, _) = complete(&server, &wang, first_contact, early).await;
    assert_eq!(status, StatusCode::OK);
    // and sends a friend
    let friend = json!({"phone": "13900000011", "name": "小周", "source": "referral", "referred_by": customer});
    create_prospect(&server, &wang, friend).await;

    let timeline = format!("/customers/{customer}/timeline");
    let timeline = expect_status(server.get(&timeline, &wang).await, StatusCode::OK);
    assert_eq!(timeline["customer"]["name"], "老周");
    assert_eq!(timeline["customer"]["referrals"], 1);
    let events = timeline["events"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "delivery",
            "follow_up",
            "grade_change",
            "lost_deal",
            "loyalty_contact",
            "order",
            "referral",
            "visit"
        ]
    );
    let times: Vec<&str> = events.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let parsed: Vec<chrono::DateTime<chrono::Utc>> =
        times.iter().map(|t| t.parse().unwrap()).collect();
    assert!(
        parsed.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    // the road ahead comes first: month 60 is the furthest contact
    assert_eq!(events[0]["step"], "month_60");
    assert_eq!(events[0]["status"], "due");
    let done: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "loyalty_contact" && e["status"] == "done")
        .collect();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0]["note"], "提前回访");
    assert_eq!(done[0]["who"], "王磊");
    let grade = events
        .iter()
        .find(|e| e["kind"] == "grade_change" && e["grade_after"] == "H")
        .unwrap();
    assert_eq!(grade["grade_before"], "C");
    let referral = events.iter().find(|e| e["kind"] == "referral").unwrap();
    assert_eq!(referral["referred_customer_name"], "小周");
    let lost = events.iter().find(|e| e["kind"] == "lost_deal").unwrap();
    assert_eq!(
        (lost["reason"].as_str(), lost["lost_status"].as_str()),
        (Some("price"), Some("confirmed"))
    );
    assert_eq!(events.iter().filter(|e| e["kind"] == "visit").count(), 2);

    // another consultant cannot read it; the manager can
    let timeline = format!("/customers/{customer}/timeline");
    for (token, status) in [(&liu, StatusCode::NOT_FOUND), (&manager, StatusCode::OK)] {
        assert_eq!(server.get(&timeline, token).await.0, status);
    }
    // the referrer is found by name or number
    let (_, hits) = server.get("/customers?q=0000010", &liu).await;
    assert_eq!(hits[0]["name"], "老周");
    assert_eq!(hits[0]["referrals"], 1);
    let (status, hits) = server.get("/customers?q=%E8%80%81%E5%91%A8", &liu).await; // 老周
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["phone"], "13900000010");
    assert_invalid_field(&server.get("/customers?q=%20", &liu).await, "q");
}
