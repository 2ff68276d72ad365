//! The showroom log: check-ins, departures, the day's log, the rotation and the
//! receptionist's customer look-up.

mod check_in;
mod edit;
mod forgotten;
mod lookup;
mod rotation_board;

pub use check_in::create;
pub use edit::update;
pub use forgotten::close_forgotten;
pub use lookup::lookup_customer;
pub use rotation_board::{rotation, set_duty};

use chrono::NaiveDate;
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Visit, VisitLog};
use keyuan_shared::metrics;

use crate::error::{ApiError, ApiResult};
use crate::queries::sql::{VisitView, VISIT_VIEW};
use crate::schema::stores;
use crate::time::{day_bounds, parse_zone};

pub async fn store_zone(conn: &mut AsyncPgConnection, store_id: i64) -> ApiResult<Tz> {
    let name: String = stores::table
        .find(store_id)
        .select(stores::time_zone)
        .first(conn)
        .await?;
    Ok(parse_zone(&name))
}

pub async fn get(conn: &mut AsyncPgConnection, store_id: i64, id: i64) -> ApiResult<Visit> {
    diesel::sql_query(format!("{VISIT_VIEW} WHERE v.store_id = $1 AND v.id = $2"))
        .bind::<BigInt, _>(store_id)
        .bind::<BigInt, _>(id)
        .get_result::<VisitView>(conn)
        .await
        .optional()?
        .map(Visit::from)
        .ok_or_else(|| ApiError::not_found("visit"))
}

/// The store-local day's visits, newest first, with the counts of the log's header.
pub async fn day_log(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    date: NaiveDate,
    tz: Tz,
) -> ApiResult<VisitLog> {
    let (start, end) = day_bounds(tz, date);
    let visits: Vec<Visit> = diesel::sql_query(format!(
        "{VISIT_VIEW} WHERE v.store_id = $1 AND v.arrived_at >= $2 AND v.arrived_at < $3 ORDER BY v.arrived_at DESC, v.id DESC"
    ))
    .bind::<BigInt, _>(store_id)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load::<VisitView>(conn)
    .await?
    .into_iter()
    .map(Visit::from)
    .collect();
    Ok(VisitLog {
        date,
        counts: metrics::day_counts(&visits),
        visits,
    })
}
