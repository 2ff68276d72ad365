//! Bad input of every kind gets a clear 4xx naming the field, never a 500.

use keyuan_tests::answers::{
    assert_error, assert_field_error, assert_invalid_field, assert_message_contains, new_user,
};
use keyuan_tests::{error_of, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn malformed_and_wrongly_shaped_bodies_are_refused_with_the_field_named() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;

    for (content_type, raw, status, code) in [
        (
            "application/json",
            &b"{\"name\": "[..],
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "text/plain",
            &b"name=x"[..],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ] {
        let answer = server
            .post_raw("/stores", &admin, content_type, raw.to_vec())
            .await;
        assert_error(&answer, status, code);
    }

    let answer = server
        .post("/users", &admin, new_user("新人", "newbie", "boss", 1))
        .await;
    assert_invalid_field(&answer, "role");
    // lists the allowed values
    assert_message_contains(&answer.1, "consultant");

    let answer = server
        .post(
            "/stores",
            &admin,
            json!({"name": "二店", "timezone": "Asia/Shanghai"}),
        )
        .await;
    assert_eq!(answer.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_message_contains(&answer.1, "unknown field `timezone`");

    let no_password = json!({"name": "新人", "login": "newbie", "role": "consultant"});
    let short_password = json!({"name": "新人", "login": "newbie", "password": "short", "role": "consultant", "store_id": 1});
    let zero_days = json!({"cadence": {"O": 2, "H": 0, "A": 4, "B": 7, "C": 15}});
    let mars = json!({"name": "二店", "time_zone": "Mars/Olympus"});
    for (method, path, body, field) in [
        (Method::POST, "/users", no_password, "password"),
        (Method::POST, "/users", short_password, "password"),
        (Method::PATCH, "/stores/1", zero_days, "cadence.H"),
        (Method::POST, "/stores", mars, "time_zone"),
    ] {
        let answer = server.call(method, path, Some(&admin), Some(body)).await;
        assert_invalid_field(&answer, field);
    }
}

#[tokio::test]
async fn a_ten_megabyte_body_gets_413() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let answer = server
        .post_raw("/stores", &admin, "application/json", huge.into_bytes())
        .await;
    assert_error(&answer, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[tokio::test]
async fn taken_names_are_conflicts_on_the_field() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    for (path, body, field) in [
        (
            "/users",
            new_user("再来", "manager", "consultant", 1),
            "login",
        ),
        // names compare case-insensitively: the demo store has K5
        (
            "/vehicle-models",
            json!({"name": "k5", "store_id": 1}),
            "name",
        ),
        ("/stores", json!({"name": "演示店"}), "name"),
    ] {
        let answer = server.post(path, &admin, body).await;
        assert_field_error(&answer, StatusCode::CONFLICT, "conflict", field);
    }
}

#[tokio::test]
async fn unknown_routes_and_ids_are_json_404s() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    for path in [
        "/nothing-here",
        "/users/abc",
        "/users/999999",
        "/stores/999999",
        "/vehicle-models/999999",
    ] {
        let (status, body) = server.get(path, &admin).await;
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::NOT_FOUND, "not_found"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn wrong_roles_get_403_on_admin_routes() {
    let server = TestServer::start().await;
    for login in ["reception", "consultant1"] {
        let token = &server.demo_login(login).await;
        let calls = [
            server.post("/stores", token, json!({"name": "黑店"})).await,
            server.patch("/stores/1", token, json!({"pipeline_size": 5})).await,
            server.get("/users", token).await,
            server.post("/users", token, json!({"name": "x", "login": "xx", "password": "long-enough", "role": "consultant"})).await,
            server.post("/vehicle-models", token, json!({"name": "新车"})).await,
            server.patch("/vehicle-models/1", token, json!({"active": false})).await,
            server.patch("/users/2", token, json!({"active": false})).await,
        ];
        for answer in calls {
            assert_error(&answer, StatusCode::FORBIDDEN, "forbidden");
        }
    }
    // managers run their store, but do not create stores or change store settings
    let manager = server.demo_login("manager").await;
    let (status, _) = server
        .post("/stores", &manager, json!({"name": "二店"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .patch("/stores/1", &manager, json!({"pipeline_size": 5}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // nothing was written by any of it
    let (_, stores) = server
        .get("/stores", &server.demo_login("admin").await)
        .await;
    assert_eq!(stores.as_array().unwrap().len(), 1);
    assert_eq!(stores[0]["pipeline_size"], 50);
}
