use actix_web::web::{Json, Path, Query};
use actix_web::{get, patch, post, put, HttpRequest};
use chrono::{NaiveDate, Utc};
use keyuan_shared::api::{
    ClosedVisits, CustomerLookup, DutyChange, ErrorBody, NewVisit, Rotation, Visit, VisitLog,
    VisitPatch,
};
use keyuan_shared::validate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{Created, Reply};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Db, Json as Body};
use crate::idempotency::{create_once, IdempotencyKey};
use crate::queries::visits;
use crate::time::{day_bounds, hour_start, local_date};
use keyuan_shared::permissions::Action;

/// Checks a visitor in. Send an `Idempotency-Key` so that a retry after a dropped
/// connection returns the first answer instead of logging the visitor twice.
#[utoipa::path(tag = "showroom", security(("bearer" = [])), request_body = NewVisit,
    params(IdempotencyKey),
    responses((status = 201, body = Visit), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/visits")]
pub async fn create(req: HttpRequest, caller: Caller, mut db: Db, body: Body<NewVisit>) -> Created {
    let store_id = front_desk(&caller)?;
    let new = body.valid()?;
    let (actor, new) = (caller.id, &new);
    create_once(&req, &mut db, actor, new, async |c| {
        visits::create(c, actor, store_id, new).await
    })
    .await
}

/// The receptionist's (or a manager's) own store: the showroom log's routes are theirs.
fn front_desk(caller: &Caller) -> ApiResult<i64> {
    caller.require(Action::WorkShowroomLog)?;
    caller.own_store()
}

#[utoipa::path(tag = "showroom", security(("bearer" = [])), request_body = VisitPatch,
    responses((status = 200, body = Visit), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/visits/{id}")]
pub async fn update(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<VisitPatch>,
) -> Reply<Visit> {
    let store_id = front_desk(&caller)?;
    let patch = body.valid()?;
    let (actor, role) = (caller.id, caller.role);
    visits::update(&mut db, actor, role, store_id, *id, &patch)
        .await
        .map(Json)
}

/// Marks as gone every walk-in of an earlier store-local hour of today still shown in
/// the showroom: the one tap for visitors the receptionist forgot to mark as left. Their
/// departure is set to their arrival, so they do not count as 30-minute stays.
#[utoipa::path(tag = "showroom", security(("bearer" = [])),
    responses((status = 200, body = ClosedVisits), (status = 403, body = ErrorBody)))]
#[post("/visits/close-forgotten")]
pub async fn close_forgotten(caller: Caller, mut db: Db) -> Reply<ClosedVisits> {
    let store_id = front_desk(&caller)?;
    let tz = visits::store_zone(&mut db, store_id).await?;
    let now = Utc::now();
    let (today, _) = day_bounds(tz, local_date(tz, now));
    let before = hour_start(tz, now);
    let visit_ids = visits::close_forgotten(&mut db, caller.id, store_id, today, before).await?;
    Ok(Json(ClosedVisits { visit_ids }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DateQuery {
    /// Store-local date, `YYYY-MM-DD`; today when omitted.
    pub date: Option<NaiveDate>,
}

#[utoipa::path(tag = "showroom", security(("bearer" = [])), params(DateQuery),
    responses((status = 200, body = VisitLog), (status = 403, body = ErrorBody)))]
#[get("/visits")]
pub async fn day_log(caller: Caller, mut db: Db, query: Query<DateQuery>) -> Reply<VisitLog> {
    let store_id = front_desk(&caller)?;
    let tz = visits::store_zone(&mut db, store_id).await?;
    let date = query.date.unwrap_or_else(|| local_date(tz, Utc::now()));
    visits::day_log(&mut db, store_id, date, tz).await.map(Json)
}

/// The up board: consultants on duty in the order they take the next walk-in.
#[utoipa::path(tag = "showroom", security(("bearer" = [])),
    responses((status = 200, body = Rotation), (status = 403, body = ErrorBody)))]
#[get("/rotation")]
pub async fn rotation(caller: Caller, mut db: Db) -> Reply<Rotation> {
    let store_id = caller.own_store()?;
    let tz = visits::store_zone(&mut db, store_id).await?;
    let today = local_date(tz, Utc::now());
    visits::rotation(&mut db, store_id, today, tz)
        .await
        .map(Json)
}

/// Takes a consultant off duty for today, or back on.
#[utoipa::path(tag = "showroom", security(("bearer" = [])), request_body = DutyChange,
    responses((status = 200, body = Rotation), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/rotation/duty")]
pub async fn set_duty(caller: Caller, mut db: Db, body: Body<DutyChange>) -> Reply<Rotation> {
    let store_id = front_desk(&caller)?;
    let tz = visits::store_zone(&mut db, store_id).await?;
    let today = local_date(tz, Utc::now());
    let DutyChange {
        consultant_id,
        on_duty,
    } = body.0;
    visits::set_duty(&mut db, caller.id, store_id, today, consultant_id, on_duty).await?;
    visits::rotation(&mut db, store_id, today, tz)
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PhoneQuery {
    /// As typed: spaces, dashes, +86 and 0086 are fine.
    pub phone: String,
}

/// "Returning customer — owner 王磊, grade A, last visit 3 days ago" while the number is typed.
#[utoipa::path(tag = "showroom", security(("bearer" = [])), params(PhoneQuery),
    responses((status = 200, body = CustomerLookup), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/customers/lookup")]
pub async fn lookup_customer(
    caller: Caller,
    mut db: Db,
    query: Query<PhoneQuery>,
) -> Reply<CustomerLookup> {
    let store_id = front_desk(&caller)?;
    let phone = validate::phone("phone", &query.phone)?;
    visits::lookup_customer(&mut db, store_id, &phone)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("customer"))
}
