//! Prospect cards on the consultant's phone (issue 5's acceptance): My day puts the
//! overdue card first; a call upgrades B → H and the cadence sets the next follow-up two
//! days later; an order makes the card O. And the manager confirms a lost deal.

use chrono::{Days, NaiveDate};
use diesel::sql_types::{BigInt, Date};
use diesel_async::RunQueryDsl;
use fantoccini::{Client, Locator};
use keyuan_tests::browser::{
    assert_fits, browser, choose, find, gone, screenshot, sign_in, tap, wait_for_path, DESKTOP,
    PHONE,
};
use keyuan_tests::{store_at_midday, TestServer, DEMO_PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The store-local today, as the server measures cards against it.
async fn store_today(server: &TestServer, token: &str) -> NaiveDate {
    let (status, list) = server.get("/prospects", token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["today"].as_str().unwrap().parse().unwrap()
}

/// A prospect met outside the showroom, owned by the caller.
async fn outbound(server: &TestServer, token: &str, phone: &str, name: &str, model: i64) -> i64 {
    let (status, body) = server
        .post(
            "/prospects",
            token,
            json!({"phone": phone, "name": name, "source": "outbound", "vehicle_model_id": model}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn first_model(server: &TestServer, token: &str) -> i64 {
    let (_, models) = server.get("/vehicle-models", token).await;
    models[0]["id"].as_i64().expect("a demo model")
}

async fn attr(client: &Client, css: &str, name: &str) -> Option<String> {
    find(client, css).await.attr(name).await.unwrap()
}

/// Scrolls `css` to the top of the window (for a screenshot of that part of a long page).
async fn scroll_to(client: &Client, css: &str) {
    client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})",
            vec![json!(css)],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_consultant_works_an_overdue_card_from_call_to_order_on_the_phone() {
    let server = TestServer::start().await;
    // the store's today does not change while the test runs
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let model = first_model(&server, &wang).await;
    let today = store_today(&server, &wang).await;

    // a grade-B card a week overdue, and a newer one that is not due yet
    let late = outbound(&server, &wang, "13900000021", "黄蓉", model).await;
    let (status, body) = server
        .patch(&format!("/prospects/{late}"), &wang, json!({"grade": "B"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fresh = outbound(&server, &wang, "13900000022", "钱程", model).await;
    let (status, body) = server
        .patch(&format!("/prospects/{fresh}"), &wang, json!({"grade": "A"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut db = server.db().await;
    diesel::sql_query("UPDATE prospects SET next_follow_up_on = $2 WHERE id = $1")
        .bind::<BigInt, _>(late)
        .bind::<Date, _>(today - Days::new(7))
        .execute(&mut db)
        .await
        .unwrap();

    let client = browser(PHONE).await;
    sign_in(&client, &server.base, "consultant1", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-consultant] [data-test=activity]").await;
    wait_for_path(&client, "/my-day").await;

    // My day: the overdue card first, marked overdue; the other one after it
    let first = "[data-test=prospect-list] li:first-child [data-test=prospect-card]";
    find(
        &client,
        &format!("{first}[data-id='{late}'][data-due=overdue][data-grade=B]"),
    )
    .await;
    let cards = client
        .find_all(Locator::Css("[data-test=prospect-card]"))
        .await
        .unwrap();
    assert!(cards.len() >= 2, "both cards are listed");
    assert_eq!(
        cards[1].attr("data-id").await.unwrap(),
        Some(fresh.to_string())
    );
    assert!(
        attr(&client, first, "class")
            .await
            .unwrap_or_default()
            .contains("due-overdue"),
        "the overdue card is marked"
    );
    let shown = find(&client, first).await.text().await.unwrap();
    assert!(shown.contains("黄蓉"), "{shown}");
    // MAN dots and the last contact are on the card
    find(&client, &format!("{first} [data-test=man-dot-m]")).await;
    find(&client, &format!("{first} [data-test=last-contact]")).await;
    assert_fits(&client, "the phone screen").await;
    screenshot(&client, "my-day-consultant-390x844").await;

    // open it
    tap(&client, first).await;
    wait_for_path(&client, &format!("/prospects/{late}")).await;
    find(&client, "[data-test=card-grade][data-grade=B]").await;
    let tel = attr(&client, "[data-test=tel-link]", "href").await.unwrap();
    assert!(
        tel.starts_with("tel:") && tel.contains("13900000021"),
        "{tel}"
    );
    find(
        &client,
        &format!(
            "[data-test=next-follow-up][data-date='{}']",
            today - Days::new(7)
        ),
    )
    .await;
    assert_fits(&client, "the phone screen").await;
    scroll_to(&client, "body").await;
    screenshot(&client, "prospect-card-390x844").await;

    // a call that upgrades B → H: the cadence proposes today + 2 days (store default H = 2)
    let expected = today + Days::new(2);
    tap(&client, "[data-test=follow-grade-H]").await;
    let proposed = find(&client, "[data-test=follow-next-date]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(proposed.as_deref(), Some(expected.to_string().as_str()));
    find(&client, "[data-test=follow-note]")
        .await
        .send_keys("约周六试驾")
        .await
        .unwrap();
    tap(&client, "[data-test=log-call]").await;
    let done = find(&client, "[data-test=follow-up-done]")
        .await
        .text()
        .await
        .unwrap();
    assert!(done.contains(&expected.to_string()), "{done}");
    find(&client, "[data-test=card-grade][data-grade=H]").await;
    find(
        &client,
        &format!("[data-test=next-follow-up][data-date='{expected}']"),
    )
    .await;
    find(
        &client,
        "[data-test=follow-up-row][data-channel=call][data-grade-before=B][data-grade-after=H]",
    )
    .await;
    screenshot(&client, "prospect-card-after-call-390x844").await;

    // record the order: the card becomes O
    tap(&client, "[data-test=record-order]").await;
    find(&client, "[data-test=order-form]").await;
    tap(&client, "[data-test=sale-retail]").await;
    tap(&client, "[data-test=save-order]").await;
    find(&client, "[data-test=card-grade][data-grade=O]").await;
    find(&client, "[data-test=order-row]").await;
    find(&client, "[data-test=record-delivery]").await;
    gone(&client, "[data-test=record-order]").await;
    assert_fits(&client, "the phone screen").await;
    scroll_to(&client, "[data-test=deal-section]").await;
    screenshot(&client, "prospect-card-ordered-390x844").await;

    // back on My day, the call counts in today's 5-20-30
    tap(&client, "[data-test=back]").await;
    wait_for_path(&client, "/my-day").await;
    find(&client, "[data-test=activity-calls][data-done='1']").await;
    let ordered = format!("[data-test=prospect-card][data-id='{late}'][data-grade=O]");
    tap(&client, &ordered).await;

    // the car is delivered: the card is won and the loyalty schedule is made
    tap(&client, "[data-test=record-delivery]").await;
    tap(&client, "[data-test=save-delivery]").await;
    let delivered = find(&client, "[data-test=delivery-done]")
        .await
        .text()
        .await
        .unwrap();
    assert!(delivered.contains("24"), "{delivered}");
    find(&client, "[data-test=card-status][data-status=won]").await;
    find(&client, "[data-test=order-row][data-delivered=true]").await;
    gone(&client, "[data-test=mark-lost]").await;
    client.close().await.unwrap();

    // the server agrees
    let (status, card) = server.get(&format!("/prospects/{late}"), &wang).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    assert_eq!(card["prospect"]["grade"], "O");
    let follow_ups = card["follow_ups"].as_array().unwrap();
    assert_eq!(follow_ups.len(), 1, "{card}");
    assert_eq!(follow_ups[0]["channel"], "call");
    assert_eq!(follow_ups[0]["grade_before"], "B");
    assert_eq!(follow_ups[0]["grade_after"], "H");
    assert_eq!(follow_ups[0]["note"], "约周六试驾");
    assert_eq!(
        follow_ups[0]["next_follow_up_on"],
        Value::String(expected.to_string())
    );
    let orders = card["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{card}");
    assert!(!orders[0]["delivered_at"].is_null(), "{card}");
    assert_eq!(card["prospect"]["status"], "won");
    assert_eq!(orders[0]["vehicle_model_id"], model);
    assert_eq!(orders[0]["sale_type"], "retail");
}

#[tokio::test]
async fn the_manager_confirms_a_lost_deal_on_the_prospects_screen() {
    let server = TestServer::start().await;
    let li = server.demo_login("consultant2").await;
    let model = first_model(&server, &li).await;
    let id = outbound(&server, &li, "13900000031", "孙悟", model).await;
    let (status, body) = server
        .post(
            &format!("/prospects/{id}/lost"),
            &li,
            json!({"reason": "price", "note": "竞品便宜两万"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-prospects]").await;
    wait_for_path(&client, "/prospects").await;
    let row = format!("[data-test=approval-row][data-prospect='{id}']");
    let text = find(&client, &row).await.text().await.unwrap();
    assert!(
        text.contains("孙悟") && text.contains("竞品便宜两万"),
        "{text}"
    );
    assert_eq!(
        attr(
            &client,
            &format!("{row} [data-test=approval-reason]"),
            "data-reason"
        )
        .await
        .as_deref(),
        Some("price")
    );
    // the store's list shows owners
    find(
        &client,
        "[data-test=store-prospects] [data-test=prospect-owner]",
    )
    .await;
    screenshot(&client, "prospects-manager-1366x900").await;
    tap(&client, &format!("{row} [data-test=approve-lost]")).await;
    find(&client, "[data-test=nothing-to-approve]").await;
    let (_, card) = server.get(&format!("/prospects/{id}"), &li).await;
    assert_eq!(card["prospect"]["status"], "lost", "{card}");

    // a new request arrives live, without a reload
    let second = outbound(&server, &li, "13900000032", "猪八戒", model).await;
    let (status, body) = server
        .post(
            &format!("/prospects/{second}/lost"),
            &li,
            json!({"reason": "slow_follow_up"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    find(
        &client,
        &format!("[data-test=approval-row][data-prospect='{second}']"),
    )
    .await;

    // 刘洋 leaves: all of his open prospects go to 陈静
    let manager = server.demo_login("manager").await;
    let (from, to) = (
        server.user_id(&manager, "consultant2").await,
        server.user_id(&manager, "consultant3").await,
    );
    choose(&client, "[data-test=reassign-from]", &from.to_string()).await;
    choose(&client, "[data-test=reassign-to]", &to.to_string()).await;
    tap(&client, "[data-test=reassign-all]").await;
    let moved: i64 = attr(&client, "[data-test=reassign-done]", "data-moved")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(moved >= 1, "moved {moved}");
    client.close().await.unwrap();
    let (_, card) = server.get(&format!("/prospects/{second}"), &manager).await;
    assert_eq!(card["prospect"]["owner_id"], to, "{card}");
}

#[tokio::test]
async fn a_consultant_adds_an_outbound_prospect_from_my_day() {
    let server = TestServer::start().await;
    // an earlier customer who sends a friend
    let wang = server.demo_login("consultant1").await;
    let body = serde_json::json!({"phone": "13900000040", "name": "张无忌", "source": "online"});
    let (_, referrer) = server.post("/prospects", &wang, body).await;
    let referrer = referrer["customer_id"].as_i64().unwrap();
    let client = browser(PHONE).await;
    sign_in(&client, &server.base, "consultant1", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-consultant] [data-test=activity]").await;
    tap(&client, "[data-test=new-prospect]").await;
    find(&client, "[data-test=new-prospect-form]").await;
    find(&client, "[data-test=new-phone]")
        .await
        .send_keys("139 0000 0041")
        .await
        .unwrap();
    find(&client, "[data-test=new-name]")
        .await
        .send_keys("周芷若")
        .await
        .unwrap();
    tap(&client, "[data-test=new-source-referral]").await;
    // found by name (the referrer picker searches the store's customers)
    find(&client, "[data-test=new-referrer-search]")
        .await
        .send_keys("张无")
        .await
        .unwrap();
    tap(
        &client,
        &format!("[data-test=new-referrer-hit][data-id='{referrer}']"),
    )
    .await;
    find(
        &client,
        &format!("[data-test=new-referrer-chosen][data-id='{referrer}']"),
    )
    .await;
    tap(&client, "[data-test=new-grade-A]").await;
    screenshot(&client, "new-prospect-390x844").await;
    tap(&client, "[data-test=create-prospect]").await;
    find(
        &client,
        "[data-test=prospect-detail] [data-test=card-grade][data-grade=A]",
    )
    .await;
    let name = find(&client, "[data-test=customer-name]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(name, "周芷若");
    let path = client.current_url().await.unwrap().path().to_owned();
    let id: i64 = path.trim_start_matches("/prospects/").parse().unwrap();
    // the card leads to the customer's timeline and back
    tap(&client, "[data-test=open-timeline]").await;
    find(&client, "[data-test=customer-timeline]").await;
    assert!(client
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/customers/"));
    client.back().await.unwrap();
    wait_for_path(&client, &path).await;
    // the card and My day in English fit the phone too
    tap(&client, "#lang-switch").await;
    find(&client, "#lang-switch[data-locale=en]").await;
    assert_fits(&client, "the phone screen").await;
    screenshot(&client, "prospect-card-en-390x844").await;
    tap(&client, "[data-test=back]").await;
    find(
        &client,
        &format!("[data-test=prospect-card][data-id='{id}']"),
    )
    .await;
    assert_fits(&client, "the phone screen").await;
    screenshot(&client, "my-day-en-390x844").await;
    client.close().await.unwrap();

    let (_, card) = server.get(&format!("/prospects/{id}"), &wang).await;
    assert_eq!(card["prospect"]["source"], "referral", "{card}");
    assert_eq!(card["customer"]["referred_by"], referrer, "{card}");
    assert_eq!(card["customer"]["referred_by_name"], "张无忌");
    assert_eq!(card["prospect"]["grade"], "A");
    assert_eq!(card["customer"]["phone"], "13900000041");
}

#[tokio::test]
async fn a_lost_deal_asked_for_on_the_phone_is_sent_back_by_the_manager() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let model = first_model(&server, &wang).await;
    let today = store_today(&server, &wang).await;
    let id = outbound(&server, &wang, "13900000051", "张无忌", model).await;

    let phone = browser(PHONE).await;
    sign_in(&phone, &server.base, "consultant1", DEMO_PASSWORD).await;
    find(&phone, "[data-test=home-consultant]").await;
    phone
        .goto(&format!("{}/prospects/{id}", server.base))
        .await
        .unwrap();
    find(&phone, "[data-test=card-status][data-status=active]").await;
    tap(&phone, "[data-test=mark-lost]").await;
    // `other` needs a note
    tap(&phone, "[data-test=lost-reason-other]").await;
    tap(&phone, "[data-test=submit-lost]").await;
    find(&phone, "[data-test=lost-error]").await;
    find(&phone, "[data-test=lost-note]")
        .await
        .send_keys("家人反对")
        .await
        .unwrap();
    scroll_to(&phone, "[data-test=lost-form]").await;
    screenshot(&phone, "prospect-lost-reasons-390x844").await;
    tap(&phone, "[data-test=submit-lost]").await;
    find(&phone, "[data-test=card-status][data-status=lost_pending]").await;
    find(
        &phone,
        "[data-test=waiting-for-manager] [data-test=pending-reason][data-reason=other]",
    )
    .await;
    gone(&phone, "[data-test=confirm-lost]").await;
    phone.close().await.unwrap();

    // the manager opens the card from the list and sends it back with a comment
    let desk = browser(DESKTOP).await;
    sign_in(&desk, &server.base, "manager", DEMO_PASSWORD).await;
    find(&desk, "[data-test=home-manager]").await;
    desk.goto(&format!("{}/prospects", server.base))
        .await
        .unwrap();
    tap(
        &desk,
        &format!("[data-test=approval-row][data-prospect='{id}'] a"),
    )
    .await;
    wait_for_path(&desk, &format!("/prospects/{id}")).await;
    // the card belongs to the manager's prospects screen
    find(&desk, "[data-test=nav-prospects][aria-current=page]").await;
    // a comment is required to send it back
    tap(&desk, "[data-test=reject-lost]").await;
    find(&desk, "[data-test=decision-error]").await;
    find(&desk, "[data-test=decision-comment]")
        .await
        .send_keys("再约一次试驾")
        .await
        .unwrap();
    tap(&desk, "[data-test=reject-lost]").await;
    find(&desk, "[data-test=card-status][data-status=active]").await;
    let tomorrow = today + Days::new(1);
    find(
        &desk,
        &format!("[data-test=next-follow-up][data-date='{tomorrow}']"),
    )
    .await;
    // the manager hands the card to another consultant; the owners list shows both
    let zhang = server
        .user_id(&server.demo_login("manager").await, "consultant3")
        .await;
    choose(&desk, "[data-test=owner-select]", &zhang.to_string()).await;
    tap(&desk, "[data-test=reassign-owner]").await;
    find(&desk, "[data-test=owner-done]").await;
    // the card is fetched again after the move, so wait for the second row to be drawn
    // rather than counting rows the moment the confirmation shows
    find(&desk, "[data-test=owner-row] ~ [data-test=owner-row]").await;
    desk.close().await.unwrap();

    let manager = server.demo_login("manager").await;
    let (_, card) = server.get(&format!("/prospects/{id}"), &manager).await;
    assert_eq!(card["prospect"]["status"], "active", "{card}");
    assert_eq!(card["prospect"]["owner_id"], zhang);
    assert_eq!(card["lost_deals"][0]["status"], "rejected");
    assert_eq!(card["lost_deals"][0]["decision_comment"], "再约一次试驾");
}

#[tokio::test]
async fn a_list_cut_at_the_limit_says_so() {
    let server = TestServer::start().await;
    server.add_walk_in_prospects(1001).await;
    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    tap(&client, "a[data-test=nav-prospects]").await;
    find(&client, "[data-test=list-more]").await;
    // narrowed by a search, the whole answer fits and the notice goes
    find(&client, "[data-test=prospect-search]")
        .await
        .send_keys("客户1000")
        .await
        .unwrap();
    gone(&client, "[data-test=list-more]").await;
    client.close().await.unwrap();
}
