//! Prospect cards: consultants work their own, managers the store's.

use actix_web::web::{Json, Path, Query};
use actix_web::{get, patch, post, HttpRequest};
use keyuan_shared::api::{
    Delivered, Delivery, ErrorBody, FollowUp, LostDeal, LostDecision, MyDay, NewFollowUp,
    NewLostDeal, NewOrder, NewProspect, Order, Prospect, ProspectDetail, ProspectList,
    ProspectPatch, Reassign, Reassigned,
};
use keyuan_shared::prospects::Due;
use keyuan_shared::{Grade, LostDealStatus, ProspectStatus};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{Created, Reply};
use crate::auth::Caller;
use crate::extract::{Db, Json as Body};
use crate::idempotency::{create_once, IdempotencyKey};
use crate::queries::prospects::{self, ListFilter};

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only the caller's own prospects (managers who also sell).
    pub mine: Option<bool>,
    /// Managers: one consultant's prospects.
    pub owner_id: Option<i64>,
    pub grade: Option<Grade>,
    /// `overdue`, `today`, `upcoming` or `unscheduled`.
    #[param(value_type = Option<String>)]
    pub due: Option<Due>,
    /// Name or phone; a search also finds dormant prospects.
    pub q: Option<String>,
    /// Open, not dormant prospects when omitted.
    pub status: Option<ProspectStatus>,
}

/// The cards of the caller's pipeline: overdue first, then due today, then upcoming.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = ProspectList), (status = 403, body = ErrorBody)))]
#[get("/prospects")]
pub async fn list(caller: Caller, mut db: Db, query: Query<ListQuery>) -> Reply<ProspectList> {
    let scope = caller.scope()?;
    let q = query.into_inner();
    let filter = ListFilter {
        mine: q.mine.unwrap_or(false),
        owner_id: q.owner_id,
        grade: q.grade,
        due: q.due,
        q: q.q,
        status: q.status,
    };
    prospects::list(&mut db, scope, &filter).await.map(Json)
}

