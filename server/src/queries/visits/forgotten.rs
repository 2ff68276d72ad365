//! Visitors nobody marked as gone. Receptionists forget to tap "left"; the check-in screen
//! offers the open walk-ins of earlier hours as one tap to close.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::VisitKind;

use crate::audit::{self, Change};
use crate::error::ApiResult;
use crate::live;
use crate::models::VisitRow;
use crate::schema::visits;

/// Closes the store's walk-ins that arrived in `[from, before)` and were never marked as
/// left, in one transaction, and returns their ids. The route passes today's start
/// (a receptionist changes only today's visits) and the start of the current hour. The departure is set to the arrival:
/// nobody knows when they left, so the visit counts as not staying 30 minutes (the long
/// stay figure stays a count of stays somebody saw), and the zero length tells a reader
/// of the log that the time was not recorded.
pub async fn close_forgotten(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> ApiResult<Vec<i64>> {
    conn.transaction(async |conn| {
        let open: Vec<VisitRow> = visits::table
            .filter(visits::store_id.eq(store_id))
            .filter(visits::kind.eq(VisitKind::WalkIn))
            .filter(visits::left_at.is_null())
            .filter(visits::arrived_at.ge(from))
            .filter(visits::arrived_at.lt(before))
            .order(visits::id)
            .select(VisitRow::as_select())
            .for_update()
            .load(conn)
            .await?;
        let mut closed = Vec::with_capacity(open.len());
        for old in open {
            let updated: VisitRow = diesel::update(visits::table.find(old.id))
                .set(visits::left_at.eq(visits::arrived_at.nullable()))
                .returning(VisitRow::as_returning())
                .get_result(conn)
                .await?;
            let change = Change::of(
                Some(store_id),
                Some(actor_id),
                "visit",
                old.id,
                Some(&old),
                &updated,
            );
            audit::record(conn, change).await?;
            closed.push(old.id);
        }
        if !closed.is_empty() {
            live::notify(conn, store_id, "visit_updated", None).await?;
        }
        Ok(closed)
    })
    .await
}
