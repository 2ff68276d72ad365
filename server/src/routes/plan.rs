//! 月度客源开发目标: the manager's plan of how many prospects each source must bring.

use actix_web::post;
use actix_web::web::{Json, Query};
use keyuan_shared::api::{ErrorBody, PlanRequest, ProspectPlan};
use keyuan_shared::metrics::{history_window, parse_month, prospect_plan};
use serde::Deserialize;
use utoipa::IntoParams;

use super::metrics::figures_store;
use super::Reply;
use crate::auth::Caller;
use crate::extract::{Db, Json as Body};
use crate::queries::metrics;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PlanStore {
    /// Admins: the store. Managers plan their own.
    pub store_id: Option<i64>,
}

/// The sheet for a month's sales target, from the three months before it, with the
/// manager's what-ifs. Writes nothing: every change of an input asks again.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(PlanStore), request_body = PlanRequest,
    responses((status = 200, body = ProspectPlan), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospect-plan")]
pub async fn prospect_plan_for(
    caller: Caller,
    mut db: Db,
    query: Query<PlanStore>,
    body: Body<PlanRequest>,
) -> Reply<ProspectPlan> {
    let store_id = figures_store(&caller, query.store_id)?;
    let request = body.valid()?;
    let first = parse_month(&request.month)?;
    let history = metrics::source_history(&mut db, store_id, history_window(first)).await?;
    Ok(Json(prospect_plan(&request, &history)))
}
