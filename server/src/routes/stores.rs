use actix_web::web::{Json, Path};
use actix_web::{get, patch, post, HttpResponse};
use keyuan_shared::api::{ErrorBody, NewStore, Store, StorePatch};

use super::{Created, Reply};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Db, Json as Body};
use crate::queries::stores;
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::Action;

/// All stores for an admin; the caller's own store for everyone else.
#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = [Store]), (status = 401, body = ErrorBody)))]
#[get("/stores")]
pub async fn list(caller: Caller, mut db: Db) -> Reply<Vec<Store>> {
    stores::list(&mut db, caller.store_scope()).await.map(Json)
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = Store), (status = 404, body = ErrorBody)))]
#[get("/stores/{id}")]
pub async fn get(caller: Caller, mut db: Db, id: Path<i64>) -> Reply<Store> {
    stores::get(&mut db, *id, caller.store_scope())
        .await
        .map(Json)
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = NewStore,
    responses((status = 201, body = Store), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/stores")]
pub async fn create(caller: Caller, mut db: Db, body: Body<NewStore>) -> Created {
    caller.require(Action::ManageStores)?;
    let new = body.valid()?;
    check_time_zone(new.time_zone.as_deref())?;
    let store = stores::create(&mut db, Some(caller.id), &new).await?;
    Ok(HttpResponse::Created().json(store))
}

/// Name, time zone and the store's sales settings (cadence, pipeline size, 5-20-30 targets).
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = StorePatch,
    responses((status = 200, body = Store), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/stores/{id}")]
pub async fn update(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<StorePatch>,
) -> Reply<Store> {
    caller.require(Action::ManageStores)?;
    let patch = body.valid()?;
    check_time_zone(patch.time_zone.as_deref())?;
    stores::update(&mut db, caller.id, *id, None, &patch)
        .await
        .map(Json)
}

/// A time zone, when one is given, must be one the tz database knows.
fn check_time_zone(name: Option<&str>) -> ApiResult<()> {
    match name {
        Some(name) if name.parse::<chrono_tz::Tz>().is_err() => {
            Err(ApiError::invalid("time_zone", Reason::UnknownTimeZone).with("value", name))
        }
        _ => Ok(()),
    }
}
