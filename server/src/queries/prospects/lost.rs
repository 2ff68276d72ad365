//! Lost deals (战败): the consultant's request, the manager's decision and their lists.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{LostDeal, LostDecision, NewLostDeal};
use keyuan_shared::errors::Reason;
use keyuan_shared::prospects::{self as rules, ProspectEvent};
use keyuan_shared::{validate, Grade, LostDealStatus, LostReason};

use crate::audit;
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::{LostDealRow, ProspectRow};
use crate::queries::scope::{store_day, Scope};
use crate::queries::sql::{query_with, Param};
use crate::schema::{lost_deals, prospects};

use super::{lock, lock_for, step, Locked};

// ---- the manager's and the consultant's lists of lost deals ----

#[derive(QueryableByName)]
struct LostDealView {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    prospect_id: i64,
    #[diesel(sql_type = Text)]
    reason: LostReason,
    #[diesel(sql_type = Text)]
    note: String,
    #[diesel(sql_type = BigInt)]
    requested_by: i64,
    #[diesel(sql_type = Text)]
    requested_by_name: String,
    #[diesel(sql_type = Timestamptz)]
    requested_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    status: LostDealStatus,
    #[diesel(sql_type = Nullable<BigInt>)]
    decided_by: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    decided_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    decision_comment: String,
    #[diesel(sql_type = Text)]
    customer_name: String,
    #[diesel(sql_type = Text)]
    customer_phone: String,
    #[diesel(sql_type = Text)]
    owner_name: String,
    #[diesel(sql_type = Text)]
    grade: Grade,
    #[diesel(sql_type = Nullable<Text>)]
    vehicle_model_name: Option<String>,
}

impl From<LostDealView> for LostDeal {
    fn from(v: LostDealView) -> Self {
        LostDeal {
            id: v.id,
            prospect_id: v.prospect_id,
            reason: v.reason,
            note: v.note,
            requested_by: v.requested_by,
            requested_by_name: v.requested_by_name,
            requested_at: v.requested_at,
            status: v.status,
            decided_by: v.decided_by,
            decided_at: v.decided_at,
            decision_comment: v.decision_comment,
            customer_name: v.customer_name,
            customer_phone: v.customer_phone,
            owner_name: v.owner_name,
            grade: v.grade,
            vehicle_model_name: v.vehicle_model_name,
        }
    }
}

pub enum LostDealFilter {
    Status(LostDealStatus),
    Prospect(i64),
    Id(i64),
}

pub(crate) async fn lost_deal_views(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: LostDealFilter,
) -> ApiResult<Vec<LostDeal>> {
    let mut sql = String::from(
        "SELECT l.id, l.prospect_id, l.reason, l.note, l.requested_by, r.name AS requested_by_name, l.requested_at, \
         l.status, l.decided_by, l.decided_at, l.decision_comment, c.name AS customer_name, c.phone AS customer_phone, \
         o.name AS owner_name, p.grade, m.name AS vehicle_model_name \
         FROM lost_deals l JOIN prospects p ON p.id = l.prospect_id JOIN customers c ON c.id = p.customer_id \
         JOIN users r ON r.id = l.requested_by JOIN users o ON o.id = p.owner_id \
         LEFT JOIN vehicle_models m ON m.id = p.vehicle_model_id WHERE l.store_id = $1",
    );
    let mut params = vec![Param::Id(scope.store_id)];
    match filter {
        LostDealFilter::Status(status) => {
            params.push(Param::Text(status.as_str().into()));
            sql.push_str(" AND l.status = $2");
        }
        LostDealFilter::Prospect(id) => {
            params.push(Param::Id(id));
            sql.push_str(" AND l.prospect_id = $2");
        }
        LostDealFilter::Id(id) => {
            params.push(Param::Id(id));
            sql.push_str(" AND l.id = $2");
        }
    }
    if let Some(owner) = scope.owner_id {
        params.push(Param::Id(owner));
        sql.push_str(" AND p.owner_id = $3");
    }
    sql.push_str(" ORDER BY l.requested_at DESC, l.id DESC LIMIT 500");
    let rows: Vec<LostDealView> = query_with(sql, params).load(conn).await?;
    Ok(rows.into_iter().map(LostDeal::from).collect())
}

