//! 周行动计划: the month's targets the manager saves, and the weekly plan they feed.

use actix_web::web::{Json, Query};
use actix_web::{get, put};
use keyuan_shared::api::{ErrorBody, MonthTargets, WeeklyPlan};
use keyuan_shared::errors::Reason;
use keyuan_shared::metrics::parse_month;
use keyuan_shared::permissions::Action;
use keyuan_shared::validate::FieldError;
use serde::Deserialize;
use utoipa::IntoParams;

use super::metrics::{figures_store, named_store_exists};
use super::Reply;
use crate::auth::Caller;
use crate::extract::{Db, Json as Body};
use crate::queries::weekly;

#[derive(Debug, Deserialize, IntoParams)]
pub struct WeeklyQuery {
    /// The month, `YYYY-MM`.
    pub month: Option<String>,
    /// Admins: the store. Managers see their own.
    pub store_id: Option<i64>,
}

/// Saves the month's targets (sales, orders, new prospects) of the store and of the
/// consultants given, replacing what was saved for them; answers the weekly plan of that
/// month. The store's manager only (the store-figures permission).
#[utoipa::path(tag = "metrics", security(("bearer" = [])), request_body = MonthTargets,
    responses((status = 200, body = WeeklyPlan), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/monthly-targets")]
pub async fn save_targets(
    caller: Caller,
    mut db: Db,
    body: Body<MonthTargets>,
) -> Reply<WeeklyPlan> {
    caller.require(Action::ViewStoreFigures)?;
    let store_id = caller.own_store()?;
    let request = body.valid()?;
    let first = parse_month(&request.month)?;
    weekly::save(&mut db, store_id, caller.id, first, &request).await?;
    weekly::weekly_plan(&mut db, store_id, first)
        .await
        .map(Json)
}

/// The month's targets split over its Monday weeks (the first and last cut at the month's
/// ends, pro rata by days) for the store and each consultant, beside each week's actuals
/// (orders delivered, orders placed, prospects created, by store-local date) and the gap.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(WeeklyQuery),
    responses((status = 200, body = WeeklyPlan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/weekly-plan")]
pub async fn weekly_plan(
    caller: Caller,
    mut db: Db,
    query: Query<WeeklyQuery>,
) -> Reply<WeeklyPlan> {
    let store_id = figures_store(&caller, query.store_id)?;
    let month = query
        .month
        .as_deref()
        .ok_or_else(|| FieldError::new("month", Reason::Required))?;
    let first = parse_month(month)?;
    named_store_exists(&caller, &mut db, store_id).await?;
    weekly::weekly_plan(&mut db, store_id, first)
        .await
        .map(Json)
}
