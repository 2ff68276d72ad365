//! The rotation (接待轮序) board and who is on duty.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Rotation, RotationEntry};
use keyuan_shared::rotation::{self, Standing};
use keyuan_shared::{Role, VisitKind};

use crate::audit::{self, Change};
use crate::error::ApiResult;
use crate::live;
use crate::queries::metrics::counts::overdue_by_owner;
use crate::queries::scope::store_day;
use crate::queries::users::check_consultant;
use crate::schema::{duty_exceptions, stores};
use crate::time::day_bounds;

#[derive(QueryableByName)]
struct StandingRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    on_duty: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_taken_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    with_customers: i64,
}

/// The up board for a store-local day.
pub async fn rotation(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    date: NaiveDate,
    tz: Tz,
) -> ApiResult<Rotation> {
    let (start, end) = day_bounds(tz, date);
    let rows: Vec<StandingRow> = diesel::sql_query(format!(
        "SELECT u.id, u.name, (d.user_id IS NULL) AS on_duty, w.last_taken_at, COALESCE(w.with_customers, 0) AS with_customers \
         FROM users u \
         LEFT JOIN duty_exceptions d ON d.store_id = u.store_id AND d.user_id = u.id AND d.day = $2 \
         LEFT JOIN (SELECT consultant_id, max(arrived_at) AS last_taken_at, count(*) FILTER (WHERE left_at IS NULL) AS with_customers \
                    FROM visits WHERE store_id = $1 AND kind = '{walk_in}' AND arrived_at >= $3 AND arrived_at < $4 \
                    GROUP BY consultant_id) w ON w.consultant_id = u.id \
         WHERE u.store_id = $1 AND u.role = '{consultant}' AND u.active",
        walk_in = VisitKind::WalkIn.as_str(),
        consultant = Role::Consultant.as_str(),
    ))
    .bind::<BigInt, _>(store_id)
    .bind::<Date, _>(date)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load(conn)
    .await?;
    // the store's rule: overdue follow-ups are counted only when it is on
    let skip_overdue: bool = stores::table
        .find(store_id)
        .select(stores::rotation_skips_overdue)
        .first(conn)
        .await?;
    let overdue = if skip_overdue {
        let day = store_day(conn, store_id).await?;
        overdue_by_owner(conn, store_id, day.today, day.dormant_before).await?
    } else {
        Default::default()
    };
    let overdue_of = |id: i64| overdue.get(&id).copied().unwrap_or(0);
    let standings: Vec<Standing> = rows
        .iter()
        .map(|r| Standing {
            consultant_id: r.id,
            on_duty: r.on_duty,
            last_taken_at: r.last_taken_at,
            with_customers: r.with_customers as u32,
            overdue: u32::try_from(overdue_of(r.id)).unwrap_or(u32::MAX),
        })
        .collect();
    let next_consultant_id = rotation::next_up(&standings, skip_overdue);
    let consultants = rotation::board(standings)
        .into_iter()
        .filter_map(|s| Some((rows.iter().find(|r| r.id == s.consultant_id)?, s)))
        .map(|(r, s)| RotationEntry {
            overdue: overdue_of(r.id),
            skipped: rotation::skipped(&s, skip_overdue),
            consultant_id: r.id,
            name: r.name.clone(),
            on_duty: r.on_duty,
            with_customers: r.with_customers,
            last_taken_at: r.last_taken_at,
        })
        .collect();
    Ok(Rotation {
        date,
        next_consultant_id,
        consultants,
    })
}

/// Takes a consultant off duty for `date`, or puts them back.
pub async fn set_duty(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    date: NaiveDate,
    consultant_id: i64,
    on_duty: bool,
) -> ApiResult<()> {
    conn.transaction(async |conn| {
        check_consultant(conn, store_id, consultant_id).await?;
        let key = (
            duty_exceptions::store_id.eq(store_id),
            duty_exceptions::user_id.eq(consultant_id),
            duty_exceptions::day.eq(date),
        );
        let changed = if on_duty {
            diesel::delete(
                duty_exceptions::table
                    .filter(key.0)
                    .filter(key.1)
                    .filter(key.2),
            )
            .execute(conn)
            .await?
        } else {
            diesel::insert_into(duty_exceptions::table)
                .values((key.0, key.1, key.2, duty_exceptions::set_by.eq(actor_id)))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?
        };
        if changed > 0 {
            let was = serde_json::json!({"day": date, "on_duty": !on_duty});
            let now = serde_json::json!({"day": date, "on_duty": on_duty});
            audit::record(
                conn,
                Change::of(
                    Some(store_id),
                    Some(actor_id),
                    "duty",
                    consultant_id,
                    Some(&was),
                    &now,
                ),
            )
            .await?;
            live::notify(conn, store_id, "rotation_changed", Some(consultant_id)).await?;
        }
        Ok(())
    })
    .await
}
