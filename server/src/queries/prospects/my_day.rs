//! My day: the consultant's 5-20-30 and pipeline.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Activity, MyDay};
use keyuan_shared::{FollowUpChannel, LoyaltyStatus};

use crate::error::ApiResult;
use crate::queries::scope::{store_day, Scope};
use crate::queries::sql::{prospect_view, working_statuses};
use crate::schema::{follow_ups, loyalty_contacts};
use crate::time::day_bounds;

/// `GET /my-day`: today's 5-20-30 and the pipeline of one consultant.
pub async fn my_day(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    consultant_id: i64,
) -> ApiResult<MyDay> {
    let day = store_day(conn, scope.store_id).await?;
    let (start, end) = day_bounds(day.tz, day.today);
    let channels: Vec<FollowUpChannel> = follow_ups::table
        .filter(follow_ups::store_id.eq(scope.store_id))
        .filter(follow_ups::author_id.eq(consultant_id))
        .filter(follow_ups::at.ge(start))
        .filter(follow_ups::at.lt(end))
        .select(follow_ups::channel)
        .load(conn)
        .await?;
    let mut activity = Activity::default();
    for channel in channels {
        activity.count(channel, 1);
    }
    #[derive(QueryableByName)]
    struct Pipeline {
        #[diesel(sql_type = BigInt)]
        open: i64,
        #[diesel(sql_type = BigInt)]
        overdue: i64,
        #[diesel(sql_type = BigInt)]
        due_today: i64,
    }
    let pipeline: Pipeline = diesel::sql_query(format!(
        "SELECT count(*) AS open, count(*) FILTER (WHERE w.next_follow_up_on < $4) AS overdue, \
         count(*) FILTER (WHERE w.next_follow_up_on = $4) AS due_today \
         FROM ({view} WHERE v.owner_id = $3 AND v.status IN ({working})) w",
        view = prospect_view(),
        working = working_statuses(),
    ))
    .bind::<Timestamptz, _>(day.dormant_before)
    .bind::<BigInt, _>(scope.store_id)
    .bind::<BigInt, _>(consultant_id)
    .bind::<Date, _>(day.today)
    .get_result(conn)
    .await?;
    let loyalty_due: i64 = loyalty_contacts::table
        .filter(loyalty_contacts::store_id.eq(scope.store_id))
        .filter(loyalty_contacts::assignee_id.eq(consultant_id))
        .filter(loyalty_contacts::status.eq(LoyaltyStatus::Due))
        .filter(loyalty_contacts::due_on.le(day.today))
        .count()
        .get_result(conn)
        .await?;
    Ok(MyDay {
        today: day.today,
        activity,
        targets: day.targets,
        open_prospects: pipeline.open,
        pipeline_size: day.pipeline_size,
        overdue: pipeline.overdue,
        due_today: pipeline.due_today,
        loyalty_due,
    })
}
