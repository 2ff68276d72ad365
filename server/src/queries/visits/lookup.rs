//! The receptionist's look-up while typing a number.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::CustomerLookup;
use keyuan_shared::ProspectStatus;

use crate::error::ApiResult;
use crate::models::ProspectRow;
use crate::queries::customers::find_customer;
use crate::queries::prospects::status_today;
use crate::queries::scope::store_day;
use crate::schema::{prospects, users, visits};

/// What the receptionist sees while typing a number: the customer, their open (or last)
/// prospect with its owner and grade, and when they last came.
pub async fn lookup_customer(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    phone: &str,
) -> ApiResult<Option<CustomerLookup>> {
    let Some(customer) = find_customer(conn, store_id, phone).await? else {
        return Ok(None);
    };
    let prospect: Option<(ProspectRow, String)> = prospects::table
        .inner_join(users::table.on(users::id.eq(prospects::owner_id)))
        .filter(prospects::store_id.eq(store_id))
        .filter(prospects::customer_id.eq(customer.id))
        .order((
            prospects::status.eq_any(ProspectStatus::OPEN).desc(),
            prospects::created_at.desc(),
        ))
        .select((ProspectRow::as_select(), users::name))
        .first(conn)
        .await
        .optional()?;
    // a quiet card reads dormant here as on the card itself
    let status = match &prospect {
        Some((p, _)) => {
            let day = store_day(conn, store_id).await?;
            Some(status_today(conn, &day, p.id).await?)
        }
        None => None,
    };
    let last_visit_at: Option<DateTime<Utc>> = visits::table
        .filter(visits::store_id.eq(store_id))
        .filter(visits::customer_id.eq(customer.id))
        .select(diesel::dsl::max(visits::arrived_at))
        .first(conn)
        .await?;
    Ok(Some(CustomerLookup {
        customer_id: customer.id,
        name: customer.name,
        phone: customer.phone,
        prospect_id: prospect.as_ref().map(|(p, _)| p.id),
        owner_id: prospect.as_ref().map(|(p, _)| p.owner_id),
        owner_name: prospect.as_ref().map(|(_, name)| name.clone()),
        grade: prospect.as_ref().map(|(p, _)| p.grade),
        status,
        last_visit_at,
    }))
}