pub async fn lost_deals(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    status: LostDealStatus,
) -> ApiResult<Vec<LostDeal>> {
    lost_deal_views(conn, scope, LostDealFilter::Status(status)).await
}

async fn lost_deal(conn: &mut AsyncPgConnection, scope: Scope, id: i64) -> ApiResult<LostDeal> {
    lost_deal_views(conn, scope, LostDealFilter::Id(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("lost deal"))
}

/// `POST /prospects/{id}/lost`: the consultant's request; the prospect waits for a manager.
pub async fn request_lost(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    new: &NewLostDeal,
) -> ApiResult<LostDeal> {
    conn.transaction(async |conn| {
        let Locked { old, status, .. } =
            lock_for(conn, scope, id, ProspectEvent::RequestLost).await?;
        let row: LostDealRow = diesel::insert_into(lost_deals::table)
            .values((
                lost_deals::store_id.eq(scope.store_id),
                lost_deals::prospect_id.eq(id),
                lost_deals::reason.eq(new.reason),
                lost_deals::note.eq(new.note.as_deref().map(str::trim).unwrap_or("")),
                lost_deals::requested_by.eq(scope.actor_id),
            ))
            .returning(LostDealRow::as_returning())
            .get_result(conn)
            .await?;
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::status.eq(status),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("lost_deal", row.id, None, &row)).await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "lost_deal_requested", Some(row.id)).await?;
        let created = lost_deal(conn, scope, row.id).await?;
        Ok(created)
    })
    .await
}

/// A manager's decision on a pending lost deal: confirmed closes the prospect; rejected
/// reopens it with a follow-up due tomorrow.
pub async fn decide_lost(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    confirm: bool,
    decision: &LostDecision,
) -> ApiResult<LostDeal> {
    scope.require_manager()?;
    let comment = decision.comment.as_deref().map(str::trim).unwrap_or("");
    validate::note("comment", comment)?;
    if !decision.is_complete(confirm) {
        return Err(ApiError::invalid("comment", Reason::RejectNeedsComment));
    }
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        let old: LostDealRow = lost_deals::table
            .filter(lost_deals::store_id.eq(scope.store_id))
            .filter(lost_deals::id.eq(id))
            .select(LostDealRow::as_select())
            .for_update()
            .first(conn)
            .await
            .optional()?
            .ok_or_else(|| ApiError::not_found("lost deal"))?;
        if old.status != LostDealStatus::Pending {
            return Err(ApiError::conflict("status", Reason::AlreadyDecided));
        }
        let prospect = lock(conn, scope, old.prospect_id).await?;
        let event = if confirm {
            ProspectEvent::ConfirmLost
        } else {
            ProspectEvent::RejectLost
        };
        let status = step(prospect.status, false, event)?;
        let decided = if confirm {
            LostDealStatus::Confirmed
        } else {
            LostDealStatus::Rejected
        };
        let row: LostDealRow = diesel::update(lost_deals::table.find(id))
            .set((
                lost_deals::status.eq(decided),
                lost_deals::decided_by.eq(Some(scope.actor_id)),
                lost_deals::decided_at.eq(Some(Utc::now())),
                lost_deals::decision_comment.eq(comment),
            ))
            .returning(LostDealRow::as_returning())
            .get_result(conn)
            .await?;
        let next = if confirm {
            None
        } else {
            Some(rules::first_follow_up(day.today))
        };
        let updated: ProspectRow = diesel::update(prospects::table.find(prospect.id))
            .set((
                prospects::status.eq(status),
                prospects::next_follow_up_on.eq(next),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("lost_deal", id, Some(&old), &row)).await?;
        audit::record(
            conn,
            scope.change("prospect", prospect.id, Some(&prospect), &updated),
        )
        .await?;
        live::notify(
            conn,
            scope.store_id,
            if confirm {
                "lost_deal_confirmed"
            } else {
                "lost_deal_rejected"
            },
            Some(id),
        )
        .await?;
        lost_deal(conn, scope, id).await
    })
    .await
}
