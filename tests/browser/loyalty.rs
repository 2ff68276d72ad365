//! Issue 6 in the browser: the loyalty work list, the customer timeline and the manager's
//! on-time report, over the demo store with its activity (each consultant has a customer
//! delivered three months ago whose earlier contacts are done and whose month-3 call is
//! due today).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use keyuan_tests::browser::{
    assert_fits, browser, find, screenshot, sign_in, tap, wait_for_path, PHONE, TABLET, WAIT,
};
use keyuan_tests::TestServer;
use serde_json::{json, Value};

/// The consultant's contact due today: the month-3 call of their delivered customer.
async fn todays_contact(server: &TestServer, token: &str) -> Value {
    let (status, list) = server.get("/loyalty-contacts", token).await;
    assert!(status.is_success(), "{list}");
    list["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["step"] == "month_3")
        .cloned()
        .unwrap_or_else(|| panic!("a month-3 contact is due: {list}"))
}

async fn attr_set(client: &Client, css: &str, attr: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in client.find_all(Locator::Css(css)).await.unwrap() {
        if let Some(v) = e.attr(attr).await.unwrap() {
            out.insert(v);
        }
    }
    out
}

/// Waits until the `attr` values of the elements at `css` are exactly `expected`: a list
/// is drawn again when its data comes back, not at the tap that asked for it.
async fn wait_for_set(client: &Client, css: &str, attr: &str, expected: BTreeSet<String>) {
    let started = Instant::now();
    loop {
        let shown = attr_set(client, css, attr).await;
        if shown == expected {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "{attr} of {css}: {shown:?}, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Scrolls to the top so a screenshot shows the screen's head.
async fn to_top(client: &Client) {
    client
        .execute("window.scrollTo(0, 0)", vec![])
        .await
        .unwrap();
}

fn steps(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn a_consultant_opens_the_delivered_customers_timeline_and_completes_todays_call() {
    let server = TestServer::start_with_demo_activity().await;
    let token = server.demo_login("consultant1").await;
    let contact = todays_contact(&server, &token).await;
    let (contact_id, customer_id) = (
        contact["id"].as_i64().unwrap(),
        contact["customer_id"].as_i64().unwrap(),
    );
    assert_eq!(contact["customer_name"], "欧阳先生");
    // a friend the customer sent to the showroom shows on their timeline
    let reception = server.demo_login("reception").await;
    let (status, visit) = server
        .post(
            "/visits",
            &reception,
            json!({"kind": "walk_in", "party_size": 1, "source": "referral",
                   "phone": "13900001234", "name": "林女士", "referred_by": customer_id}),
        )
        .await;
    assert!(status.is_success(), "{visit}");

    let client = browser(PHONE).await;
    sign_in(
        &client,
        &server.base,
        "consultant1",
        keyuan_tests::DEMO_PASSWORD,
    )
    .await;
    find(&client, "[data-test=home-consultant]").await;
    tap(&client, "[data-test=nav-loyalty]").await;
    wait_for_path(&client, "/loyalty").await;
    let task = format!("[data-test=loyalty-task][data-id='{contact_id}']");
    find(&client, &task).await;
    assert_eq!(
        find(&client, &format!("{task} [data-test=task-customer]"))
            .await
            .text()
            .await
            .unwrap(),
        "欧阳先生"
    );
    let tel = find(&client, &format!("{task} [data-test=task-tel]"))
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(tel.starts_with("tel:"), "{tel}");
    assert_fits(&client, "the work list").await;
    screenshot(&client, "loyalty-work-list-390x844").await;

    // the customer's name opens the timeline
    tap(&client, &format!("{task} [data-test=task-customer]")).await;
    wait_for_path(&client, &format!("/customers/{customer_id}")).await;
    find(&client, "[data-test=customer-timeline]").await;
    assert_eq!(
        find(&client, "[data-test=timeline-customer-name]")
            .await
            .text()
            .await
            .unwrap(),
        "欧阳先生"
    );
    let referrals = find(&client, "[data-test=timeline-referrals]").await;
    assert_eq!(
        referrals.attr("data-count").await.unwrap().as_deref(),
        Some("1")
    );
    assert!(referrals.text().await.unwrap().contains('1'));
    find(
        &client,
        "[data-test=timeline-past] [data-test=timeline-event][data-kind=referral]",
    )
    .await;
    find(
        &client,
        "[data-test=timeline-past] [data-test=timeline-event][data-kind=delivery]",
    )
    .await;
    find(
        &client,
        "[data-test=timeline-past] [data-test=timeline-event][data-kind=order]",
    )
    .await;

    // past contacts done
    let done_css = "[data-test=timeline-past] [data-test=timeline-event][data-kind=loyalty_contact][data-status=done]";
    find(&client, done_css).await;
    wait_for_set(
        &client,
        done_css,
        "data-step",
        steps(&["day_3", "day_7", "day_14", "month_1"]),
    )
    .await;
    // month headings group the line
    assert!(
        client
            .find_all(Locator::Css(
                "[data-test=timeline-past] [data-test=month-head]"
            ))
            .await
            .unwrap()
            .len()
            >= 3,
        "the past spans at least three months"
    );
    // the road ahead: months 6 to 60, the nearest first shown, all on request
    let ahead = find(&client, "[data-test=road-ahead]").await;
    assert_eq!(
        ahead.attr("data-count").await.unwrap().as_deref(),
        Some("19")
    );
    tap(&client, "[data-test=ahead-toggle]").await;
    let ahead_css = "[data-test=road-ahead] [data-test=timeline-event][data-kind=loyalty_contact]";
    let expected: BTreeSet<String> = [
        6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60,
    ]
    .iter()
    .map(|m| format!("month_{m}"))
    .collect();
    wait_for_set(&client, ahead_css, "data-step", expected).await;
    wait_for_set(&client, ahead_css, "data-status", steps(&["due"])).await;
    tap(&client, "[data-test=ahead-toggle]").await;
    assert_fits(&client, "the timeline").await;

    // today's call is on the line with its action
    let today_css = format!("[data-test=timeline-event][data-id='{contact_id}']");
    let today = find(&client, &today_css).await;
    assert_eq!(
        today.attr("data-status").await.unwrap().as_deref(),
        Some("due")
    );
    assert_eq!(
        today.attr("data-step").await.unwrap().as_deref(),
        Some("month_3")
    );
    to_top(&client).await;
    screenshot(&client, "customer-timeline-390x844").await;
    tap(
        &client,
        &format!("{today_css} [data-test=timeline-complete]"),
    )
    .await;
    tap(&client, &format!("{today_css} [data-test=outcome-reached]")).await;
    let note = "客户满意，推荐了朋友";
    find(&client, &format!("{today_css} [data-test=complete-note]"))
        .await
        .send_keys(note)
        .await
        .unwrap();
    screenshot(&client, "customer-timeline-completing-390x844").await;
    tap(&client, &format!("{today_css} [data-test=complete-save]")).await;
    find(&client, "[data-test=done-notice]").await;
    let done = find(
        &client,
        &format!("{today_css}[data-status=done][data-outcome=reached]"),
    )
    .await;
    assert_eq!(
        done.find(Locator::Css("[data-test=event-note]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        note
    );
    wait_for_set(
        &client,
        done_css,
        "data-step",
        steps(&["day_3", "day_7", "day_14", "month_1", "month_3"]),
    )
    .await;
    assert_fits(&client, "the timeline after completing").await;
    screenshot(&client, "customer-timeline-done-390x844").await;

    // the work list has it under done today
    tap(&client, "[data-test=back]").await;
    wait_for_path(&client, "/loyalty").await;
    find(
        &client,
        &format!("[data-test=done-task][data-id='{contact_id}'][data-outcome=reached]"),
    )
    .await;
    assert!(client
        .find_all(Locator::Css(&task))
        .await
        .unwrap()
        .is_empty());

    // and the server has it
    let (_, done) = server.get("/loyalty-contacts?status=done", &token).await;
    let stored = done["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == contact_id)
        .cloned()
        .unwrap_or_else(|| panic!("contact {contact_id} is done: {done}"));
    assert_eq!(stored["status"], "done");
    assert_eq!(stored["outcome"], "reached");
    assert_eq!(stored["note"], note);
    client.close().await.unwrap();
}

#[tokio::test]
async fn declining_on_the_work_list_cancels_the_remaining_contacts() {
    let server = TestServer::start_with_demo_activity().await;
    let token = server.demo_login("consultant2").await;
    let contact = todays_contact(&server, &token).await;
    let contact_id = contact["id"].as_i64().unwrap();

    let client = browser(PHONE).await;
    sign_in(
        &client,
        &server.base,
        "consultant2",
        keyuan_tests::DEMO_PASSWORD,
    )
    .await;
    find(&client, "[data-test=home-consultant]").await;
    tap(&client, "[data-test=nav-loyalty]").await;
    let task = format!("[data-test=loyalty-task][data-id='{contact_id}']");
    tap(&client, &format!("{task} [data-test=complete-open]")).await;
    tap(&client, &format!("{task} [data-test=outcome-declined]")).await;
    find(&client, &format!("{task} [data-test=decline-warning]")).await;
    assert_fits(&client, "the outcome form").await;
    screenshot(&client, "loyalty-outcome-form-390x844").await;
    tap(&client, &format!("{task} [data-test=complete-save]")).await;
    let notice = find(&client, "[data-test=cancelled-notice]")
        .await
        .text()
        .await
        .unwrap();
    assert!(notice.contains("19"), "{notice}");
    find(
        &client,
        &format!("[data-test=done-task][data-id='{contact_id}'][data-outcome=declined]"),
    )
    .await;
    let (_, timeline) = server
        .get(
            &format!("/customers/{}/timeline", contact["customer_id"]),
            &token,
        )
        .await;
    let cancelled = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "cancelled")
        .count();
    assert_eq!(cancelled, 19);
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_manager_sees_loyalty_contacts_on_time_by_consultant() {
    let server = TestServer::start_with_demo_activity().await;
    let token = server.demo_login("consultant1").await;
    let contact = todays_contact(&server, &token).await;
    let (status, body) = server
        .post(
            &format!("/loyalty-contacts/{}/complete", contact["id"]),
            &token,
            json!({"outcome": "reached"}),
        )
        .await;
    assert!(status.is_success(), "{body}");

    let client = browser((1280, 800)).await;
    sign_in(
        &client,
        &server.base,
        "manager",
        keyuan_tests::DEMO_PASSWORD,
    )
    .await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-loyalty]").await;
    wait_for_path(&client, "/loyalty").await;
    find(&client, "[data-test=loyalty-report]").await;
    let row = find(&client, "[data-test=report-row][data-consultant='王磊']").await;
    assert_eq!(
        row.attr("data-on-time").await.unwrap().as_deref(),
        Some("1")
    );
    assert_eq!(
        client
            .find_all(Locator::Css("[data-test=report-row]"))
            .await
            .unwrap()
            .len(),
        3,
        "one row per consultant"
    );
    let total = find(&client, "[data-test=report-total]").await;
    assert_eq!(
        total.attr("data-on-time").await.unwrap().as_deref(),
        Some("1")
    );
    assert_eq!(
        total.attr("data-pending").await.unwrap().as_deref(),
        Some("2")
    );
    // the store's work list below names whose contact it is
    find(
        &client,
        "[data-test=loyalty-open] [data-test=task-assignee]",
    )
    .await;
    assert_eq!(
        client
            .find_all(Locator::Css(
                "[data-test=loyalty-open] [data-test=loyalty-task]"
            ))
            .await
            .unwrap()
            .len(),
        2
    );
    assert_fits(&client, "the report").await;
    screenshot(&client, "loyalty-report-manager-1280x800").await;

    // in English, the consultant's customer's timeline on a laptop
    tap(&client, "#lang-switch").await;
    find(&client, "[data-test=report-row]").await;
    client
        .goto(&format!(
            "{}/customers/{}",
            server.base, contact["customer_id"]
        ))
        .await
        .unwrap();
    find(
        &client,
        &format!(
            "[data-test=timeline-event][data-id='{}'][data-status=done]",
            contact["id"]
        ),
    )
    .await;
    let heads = attr_set(&client, "[data-test=month-group]", "data-month").await;
    assert!(heads.len() >= 5, "{heads:?}");
    let head = find(&client, "[data-test=month-head]")
        .await
        .text()
        .await
        .unwrap();
    assert!(head.is_ascii(), "an English month heading: {head}");
    assert_fits(&client, "the timeline on a laptop").await;
    screenshot(&client, "customer-timeline-en-1280x800").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_receptionist_names_the_referring_customer_at_check_in() {
    let server = TestServer::start_with_demo_activity().await;
    let manager = server.demo_login("manager").await;
    // by number: a search by name answers 500 (the server binds a NUL byte as the phone
    // pattern when fewer than 3 digits are typed, which PostgreSQL refuses)
    let search = "/customers?q=18800000001";
    let (_, hits) = server.get(search, &manager).await;
    let referrer = hits[0]["id"].as_i64().unwrap_or_else(|| panic!("{hits}"));
    assert_eq!(hits[0]["referrals"], 0);

    let client = browser(TABLET).await;
    sign_in(
        &client,
        &server.base,
        "reception",
        keyuan_tests::DEMO_PASSWORD,
    )
    .await;
    find(
        &client,
        "[data-test=home-receptionist] [data-test=checkin-form]",
    )
    .await;
    find(&client, "#phone")
        .await
        .send_keys("139 0000 7777")
        .await
        .unwrap();
    tap(&client, "[data-test=source-referral]").await;
    find(&client, "[data-test=referrer-search]")
        .await
        .send_keys("188 0000 0001")
        .await
        .unwrap();
    tap(
        &client,
        &format!("[data-test=referrer-hit][data-id='{referrer}']"),
    )
    .await;
    let chosen = find(&client, "[data-test=referrer-chosen]").await;
    assert!(chosen.text().await.unwrap().contains("欧阳先生"));
    screenshot(&client, "checkin-referrer-1024x768").await;
    tap(&client, "[data-test=save-visit]").await;
    find(&client, "[data-test=save-done]").await;

    // the new customer is the referrer's first referral
    let started = std::time::Instant::now();
    loop {
        let (_, hits) = server.get(search, &manager).await;
        if hits[0]["referrals"] == 1 {
            break;
        }
        assert!(
            started.elapsed() < keyuan_tests::browser::WAIT,
            "the referral reached the server: {hits}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (_, timeline) = server
        .get(&format!("/customers/{referrer}/timeline"), &manager)
        .await;
    assert!(
        timeline["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "referral"),
        "{timeline}"
    );
    client.close().await.unwrap();
}
