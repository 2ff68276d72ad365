//! Demo data: one store with its catalogue and staff, loaded once into an empty database.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::NewStore;
use keyuan_shared::Role;

use crate::auth::hash_password_blocking;
use crate::error::ApiResult;
use crate::models::NewUserRow;
use crate::queries::{stores, users, vehicle_models};
use crate::schema;

pub const DEMO_STORE: &str = "演示店";
pub const DEMO_PASSWORD: &str = "keyuan-demo";
pub const DEMO_MODELS: &[&str] = &["福瑞迪", "狮跑", "智跑", "K2", "K5", "秀儿", "赛拉图"];
/// (login, name, role)
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin", "系统管理员", Role::Admin),
    ("manager", "赵敏", Role::Manager),
    ("reception", "李娜", Role::Receptionist),
    ("consultant1", "王磊", Role::Consultant),
    ("consultant2", "刘洋", Role::Consultant),
    ("consultant3", "陈静", Role::Consultant),
];

/// Loads the demo store unless the database already has users; returns whether it did.
pub async fn load_demo_data(conn: &mut AsyncPgConnection) -> ApiResult<bool> {
    let existing: i64 = schema::users::table.count().get_result(conn).await?;
    if existing > 0 {
        return Ok(false);
    }
    // One hash for all demo accounts: they share the published password anyway.
    let password_hash = hash_password_blocking(DEMO_PASSWORD.to_owned()).await?;
    conn.transaction(async |conn| {
        let store = NewStore {
            name: DEMO_STORE.to_owned(),
            time_zone: None,
        };
        let store = stores::create(conn, None, &store).await?;
        for name in DEMO_MODELS {
            vehicle_models::create(conn, None, store.id, name).await?;
        }
        for (login, name, role) in DEMO_USERS {
            let store_id = role.has_store().then_some(store.id);
            users::create(
                conn,
                None,
                NewUserRow {
                    store_id,
                    name,
                    login,
                    password_hash: &password_hash,
                    role: *role,
                },
            )
            .await?;
        }
        Ok(true)
    })
    .await
}
