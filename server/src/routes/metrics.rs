//! The manager's figures (展厅客流分析), and the head office's comparison of its stores.

use actix_web::get;
use actix_web::web::{Json, Query};
use diesel_async::AsyncPgConnection;
use keyuan_shared::api::{ErrorBody, ShowroomMetrics, StoreComparison};
use keyuan_shared::errors::Reason;
use keyuan_shared::metrics::{parse_range, DateRange};
use keyuan_shared::permissions::{may, Action};
use keyuan_shared::validate::FieldError;
use serde::Deserialize;
use utoipa::IntoParams;

use super::Reply;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Db;
use crate::queries::metrics;

#[derive(Debug, Deserialize, IntoParams)]
pub struct RangeQuery {
    /// First store-local date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last store-local date (included); at most 3 years after `from`.
    pub to: Option<String>,
    /// Admins: the store. Managers see their own.
    pub store_id: Option<i64>,
}

impl RangeQuery {
    /// The one store and the range a store's figures or exports are asked for, checked
    /// in the order every such request answers: who may and which store ([`figures_store`]:
    /// 403, 404, 422 `store_id`), the dates (422 naming the field), then that an admin's
    /// store exists (404 rather than an empty answer).
    pub async fn store_range(
        &self,
        caller: &Caller,
        db: &mut AsyncPgConnection,
    ) -> ApiResult<(i64, DateRange)> {
        let store_id = figures_store(caller, self.store_id)?;
        let range = self.range()?;
        if may(caller.role, Action::CompareStores) {
            crate::queries::stores::get(db, store_id, None).await?;
        }
        Ok((store_id, range))
    }

    /// The range asked for; a missing or malformed date is a 422 naming its field.
    pub fn range(&self) -> ApiResult<DateRange> {
        let given = |field: &str, value: &Option<String>| {
            value
                .clone()
                .ok_or_else(|| FieldError::new(field, Reason::Required))
        };
        Ok(parse_range(
            &given("from", &self.from)?,
            &given("to", &self.to)?,
        )?)
    }
}

/// The store whose figures `caller` asks for: a manager's own, or the one an admin names.
pub fn figures_store(caller: &Caller, asked: Option<i64>) -> ApiResult<i64> {
    if may(caller.role, Action::CompareStores) {
        return asked.ok_or_else(|| ApiError::invalid("store_id", Reason::Required));
    }
    caller.require(Action::ViewStoreFigures)?;
    let own = caller.own_store()?;
    match asked {
        Some(other) if other != own => Err(ApiError::not_found("store")),
        _ => Ok(own),
    }
}

/// Every figure of the showroom table for a range of store-local dates (both ends
/// included), by consultant, source, model, hour of day and date.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = ShowroomMetrics), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/showroom")]
pub async fn showroom(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> Reply<ShowroomMetrics> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    metrics::showroom(&mut db, store_id, range).await.map(Json)
}

/// The head office's view: every store's figures for the range, one row a store.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = StoreComparison), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/stores")]
pub async fn stores(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> Reply<StoreComparison> {
    caller.require(Action::CompareStores)?;
    let range = query.range()?;
    metrics::stores(&mut db, range).await.map(Json)
}
