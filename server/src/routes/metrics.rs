//! The manager's figures (展厅客流分析), the lost-deal analysis (战败客户分析表), and the
//! head office's comparison of its stores.

use actix_web::get;
use actix_web::web::{Json, Query};
use diesel_async::AsyncPgConnection;
use keyuan_shared::api::{
    ActivityReport, CalibrationReport, ErrorBody, Forecast, HonestyReport, LostAnalysis,
    LostAnalysisDeal, ShowroomMetrics, StoreComparison,
};
use keyuan_shared::errors::Reason;
use keyuan_shared::metrics::{parse_range, DateRange};
use keyuan_shared::permissions::{may, Action};
use keyuan_shared::validate::FieldError;
use keyuan_shared::{LostReason, LostReasonGroup};
use serde::{Deserialize, Deserializer};
use utoipa::IntoParams;

use super::{Reply, StoreQuery};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Db;
use crate::queries::metrics::{self, Cell, ModelFilter};

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
        named_store_exists(caller, db, store_id).await?;
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
    one_store(caller, asked, &[Action::ViewStoreFigures])
}

/// The one store a read is for: the one an admin (head office) names, else the caller's
/// own if their role may do one of `actions` (403 otherwise); naming another store is
/// answered like a missing one (404).
pub fn one_store(caller: &Caller, asked: Option<i64>, actions: &[Action]) -> ApiResult<i64> {
    if may(caller.role, Action::CompareStores) {
        return asked.ok_or_else(|| ApiError::invalid("store_id", Reason::Required));
    }
    if !actions.iter().any(|a| may(caller.role, *a)) {
        return Err(ApiError::forbidden());
    }
    let own = caller.own_store()?;
    match asked {
        Some(other) if other != own => Err(ApiError::not_found("store")),
        _ => Ok(own),
    }
}

/// An admin's named store must exist: 404 rather than an empty answer. (Store staff's
/// own store always does.)
pub async fn named_store_exists(
    caller: &Caller,
    db: &mut AsyncPgConnection,
    store_id: i64,
) -> ApiResult<()> {
    if may(caller.role, Action::CompareStores) {
        crate::queries::stores::get(db, store_id, None).await?;
    }
    Ok(())
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

/// The matrix reason × vehicle model of the store's confirmed lost deals, by the store-local
/// date of the manager's decision (both ends included), with each cell's share of its
/// model's column, each reason's and each group's share of the total.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = LostAnalysis), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/lost")]
pub async fn lost_analysis(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> Reply<LostAnalysis> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    metrics::lost_analysis(&mut db, store_id, range)
        .await
        .map(Json)
}

/// Which cell of the lost-deal matrix: a reason (or a group's subtotal) and a model; an
/// omitted one takes them all (a reason's or a model's total).
#[derive(Debug, Deserialize, IntoParams)]
pub struct LostCellQuery {
    /// One reason's deals (a cell or a reason's total).
    pub reason: Option<LostReason>,
    /// The reasons of one group (a subtotal row).
    pub group: Option<LostReasonGroup>,
    /// A model's id, or `none` for the prospects without a model; omitted: every model's.
    #[serde(default, deserialize_with = "model_filter")]
    #[param(value_type = Option<String>)]
    pub vehicle_model_id: ModelFilter,
}

fn model_filter<'de, D: Deserializer<'de>>(d: D) -> Result<ModelFilter, D::Error> {
    let given = String::deserialize(d)?;
    match given.as_str() {
        "none" => Ok(ModelFilter::None),
        id => id.parse().map(ModelFilter::Model).map_err(|_| {
            serde::de::Error::custom(format!(
                "vehicle_model_id: {given:?} is neither a model's id nor `none`"
            ))
        }),
    }
}

/// The confirmed lost deals behind one cell of the lost-deal matrix (same range and store
/// as `GET /metrics/lost`), newest decision first, at most 500: who, whose, when, why.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery, LostCellQuery),
    responses((status = 200, body = Vec<LostAnalysisDeal>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/lost/deals")]
pub async fn lost_analysis_deals(
    caller: Caller,
    mut db: Db,
    range: Query<RangeQuery>,
    cell: Query<LostCellQuery>,
) -> Reply<Vec<LostAnalysisDeal>> {
    let (store_id, range) = range.store_range(&caller, &mut db).await?;
    let cell = Cell {
        reason: cell.reason,
        group: cell.group,
        model: cell.vehicle_model_id,
    };
    metrics::lost_deals(&mut db, store_id, range, cell)
        .await
        .map(Json)
}

/// 诚信报告: per consultant, the walk-ins the reception gave them against those with
/// contact details and those followed up within 24 hours; follow-ups and loyalty contacts
/// logged in bursts, with the entries behind each; prospects whose follow-up date was
/// pushed on again and again without a contact. Thresholds: `keyuan_shared::honesty`.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = HonestyReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/honesty")]
pub async fn honesty(caller: Caller, mut db: Db, query: Query<RangeQuery>) -> Reply<HonestyReport> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    metrics::honesty(&mut db, store_id, range).await.map(Json)
}

/// 销售活动日报表: each consultant's follow-ups of the range in the 5-20-30 columns
/// (meetings = visit and test-drive follow-ups, calls, messages) against the store's
/// targets over the range's days so far, the prospects they added and their overdue
/// follow-ups now.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = ActivityReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/activity")]
pub async fn activity(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> Reply<ActivityReport> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    metrics::activity(&mut db, store_id, range).await.map(Json)
}

/// 确度校准: for H, A and B, the prospects that took the grade in the range and what
/// became of them since — ordered within the promised days (7, 15, 30), later, lost, or
/// still open — for the store and for each consultant (the cards' owners now).
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = CalibrationReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/calibration")]
pub async fn calibration(
    caller: Caller,
    mut db: Db,
    query: Query<RangeQuery>,
) -> Reply<CalibrationReport> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    metrics::calibration(&mut db, store_id, range)
        .await
        .map(Json)
}

/// This month's expected orders: those placed so far, plus the open prospects of each
/// grade (H, A, B) weighted by the store's own kept-promise share of that grade over the
/// last 180 days (the calibration), beside the month's saved sales target.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = Forecast), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/metrics/forecast")]
pub async fn forecast(caller: Caller, mut db: Db, query: Query<StoreQuery>) -> Reply<Forecast> {
    let store_id = figures_store(&caller, query.store_id)?;
    named_store_exists(&caller, &mut db, store_id).await?;
    metrics::forecast(&mut db, store_id).await.map(Json)
}
