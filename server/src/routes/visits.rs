use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, Utc};
use keyuan_shared::api::{
    CustomerLookup, DutyChange, ErrorBody, NewVisit, Rotation, Visit, VisitLog, VisitPatch,
};
use keyuan_shared::validate::{self, Validate};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::idempotency::create_once;
use crate::queries::visits;
use crate::state::AppState;
use crate::time::local_date;
use keyuan_shared::permissions::Action;

/// Checks a visitor in. Send an `Idempotency-Key` so that a retry after a dropped
/// connection returns the first answer instead of logging the visitor twice.
#[utoipa::path(tag = "showroom", security(("bearer" = [])), request_body = NewVisit,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes retries safe")),
    responses((status = 201, body = Visit, description = "created, or a replay of the first answer to this Idempotency-Key (then with the header Idempotent-Replayed: true)",
            headers(("Idempotent-Replayed" = bool, description = "`true` when the answer is a replay of the first answer to this Idempotency-Key; absent otherwise"))),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody, description = "invalid, or `idempotency_key_reused`: this Idempotency-Key was already used for a different request")))]
#[post("/visits")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewVisit>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::WorkShowroomLog)?;
    let store_id = caller.own_store()?;
    let new = body.0;
    new.validate()?;
    create_once(&req, &state.pool, caller.id, &new, async |conn| {
        visits::create(conn, caller.id, store_id, &new).await
    })
    .await
}

#[utoipa::path(tag = "showroom", security(("bearer" = [])), request_body = VisitPatch,
    responses((status = 200, body = Visit), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/visits/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: Json<VisitPatch>,
) -> ApiResult<web::Json<Visit>> {
    caller.require(Action::WorkShowroomLog)?;
    let store_id = caller.own_store()?;
    let patch = body.0;
    patch.validate()?;
    Ok(web::Json(
        visits::update(
            &mut *state.pool.get().await?,
            caller.id,
            caller.role,
            store_id,
            *id,
            &patch,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DateQuery {
    /// Store-local date, `YYYY-MM-DD`; today when omitted.
    pub date: Option<NaiveDate>,
}

#[utoipa::path(tag = "showroom", security(("bearer" = [])), params(DateQuery),
    responses((status = 200, body = VisitLog), (status = 403, body = ErrorBody)))]
#[get("/visits")]
pub async fn day_log(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DateQuery>,
) -> ApiResult<web::Json<VisitLog>> {
    caller.require(Action::WorkShowroomLog)?;
    let store_id = caller.own_store()?;
    let mut conn = state.pool.get().await?;
    let tz = visits::store_zone(&mut conn, store_id).await?;
    let date = query.date.unwrap_or_else(|| local_date(tz, Utc::now()));
    Ok(web::Json(
        visits::day_log(&mut conn, store_id, date, tz).await?,
    ))
}

/// The up board: consultants on duty in the order they take the next walk-in.
#[utoipa::path(tag = "showroom", security(("bearer" = [])),
    responses((status = 200, body = Rotation), (status = 403, body = ErrorBody)))]
#[get("/rotation")]
pub async fn rotation(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Rotation>> {
    let store_id = caller.own_store()?;
    let mut conn = state.pool.get().await?;
    let tz = visits::store_zone(&mut conn, store_id).await?;
    Ok(web::Json(
        visits::rotation(&mut conn, store_id, local_date(tz, Utc::now()), tz).await?,
    ))
}

/// Takes a consultant off duty for today, or back on.
#[utoipa::path(tag = "showroom", security(("bearer" = [])), request_body = DutyChange,
    responses((status = 200, body = Rotation), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/rotation/duty")]
pub async fn set_duty(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<DutyChange>,
) -> ApiResult<web::Json<Rotation>> {
    caller.require(Action::WorkShowroomLog)?;
    let store_id = caller.own_store()?;
    let mut conn = state.pool.get().await?;
    let tz = visits::store_zone(&mut conn, store_id).await?;
    let today = local_date(tz, Utc::now());
    visits::set_duty(
        &mut conn,
        caller.id,
        store_id,
        today,
        body.0.consultant_id,
        body.0.on_duty,
    )
    .await?;
    Ok(web::Json(
        visits::rotation(&mut conn, store_id, today, tz).await?,
    ))
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
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PhoneQuery>,
) -> ApiResult<web::Json<CustomerLookup>> {
    caller.require(Action::WorkShowroomLog)?;
    let store_id = caller.own_store()?;
    let phone = validate::phone("phone", &query.phone)?;
    visits::lookup_customer(&mut *state.pool.get().await?, store_id, &phone)
        .await?
        .map(web::Json)
        .ok_or_else(|| ApiError::not_found("customer"))
}
