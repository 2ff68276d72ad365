//! Admin and manager set-up: stores, users, vehicle models, and the audit trail of it.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Jsonb, Nullable, Text};
use diesel_async::RunQueryDsl;
use keyuan_tests::answers::{assert_invalid_field, expect_status, new_user};
use keyuan_tests::{demo_store_id, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[derive(QueryableByName, Debug)]
struct AuditRow {
    #[diesel(sql_type = Nullable<BigInt>)]
    actor_id: Option<i64>,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Nullable<Jsonb>)]
    old_values: Option<Value>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    new_values: Option<Value>,
}

async fn audit_of(server: &TestServer, entity: &str, id: i64) -> Vec<AuditRow> {
    diesel::sql_query("SELECT actor_id, action, old_values, new_values FROM audit_entries WHERE entity = $1 AND entity_id = $2 ORDER BY id")
        .bind::<Text, _>(entity)
        .bind::<BigInt, _>(id)
        .load(&mut server.db().await)
        .await
        .unwrap()
}

/// The user of `token` changes their own account (`PATCH /users/{their id}`).
async fn change_own_account(server: &TestServer, token: &str, body: Value) -> (StatusCode, Value) {
    let (_, me) = server.get("/me", token).await;
    server
        .patch(&format!("/users/{}", me["id"]), token, body)
        .await
}

#[tokio::test]
async fn a_manager_adds_staff_and_models_to_their_own_store_only_in_allowed_roles() {
    let server = TestServer::start().await;
    let [admin, manager] = server.demo_logins(["admin", "manager"]).await;
    let store = demo_store_id(&server, &admin).await;

    let sun_yue = json!({"name": "孙悦", "login": "sunyue", "password": "welcome-2026", "role": "consultant"});
    let user = expect_status(
        server.post("/users", &manager, sun_yue).await,
        StatusCode::CREATED,
    );
    assert_eq!(
        (
            user["store_id"].as_i64(),
            user["role"].as_str(),
            user["active"].as_bool()
        ),
        (Some(store), Some("consultant"), Some(true))
    );
    assert!(user.get("password_hash").is_none() && user.get("password").is_none());
    server.login("sunyue", "welcome-2026").await;

    for role in ["manager", "admin"] {
        let (status, _) = server.post("/users", &manager, json!({"name": "x", "login": format!("new-{role}"), "password": "long-enough", "role": role})).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a manager may not create a {role}"
        );
    }

    let (status, model) = server
        .post("/vehicle-models", &manager, json!({"name": "EV6"}))
        .await;
    assert_eq!(
        (status, model["store_id"].as_i64()),
        (StatusCode::CREATED, Some(store))
    );
    let retire = json!({"active": false});
    let (status, model) = server
        .patch(
            &format!("/vehicle-models/{}", model["id"]),
            &manager,
            retire,
        )
        .await;
    assert_eq!(
        (status, model["active"].as_bool()),
        (StatusCode::OK, Some(false))
    );

    // the manager can disable a consultant, not promote one
    let path = format!("/users/{}", user["id"]);
    let (status, _) = server
        .patch(&path, &manager, json!({"role": "manager"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = server
        .patch(&path, &manager, json!({"active": false}))
        .await;
    assert_eq!(
        (status, body["active"].as_bool()),
        (StatusCode::OK, Some(false))
    );
}

#[tokio::test]
async fn an_admin_creates_a_store_with_staff_and_every_write_is_audited() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    let (_, me) = server.get("/me", &admin).await;
    let admin_id = me["id"].as_i64().unwrap();

    let (status, store) = server
        .post("/stores", &admin, json!({"name": "三店"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (store["time_zone"].as_str(), store["pipeline_size"].as_i64()),
        (Some("Asia/Shanghai"), Some(50))
    );
    assert_eq!(
        store["cadence"],
        json!({"O": 2, "H": 2, "A": 4, "B": 7, "C": 15})
    );
    assert_eq!(
        store["daily_targets"],
        json!({"meetings": 5, "calls": 20, "messages": 30})
    );
    let store_id = store["id"].as_i64().unwrap();

    // an admin belongs to no store, so must name one that exists
    for (path, body) in [
        (
            "/users",
            json!({"name": "x", "login": "nostore", "password": "long-enough", "role": "consultant"}),
        ),
        ("/users", new_user("x", "nostore", "consultant", 424242)),
        ("/vehicle-models", json!({"name": "K3"})),
    ] {
        assert_invalid_field(&server.post(path, &admin, body).await, "store_id");
    }

    let zhou = new_user("周强", "zhouqiang", "manager", store_id);
    let user = expect_status(
        server.post("/users", &admin, zhou).await,
        StatusCode::CREATED,
    );
    let user_id = user["id"].as_i64().unwrap();

    let (status, store) = server
        .patch(
            &format!("/stores/{store_id}"),
            &admin,
            json!({"pipeline_size": 40, "cadence": {"O": 1, "H": 2, "A": 3, "B": 7, "C": 14}}),
        )
        .await;
    assert_eq!(
        (
            status,
            store["pipeline_size"].as_i64(),
            store["cadence"]["C"].as_i64()
        ),
        (StatusCode::OK, Some(40), Some(14))
    );
    let new_password = json!({"password": "a-new-password"});
    let (status, _) = server
        .patch(&format!("/users/{user_id}"), &admin, new_password)
        .await;
    assert_eq!(status, StatusCode::OK);

    let store_audit = audit_of(&server, "store", store_id).await;
    assert_eq!(
        store_audit
            .iter()
            .map(|a| a.action.as_str())
            .collect::<Vec<_>>(),
        ["create", "update"]
    );
    assert!(store_audit.iter().all(|a| a.actor_id == Some(admin_id)));
    let update = &store_audit[1];
    assert_eq!(update.old_values.as_ref().unwrap()["pipeline_size"], 50);
    assert_eq!(update.new_values.as_ref().unwrap()["pipeline_size"], 40);
    assert!(
        update.new_values.as_ref().unwrap().get("name").is_none(),
        "only changed fields are recorded"
    );

    let user_audit = audit_of(&server, "user", user_id).await;
    assert_eq!(user_audit.len(), 2);
    let change = user_audit[1].new_values.as_ref().unwrap();
    assert_eq!(change, &json!({"password": "(changed)"}));
    assert!(
        !format!("{user_audit:?}").contains("argon2"),
        "no password hash in the audit trail"
    );
    server.login("zhouqiang", "a-new-password").await;
}

#[tokio::test]
async fn nobody_disables_themselves_or_changes_their_own_role() {
    let server = TestServer::start().await;
    let [admin, consultant] = server.demo_logins(["admin", "consultant1"]).await;
    let disabled = change_own_account(&server, &admin, json!({"active": false})).await;
    assert_invalid_field(&disabled, "active");
    let promoted = change_own_account(&server, &consultant, json!({"role": "manager"})).await;
    assert_invalid_field(&promoted, "role");
    let renamed = json!({"name": "王磊磊"});
    let (status, body) = change_own_account(&server, &consultant, renamed).await;
    assert_eq!(
        (status, body["name"].as_str()),
        (StatusCode::OK, Some("王磊磊"))
    );
}
