//! Prospect cards: consultants work their own, managers the store's.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use keyuan_shared::api::{
    Delivered, Delivery, ErrorBody, FollowUp, LostDeal, LostDecision, MyDay, NewFollowUp,
    NewLostDeal, NewOrder, NewProspect, Order, Prospect, ProspectDetail, ProspectList,
    ProspectPatch, Reassign, Reassigned,
};
use keyuan_shared::prospects::Due;
use keyuan_shared::validate::Validate;
use keyuan_shared::{Grade, LostDealStatus, ProspectStatus};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::idempotency::create_once;
use crate::queries::prospects::{self, ListFilter};
use crate::state::AppState;

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
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> ApiResult<web::Json<ProspectList>> {
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
    Ok(web::Json(
        prospects::list(&mut *state.pool.get().await?, scope, &filter).await?,
    ))
}

/// A prospect met outside the showroom (外拓, 转介绍, 网络线索).
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewProspect,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes retries safe")),
    responses((status = 201, body = Prospect, description = "created, or a replay of the first answer to this Idempotency-Key (then with the header Idempotent-Replayed: true)",
            headers(("Idempotent-Replayed" = bool, description = "`true` when the answer is a replay of the first answer to this Idempotency-Key; absent otherwise"))),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody, description = "invalid, or `idempotency_key_reused`: this Idempotency-Key was already used for a different request")))]
#[post("/prospects")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewProspect>,
) -> ApiResult<HttpResponse> {
    let scope = caller.scope()?;
    let new = body.0;
    new.validate()?;
    create_once(&req, &state.pool, caller.id, &new, async |conn| {
        prospects::create(conn, scope, &new).await
    })
    .await
}

/// One card with its customer, visits, follow-ups, orders, lost deals, owners and history.
#[utoipa::path(tag = "prospects", security(("bearer" = [])),
    responses((status = 200, body = ProspectDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/prospects/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ProspectDetail>> {
    let scope = caller.scope()?;
    Ok(web::Json(
        prospects::detail(&mut *state.pool.get().await?, scope, *id).await?,
    ))
}

/// Grade, MAN, model, budget, note, next follow-up; `owner_id` for managers.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = ProspectPatch,
    responses((status = 200, body = Prospect), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/prospects/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<ProspectPatch>,
) -> ApiResult<web::Json<Prospect>> {
    let scope = caller.scope()?;
    body.0.validate()?;
    Ok(web::Json(
        prospects::update(&mut *state.pool.get().await?, scope, *id, &body.0).await?,
    ))
}

/// Logs a follow-up; the next one comes from the store's cadence unless given.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewFollowUp,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes retries safe")),
    responses((status = 201, body = FollowUp, description = "created, or a replay of the first answer to this Idempotency-Key (then with the header Idempotent-Replayed: true)",
            headers(("Idempotent-Replayed" = bool, description = "`true` when the answer is a replay of the first answer to this Idempotency-Key; absent otherwise"))),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody, description = "invalid, or `idempotency_key_reused`: this Idempotency-Key was already used for a different request")))]
#[post("/prospects/{id}/follow-ups")]
pub async fn follow_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<NewFollowUp>,
) -> ApiResult<HttpResponse> {
    let scope = caller.scope()?;
    let new = body.0;
    new.validate()?;
    create_once(&req, &state.pool, caller.id, &new, async |conn| {
        prospects::follow_up(conn, scope, *id, &new).await
    })
    .await
}

/// Records the order; the prospect's grade becomes O.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewOrder,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes retries safe")),
    responses((status = 201, body = Order, description = "created, or a replay of the first answer to this Idempotency-Key (then with the header Idempotent-Replayed: true)",
            headers(("Idempotent-Replayed" = bool, description = "`true` when the answer is a replay of the first answer to this Idempotency-Key; absent otherwise"))),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody, description = "invalid, or `idempotency_key_reused`: this Idempotency-Key was already used for a different request")))]
