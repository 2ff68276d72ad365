//! A refusal from the server reads in the user's language, whichever language that is.

use keyuan_tests::browser::{browser, eventually, find, screenshot, sign_in, tap, DESKTOP};
use keyuan_tests::{TestServer, DEMO_PASSWORD};
use std::time::Duration;

async fn error_text(client: &fantoccini::Client) -> String {
    find(client, "[data-test=user-form-error]")
        .await
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refused_form_is_explained_in_chinese_and_in_english() {
    let server = TestServer::start().await;
    let client = browser(DESKTOP).await;
    sign_in(&client, &server.base, "manager", DEMO_PASSWORD).await;
    find(&client, "[data-test=home-manager]").await;
    client
        .goto(&format!("{}/setup", server.base))
        .await
        .unwrap();
    find(&client, "[data-test=users-section]").await;
    // a login that is taken passes every check the form makes itself: only the server
    // can refuse it, and it answers in English with a reason code
    find(&client, "#new-user-name")
        .await
        .send_keys("张伟")
        .await
        .unwrap();
    find(&client, "#new-user-login")
        .await
        .send_keys("consultant1")
        .await
        .unwrap();
    find(&client, "#new-user-password")
        .await
        .send_keys("keyuan-demo-2")
        .await
        .unwrap();
    tap(&client, "#add-user").await;
    let chinese = eventually(Duration::from_secs(10), "the Chinese refusal", || async {
        Some(error_text(&client).await).filter(|t| !t.is_empty())
    })
    .await;
    assert_eq!(chinese, "账号：这个账号已被使用，请换一个");
    screenshot(&client, "setup-refused-zh-1366x900").await;

    // in English, a new attempt is refused in English
    tap(&client, "#lang-switch").await;
    tap(&client, "#add-user").await;
    let english = eventually(Duration::from_secs(10), "the English refusal", || async {
        Some(error_text(&client).await).filter(|t| t.starts_with("Login"))
    })
    .await;
    assert_eq!(english, "Login: this login is taken; choose another");
    screenshot(&client, "setup-refused-en-1366x900").await;
    client.close().await.unwrap();
}
