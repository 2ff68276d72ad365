//! The loyalty work list, completing a contact, the manager's report, and the customer
//! search and timeline.

use actix_web::web::{Json, Path, Query};
use actix_web::{get, post};
use chrono::NaiveDate;
use keyuan_shared::api::{
    CompleteLoyaltyContact, CustomerHit, ErrorBody, LoyaltyCompleted, LoyaltyList, LoyaltyReport,
    Timeline,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Reply;
use crate::auth::Caller;
use crate::extract::{Db, Json as Body};
use crate::queries::loyalty::Part;
use crate::queries::{customers, loyalty};
use keyuan_shared::permissions::Action;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// `due` (today), `overdue` or `done`; today's and overdue ones when omitted.
    #[param(value_type = Option<String>)]
    pub status: Option<Part>,
    /// Managers: one consultant's contacts.
    pub assignee_id: Option<i64>,
}

/// A consultant's loyalty contacts (a manager's: the store's).
#[utoipa::path(tag = "loyalty", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = LoyaltyList), (status = 403, body = ErrorBody)))]
#[get("/loyalty-contacts")]
pub async fn list(caller: Caller, mut db: Db, query: Query<ListQuery>) -> Reply<LoyaltyList> {
    let scope = caller.scope()?;
    loyalty::list(&mut db, scope, query.status, query.assignee_id)
        .await
        .map(Json)
}

/// Records the outcome; `declined` cancels the customer's remaining contacts.
#[utoipa::path(tag = "loyalty", security(("bearer" = [])),
    request_body = CompleteLoyaltyContact,
    responses((status = 200, body = LoyaltyCompleted), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/loyalty-contacts/{id}/complete")]
pub async fn complete(
    caller: Caller,
    mut db: Db,
    id: Path<i64>,
    body: Body<CompleteLoyaltyContact>,
) -> Reply<LoyaltyCompleted> {
    loyalty::complete(&mut db, caller.scope()?, *id, &body.0)
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RangeQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Contacts due in a range: on time, late, missed or pending, by consultant.
#[utoipa::path(tag = "loyalty", security(("bearer" = [])), params(RangeQuery),
    responses((status = 200, body = LoyaltyReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/loyalty-contacts/report")]
pub async fn report(caller: Caller, mut db: Db, query: Query<RangeQuery>) -> Reply<LoyaltyReport> {
    let scope = caller.scope()?;
    loyalty::report(&mut db, scope, query.from, query.to)
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Part of a name, or 3 or more digits of a number.
    pub q: String,
}

/// Customers by name or number, e.g. to name who referred a new one.
#[utoipa::path(tag = "loyalty", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, body = Vec<CustomerHit>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/customers")]
pub async fn search_customers(
    caller: Caller,
    mut db: Db,
    query: Query<SearchQuery>,
) -> Reply<Vec<CustomerHit>> {
    caller.require(Action::SearchCustomers)?;
    let store_id = caller.own_store()?;
    customers::search(&mut db, store_id, &query.q)
        .await
        .map(Json)
}

/// Everything that happened with one customer, and the loyalty contacts ahead.
#[utoipa::path(tag = "loyalty", security(("bearer" = [])),
    responses((status = 200, body = Timeline), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/customers/{id}/timeline")]
pub async fn timeline(caller: Caller, mut db: Db, id: Path<i64>) -> Reply<Timeline> {
    customers::timeline(&mut db, caller.scope()?, *id)
        .await
        .map(Json)
}
