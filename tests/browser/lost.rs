//! The manager's lost-deal analysis (战败分析) in a real browser.

use keyuan_tests::browser::{
    assert_accessible, browser, find, screenshot, sign_in, tap, wait_for_path, DESKTOP,
};
use keyuan_tests::setups::{create_prospect, first_model_id, lost_and_confirmed};
use keyuan_tests::{store_at_midday, TestServer, DEMO_PASSWORD};
use serde_json::json;

#[tokio::test]
async fn the_manager_taps_a_cell_of_the_matrix_and_opens_a_lost_prospects_card() {
    let server = TestServer::start().await;
    store_at_midday(&server).await;
    let [consultant, manager] = server.demo_logins(["consultant1", "manager"]).await;
    let model = first_model_id(&server, &manager).await;
    let mut lost = Vec::new();
    for (i, reason) in ["price", "price", "brand"].into_iter().enumerate() {
        let body = json!({"phone": format!("1390000100{i}"), "name": format!("战败{i}"),
            "source": "outbound", "vehicle_model_id": model});
        let prospect = create_prospect(&server, &consultant, body).await;
        lost_and_confirmed(&server, &consultant, &manager, &prospect["id"], reason).await;
        lost.push(prospect);
    }

    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    tap(&client, "[data-test=nav-lost]").await;
    let total = find(&client, "[data-test=lost-total]").await;
    assert_eq!(total.text().await.unwrap(), "3");
    find(&client, "[data-test=pareto] svg[role=img]").await;
    screenshot(&client, "lost-1366x900").await;
    assert_accessible(&client, "lost-deal analysis").await;

    // the first cell that says two deals: the price group's, or its reason's, of the model
    let price_cell = "[data-test=lost-matrix] tbody button[data-test=cell][aria-label$='：2']";
    tap(&client, price_cell).await;
    // the list loads after the tap: wait for its rows
    find(&client, "[data-test=cell-deals] [data-test=lost-deal]").await;
    let list = find(&client, "[data-test=cell-deals] ul").await;
    let text = list.text().await.unwrap();
    assert!(
        text.contains("战败0") && text.contains("战败1") && !text.contains("战败2"),
        "{text}"
    );
    screenshot(&client, "lost-cell-1366x900").await;
    tap(&client, "[data-test=cell-deals] [data-test=open-card]").await;
    let id = lost[1]["id"].as_i64().unwrap(); // newest decision first
    wait_for_path(&client, &format!("/prospects/{id}")).await;

    client.back().await.unwrap();
    tap(&client, "#lang-switch").await;
    find(&client, "[data-test=lost-matrix]").await;
    screenshot(&client, "lost-en-1366x900").await;
    client.close().await.unwrap();
}
