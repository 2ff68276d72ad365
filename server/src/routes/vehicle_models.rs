use actix_web::web::{Json, Path, Query};
use actix_web::{get, patch, post, HttpResponse};
use keyuan_shared::api::{ErrorBody, NewVehicleModel, VehicleModel, VehicleModelPatch};

use super::{Created, Reply, StoreQuery};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Db, Json as Body};
use crate::queries::{stores, vehicle_models};
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::Action;

/// The store's catalogue, inactive models included (flagged).
#[utoipa::path(tag = "set-up", security(("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = [VehicleModel]), (status = 404, body = ErrorBody)))]
#[get("/vehicle-models")]
pub async fn list(
    caller: Caller,
    mut db: Db,
    query: Query<StoreQuery>,
) -> Reply<Vec<VehicleModel>> {
    let store_id = caller.store_filter(query.store_id)?;
    vehicle_models::list(&mut db, store_id).await.map(Json)
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])),
    responses((status = 200, body = VehicleModel), (status = 404, body = ErrorBody)))]
#[get("/vehicle-models/{id}")]
pub async fn get(caller: Caller, mut db: Db, id: Path<i64>) -> Reply<VehicleModel> {
    vehicle_models::get(&mut db, *id, caller.store_scope())
        .await
        .map(Json)
}

/// Admins name the store; a manager adds to their own.
#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = NewVehicleModel,
    responses((status = 201, body = VehicleModel), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/vehicle-models")]
pub async fn create(caller: Caller, mut db: Db, body: Body<NewVehicleModel>) -> Created {
    caller.require(Action::ManageVehicleModels)?;
    let new = body.valid()?;
    let store_id = match (caller.store_scope(), new.store_id) {
        (None, None) => return Err(ApiError::invalid("store_id", Reason::StoreRequired)),
        (None, Some(id)) => {
            stores::get(&mut db, id, None)
                .await
                .map_err(|_| ApiError::invalid("store_id", Reason::NoSuchStore))?
                .id
        }
        (Some(own), asked) => caller.store_filter(asked)?.unwrap_or(own),
    };
    let model = vehicle_models::create(&mut db, Some(caller.id), store_id, &new.name).await?;
    Ok(HttpResponse::Created().json(model))
}

#[utoipa::path(tag = "set-up", security(("bearer" = [])), request_body = VehicleModelPatch,
    responses((status = 200, body = VehicleModel), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/vehicle-models/{id}")]
pub async fn update(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<VehicleModelPatch>,
) -> Reply<VehicleModel> {
    caller.require(Action::ManageVehicleModels)?;
    let patch = body.valid()?;
    let scope = caller.store_scope();
    vehicle_models::update(&mut db, caller.id, *id, scope, &patch)
        .await
        .map(Json)
}
