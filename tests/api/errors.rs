//! Bad input of every kind gets a clear 4xx naming the field, never a 500.

use keyuan_tests::{error_of, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn malformed_and_wrongly_shaped_bodies_are_refused_with_the_field_named() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;

    let (status, body) = server
        .send_raw(
            Method::POST,
            "/stores",
            &admin,
            "application/json",
            b"{\"name\": ".to_vec(),
        )
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::BAD_REQUEST, "malformed_json")
    );

    let new_user = |role: &str| json!({"name": "新人", "login": "newbie", "password": "long-enough", "role": role, "store_id": 1});
    let (status, body) = server.post("/users", &admin, new_user("boss")).await;
    assert_eq!(
        (status, error_of(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_field", Some("role"))
        )
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("consultant"),
        "lists the allowed values: {body}"
    );

    let (status, body) = server
        .post(
            "/stores",
            &admin,
            json!({"name": "二店", "timezone": "Asia/Shanghai"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `timezone`"),
        "{body}"
    );

    let (status, body) = server
        .post(
            "/users",
            &admin,
            json!({"name": "新人", "login": "newbie", "role": "consultant"}),
        )
        .await;
    assert_eq!(
        (status, error_of(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_field", Some("password"))
        )
    );

    let (status, body) = server.post("/users", &admin, json!({"name": "新人", "login": "newbie", "password": "short", "role": "consultant", "store_id": 1})).await;
    assert_eq!(
        (status, error_of(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_field", Some("password"))
        )
    );

    let (status, body) = server
        .patch(
            "/stores/1",
            &admin,
            json!({"cadence": {"O": 2, "H": 0, "A": 4, "B": 7, "C": 15}}),
        )
        .await;
    assert_eq!(
        (status, error_of(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_field", Some("cadence.H"))
        )
    );

    let (status, body) = server
        .post(
            "/stores",
            &admin,
            json!({"name": "二店", "time_zone": "Mars/Olympus"}),
        )
        .await;
    assert_eq!(
        (status, error_of(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_field", Some("time_zone"))
        )
    );

    let (status, body) = server
        .send_raw(
            Method::POST,
            "/stores",
            &admin,
            "text/plain",
            b"name=x".to_vec(),
        )
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
}

#[tokio::test]
async fn a_ten_megabyte_body_gets_413() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let (status, body) = server
        .send_raw(
            Method::POST,
            "/stores",
            &admin,
            "application/json",
            huge.into_bytes(),
        )
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
}

#[tokio::test]
async fn taken_names_are_conflicts_on_the_field() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    let (status, body) = server.post("/users", &admin, json!({"name": "再来", "login": "manager", "password": "long-enough", "role": "consultant", "store_id": 1})).await;
    assert_eq!(
        (status, error_of(&body)),
        (StatusCode::CONFLICT, ("conflict", Some("login")))
    );
    let (status, body) = server
        .post(
            "/vehicle-models",
            &admin,
            json!({"name": "k5", "store_id": 1}),
        )
        .await;
    assert_eq!(
        (status, error_of(&body)),
        (StatusCode::CONFLICT, ("conflict", Some("name"))),
        "names compare case-insensitively"
    );
    let (status, body) = server
        .post("/stores", &admin, json!({"name": "演示店"}))
        .await;
    assert_eq!(
        (status, error_of(&body)),
        (StatusCode::CONFLICT, ("conflict", Some("name")))
    );
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
    let reception = server.demo_login("reception").await;
    let consultant = server.demo_login("consultant1").await;
    let manager = server.demo_login("manager").await;
    for token in [&reception, &consultant] {
        let calls = [
            server.post("/stores", token, json!({"name": "黑店"})).await,
            server.patch("/stores/1", token, json!({"pipeline_size": 5})).await,
            server.get("/users", token).await,
            server.post("/users", token, json!({"name": "x", "login": "xx", "password": "long-enough", "role": "consultant"})).await,
            server.post("/vehicle-models", token, json!({"name": "新车"})).await,
            server.patch("/vehicle-models/1", token, json!({"active": false})).await,
            server.patch("/users/2", token, json!({"active": false})).await,
        ];
        for (status, body) in calls {
            assert_eq!(
                (status, error_of(&body).0),
                (StatusCode::FORBIDDEN, "forbidden"),
                "{body}"
            );
        }
    }
    // managers run their store, but do not create stores or change store settings
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
