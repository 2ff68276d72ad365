use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{VehicleModel, VehicleModelPatch};
use keyuan_shared::errors::Reason;

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::models::{NewVehicleModelRow, VehicleModelChanges, VehicleModelRow};
use crate::schema::vehicle_models;

pub async fn list(
    conn: &mut AsyncPgConnection,
    store_id: Option<i64>,
) -> ApiResult<Vec<VehicleModel>> {
    let mut query = vehicle_models::table
        .select(VehicleModelRow::as_select())
        .order((vehicle_models::store_id, vehicle_models::id))
        .into_boxed();
    if let Some(store_id) = store_id {
        query = query.filter(vehicle_models::store_id.eq(store_id));
    }
    Ok(query
        .load(conn)
        .await?
        .into_iter()
        .map(VehicleModel::from)
        .collect())
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    id: i64,
    scope: Option<i64>,
) -> ApiResult<VehicleModel> {
    let mut query = vehicle_models::table
        .find(id)
        .select(VehicleModelRow::as_select())
        .into_boxed();
    if let Some(store_id) = scope {
        query = query.filter(vehicle_models::store_id.eq(store_id));
    }
    query
        .first(conn)
        .await
        .optional()?
        .map(VehicleModel::from)
        .ok_or_else(|| ApiError::not_found("vehicle model"))
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    actor_id: Option<i64>,
    store_id: i64,
    name: &str,
) -> ApiResult<VehicleModel> {
    conn.transaction(async |conn| {
        let model: VehicleModel = diesel::insert_into(vehicle_models::table)
            .values(&NewVehicleModelRow {
                store_id,
                name: name.trim(),
            })
            .returning(VehicleModelRow::as_returning())
            .get_result(conn)
            .await?
            .into();
        audit::record(
            conn,
            Change::of(
                Some(store_id),
                actor_id,
                "vehicle_model",
                model.id,
                None,
                &model,
            ),
        )
        .await?;
        Ok(model)
    })
    .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    id: i64,
    scope: Option<i64>,
    patch: &VehicleModelPatch,
) -> ApiResult<VehicleModel> {
    conn.transaction(async |conn| {
        let old = get(conn, id, scope).await?;
        if *patch == VehicleModelPatch::default() {
            return Ok(old);
        }
        let changes = VehicleModelChanges {
            name: patch.name.as_ref().map(|n| n.trim().to_owned()),
            active: patch.active,
        };
        let model: VehicleModel = diesel::update(vehicle_models::table.find(id))
            .set(changes)
            .returning(VehicleModelRow::as_returning())
            .get_result(conn)
            .await?
            .into();
        audit::record(
            conn,
            Change::of(
                Some(model.store_id),
                Some(actor_id),
                "vehicle_model",
                id,
                Some(&old),
                &model,
            ),
        )
        .await?;
        Ok(model)
    })
    .await
}

pub(crate) async fn check_model(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    id: i64,
) -> ApiResult<()> {
    let found: Option<i64> = vehicle_models::table
        .filter(vehicle_models::id.eq(id))
        .filter(vehicle_models::store_id.eq(store_id))
        .select(vehicle_models::id)
        .first(conn)
        .await
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| ApiError::invalid("vehicle_model_id", Reason::NoSuchModel))
}
