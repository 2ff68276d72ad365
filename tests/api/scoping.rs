//! A manager of store A can neither read nor change anything of store B, on every route.

use keyuan_tests::answers::{each_number, expect_status, new_user};
use keyuan_tests::{error_of, TestServer};
use reqwest::StatusCode;
use serde_json::{json, Value};

struct StoreB {
    id: i64,
    manager_id: i64,
    consultant_id: i64,
    model_id: i64,
}

impl StoreB {
    fn consultant(&self) -> String {
        format!("/users/{}", self.consultant_id)
    }

    fn model(&self) -> String {
        format!("/vehicle-models/{}", self.model_id)
    }
}

async fn second_store(server: &TestServer, admin: &str) -> StoreB {
    let store = json!({"name": "二店", "time_zone": "Asia/Urumqi"});
    let store = expect_status(
        server.post("/stores", admin, store).await,
        StatusCode::CREATED,
    );
    let id = store["id"].as_i64().unwrap();
    let user = |login: &'static str, role: &'static str| {
        let body = json!({"name": login, "login": login, "password": "store-b-pass", "role": role, "store_id": id});
        async move {
            let user = server.post("/users", admin, body).await;
            expect_status(user, StatusCode::CREATED)["id"]
                .as_i64()
                .unwrap()
        }
    };
    let manager_id = user("manager-b", "manager").await;
    let consultant_id = user("consultant-b", "consultant").await;
    let model = json!({"name": "嘉华", "store_id": id});
    let model = server.post("/vehicle-models", admin, model).await;
    let model = expect_status(model, StatusCode::CREATED);
    StoreB {
        id,
        manager_id,
        consultant_id,
        model_id: model["id"].as_i64().unwrap(),
    }
}

fn ids(list: &Value) -> Vec<i64> {
    each_number(list, "id")
}

#[tokio::test]
async fn a_manager_of_store_a_cannot_read_or_change_store_b() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    let b = second_store(&server, &admin).await;
    let manager_a = server.demo_login("manager").await;
    let (_, before) = server.get(&b.consultant(), &admin).await;

    // reads: B's records are not found, listings show A only
    let (_, stores) = server.get("/stores", &manager_a).await;
    assert!(!ids(&stores).contains(&b.id));
    let (_, users) = server.get("/users", &manager_a).await;
    assert!(!ids(&users)
        .iter()
        .any(|id| [b.manager_id, b.consultant_id].contains(id)));
    let (_, models) = server.get("/vehicle-models", &manager_a).await;
    assert!(!ids(&models).contains(&b.model_id));
    for path in [
        format!("/stores/{}", b.id),
        b.consultant(),
        format!("/users/{}", b.manager_id),
        b.model(),
        format!("/users?store_id={}", b.id),
        format!("/vehicle-models?store_id={}", b.id),
    ] {
        let (status, body) = server.get(&path, &manager_a).await;
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::NOT_FOUND, "not_found"),
            "GET {path}"
        );
    }

    // writes: refused, and nothing of B changes
    let rename = json!({"name": "被改了"});
    let (status, _) = server
        .patch(&format!("/stores/{}", b.id), &manager_a, rename)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hijack = json!({"active": false, "password": "hijacked-pass"});
    let mole = new_user("卧底", "mole", "consultant", b.id);
    let mole_car = json!({"name": "卧底车", "store_id": b.id});
    let writes = [
        server.patch(&b.consultant(), &manager_a, hijack).await,
        server
            .patch(&b.model(), &manager_a, json!({"active": false}))
            .await,
        server.post("/users", &manager_a, mole).await,
        server.post("/vehicle-models", &manager_a, mole_car).await,
    ];
    for (status, body) in writes {
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }

    let (_, after) = server.get(&b.consultant(), &admin).await;
    assert_eq!(before, after);
    let (_, model) = server.get(&b.model(), &admin).await;
    assert_eq!(model["active"], true);
    let (_, models_b) = server
        .get(&format!("/vehicle-models?store_id={}", b.id), &admin)
        .await;
    assert_eq!(ids(&models_b), vec![b.model_id]);
    let (_, users_b) = server
        .get(&format!("/users?store_id={}", b.id), &admin)
        .await;
    assert_eq!(ids(&users_b), vec![b.manager_id, b.consultant_id]);
    server.login("consultant-b", "store-b-pass").await; // the password was not changed
}

#[tokio::test]
async fn store_staff_see_only_their_own_store() {
    let server = TestServer::start().await;
    let admin = server.demo_login("admin").await;
    let b = second_store(&server, &admin).await;
    for login in ["reception", "consultant1"] {
        let token = server.demo_login(login).await;
        let (_, stores) = server.get("/stores", &token).await;
        assert_eq!(stores.as_array().unwrap().len(), 1, "{login}");
        assert_ne!(stores[0]["id"], b.id);
        let (status, _) = server.get(&b.model(), &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = server.get(&b.consultant(), &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "staff read only themselves");
    }
    // and store B's manager is likewise kept out of the demo store
    let manager_b = server.login("manager-b", "store-b-pass").await;
    let (_, models) = server.get("/vehicle-models", &manager_b).await;
    assert_eq!(ids(&models), vec![b.model_id]);
}
