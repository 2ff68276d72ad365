//! 展示/活动: the store's campaigns, recorded by the manager, offered at check-in, and the
//! report of what each brought in.

use actix_web::web::{Json, Path, Query};
use actix_web::{get, patch, post, HttpResponse};
use keyuan_shared::api::{Campaign, CampaignPatch, CampaignReport, ErrorBody, NewCampaign};
use keyuan_shared::metrics::patched;
use keyuan_shared::permissions::Action;

use super::metrics::{one_store, RangeQuery};
use super::{Created, Reply, StoreQuery};
use crate::auth::Caller;
use crate::extract::{Db, Json as Body};
use crate::queries::campaigns;

/// Every campaign of the store, newest first (the check-in offers those on the day).
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), params(StoreQuery),
    responses((status = 200, body = [Campaign]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/campaigns")]
pub async fn list(caller: Caller, mut db: Db, query: Query<StoreQuery>) -> Reply<Vec<Campaign>> {
    // the receptionist's and the manager's own store; an admin names one
    let readers = [Action::WorkShowroomLog, Action::ManageCampaigns];
    let store_id = one_store(&caller, query.store_id, &readers)?;
    campaigns::list(&mut db, store_id, None).await.map(Json)
}

/// Records an event or promotion of the manager's store: name, first and last day, cost.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), request_body = NewCampaign,
    responses((status = 201, body = Campaign), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/campaigns")]
pub async fn create(caller: Caller, mut db: Db, body: Body<NewCampaign>) -> Created {
    caller.require(Action::ManageCampaigns)?;
    let store_id = caller.own_store()?;
    let new = body.valid()?;
    let saved = campaigns::save(&mut db, caller.id, store_id, None, &new).await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Corrects a campaign's name, dates or cost. Visits already tied to it stay tied.
#[utoipa::path(tag = "campaigns", security(("bearer" = [])), request_body = CampaignPatch,
    responses((status = 200, body = Campaign), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/campaigns/{id}")]
pub async fn update(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<CampaignPatch>,
) -> Reply<Campaign> {
    caller.require(Action::ManageCampaigns)?;
    let store_id = caller.own_store()?;
    let patch = body.valid()?;
    let old = campaigns::get(&mut db, store_id, *id).await?;
    let new = patched(&old, &patch)?;
    campaigns::save(&mut db, caller.id, store_id, Some(*id), &new)
        .await
        .map(Json)
}

/// 展示/活动效果: the store's campaigns whose days meet the range, each with its walk-ins,
/// first visits, captured, test drives, the prospects its visits opened and their orders
/// (placed up to today), and its cost per order; the store's average campaign beside them.
#[utoipa::path(tag = "metrics", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = CampaignReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/metrics/campaigns")]
pub async fn report(caller: Caller, mut db: Db, query: Query<RangeQuery>) -> Reply<CampaignReport> {
    let (store_id, range) = query.store_range(&caller, &mut db).await?;
    campaigns::report(&mut db, store_id, range).await.map(Json)
}
