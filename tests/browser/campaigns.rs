//! Campaigns (活动效果) in real browsers: the manager records one, the receptionist picks
//! it for an event visitor at check-in, and the manager's report counts the visitor live.

use std::time::Duration;

use fantoccini::Client;
use keyuan_tests::browser::{
    assert_accessible, browser, eventually, find, screenshot, set_value, sign_in, tap, DESKTOP,
    TABLET,
};
use keyuan_tests::setups::store_today;
use keyuan_tests::{store_at_midday, TestServer, DEMO_PASSWORD};

/// The text of the first `css` inside the report's row of the campaign named `name`,
/// once that row is there.
async fn cell(client: &Client, name: &str, css: &str, expected: &str) {
    let script = "const row = [...document.querySelectorAll('[data-test=campaign-row]')]
            .find(r => r.textContent.includes(arguments[0]));
         const cell = row && row.querySelector(arguments[1]);
         return cell ? cell.textContent.trim() : null;";
    let what = format!("{css} of {name} = {expected}");
    eventually(Duration::from_secs(10), &what, || async {
        let found = client
            .execute(script, vec![name.into(), css.into()])
            .await
            .ok()?;
        (found.as_str() == Some(expected)).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_campaign_recorded_picked_at_check_in_and_counted() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let manager_token = server.demo_login("manager").await;
    let today = store_today(&server, &manager_token).await.to_string();

    let manager = browser(DESKTOP).await;
    sign_in(&manager, &server.base, "manager", DEMO_PASSWORD).await;
    find(&manager, "[data-test=home-manager]").await;
    tap(&manager, "[data-test=nav-campaigns]").await;
    // a typing slip is named before anything is sent
    find(&manager, "#campaign-name")
        .await
        .send_keys("周末试驾会")
        .await
        .unwrap();
    set_value(&manager, "#campaign-starts", &today).await;
    tap(&manager, "[data-test=save-campaign]").await;
    let error = find(&manager, "[data-test=campaign-error]").await;
    assert!(
        error.text().await.unwrap().contains("结束日期"),
        "the last day is missing"
    );
    set_value(&manager, "#campaign-ends", &today).await;
    find(&manager, "#campaign-cost")
        .await
        .send_keys("30000")
        .await
        .unwrap();
    tap(&manager, "[data-test=save-campaign]").await;
    find(&manager, "[data-test=campaign-saved]").await;
    cell(
        &manager,
        "周末试驾会",
        "[data-test=campaign-cost]",
        "¥30,000",
    )
    .await;
    cell(&manager, "周末试驾会", "[data-test=campaign-visits]", "0").await;

    // the receptionist's tablet offers today's campaign once the source is 展示/活动
    let reception = browser(TABLET).await;
    sign_in(&reception, &server.base, "reception", DEMO_PASSWORD).await;
    find(&reception, "[data-test=checkin-form]").await;
    find(&reception, "#phone")
        .await
        .send_keys("139 0000 0081")
        .await
        .unwrap();
    tap(&reception, "[data-test=source-event]").await;
    let chip = find(&reception, "[data-test=campaign-chips] [aria-pressed]").await;
    assert_eq!(chip.text().await.unwrap(), "周末试驾会");
    chip.click().await.unwrap();
    screenshot(&reception, "checkin-campaign-1024x768").await;
    tap(&reception, "[data-test=save-visit]").await;
    let logged = find(&reception, "[data-test=visit-campaign]").await;
    assert_eq!(logged.text().await.unwrap(), "周末试驾会");

    // the manager's report follows without a reload: one visit, first, captured, a card
    for (css, n) in [
        ("[data-test=campaign-visits]", "1"),
        ("[data-test=campaign-first-visits]", "1"),
        ("[data-test=campaign-captured]", "1"),
        ("[data-test=campaign-prospects]", "1"),
        ("[data-test=campaign-orders]", "0"),
        ("[data-test=campaign-cost-per-order]", "—"),
    ] {
        cell(&manager, "周末试驾会", css, n).await;
    }
    // the visitor orders: the campaign's cost per order, beside the average, on the chart
    let log = server.get("/visits", &manager_token).await.1;
    let prospect = log["visits"][0]["prospect_id"].clone();
    let model = keyuan_tests::setups::first_model_id(&server, &manager_token).await;
    let order = serde_json::json!({"vehicle_model_id": model, "sale_type": "retail"});
    let (status, body) = server
        .post(
            &format!("/prospects/{prospect}/orders"),
            &manager_token,
            order,
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    cell(
        &manager,
        "周末试驾会",
        "[data-test=campaign-cost-per-order]",
        "¥30,000",
    )
    .await;
    find(&manager, "[data-test=cost-per-order]").await;
    find(&manager, "[data-test=campaign-average]").await;
    assert_accessible(&manager, "the campaign report").await;
    screenshot(&manager, "campaigns-1366x900-zh").await;
    manager
        .execute(
            "document.querySelector('[data-test=cost-per-order]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    screenshot(&manager, "campaigns-chart-1366x900-zh").await;

    // the cost corrected through the row's edit button
    tap(&manager, "[data-test=edit-campaign]").await;
    let cost = find(&manager, "#campaign-cost").await;
    assert_eq!(cost.prop("value").await.unwrap().as_deref(), Some("30000"));
    cost.clear().await.unwrap();
    cost.send_keys("12000").await.unwrap();
    tap(&manager, "[data-test=save-campaign]").await;
    cell(
        &manager,
        "周末试驾会",
        "[data-test=campaign-cost]",
        "¥12,000",
    )
    .await;

    tap(&manager, "#lang-switch").await;
    find(&manager, "html[lang=en]").await;
    let title = find(&manager, "#campaigns-title").await;
    assert_eq!(title.text().await.unwrap(), "Results by campaign");
    screenshot(&manager, "campaigns-1366x900-en").await;
    reception.close().await.unwrap();
    manager.close().await.unwrap();
}
