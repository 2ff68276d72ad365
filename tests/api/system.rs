//! Health, the OpenAPI document, migrations and serving the SPA.

use keyuan_tests::{fresh_database, test_config, with_database, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn health_reports_the_database() {
    let server = TestServer::start().await;
    let (status, body) = server.call(Method::GET, "/health", None, None).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"status": "ok", "database": true}))
    );
}

#[tokio::test]
async fn health_is_503_when_the_database_is_unreachable() {
    let url = with_database(&keyuan_tests::cluster_url(), "no_such_database");
    let mut config = test_config(url, keyuan_server::config::default_app_dir());
    config.load_demo_data = false;
    let server = TestServer::start_with(config).await;
    let (status, body) = server.call(Method::GET, "/health", None, None).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"status": "unavailable", "database": false})
        )
    );
    // and a signed-in route answers 503 or 401 but never 500
    let (status, body) = server.try_login("admin", "x").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(
        !body.to_string().contains("no_such_database"),
        "no internals leak: {body}"
    );
    // every 503 says when to ask again
    let client = reqwest::Client::new();
    let health = client
        .get(server.url("/api/v1/health"))
        .send()
        .await
        .unwrap();
    let login = client
        .post(server.url("/api/v1/auth/login"))
        .json(&json!({"login": "admin", "password": "x"}))
        .send()
        .await
        .unwrap();
    for answer in [health, login] {
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        let retry = answer
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok());
        assert_eq!(retry, Some("5"), "{}", answer.url());
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_routes() {
    let server = TestServer::start().await;
    let (status, doc) = server.call(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/stores",
        "/api/v1/users/{id}",
        "/api/v1/vehicle-models",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
}

#[tokio::test]
async fn every_migration_reverts_and_reapplies() {
    let url = fresh_database().await;
    let reverted = keyuan_server::db::revert_all_migrations(&url).unwrap();
    assert!(!reverted.is_empty());
    let applied = keyuan_server::db::run_migrations(&url).unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert!(
        keyuan_server::db::run_migrations(&url).unwrap().is_empty(),
        "a second run applies nothing"
    );
}

#[tokio::test]
async fn deep_links_get_the_app_shell_and_assets_are_served() {
    let dir = std::env::temp_dir().join(format!("keyuan-spa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>shell</html>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let server = TestServer::start_with(test_config(fresh_database().await, dir.clone())).await;
    let http = reqwest::Client::new();
    for path in ["/", "/login", "/setup/users", "/my-day"] {
        let response = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.text().await.unwrap(),
            "<html>shell</html>",
            "{path}"
        );
    }
    let js = http
        .get(server.url("/app.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(js, "console.log(1)");
    // what a browser asks for, it gets compressed: the app's assets and the API's JSON
    let wasm = "(module) ".repeat(20_000);
    std::fs::write(dir.join("app_bg.wasm"), &wasm).unwrap();
    for path in ["/app_bg.wasm", "/api/v1/health"] {
        let response = http
            .get(server.url(path))
            .header("Accept-Encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            Some("gzip"),
            "{path}"
        );
        if path == "/app_bg.wasm" {
            let sent = response.bytes().await.unwrap().len();
            assert!(
                sent * 10 < wasm.len(),
                "{sent} bytes sent for {}",
                wasm.len()
            );
        }
    }
    // an unknown API route is a JSON 404, not the shell
    let response = http.get(server.url("/api/v1/setup")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(dir).ok();
}
