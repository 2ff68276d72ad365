//! Browser tests: the release build of the app in headless Chromium, against the real
//! server and a fresh database per test. Screenshots go to KEYUAN_SCREENSHOT_DIR.

mod campaigns;
mod checkin;
mod dashboard;
mod errors;
mod honesty;
mod lost;
mod loyalty;
mod planner;
mod prospects;
mod weekly;

use std::collections::BTreeSet;

use fantoccini::{Client, Locator};
use jsonwebtoken::{encode, EncodingKey, Header};
use keyuan_tests::browser::{
    assert_accessible, assert_fits, browser, find, gone, screenshot, sign_in, tap, wait_for_path,
    DESKTOP, PHONE, TABLET,
};
use keyuan_tests::{TestServer, DEMO_PASSWORD, TEST_JWT_SECRET};
use serde_json::json;

async fn nav_entries(client: &Client) -> BTreeSet<String> {
    let mut slugs = BTreeSet::new();
    for link in client
        .find_all(Locator::Css("[data-test=nav] a"))
        .await
        .unwrap()
    {
        slugs.insert(
            link.attr("data-test")
                .await
                .unwrap()
                .unwrap_or_default()
                .trim_start_matches("nav-")
                .to_owned(),
        );
    }
    slugs
}

/// Signs in as `login` at `size` and checks the role's home screen and navigation.
async fn role_home(login: &str, role: &str, size: (u32, u32), home: &str, nav: &[&str]) {
    let server = TestServer::start().await;
    let client = browser(size).await;
    sign_in(&client, &server.base, login, DEMO_PASSWORD).await;
    let screen = find(&client, &format!("[data-test=home-{role}]")).await;
    wait_for_path(&client, home).await;
    assert!(!screen
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        nav_entries(&client).await,
        nav.iter().map(|s| s.to_string()).collect(),
        "navigation of {role}"
    );
    let shown_role = find(&client, "[data-test=user-role]")
        .await
        .attr("data-role")
        .await
        .unwrap();
    assert_eq!(shown_role.as_deref(), Some(role));
    screenshot(&client, &format!("home-{role}-{}x{}", size.0, size.1)).await;
    // every screen of the role passes axe-core, once its data is on screen
    for slug in nav {
        tap(&client, &format!("[data-test=nav-{slug}]")).await;
        find(&client, &format!("[data-screen={slug}]")).await;
        gone(&client, "[aria-busy=true]").await;
        assert_accessible(&client, &format!("{slug} for {role} at {size:?}")).await;
    }
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_receptionist_signs_in_on_the_tablet_and_sees_check_in() {
    role_home(
        "reception",
        "receptionist",
        TABLET,
        "/checkin",
        &["checkin"],
    )
    .await;
}

#[tokio::test]
async fn a_consultant_signs_in_on_the_phone_and_sees_my_day() {
    role_home(
        "consultant1",
        "consultant",
        PHONE,
        "/my-day",
        &["my-day", "loyalty"],
    )
    .await;
}

#[tokio::test]
async fn the_manager_signs_in_and_sees_the_dashboard() {
    role_home(
        "manager",
        "manager",
        TABLET,
        "/dashboard",
        &[
            "dashboard",
            "lost",
            "planner",
            "weekly",
            "campaigns",
            "activity",
            "honesty",
            "checkin",
            "prospects",
            "loyalty",
            "setup",
        ],
    )
    .await;
}

#[tokio::test]
async fn the_admin_signs_in_and_sees_set_up() {
    role_home("admin", "admin", DESKTOP, "/setup", &["setup", "compare"]).await;
}

#[tokio::test]
async fn the_sign_in_screen_fits_phone_and_tablet() {
    let server = TestServer::start().await;
    for size in [PHONE, TABLET] {
        let client = browser(size).await;
        client.goto(&format!("{}/", server.base)).await.unwrap();
        find(&client, "[data-test=login-page]").await;
        wait_for_path(&client, "/login").await;
        assert_fits(&client, &format!("sign-in at {size:?}")).await;
        screenshot(&client, &format!("sign-in-{}x{}", size.0, size.1)).await;
        client.close().await.unwrap();
    }
}

#[tokio::test]
async fn a_wrong_password_is_explained_and_the_language_can_be_switched() {
    let server = TestServer::start().await;
    let client = browser(PHONE).await;
    sign_in(&client, &server.base, "manager", "not-the-password").await;
    let error = find(&client, "[data-test=login-error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(!error.is_empty());
    let lang = || async {
        client
            .execute("return document.documentElement.lang", vec![])
            .await
            .unwrap()
    };
    assert_eq!(lang().await, "zh-CN");
    let button = find(&client, "#sign-in").await.text().await.unwrap();
    tap(&client, "#lang-switch").await;
    assert_eq!(lang().await, "en");
    let button_en = find(&client, "#sign-in").await.text().await.unwrap();
    assert_ne!(button, button_en, "the sign-in button is translated");
    assert!(button_en.is_ascii(), "English text: {button_en}");
    client.refresh().await.unwrap();
    find(&client, "#sign-in").await;
    assert_eq!(lang().await, "en", "the choice survives a reload");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_locked_login_is_told_how_long_to_wait() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        server.try_login("reception", "guess").await;
    }
    let client = browser(TABLET).await;
    sign_in(&client, &server.base, "reception", DEMO_PASSWORD).await;
    let error = find(&client, "[data-test=login-error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(error.contains("15") && error.contains("经理"), "{error}");
    screenshot(&client, "sign-in-locked-1024x768").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_reload_keeps_the_session_and_sign_out_ends_it() {
    let server = TestServer::start().await;
    let client = browser(TABLET).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    client
        .goto(&format!("{}/setup", server.base))
        .await
        .unwrap();
    find(&client, "[data-test=screen-setup]").await;
    client.refresh().await.unwrap();
    find(&client, "[data-test=screen-setup]").await;
    tap(&client, "#sign-out").await;
    find(&client, "[data-test=login-page]").await;
    client
        .goto(&format!("{}/dashboard", server.base))
        .await
        .unwrap();
    find(&client, "[data-test=login-page]").await;
    wait_for_path(&client, "/login").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_role_cannot_open_another_roles_screen() {
    let server = TestServer::start().await;
    let client = browser(PHONE).await;
    sign_in(&client, &server.base, "consultant1", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-consultant]").await;
    client
        .goto(&format!("{}/setup", server.base))
        .await
        .unwrap();
    find(&client, "[data-test=home-consultant]").await;
    wait_for_path(&client, "/my-day").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_expired_token_returns_to_sign_in() {
    let server = TestServer::start().await;
    let client = browser(PHONE).await;
    sign_in(&client, &server.base, "consultant1", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-consultant]").await;
    let now = chrono::Utc::now().timestamp();
    let user_id = server
        .get("/me", &server.demo_login("consultant1").await)
        .await
        .1["id"]
        .clone();
    let expired = encode(
        &Header::default(),
        &json!({"sub": user_id.to_string(), "role": "consultant", "store_id": 1, "iat": now - 7200, "exp": now - 60}),
        &EncodingKey::from_secret(TEST_JWT_SECRET.as_bytes()),
    )
    .unwrap();
    client
        .execute(
            "localStorage.setItem('keyuan.token', arguments[0])",
            vec![json!(expired)],
        )
        .await
        .unwrap();
    client.refresh().await.unwrap();
    find(&client, "[data-test=login-page]").await;
    wait_for_path(&client, "/login").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_admin_adds_a_vehicle_model_on_the_set_up_screen() {
    let server = TestServer::start().await;
    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "admin", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-admin]").await;
    // the demo catalogue has loaded before anything is counted
    let demo_models = keyuan_server::seed::DEMO_MODELS.len();
    find(
        &client,
        &format!("[data-test=model-row]:nth-of-type({demo_models})"),
    )
    .await;
    let rows_before = client
        .find_all(Locator::Css("[data-test=model-row]"))
        .await
        .unwrap()
        .len();
    assert_eq!(rows_before, demo_models);
    find(&client, "[data-test=new-model-name]")
        .await
        .send_keys("EV5")
        .await
        .unwrap();
    tap(&client, "[data-test=add-model]").await;
    find(&client, "[data-test=add-model-done]").await;
    let names = client
        .find_all(Locator::Css("[data-test=model-row] [data-test=model-name]"))
        .await
        .unwrap();
    assert_eq!(names.len(), rows_before + 1);
    let mut shown = Vec::new();
    for name in names {
        shown.push(name.text().await.unwrap());
    }
    assert!(shown.iter().any(|n| n == "EV5"), "{shown:?}");
    screenshot(&client, "setup-admin-1366x900").await;
    let admin = server.demo_login("admin").await;
    let (_, models) = server.get("/vehicle-models", &admin).await;
    assert!(
        models
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["name"] == "EV5"),
        "stored on the server: {models}"
    );
    client.close().await.unwrap();
}
