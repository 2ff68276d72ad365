use actix_web::{get, patch, post, web, HttpResponse};
use keyuan_shared::api::{ErrorBody, NewStore, Store, StorePatch};
use keyuan_shared::validate::Validate;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::queries::stores;
use crate::state::AppState;
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::Action;

/// All stores for an admin; the caller's own store for everyone else.
#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = [Store]), (status = 401, body = ErrorBody)))]
#[get("/stores")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<Store>>> {
    Ok(web::Json(
        stores::list(&mut *state.pool.get().await?, caller.store_scope()).await?,
    ))
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = Store), (status = 404, body = ErrorBody)))]
#[get("/stores/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Store>> {
    Ok(web::Json(
        stores::get(&mut *state.pool.get().await?, *id, caller.store_scope()).await?,
    ))
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = NewStore,
    responses((status = 201, body = Store), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/stores")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewStore>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageStores)?;
    let new = body.0;
    new.validate()?;
    if let Some(tz) = &new.time_zone {
        check_time_zone(tz)?;
    }
    let store = stores::create(&mut *state.pool.get().await?, Some(caller.id), &new).await?;
    Ok(HttpResponse::Created().json(store))
}

/// Name, time zone and the store's sales settings (cadence, pipeline size, 5-20-30 targets).
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = StorePatch,
    responses((status = 200, body = Store), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/stores/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<StorePatch>,
) -> ApiResult<web::Json<Store>> {
    caller.require(Action::ManageStores)?;
    let patch = body.0;
    patch.validate()?;
    if let Some(tz) = &patch.time_zone {
        check_time_zone(tz)?;
    }
    Ok(web::Json(
        stores::update(&mut *state.pool.get().await?, caller.id, *id, None, &patch).await?,
    ))
}

fn check_time_zone(name: &str) -> ApiResult<()> {
    name.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| ApiError::invalid("time_zone", Reason::UnknownTimeZone).with("value", name))
}
