//! The situations tests start from, made through the API as a user would make them:
//! a check-in, a prospect, a lost deal the manager confirmed. Each asserts that the
//! server accepted it, so a test fails where its set-up does and not later.

use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::answers::expect_status;
use crate::TestServer;

/// Checks a visitor in (`POST /visits`) and answers the visit.
pub async fn check_in(server: &TestServer, token: &str, body: Value) -> Value {
    expect_status(
        server.post("/visits", token, body).await,
        StatusCode::CREATED,
    )
}

/// Creates a prospect (`POST /prospects`) and answers it.
pub async fn create_prospect(server: &TestServer, token: &str, body: Value) -> Value {
    expect_status(
        server.post("/prospects", token, body).await,
        StatusCode::CREATED,
    )
}

/// A prospect met outside the showroom, owned by the caller (a consultant).
pub async fn outbound_prospect(server: &TestServer, token: &str, phone: &str, name: &str) -> Value {
    let body = json!({"phone": phone, "name": name, "source": "outbound"});
    create_prospect(server, token, body).await
}

/// Prospect `id` closed as lost: its consultant asks, for `reason`, and the manager
/// confirms. Answers the lost deal.
pub async fn lost_and_confirmed(
    server: &TestServer,
    consultant: &str,
    manager: &str,
    id: &Value,
    reason: &str,
) -> Value {
    let asked = server
        .post(
            &format!("/prospects/{id}/lost"),
            consultant,
            json!({"reason": reason}),
        )
        .await;
    let lost = expect_status(asked, StatusCode::CREATED);
    let confirm = format!("/lost-deals/{}/confirm", lost["id"]);
    let confirmed = server.post(&confirm, manager, json!({})).await;
    expect_status(confirmed, StatusCode::OK)
}

/// The store-local today, as the server measures due dates against it.
pub async fn store_today(server: &TestServer, token: &str) -> NaiveDate {
    let list = expect_status(server.get("/prospects", token).await, StatusCode::OK);
    list["today"].as_str().unwrap().parse().unwrap()
}

/// The id of the first vehicle model of the caller's store.
pub async fn first_model_id(server: &TestServer, token: &str) -> i64 {
    let (_, models) = server.get("/vehicle-models", token).await;
    models[0]["id"].as_i64().expect("a demo model")
}

/// A second store, 二店, with its manager signed in: answers the store and the
/// manager's token (for "another store's manager sees nothing of this one").
pub async fn other_store_manager(server: &TestServer, admin: &str) -> (Value, String) {
    let (_, other) = server.post("/stores", admin, json!({"name": "二店"})).await;
    let body = crate::answers::new_user("二店经理", "manager-b", "manager", other["id"].clone());
    expect_status(
        server.post("/users", admin, body).await,
        StatusCode::CREATED,
    );
    let token = server.login("manager-b", "long-enough").await;
    (other, token)
}

/// Prospect `id`'s follow-up date two days ago: overdue. Written in the database, since
/// the API refuses a date in the past, as it should.
pub async fn make_overdue(server: &TestServer, id: &Value) {
    use diesel_async::RunQueryDsl;
    let sql = format!("UPDATE prospects SET next_follow_up_on = current_date - 2 WHERE id = {id}");
    let mut db = server.db().await;
    let changed = diesel::sql_query(sql).execute(&mut db).await.unwrap();
    assert_eq!(changed, 1, "prospect {id}");
}
