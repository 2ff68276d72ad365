//! The daily activity report (销售活动日报表): each consultant's follow-ups of the range in
//! the 5-20-30 columns — counted by `keyuan_shared::api::Activity::count`, as My day
//! counts them — the prospects they added, and their overdue follow-ups now.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_async::AsyncPgConnection;
use diesel_async::RunQueryDsl;
use keyuan_shared::api::{Activity, ActivityLine, ActivityReport};
use keyuan_shared::metrics::{activity_due, days_due, DateRange};
use keyuan_shared::FollowUpChannel;

use super::counts::overdue_by_owner;
use super::{in_range, range_params, Roster};
use crate::error::ApiResult;
use crate::queries::scope::store_day;
use crate::queries::sql::query_with;

/// `GET /metrics/activity`: one store's report over `range`.
pub async fn activity(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<ActivityReport> {
    let day = store_day(conn, store_id).await?;
    let roster = Roster::of(conn, store_id).await?;

    #[derive(QueryableByName)]
    struct Logged {
        #[diesel(sql_type = BigInt)]
        author_id: i64,
        #[diesel(sql_type = Text)]
        channel: FollowUpChannel,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = format!(
        "SELECT f.author_id, f.channel, count(*) AS n FROM follow_ups f JOIN stores s ON s.id = f.store_id \
         WHERE f.store_id = $1 AND {} GROUP BY f.author_id, f.channel",
        in_range("f.at")
    );
    let logged: Vec<Logged> = query_with(sql, range_params(store_id, range))
        .load(conn)
        .await?;
    let mut activity: BTreeMap<i64, Activity> = BTreeMap::new();
    for row in logged {
        activity
            .entry(row.author_id)
            .or_default()
            .count(row.channel, row.n);
    }

    #[derive(QueryableByName)]
    struct Added {
        #[diesel(sql_type = BigInt)]
        owner_id: i64,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = format!(
        "SELECT p.owner_id, count(*) AS n FROM prospects p JOIN stores s ON s.id = p.store_id \
         WHERE p.store_id = $1 AND {} GROUP BY p.owner_id",
        in_range("p.created_at")
    );
    let added: BTreeMap<i64, i64> = query_with(sql, range_params(store_id, range))
        .load::<Added>(conn)
        .await?
        .into_iter()
        .map(|r| (r.owner_id, r.n))
        .collect();
    let overdue = overdue_by_owner(conn, store_id, day.today, day.dormant_before).await?;

    let others = activity.keys().chain(added.keys()).copied();
    let consultants = roster
        .lines(others.filter(|id| roster.is_consultant(*id)))
        .into_iter()
        .map(|id| ActivityLine {
            consultant_id: id,
            name: roster.name(id),
            activity: activity.get(&id).copied().unwrap_or_default(),
            prospects_added: added.get(&id).copied().unwrap_or(0),
            overdue: overdue.get(&id).copied().unwrap_or(0),
        })
        .collect();
    let days = days_due(range, day.today);
    Ok(ActivityReport {
        from: range.from,
        to: range.to,
        targets: day.targets,
        days_due: days,
        due: activity_due(day.targets, days),
        consultants,
    })
}
