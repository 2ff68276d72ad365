//! Prospect cards: the consultant's list and card, follow-ups, orders, deliveries (which
//! create the loyalty schedule), lost-deal requests and the manager's decisions, and
//! reassignment. Every function takes a [`Scope`]: a consultant reaches only the
//! prospects they own, a manager the whole store's.

mod card;
mod detail;
mod follow_up;
mod list;
mod lost;
mod my_day;
mod order;
mod reassign;
mod view;

pub use card::{create, update};
pub use detail::detail;
pub(crate) use detail::{follow_up_api, order_api};
pub use follow_up::follow_up;
pub use list::{list, ListFilter};
pub(crate) use lost::lost_deal_views;
pub use lost::{decide_lost, lost_deals, request_lost, LostDealFilter};
pub use my_day::my_day;
pub use order::{deliver, order};
pub use reassign::reassign;
pub(crate) use view::{view, ProspectView};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::errors::Reason;
use keyuan_shared::prospects::{self as rules, ProspectEvent};
use keyuan_shared::{Grade, ProspectStatus};

use crate::error::{ApiError, ApiResult};
use crate::models::ProspectRow;
use crate::queries::scope::{store_day, Scope, StoreDay};
use crate::queries::sql::effective_status;
use crate::schema::{orders, prospect_owners, prospects};

// ---- what every write starts from ----

/// The stored prospect, locked for the rest of the transaction; another consultant's is
/// answered like a missing one.
pub(crate) async fn lock(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
) -> ApiResult<ProspectRow> {
    prospects::table
        .filter(prospects::store_id.eq(scope.store_id))
        .filter(prospects::id.eq(id))
        .select(ProspectRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?
        .filter(|p| scope.owner_id.is_none_or(|owner| owner == p.owner_id))
        .ok_or_else(|| ApiError::not_found("prospect"))
}

pub(crate) async fn has_order(conn: &mut AsyncPgConnection, prospect_id: i64) -> ApiResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        orders::table.filter(orders::prospect_id.eq(prospect_id)),
    ))
    .get_result(conn)
    .await?)
}

/// The status prospect `id` reads on the store's today (dormancy as [`effective_status`]
/// decides it).
pub(crate) async fn status_today(
    conn: &mut AsyncPgConnection,
    day: &StoreDay,
    id: i64,
) -> ApiResult<ProspectStatus> {
    #[derive(QueryableByName)]
    struct Status {
        #[diesel(sql_type = Text)]
        status: ProspectStatus,
    }
    let row: Status = diesel::sql_query(format!(
        "SELECT {} AS status FROM prospects p WHERE p.id = $2",
        effective_status("p", "$1")
    ))
    .bind::<Timestamptz, _>(day.dormant_before)
    .bind::<BigInt, _>(id)
    .get_result(conn)
    .await?;
    Ok(row.status)
}

/// 422 unless `grade` may be given to a card that has (or has not) an order.
pub(crate) fn check_grade(grade: Grade, has_order: bool) -> ApiResult<()> {
    if rules::grade_allowed(grade, has_order) {
        Ok(())
    } else {
        Err(ApiError::invalid("grade", Reason::GradeONeedsOrder))
    }
}

/// The status after `event`, or 409 saying why not.
pub(crate) fn step(
    status: ProspectStatus,
    has_order: bool,
    event: ProspectEvent,
) -> ApiResult<ProspectStatus> {
    rules::transition(status, has_order, event)
        .map_err(|refused| ApiError::conflict("status", refused.0))
}

/// The card locked for a write, with the store's day, whether it has an order, and the
/// status `event` leads to (409 saying why when the event is not allowed).
pub(crate) struct Locked {
    pub(crate) day: StoreDay,
    pub(crate) old: ProspectRow,
    pub(crate) ordered: bool,
    pub(crate) status: ProspectStatus,
}

pub(crate) async fn lock_for(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    event: ProspectEvent,
) -> ApiResult<Locked> {
    let day = store_day(conn, scope.store_id).await?;
    let old = lock(conn, scope, id).await?;
    let ordered = has_order(conn, id).await?;
    let status = step(status_today(conn, &day, id).await?, ordered, event)?;
    Ok(Locked {
        day,
        old,
        ordered,
        status,
    })
}

/// A model's name, for an answer that shows it.
pub(crate) async fn model_name(conn: &mut AsyncPgConnection, id: i64) -> ApiResult<String> {
    Ok(crate::schema::vehicle_models::table
        .find(id)
        .select(crate::schema::vehicle_models::name)
        .first(conn)
        .await?)
}

// ---- writing ----

/// Starts an ownership period (and ends the previous one) inside the caller's transaction.
pub(crate) async fn hand_over(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    prospect_id: i64,
    to_owner: i64,
) -> ApiResult<()> {
    diesel::update(
        prospect_owners::table
            .filter(prospect_owners::prospect_id.eq(prospect_id))
            .filter(prospect_owners::until_at.is_null()),
    )
    .set(prospect_owners::until_at.eq(diesel::dsl::now))
    .execute(conn)
    .await?;
    diesel::insert_into(prospect_owners::table)
        .values((
            prospect_owners::store_id.eq(scope.store_id),
            prospect_owners::prospect_id.eq(prospect_id),
            prospect_owners::owner_id.eq(to_owner),
            prospect_owners::assigned_by.eq(scope.actor_id),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