/// A prospect met outside the showroom (外拓, 转介绍, 网络线索).
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewProspect,
    params(IdempotencyKey),
    responses((status = 201, body = Prospect),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospects")]
pub async fn create(
    req: HttpRequest,
    caller: Caller,
    mut db: Db,
    body: Body<NewProspect>,
) -> Created {
    let scope = caller.scope()?;
    let new = body.valid()?;
    create_once(&req, &mut db, caller.id, &new, async |c| {
        prospects::create(c, scope, &new).await
    })
    .await
}

/// One card with its customer, visits, follow-ups, orders, lost deals, owners and history.
#[utoipa::path(tag = "prospects", security(("bearer" = [])),
    responses((status = 200, body = ProspectDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/prospects/{id}")]
pub async fn get(caller: Caller, mut db: Db, id: Path<i64>) -> Reply<ProspectDetail> {
    prospects::detail(&mut db, caller.scope()?, *id)
        .await
        .map(Json)
}

/// Grade, MAN, model, budget, note, next follow-up; `owner_id` for managers.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = ProspectPatch,
    responses((status = 200, body = Prospect), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/prospects/{id}")]
pub async fn update(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<ProspectPatch>,
) -> Reply<Prospect> {
    let scope = caller.scope()?;
    prospects::update(&mut db, scope, *id, &body.valid()?)
        .await
        .map(Json)
}

/// Logs a follow-up; the next one comes from the store's cadence unless given.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewFollowUp,
    params(IdempotencyKey),
    responses((status = 201, body = FollowUp),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospects/{id}/follow-ups")]
pub async fn follow_up(
    req: HttpRequest,
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<NewFollowUp>,
) -> Created {
    let scope = caller.scope()?;
    let new = body.valid()?;
    create_once(&req, &mut db, caller.id, &new, async |c| {
        prospects::follow_up(c, scope, *id, &new).await
    })
    .await
}

/// Records the order; the prospect's grade becomes O.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewOrder,
    params(IdempotencyKey),
    responses((status = 201, body = Order),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospects/{id}/orders")]
pub async fn order(
    req: HttpRequest,
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<NewOrder>,
) -> Created {
    let scope = caller.scope()?;
    let new = body.valid()?;
    create_once(&req, &mut db, caller.id, &new, async |c| {
        prospects::order(c, scope, *id, &new).await
    })
    .await
}

/// Records the delivery and creates the 24 loyalty contacts (once; a new date moves those
/// not yet done).
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = Delivery,
    responses((status = 200, body = Delivered), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/orders/{id}/delivery")]
pub async fn deliver(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<Delivery>,
) -> Reply<Delivered> {
    let scope = caller.scope()?;
    prospects::deliver(&mut db, scope, *id, &body.valid()?)
        .await
        .map(Json)
}

/// Asks a manager to close the prospect as lost (战败).
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewLostDeal,
    params(IdempotencyKey),
    responses((status = 201, body = LostDeal),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospects/{id}/lost")]
pub async fn request_lost(
    req: HttpRequest,
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<NewLostDeal>,
) -> Created {
    let scope = caller.scope()?;
    let new = body.valid()?;
    create_once(&req, &mut db, caller.id, &new, async |c| {
        prospects::request_lost(c, scope, *id, &new).await
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LostQuery {
    /// `pending` (the manager's "to approve" list) when omitted.
    pub status: Option<LostDealStatus>,
}

#[utoipa::path(tag = "prospects", security(("bearer" = [])), params(LostQuery),
    responses((status = 200, body = Vec<LostDeal>), (status = 403, body = ErrorBody)))]
#[get("/lost-deals")]
pub async fn lost_deals(
    caller: Caller,
    mut db: Db,
    query: Query<LostQuery>,
) -> Reply<Vec<LostDeal>> {
    let status = query.status.unwrap_or(LostDealStatus::Pending);
    prospects::lost_deals(&mut db, caller.scope()?, status)
        .await
        .map(Json)
}

/// A manager confirms the lost deal: the prospect closes.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = LostDecision,
    responses((status = 200, body = LostDeal), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/lost-deals/{id}/confirm")]
pub async fn confirm_lost(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<LostDecision>,
) -> Reply<LostDeal> {
    prospects::decide_lost(&mut db, caller.scope()?, *id, true, &body.0)
        .await
        .map(Json)
}

/// A manager sends the lost deal back with a comment: the prospect reopens, due tomorrow.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = LostDecision,
    responses((status = 200, body = LostDeal), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/lost-deals/{id}/reject")]
pub async fn reject_lost(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<LostDecision>,
) -> Reply<LostDeal> {
    prospects::decide_lost(&mut db, caller.scope()?, *id, false, &body.0)
        .await
        .map(Json)
}

/// A manager moves a consultant's open prospects (all, or the listed ones) to another.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = Reassign,
    responses((status = 200, body = Reassigned), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospects/reassign")]
pub async fn reassign(caller: Caller, mut db: Db, body: Body<Reassign>) -> Reply<Reassigned> {
    prospects::reassign(&mut db, caller.scope()?, &body.0)
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct MyDayQuery {
    /// Managers: whose day; the caller's own when omitted.
    pub consultant_id: Option<i64>,
}

/// Today's follow-ups by channel against the 5-20-30 targets, and the pipeline.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), params(MyDayQuery),
    responses((status = 200, body = MyDay), (status = 403, body = ErrorBody)))]
#[get("/my-day")]
pub async fn my_day(caller: Caller, mut db: Db, query: Query<MyDayQuery>) -> Reply<MyDay> {
    let scope = caller.scope()?;
    // a consultant always sees their own day; a manager may look at anyone's in the store
    let consultant_id = match scope.owner_id {
        Some(own) => own,
        None => query.consultant_id.unwrap_or(caller.id),
    };
    prospects::my_day(&mut db, scope, consultant_id)
        .await
        .map(Json)
}
