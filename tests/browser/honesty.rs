//! The honesty report (诚信报告) in a real browser: the manager sees a burst of follow-ups,
//! opens the entries behind it and one entry's card.

use fantoccini::Locator;
use keyuan_tests::answers::{expect_status, walk_in};
use keyuan_tests::browser::{
    assert_accessible, browser, find, screenshot, sign_in, tap, wait_for_path, DESKTOP,
};
use keyuan_tests::setups::{check_in, outbound_prospect};
use keyuan_tests::{store_at_midday, TestServer, DEMO_PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_manager_opens_a_burst_and_the_entries_behind_it() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [reception, wang] = server.demo_logins(["reception", "consultant1"]).await;
    let manager_token = server.demo_login("manager").await;
    let liu_id = server.user_id(&manager_token, "consultant2").await;
    // a walk-in reception gave 刘洋, never followed up
    let body = walk_in(json!({"phone": "13900000191", "consultant_id": liu_id}));
    check_in(&server, &reception, body).await;
    // 王磊 logs twelve calls in a few seconds
    let mut first_card = None;
    for i in 0..12 {
        let card = outbound_prospect(
            &server,
            &wang,
            &format!("139000002{i:02}"),
            &format!("连打{i}"),
        )
        .await;
        let path = format!("/prospects/{}/follow-ups", card["id"]);
        // the first is graded H (and orders below): the calibration's one prospect
        let body = if i == 0 {
            json!({"channel": "call", "grade": "H"})
        } else {
            json!({"channel": "call"})
        };
        let logged = server.post(&path, &wang, body).await;
        expect_status(logged, StatusCode::CREATED);
        first_card.get_or_insert(card["id"].as_i64().unwrap());
    }
    let model = keyuan_tests::setups::first_model_id(&server, &manager_token).await;
    let order = json!({"vehicle_model_id": model, "sale_type": "retail"});
    let path = format!("/prospects/{}/orders", first_card.unwrap());
    expect_status(server.post(&path, &wang, order).await, StatusCode::CREATED);

    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-honesty]").await;
    let liu_gap = find(
        &client,
        &format!("[data-test=honesty-line][data-id='{liu_id}'] [data-test=honesty-gap]"),
    )
    .await;
    assert_eq!(
        liu_gap.text().await.unwrap(),
        "1",
        "the walk-in nobody followed up"
    );
    let toggle = find(&client, "[data-test=burst] [data-test=open-burst]").await;
    let said = toggle.text().await.unwrap();
    assert!(said.contains("王磊") && said.contains("12条跟进"), "{said}");
    toggle.click().await.unwrap();
    find(&client, "[data-test=burst] [aria-expanded=true]").await;
    let entries = client
        .find_all(Locator::Css("[data-test=burst-entry]"))
        .await
        .unwrap();
    assert_eq!(entries.len(), 12, "the twelve entries behind the burst");
    assert!(entries[0].is_displayed().await.unwrap());
    assert_accessible(&client, "the honesty report with a burst open").await;
    screenshot(&client, "honesty-1366x900-zh").await;
    // his H kept its promise: the calibration says so in words too
    let chart = find(&client, "[data-test=calibration-H] svg").await;
    let said = chart.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(said.contains("王磊：100.0 %（1位）"), "{said}");
    client
        .execute(
            "document.querySelector('[data-test=calibration]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    screenshot(&client, "calibration-1366x900-zh").await;

    tap(&client, "#lang-switch").await;
    find(&client, "html[lang=en]").await;
    let toggle = find(&client, "[data-test=burst] [data-test=open-burst]").await;
    assert!(toggle.text().await.unwrap().contains("12 follow-ups"));
    // the open burst stays open across the switch
    assert_eq!(
        toggle.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    screenshot(&client, "honesty-1366x900-en").await;

    // the first entry opens its card
    tap(&client, "[data-test=burst-entry] [data-test=open-card]").await;
    wait_for_path(&client, &format!("/prospects/{}", first_card.unwrap())).await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_manager_reads_the_days_activity_against_the_targets() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let manager_token = server.demo_login("manager").await;
    let wang_id = server.user_id(&manager_token, "consultant1").await;
    let card = outbound_prospect(&server, &wang, "13900000311", "日报").await;
    let path = format!("/prospects/{}/follow-ups", card["id"]);
    for channel in ["call", "call", "visit"] {
        let logged = server.post(&path, &wang, json!({"channel": channel})).await;
        expect_status(logged, StatusCode::CREATED);
    }

    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-activity]").await;
    let line = format!("[data-test=activity-line][data-id='{wang_id}']");
    let calls = find(&client, &format!("{line} [data-test=activity-calls]")).await;
    assert_eq!(calls.text().await.unwrap(), "2 / 20");
    assert_eq!(
        calls.attr("class").await.unwrap().as_deref(),
        Some("flagged"),
        "short of the target"
    );
    let meetings = find(&client, &format!("{line} [data-test=activity-meetings]")).await;
    assert_eq!(meetings.text().await.unwrap(), "1 / 5");
    let added = find(&client, &format!("{line} [data-test=activity-added]")).await;
    assert_eq!(added.text().await.unwrap(), "1");
    assert_accessible(&client, "the daily activity report").await;
    screenshot(&client, "activity-1366x900-zh").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_admin_turns_the_rotation_rule_on_and_the_board_skips_a_late_consultant() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let wang = server.demo_login("consultant1").await;
    let manager_token = server.demo_login("manager").await;
    let wang_id = server.user_id(&manager_token, "consultant1").await;
    let card = outbound_prospect(&server, &wang, "13900000511", "逾期").await;
    keyuan_tests::setups::make_overdue(&server, &card["id"]).await;

    let admin = browser(DESKTOP).await;
    sign_in(&admin, &server.base, "admin", DEMO_PASSWORD).await;
    let toggle = find(
        &admin,
        "[data-test=store-row] [data-test=rotation-rule-toggle][aria-pressed=false]",
    )
    .await;
    toggle.click().await.unwrap();
    find(
        &admin,
        "[data-test=store-row] [data-test=rotation-rule-toggle][aria-pressed=true]",
    )
    .await;
    admin.close().await.unwrap();

    let reception = browser(keyuan_tests::browser::TABLET).await;
    sign_in(&reception, &server.base, "reception", DEMO_PASSWORD).await;
    let entry = format!("[data-test=rotation-entry][data-id='{wang_id}']");
    let tag = find(&reception, &format!("{entry} [data-test=skipped-overdue]")).await;
    assert_eq!(tag.text().await.unwrap(), "逾期1条·暂停轮接");
    let next = find(&reception, "[data-test=rotation-entry][data-next=true]").await;
    assert_ne!(
        next.attr("data-id").await.unwrap(),
        Some(wang_id.to_string())
    );
    assert_accessible(&reception, "the rotation board with a skipped consultant").await;
    screenshot(&reception, "rotation-skipped-1024x768").await;
    reception.close().await.unwrap();
}