#[post("/prospects/{id}/orders")]
pub async fn order(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<NewOrder>,
) -> ApiResult<HttpResponse> {
    let scope = caller.scope()?;
    let new = body.0;
    new.validate()?;
    create_once(&req, &state.pool, caller.id, &new, async |conn| {
        prospects::order(conn, scope, *id, &new).await
    })
    .await
}

/// Records the delivery and creates the 24 loyalty contacts (once; a new date moves those
/// not yet done).
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = Delivery,
    responses((status = 200, body = Delivered), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/orders/{id}/delivery")]
pub async fn deliver(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<Delivery>,
) -> ApiResult<web::Json<Delivered>> {
    let scope = caller.scope()?;
    body.0.validate()?;
    Ok(web::Json(
        prospects::deliver(&mut *state.pool.get().await?, scope, *id, &body.0).await?,
    ))
}

/// Asks a manager to close the prospect as lost (战败).
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = NewLostDeal,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes retries safe")),
    responses((status = 201, body = LostDeal, description = "created, or a replay of the first answer to this Idempotency-Key (then with the header Idempotent-Replayed: true)",
            headers(("Idempotent-Replayed" = bool, description = "`true` when the answer is a replay of the first answer to this Idempotency-Key; absent otherwise"))),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody, description = "invalid, or `idempotency_key_reused`: this Idempotency-Key was already used for a different request")))]
#[post("/prospects/{id}/lost")]
pub async fn request_lost(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<NewLostDeal>,
) -> ApiResult<HttpResponse> {
    let scope = caller.scope()?;
    let new = body.0;
    new.validate()?;
    create_once(&req, &state.pool, caller.id, &new, async |conn| {
        prospects::request_lost(conn, scope, *id, &new).await
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
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<LostQuery>,
) -> ApiResult<web::Json<Vec<LostDeal>>> {
    let scope = caller.scope()?;
    let status = query.status.unwrap_or(LostDealStatus::Pending);
    Ok(web::Json(
        prospects::lost_deals(&mut *state.pool.get().await?, scope, status).await?,
    ))
}

/// A manager confirms the lost deal: the prospect closes.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = LostDecision,
    responses((status = 200, body = LostDeal), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/lost-deals/{id}/confirm")]
pub async fn confirm_lost(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<LostDecision>,
) -> ApiResult<web::Json<LostDeal>> {
    let scope = caller.scope()?;
    Ok(web::Json(
        prospects::decide_lost(&mut *state.pool.get().await?, scope, *id, true, &body.0).await?,
    ))
}

/// A manager sends the lost deal back with a comment: the prospect reopens, due tomorrow.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = LostDecision,
    responses((status = 200, body = LostDeal), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/lost-deals/{id}/reject")]
pub async fn reject_lost(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<LostDecision>,
) -> ApiResult<web::Json<LostDeal>> {
    let scope = caller.scope()?;
    Ok(web::Json(
        prospects::decide_lost(&mut *state.pool.get().await?, scope, *id, false, &body.0).await?,
    ))
}

/// A manager moves a consultant's open prospects (all, or the listed ones) to another.
#[utoipa::path(tag = "prospects", security(("bearer" = [])), request_body = Reassign,
    responses((status = 200, body = Reassigned), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/prospects/reassign")]
pub async fn reassign(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<Reassign>,
) -> ApiResult<web::Json<Reassigned>> {
    let scope = caller.scope()?;
    Ok(web::Json(
        prospects::reassign(&mut *state.pool.get().await?, scope, &body.0).await?,
    ))
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
pub async fn my_day(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MyDayQuery>,
) -> ApiResult<web::Json<MyDay>> {
    let scope = caller.scope()?;
    // a consultant always sees their own day; a manager may look at anyone's in the store
    let consultant_id = match scope.owner_id {
        Some(own) => own,
        None => query.consultant_id.unwrap_or(caller.id),
    };
    Ok(web::Json(
        prospects::my_day(&mut *state.pool.get().await?, scope, consultant_id).await?,
    ))
}
