//! The manager's prospect target (客源目标) in a real browser.

use std::time::Duration;

use fantoccini::Client;
use keyuan_tests::browser::{
    browser, eventually, find, screenshot, set_value, sign_in, tap, DESKTOP,
};
use keyuan_tests::{TestServer, DEMO_PASSWORD};

/// The text of `css` once it is not the loading dash.
async fn settled(client: &Client, css: &str) -> String {
    eventually(Duration::from_secs(20), css, || async {
        let text = find(client, css).await.text().await.ok()?;
        (!text.trim().is_empty()).then_some(text)
    })
    .await
}

#[tokio::test]
async fn the_manager_sees_needed_and_gap_follow_an_overridden_input() {
    let server = TestServer::start_with_demo_activity().await;
    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-planner]").await;
    let needed = "[data-test=plan-row][data-source=walk_in] [data-test=needed]";
    let gap = "[data-test=plan-row][data-source=walk_in] [data-test=gap]";
    let before = settled(&client, needed).await;
    screenshot(&client, "planner-1366x900").await;

    // the manager tries a 5 % conversion for walk-ins, then a share of half the orders
    let conversion = find(&client, "[data-test=conversion-walk_in]").await;
    conversion.send_keys("5").await.unwrap();
    let mix = find(&client, "[data-test=mix-walk_in]").await;
    mix.send_keys("50").await.unwrap();
    // T = 100: half the deals at 5 % takes 1000 prospects
    eventually(
        Duration::from_secs(10),
        "needed follows the what-ifs",
        || async {
            let text = find(&client, needed).await.text().await.ok()?;
            (text.trim() == "1000").then_some(())
        },
    )
    .await;
    let gap_now = settled(&client, gap).await;
    assert_ne!(gap_now, "—", "before: {before}");
    let total = settled(&client, "[data-test=plan-total] [data-test=needed]").await;
    assert_ne!(total, before);
    screenshot(&client, "planner-what-if-1366x900").await;

    // saved as the month's targets, the weekly plan of that month splits them
    tap(&client, "[data-test=plan-save]").await;
    find(&client, "[data-test=plan-saved]").await;
    let month = find(&client, "#plan-month")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    tap(&client, "[data-test=nav-weekly]").await;
    set_value(&client, "#weekly-month", &month).await;
    eventually(
        Duration::from_secs(10),
        "the saved target on the weekly plan",
        || async {
            let value = find(&client, "[data-test=target-store-prospects]")
                .await
                .prop("value")
                .await
                .ok()??;
            (value == total).then_some(())
        },
    )
    .await;
    client.back().await.unwrap();

    tap(&client, "#lang-switch").await;
    find(&client, "[data-test=plan-sheet]").await;
    let heading = settled(&client, "#plan-title").await;
    assert_eq!(heading, "Prospects needed by source");
    screenshot(&client, "planner-en-1366x900").await;
    client.close().await.unwrap();
}
