//! The manager's weekly plan (周计划) in a real browser.

use keyuan_tests::browser::{browser, find, screenshot, sign_in, tap, DESKTOP};
use keyuan_tests::{store_at_midday, TestServer, DEMO_PASSWORD};

#[tokio::test]
async fn the_manager_sets_the_months_targets_and_sees_them_by_week() {
    let server = TestServer::start_with_demo_activity().await;
    store_at_midday(&server).await;
    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-weekly]").await;
    let sales = find(&client, "[data-test=target-store-sales]").await;
    sales.clear().await.unwrap();
    sales.send_keys("31").await.unwrap();
    tap(&client, "[data-test=save-targets]").await;
    find(&client, "[data-test=targets-saved]").await;
    let current = find(&client, "[data-test=week-row][data-current=true]").await;
    let text = current.text().await.unwrap();
    assert!(
        !text.contains("— /"),
        "the week has its share of the target: {text}"
    );
    let rows = client
        .find_all(fantoccini::Locator::Css("[data-test=week-row]"))
        .await
        .unwrap();
    assert!((4..=6).contains(&rows.len()), "{} weeks", rows.len());
    screenshot(&client, "weekly-1366x900").await;
    client.close().await.unwrap();
}
