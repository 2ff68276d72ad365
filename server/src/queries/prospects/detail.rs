//! `GET /prospects/{id}`: one card with its visits, follow-ups, orders, lost deals,
//! owners and history.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{FollowUp, HistoryEntry, Order, Ownership, ProspectDetail, Visit};

use crate::error::ApiResult;
use crate::models::{FollowUpRow, OrderRow};
use crate::queries::customers::customer;
use crate::queries::scope::{store_day, Scope};
use crate::queries::sql::{VisitView, VISIT_VIEW};
use crate::schema::{follow_ups, orders, prospect_owners, users};

use super::{lost_deal_views, view, LostDealFilter};

pub async fn detail(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
) -> ApiResult<ProspectDetail> {
    let day = store_day(conn, scope.store_id).await?;
    let prospect = view(conn, scope, &day, id).await?;
    let customer = customer(conn, scope.store_id, prospect.customer_id).await?;
    let visits: Vec<Visit> = diesel::sql_query(format!(
        "{VISIT_VIEW} WHERE v.store_id = $1 AND v.prospect_id = $2 ORDER BY v.arrived_at DESC, v.id DESC"
    ))
    .bind::<BigInt, _>(scope.store_id)
    .bind::<BigInt, _>(id)
    .load::<VisitView>(conn)
    .await?
    .into_iter()
    .map(Visit::from)
    .collect();
    let follow_ups = follow_ups_of(conn, scope.store_id, id).await?;
    let orders = orders_of(conn, scope.store_id, id).await?;
    let lost_deals = lost_deal_views(conn, scope, LostDealFilter::Prospect(id)).await?;
    let owners = owners_of(conn, scope.store_id, id).await?;
    let history = history_of(conn, scope.store_id, id).await?;
    Ok(ProspectDetail {
        prospect,
        customer,
        visits,
        follow_ups,
        orders,
        lost_deals,
        owners,
        history,
        cadence: day.cadence,
        today: day.today,
    })
}

async fn follow_ups_of(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    prospect_id: i64,
) -> ApiResult<Vec<FollowUp>> {
    let rows: Vec<(FollowUpRow, String)> = follow_ups::table
        .inner_join(users::table.on(users::id.eq(follow_ups::author_id)))
        .filter(follow_ups::store_id.eq(store_id))
        .filter(follow_ups::prospect_id.eq(prospect_id))
        .order((follow_ups::at.desc(), follow_ups::id.desc()))
        .select((FollowUpRow::as_select(), users::name))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(f, author)| follow_up_api(f, author))
        .collect())
}

pub(crate) fn follow_up_api(f: FollowUpRow, author_name: String) -> FollowUp {
    FollowUp {
        id: f.id,
        prospect_id: f.prospect_id,
        author_id: f.author_id,
        author_name,
        channel: f.channel,
        at: f.at,
        note: f.note,
        grade_before: f.grade_before,
        grade_after: f.grade_after,
        next_follow_up_on: f.next_follow_up_on,
    }
}

async fn orders_of(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    prospect_id: i64,
) -> ApiResult<Vec<Order>> {
    let rows: Vec<(OrderRow, String)> = orders::table
        .inner_join(
            crate::schema::vehicle_models::table
                .on(crate::schema::vehicle_models::id.eq(orders::vehicle_model_id)),
        )
        .filter(orders::store_id.eq(store_id))
        .filter(orders::prospect_id.eq(prospect_id))
        .order((orders::ordered_at.desc(), orders::id.desc()))
        .select((OrderRow::as_select(), crate::schema::vehicle_models::name))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(o, model)| order_api(o, model))
        .collect())
}

pub(crate) fn order_api(o: OrderRow, vehicle_model_name: String) -> Order {
    Order {
        id: o.id,
        prospect_id: o.prospect_id,
        consultant_id: o.consultant_id,
        vehicle_model_id: o.vehicle_model_id,
        vehicle_model_name,
        sale_type: o.sale_type,
        ordered_at: o.ordered_at,
        delivered_at: o.delivered_at,
    }
}

async fn owners_of(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    prospect_id: i64,
) -> ApiResult<Vec<Ownership>> {
    let (owner, assigner) = diesel::alias!(users as owner, users as assigner);
    let rows: Vec<OwnershipRow> = prospect_owners::table
        .inner_join(owner.on(owner.field(users::id).eq(prospect_owners::owner_id)))
        .left_join(
            assigner.on(prospect_owners::assigned_by.eq(assigner.field(users::id).nullable())),
        )
        .filter(prospect_owners::store_id.eq(store_id))
        .filter(prospect_owners::prospect_id.eq(prospect_id))
        .order((prospect_owners::from_at.desc(), prospect_owners::id.desc()))
        .select((
            prospect_owners::owner_id,
            owner.field(users::name),
            prospect_owners::from_at,
            prospect_owners::until_at,
            assigner.field(users::name).nullable(),
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Ownership {
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            from_at: r.from_at,
            until_at: r.until_at,
            assigned_by_name: r.assigned_by_name,
        })
        .collect())
}

#[derive(Queryable)]
struct OwnershipRow {
    owner_id: i64,
    owner_name: String,
    from_at: DateTime<Utc>,
    until_at: Option<DateTime<Utc>>,
    assigned_by_name: Option<String>,
}

#[derive(QueryableByName)]
struct HistoryRow {
    #[diesel(sql_type = Timestamptz)]
    at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    actor_name: Option<String>,
    #[diesel(sql_type = Text)]
    entity: String,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Nullable<Jsonb>)]
    old_values: Option<serde_json::Value>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    new_values: Option<serde_json::Value>,
}

/// The audit entries of the prospect and of its follow-ups, orders and lost deals.
async fn history_of(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    prospect_id: i64,
) -> ApiResult<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = diesel::sql_query(
        "SELECT a.at, u.name AS actor_name, a.entity, a.action, a.old_values, a.new_values \
         FROM audit_entries a LEFT JOIN users u ON u.id = a.actor_id \
         WHERE a.store_id = $1 AND ( \
           (a.entity = 'prospect' AND a.entity_id = $2) \
           OR (a.entity = 'customer' AND a.entity_id = (SELECT customer_id FROM prospects WHERE id = $2)) \
           OR (a.entity = 'follow_up' AND a.entity_id IN (SELECT id FROM follow_ups WHERE prospect_id = $2)) \
           OR (a.entity = 'order' AND a.entity_id IN (SELECT id FROM orders WHERE prospect_id = $2)) \
           OR (a.entity = 'lost_deal' AND a.entity_id IN (SELECT id FROM lost_deals WHERE prospect_id = $2))) \
         ORDER BY a.at DESC, a.id DESC LIMIT 200",
    )
    .bind::<BigInt, _>(store_id)
    .bind::<BigInt, _>(prospect_id)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            at: r.at,
            actor_name: r.actor_name,
            entity: r.entity,
            action: r.action,
            old_values: r.old_values,
            new_values: r.new_values,
        })
        .collect())
}
