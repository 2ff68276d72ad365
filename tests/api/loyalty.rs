//! Loyalty contacts after delivery, and the customer timeline.

use chrono::{Days, NaiveDate};
use keyuan_tests::{error_of, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn today(server: &TestServer, token: &str) -> NaiveDate {
    let (_, list) = server.get("/prospects", token).await;
    list["today"].as_str().unwrap().parse().unwrap()
}

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
    let today = today(server, token).await;
    let (_, models) = server.get("/vehicle-models", token).await;
    let body = json!({"phone": phone, "name": "车主", "source": "online"});
    let (status, prospect) = server.post("/prospects", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{prospect}");
    let body = json!({"vehicle_model_id": models[0]["id"], "sale_type": "retail", "ordered_on": before(today, ordered)});
    let (status, order) = server
        .post(
            &format!("/prospects/{}/orders", prospect["id"]),
            token,
            body,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let order_id = order["id"].as_i64().unwrap();
    let body = json!({"delivered_on": before(today, delivered)});
    let (status, delivered) = server
        .post(&format!("/orders/{order_id}/delivery"), token, body)
        .await;
    assert_eq!(status, StatusCode::OK, "{delivered}");
    let contacts = delivered["loyalty_contacts"].as_array().unwrap().clone();
    assert_eq!(contacts.len(), 24);
    (prospect, order_id, contacts)
}

fn steps(list: &Value) -> Vec<&str> {
    list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["step"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn completing_contacts_and_declining_cancels_the_rest_and_each_consultant_sees_their_own() {
    let server = TestServer::start().await;
    let wang = server.demo_login("consultant1").await;
    let liu = server.demo_login("consultant2").await;
    let manager = server.demo_login("manager").await;
    let today = today(&server, &wang).await;
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
    let complete = format!("/loyalty-contacts/{day_3}/complete");
    let (status, _) = server
        .post(&complete, &liu, json!({"outcome": "reached"}))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another consultant's contact"
    );
    let (status, body) = server
        .post(&complete, &wang, json!({"outcome": "happy"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body).1, Some("outcome"));
    let (status, done) = server
        .post(
            &complete,
            &wang,
            json!({"outcome": "reached", "note": "车很好"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["contact"]["status"], "done");
    assert_eq!(done["contact"]["outcome"], "reached");
    assert_eq!(done["cancelled"], 0);
    let (status, _) = server
        .post(&complete, &wang, json!({"outcome": "reached"}))
        .await;
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
    let (status, report) = server.get(&range, &manager).await;
    assert_eq!(status, StatusCode::OK, "{report}");
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
    let day_7 = &contacts[1]["id"];
    let (_, declined) = server
        .post(
            &format!("/loyalty-contacts/{day_7}/complete"),
            &wang,
            json!({"outcome": "declined", "note": "不要再打了"}),
        )
        .await;
    assert_eq!(declined["cancelled"], 22);
    let (_, work) = server.get("/loyalty-contacts", &wang).await;
    assert!(work["contacts"].as_array().unwrap().is_empty());
    let (status, _) = server
        .post(
            &format!("/loyalty-contacts/{}/complete", contacts[5]["id"]),
            &wang,
            json!({"outcome": "reached"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_new_delivery_date_moves_only_the_contacts_not_yet_made() {
    let server = TestServer::start().await;
    let wang = server.demo_login("consultant1").await;
    let today = today(&server, &wang).await;
    let (_, order_id, contacts) = delivered_customer(&server, &wang, "13900000002", 30, 10).await;
    let (status, _) = server
        .post(
            &format!("/loyalty-contacts/{}/complete", contacts[0]["id"]),
            &wang,
            json!({"outcome": "no_answer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, moved) = server
        .post(
            &format!("/orders/{order_id}/delivery"),
            &wang,
            json!({"delivered_on": before(today, 12)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
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
    let reception = server.demo_login("reception").await;
    let wang = server.demo_login("consultant1").await;
    let liu = server.demo_login("consultant2").await;
    let manager = server.demo_login("manager").await;
    let wang_id = server.user_id(&manager, "consultant1").await;
    let (_, models) = server.get("/vehicle-models", &wang).await;

    // a first visit, then a lost deal the manager confirms
    let visit = json!({"kind": "walk_in", "party_size": 2, "source": "walk_in", "phone": "13900000010", "name": "老周", "consultant_id": wang_id});
    let (status, first) = server.post("/visits", &reception, visit.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let customer = first["customer_id"].clone();
    let (_, lost) = server
        .post(
            &format!("/prospects/{}/lost", first["prospect_id"]),
            &wang,
            json!({"reason": "price"}),
        )
        .await;
    server
        .post(
            &format!("/lost-deals/{}/confirm", lost["id"]),
            &manager,
            json!({}),
        )
        .await;
    // he comes back: a new prospect, upgraded, ordered, delivered, called
    let (_, second) = server.post("/visits", &reception, visit).await;
    let prospect = second["prospect_id"].clone();
    assert_ne!(prospect, first["prospect_id"]);
    let (status, _) = server
        .post(
            &format!("/prospects/{prospect}/follow-ups"),
            &wang,
            json!({"channel": "test_drive", "grade": "H"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, order) = server
        .post(
            &format!("/prospects/{prospect}/orders"),
            &wang,
            json!({"vehicle_model_id": models[0]["id"], "sale_type": "retail"}),
        )
        .await;
    let today = today(&server, &wang).await;
    let (_, delivered) = server
        .post(
            &format!("/orders/{}/delivery", order["id"]),
            &wang,
            json!({"delivered_on": today.to_string()}),
        )
        .await;
    let first_contact = &delivered["loyalty_contacts"][0]["id"];
    let (status, _) = server
        .post(
            &format!("/loyalty-contacts/{first_contact}/complete"),
            &wang,
            json!({"outcome": "reached", "note": "提前回访"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // and sends a friend
    let friend = json!({"phone": "13900000011", "name": "小周", "source": "referral", "referred_by": customer});
    let (status, _) = server.post("/prospects", &wang, friend).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, timeline) = server
        .get(&format!("/customers/{customer}/timeline"), &wang)
        .await;
    assert_eq!(status, StatusCode::OK, "{timeline}");
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
    let (status, _) = server
        .get(&format!("/customers/{customer}/timeline"), &liu)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .get(&format!("/customers/{customer}/timeline"), &manager)
        .await;
    assert_eq!(status, StatusCode::OK);
    // the referrer is found by name or number
    let (_, hits) = server.get("/customers?q=0000010", &liu).await;
    assert_eq!(hits[0]["name"], "老周");
    assert_eq!(hits[0]["referrals"], 1);
    let (status, hits) = server.get("/customers?q=%E8%80%81%E5%91%A8", &liu).await; // 老周
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["phone"], "13900000010");
    let (status, body) = server.get("/customers?q=%20", &liu).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body).1, Some("q"));
}
