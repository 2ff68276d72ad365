use actix_web::{get, patch, post, web, HttpResponse};
use keyuan_shared::api::{ErrorBody, NewVehicleModel, VehicleModel, VehicleModelPatch};
use keyuan_shared::validate::Validate;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::queries::{stores, vehicle_models};
use crate::routes::StoreQuery;
use crate::state::AppState;
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::Action;

/// The store's catalogue, inactive models included (flagged).
#[utoipa::path(tag = "set-up", security(("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = [VehicleModel]), (status = 404, body = ErrorBody)))]
#[get("/vehicle-models")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<StoreQuery>,
) -> ApiResult<web::Json<Vec<VehicleModel>>> {
    let store_id = caller.store_filter(query.store_id)?;
    Ok(web::Json(
        vehicle_models::list(&mut *state.pool.get().await?, store_id).await?,
    ))
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = VehicleModel), (status = 404, body = ErrorBody)))]
#[get("/vehicle-models/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<VehicleModel>> {
    Ok(web::Json(
        vehicle_models::get(&mut *state.pool.get().await?, *id, caller.store_scope()).await?,
    ))
}

/// Admins name the store; a manager adds to their own.
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = NewVehicleModel,
    responses((status = 201, body = VehicleModel), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/vehicle-models")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewVehicleModel>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageVehicleModels)?;
    let new = body.0;
    new.validate()?;
    let mut conn = state.pool.get().await?;
    let store_id = match (caller.store_scope(), new.store_id) {
        (None, None) => return Err(ApiError::invalid("store_id", Reason::StoreRequired)),
        (None, Some(id)) => {
            stores::get(&mut conn, id, None)
                .await
                .map_err(|_| ApiError::invalid("store_id", Reason::NoSuchStore))?
                .id
        }
        (Some(own), asked) => caller.store_filter(asked)?.unwrap_or(own),
    };
    let model = vehicle_models::create(&mut conn, Some(caller.id), store_id, &new.name).await?;
    Ok(HttpResponse::Created().json(model))
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = VehicleModelPatch,
    responses((status = 200, body = VehicleModel), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/vehicle-models/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<VehicleModelPatch>,
) -> ApiResult<web::Json<VehicleModel>> {
    caller.require(Action::ManageVehicleModels)?;
    let patch = body.0;
    patch.validate()?;
    Ok(web::Json(
        vehicle_models::update(
            &mut *state.pool.get().await?,
            caller.id,
            *id,
            caller.store_scope(),
            &patch,
        )
        .await?,
    ))
}
