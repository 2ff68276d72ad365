use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{NewStore, Store, StorePatch};
use keyuan_shared::DEFAULT_TIME_ZONE;

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::models::{NewStoreRow, StoreChanges, StoreRow};
use crate::schema::stores;

/// Stores in reach: all for `scope = None`, else the one.
pub async fn list(conn: &mut AsyncPgConnection, scope: Option<i64>) -> ApiResult<Vec<Store>> {
    let mut query = stores::table
        .select(StoreRow::as_select())
        .order(stores::id)
        .into_boxed();
    if let Some(store_id) = scope {
        query = query.filter(stores::id.eq(store_id));
    }
    Ok(query
        .load(conn)
        .await?
        .into_iter()
        .map(Store::from)
        .collect())
}

pub async fn get(conn: &mut AsyncPgConnection, id: i64, scope: Option<i64>) -> ApiResult<Store> {
    if scope.is_some_and(|own| own != id) {
        return Err(ApiError::not_found("store"));
    }
    stores::table
        .find(id)
        .select(StoreRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(Store::from)
        .ok_or_else(|| ApiError::not_found("store"))
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    actor_id: Option<i64>,
    new: &NewStore,
) -> ApiResult<Store> {
    let row = NewStoreRow {
        name: new.name.trim(),
        time_zone: new.time_zone.as_deref().unwrap_or(DEFAULT_TIME_ZONE),
    };
    conn.transaction(async |conn| {
        let store: Store = diesel::insert_into(stores::table)
            .values(&row)
            .returning(StoreRow::as_returning())
            .get_result(conn)
            .await?
            .into();
        audit::record(
            conn,
            Change::of(Some(store.id), actor_id, "store", store.id, None, &store),
        )
        .await?;
        Ok(store)
    })
    .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    id: i64,
    scope: Option<i64>,
    patch: &StorePatch,
) -> ApiResult<Store> {
    conn.transaction(async |conn| {
        let old = get(conn, id, scope).await?;
        if *patch == StorePatch::default() {
            return Ok(old);
        }
        let store: Store = diesel::update(stores::table.find(id))
            .set(StoreChanges::from(patch))
            .returning(StoreRow::as_returning())
            .get_result(conn)
            .await?
            .into();
        audit::record(
            conn,
            Change::of(Some(id), Some(actor_id), "store", id, Some(&old), &store),
        )
        .await?;
        Ok(store)
    })
    .await
}
