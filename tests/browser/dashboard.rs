//! The manager's dashboard and the head office's comparison, in a real browser.

use std::time::{Duration, Instant};

use fantoccini::Client;
use keyuan_tests::answers::walk_in;
use keyuan_tests::browser::{
    assert_accessible, assert_fits, browser, eventually, find, screenshot, sign_in, tap, DESKTOP,
    PHONE, TABLET,
};
use keyuan_tests::setups::check_in;
use keyuan_tests::{store_at_midday, TestServer, DEMO_PASSWORD};
use serde_json::json;

/// The number a KPI tile shows (`tile-<hook>`), once the figures have loaded.
async fn tile_value(client: &Client, hook: &str) -> Option<i64> {
    let css = format!("[data-test=tile-{hook}] [data-test=value]");
    let text = find(client, &css).await.text().await.ok()?;
    text.trim().parse().ok()
}

async fn loaded_tile(client: &Client, hook: &str) -> i64 {
    eventually(Duration::from_secs(20), "the tile's figure", || {
        tile_value(client, hook)
    })
    .await
}

/// A screenshot with the part `hook` (`data-test`) scrolled into view.
async fn screenshot_of(client: &Client, hook: &str, name: &str) {
    let scroll = format!("document.querySelector('[data-test={hook}]').scrollIntoView()");
    client.execute(&scroll, vec![]).await.unwrap();
    screenshot(client, name).await;
}

/// A few visits of the last hours, through the API, so the charts have something to draw.
async fn some_traffic(server: &TestServer) {
    // the store's clock at midday, so "this month" holds the last hours whenever this runs
    store_at_midday(server).await;
    let reception = server.demo_login("reception").await;
    let hours_ago = |h: i64| (chrono::Utc::now() - chrono::Duration::hours(h)).to_rfc3339();
    for (i, (h, party, source)) in [
        (3, 2, "walk_in"),
        (2, 1, "event"),
        (2, 3, "referral"),
        (1, 1, "walk_in"),
    ]
    .into_iter()
    .enumerate()
    {
        let body = json!({
            "arrived_at": hours_ago(h),
            "party_size": party,
            "source": source,
            "phone": format!("1380013800{i}"),
            "name": format!("张{i}"),
            "test_drive": i % 2 == 0,
        });
        check_in(server, &reception, walk_in(body)).await;
    }
}

