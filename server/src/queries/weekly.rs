//! The weekly action plan: the month's targets the manager saves (`sales_targets`, the
//! month's rows, `week_start` NULL) and each week's actuals, counted in the store's zone.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{MonthTargets, Targets, WeeklyLine, WeeklyPlan};
use keyuan_shared::errors::Reason;
use keyuan_shared::metrics::{plan_weeks, weekly_line, weeks_of_month, MonthWeek};
use keyuan_shared::Role;
use serde::Serialize;

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::queries::scope::store_today;
use crate::schema::{sales_targets, users};

/// What the audit records of one saved row.
#[derive(Serialize)]
struct TargetEntry {
    month: NaiveDate,
    consultant_id: Option<i64>,
    sales: i32,
    orders: i32,
    prospects: i32,
}

fn as_i32(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Saves the month's targets of the store and of each consultant given (starting
/// `first`), replacing what was saved for them; one audit entry per row that changed.
pub async fn save(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    actor_id: i64,
    first: NaiveDate,
    request: &MonthTargets,
) -> ApiResult<()> {
    conn.transaction(async |conn| {
        let wanted: Vec<i64> = request
            .consultants
            .iter()
            .map(|c| c.consultant_id)
            .collect();
        let known: BTreeSet<i64> = users::table
            .filter(users::store_id.eq(store_id))
            .filter(users::role.eq(Role::Consultant.as_str()))
            .filter(users::active.eq(true))
            .filter(users::id.eq_any(&wanted))
            .select(users::id)
            .load::<i64>(conn)
            .await?
            .into_iter()
            .collect();
        if let Some(i) = wanted.iter().position(|id| !known.contains(id)) {
            return Err(ApiError::invalid(
                format!("consultants[{i}].consultant_id"),
                Reason::NoSuchConsultant,
            ));
        }
        let rows = std::iter::once((None, request.store)).chain(
            request
                .consultants
                .iter()
                .map(|c| (Some(c.consultant_id), c.targets)),
        );
        for (consultant_id, targets) in rows {
            upsert(conn, store_id, actor_id, first, consultant_id, targets).await?;
        }
        live::notify(conn, store_id, "targets_changed", None).await?;
        Ok(())
    })
    .await
}

async fn upsert(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    actor_id: i64,
    month: NaiveDate,
    consultant_id: Option<i64>,
    targets: Targets,
) -> ApiResult<()> {
    let new = TargetEntry {
        month,
        consultant_id,
        sales: as_i32(targets.sales),
        orders: as_i32(targets.orders),
        prospects: as_i32(targets.prospects),
    };
    let existing = sales_targets::table
        .filter(sales_targets::store_id.eq(store_id))
        .filter(sales_targets::month.eq(month))
        .filter(sales_targets::week_start.is_null())
        .filter(sales_targets::consultant_id.is_not_distinct_from(consultant_id))
        .select((
            sales_targets::id,
            sales_targets::sales,
            sales_targets::orders,
            sales_targets::new_prospects,
        ))
        .for_update();
    let old: Option<(i64, i32, i32, i32)> = existing.first(conn).await.optional()?;
    let values = (
        sales_targets::sales.eq(new.sales),
        sales_targets::orders.eq(new.orders),
        sales_targets::new_prospects.eq(new.prospects),
        sales_targets::set_by.eq(actor_id),
        sales_targets::updated_at.eq(diesel::dsl::now),
    );
    let (id, old) = match old {
        Some((id, sales, orders, prospects)) => {
            diesel::update(sales_targets::table.find(id))
                .set(values)
                .execute(conn)
                .await?;
            let old = TargetEntry {
                sales,
                orders,
                prospects,
                ..new
            };
            (id, Some(old))
        }
        None => {
            let id = diesel::insert_into(sales_targets::table)
                .values((
                    sales_targets::store_id.eq(store_id),
                    sales_targets::consultant_id.eq(consultant_id),
                    sales_targets::month.eq(month),
                    values,
                ))
                .returning(sales_targets::id)
                .get_result(conn)
                .await?;
            (id, None)
        }
    };
    let change = Change::of(
        Some(store_id),
        Some(actor_id),
        "sales_target",
        id,
        old.as_ref(),
        &new,
    );
    audit::record(conn, change).await
}

/// The month's saved targets: the store's under `None`, each consultant's under their id.
pub(crate) async fn month_targets(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    month: NaiveDate,
) -> ApiResult<BTreeMap<Option<i64>, Targets>> {
    let rows: Vec<(Option<i64>, i32, i32, i32)> = sales_targets::table
        .filter(sales_targets::store_id.eq(store_id))
        .filter(sales_targets::month.eq(month))
        .filter(sales_targets::week_start.is_null())
        .select((
            sales_targets::consultant_id,
            sales_targets::sales,
            sales_targets::orders,
            sales_targets::new_prospects,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(who, sales, orders, prospects)| {
            let targets = Targets {
                sales: sales.into(),
                orders: orders.into(),
                prospects: prospects.into(),
            };
            (who, targets)
        })
        .collect())
}

#[derive(QueryableByName)]
struct Actual {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    who: i64,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Each consultant's actuals of each week, in one statement: orders delivered (sales),
/// orders placed and prospects created, by the store-local date they happened on.
async fn actuals(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    weeks: &[MonthWeek],
) -> ApiResult<BTreeMap<i64, Vec<Targets>>> {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(BTreeMap::new());
    };
    let within = |at: &str| {
        format!(
            "{at} >= ($2::date)::timestamp AT TIME ZONE s.time_zone \
             AND {at} < ($3::date + 1)::timestamp AT TIME ZONE s.time_zone"
        )
    };
    let sql = format!(
        "SELECT e.kind, e.who, (e.at AT TIME ZONE s.time_zone)::date AS day, count(*) AS n \
         FROM stores s CROSS JOIN LATERAL ( \
           SELECT 'sales' AS kind, o.consultant_id AS who, o.delivered_at AS at \
             FROM orders o WHERE o.store_id = s.id AND {delivered} \
           UNION ALL SELECT 'orders', o.consultant_id, o.ordered_at \
             FROM orders o WHERE o.store_id = s.id AND {ordered} \
           UNION ALL SELECT 'prospects', p.owner_id, p.created_at \
             FROM prospects p WHERE p.store_id = s.id AND {created} \
         ) e WHERE s.id = $1 GROUP BY 1, 2, 3",
        delivered = within("o.delivered_at"),
        ordered = within("o.ordered_at"),
        created = within("p.created_at"),
    );
    let rows: Vec<Actual> = diesel::sql_query(sql)
        .bind::<BigInt, _>(store_id)
        .bind::<Date, _>(first.range.from)
        .bind::<Date, _>(last.range.to)
        .load(conn)
        .await?;
    let mut by_consultant: BTreeMap<i64, Vec<Targets>> = BTreeMap::new();
    for row in rows {
        let Some(week) = weeks
            .iter()
            .position(|w| w.range.from <= row.day && row.day <= w.range.to)
        else {
            continue;
        };
        let line = by_consultant
            .entry(row.who)
            .or_insert_with(|| vec![Targets::default(); weeks.len()]);
        let cell = &mut line[week];
        match row.kind.as_str() {
            "sales" => cell.sales += row.n,
            "orders" => cell.orders += row.n,
            _ => cell.prospects += row.n,
        }
    }
    Ok(by_consultant)
}

#[derive(QueryableByName)]
struct Person {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    name: String,
}

/// The weekly plan of the month starting `first`: the store's line and one for every
/// active consultant of the store (and anyone else with targets or actuals in it).
pub async fn weekly_plan(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    first: NaiveDate,
) -> ApiResult<WeeklyPlan> {
    let today = store_today(conn, store_id).await?;
    let weeks = weeks_of_month(first);
    let targets = month_targets(conn, store_id, first).await?;
    let actuals = actuals(conn, store_id, &weeks).await?;
    let others: Vec<i64> = targets
        .keys()
        .flatten()
        .chain(actuals.keys())
        .copied()
        .collect();
    let people: Vec<Person> = diesel::sql_query(
        "SELECT id, name FROM users WHERE store_id = $1 \
         AND ((role = $2 AND active) OR id = ANY($3)) ORDER BY name, id",
    )
    .bind::<BigInt, _>(store_id)
    .bind::<Text, _>(Role::Consultant.as_str())
    .bind::<Array<BigInt>, _>(&others)
    .load(conn)
    .await?;
    let mut store_actuals = vec![Targets::default(); weeks.len()];
    for line in actuals.values() {
        for (total, week) in store_actuals.iter_mut().zip(line) {
            total.sales += week.sales;
            total.orders += week.orders;
            total.prospects += week.prospects;
        }
    }
    let store_targets = targets.get(&None).copied();
    let consultants = people
        .into_iter()
        .map(|p| {
            let month_targets = targets.get(&Some(p.id)).copied();
            let actual = actuals.get(&p.id).map(Vec::as_slice).unwrap_or_default();
            WeeklyLine {
                consultant_id: Some(p.id),
                name: Some(p.name),
                month_targets,
                weeks: weekly_line(&weeks, month_targets, actual),
            }
        })
        .collect();
    Ok(WeeklyPlan {
        month: first.format("%Y-%m").to_string(),
        today,
        weeks: plan_weeks(first, today),
        store: WeeklyLine {
            consultant_id: None,
            name: None,
            month_targets: store_targets,
            weeks: weekly_line(&weeks, store_targets, &store_actuals),
        },
        consultants,
    })
}