#[tokio::test]
async fn the_dashboard_follows_a_check_in_made_at_the_front_desk_without_a_reload() {
    let server = TestServer::start().await;
    some_traffic(&server).await;
    let manager = browser(DESKTOP).await;
    sign_in(&manager, &server.base, "manager", DEMO_PASSWORD).await;
    find(&manager, "[data-test=home-manager] [data-test=kpi-tiles]").await;
    let before = loaded_tile(&manager, "first-visits").await;
    assert_eq!(before, 4, "the four first visits of the set-up");
    assert_eq!(loaded_tile(&manager, "traffic").await, 7);
    find(&manager, "[data-test=league] [data-test=row]").await;
    find(&manager, "[data-test=funnel] svg[role=img]").await;
    // nothing ordered, no grade measured yet: the forecast is 0, and says there is no target
    let expected = find(&manager, "[data-test=forecast-expected]").await;
    assert_eq!(expected.text().await.unwrap(), "0.0");
    let target = find(&manager, "[data-test=forecast-target]").await;
    assert!(target.text().await.unwrap().contains("未设目标"));
    assert_fits(&manager, "dashboard at 1366x900").await;
    screenshot(&manager, "dashboard-1366x900").await;
    assert_accessible(&manager, "dashboard").await;
    screenshot_of(&manager, "funnel", "dashboard-charts-1366x900").await;
    screenshot_of(&manager, "league", "dashboard-league-1366x900").await;
    screenshot_of(&manager, "forecast", "dashboard-forecast-1366x900").await;

    // the receptionist checks a visitor in on the tablet
    let desk = browser(TABLET).await;
    sign_in(&desk, &server.base, "reception", DEMO_PASSWORD).await;
    find(
        &desk,
        "[data-test=home-receptionist] [data-test=checkin-form]",
    )
    .await;
    find(&desk, "#phone")
        .await
        .send_keys("139 0000 1111")
        .await
        .unwrap();
    tap(&desk, "[data-test=save-visit]").await;
    let tapped = Instant::now();
    // printed, not asserted tightly: the machines are shared (5 s bounds "live")
    eventually(
        Duration::from_secs(5),
        "the tile follows the check-in",
        || async { (tile_value(&manager, "first-visits").await == Some(before + 1)).then_some(()) },
    )
    .await;
    println!(
        "live: the dashboard's first-visit tile changed {} ms after the tap",
        tapped.elapsed().as_millis()
    );
    find(&desk, "[data-test=save-done]").await;

    // tap a consultant: the tiles show theirs only
    let rows = manager
        .find_all(fantoccini::Locator::Css(
            "[data-test=league] [data-test=pick]",
        ))
        .await
        .unwrap();
    rows[0].click().await.unwrap();
    find(&manager, "[data-test=consultant-filter]").await;
    let theirs = loaded_tile(&manager, "first-visits").await;
    assert!(theirs <= before + 1, "{theirs}");
    tap(&manager, "[data-test=clear-filter]").await;

    // a custom range that is too long is refused, naming the field
    tap(&manager, "[data-test=period-custom]").await;
    let from = find(&manager, "#range-from").await;
    manager
        .execute(
            "arguments[0].value = '2020-01-01'; arguments[0].dispatchEvent(new Event('input'))",
            vec![serde_json::to_value(&from).unwrap()],
        )
        .await
        .unwrap();
    tap(&manager, "[data-test=range-apply]").await;
    let error = find(&manager, "[data-test=range-error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        error.starts_with("结束日期") && error.contains('3'),
        "{error}"
    );
    manager.close().await.unwrap();
    desk.close().await.unwrap();
}

#[tokio::test]
async fn the_dashboard_reads_on_a_phone_and_the_head_office_compares_stores() {
    let server = TestServer::start().await;
    some_traffic(&server).await;
    let phone = browser(PHONE).await;
    sign_in(&phone, &server.base, "manager", DEMO_PASSWORD).await;
    assert_eq!(loaded_tile(&phone, "first-visits").await, 4);
    find(&phone, "[data-test=by-hour] svg").await;
    assert_fits(&phone, "dashboard at 390x844").await;
    screenshot(&phone, "dashboard-390x844").await;
    screenshot_of(&phone, "league", "dashboard-league-390x844").await;
    assert_accessible(&phone, "dashboard on a phone").await;
    // the same figures in English
    tap(&phone, "#lang-switch").await;
    let label = find(&phone, "[data-test=tile-first-visits] .kpi-label").await;
    assert_eq!(label.text().await.unwrap(), "First visits");
    screenshot_of(&phone, "by-hour", "dashboard-en-390x844").await;
    phone.close().await.unwrap();

    let admin = browser(DESKTOP).await;
    sign_in(&admin, &server.base, "admin", DEMO_PASSWORD).await;
    find(&admin, "[data-test=home-admin]").await;
    tap(&admin, "[data-test=nav-compare]").await;
    let row = find(&admin, "[data-test=stores] [data-test=row]").await;
    let traffic = eventually(Duration::from_secs(10), "the store's traffic", || async {
        let cell = row
            .find(fantoccini::Locator::Css("[data-test=traffic]"))
            .await
            .ok()?;
        cell.text().await.ok()?.trim().parse::<i64>().ok()
    })
    .await;
    assert_eq!(traffic, 7);
    screenshot(&admin, "compare-1366x900").await;
    assert_accessible(&admin, "store comparison").await;
    admin.close().await.unwrap();
}
