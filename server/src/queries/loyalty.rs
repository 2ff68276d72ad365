//! Loyalty contacts (忠诚客户维护): the consultant's work list, completing a contact, and
//! the manager's on-time report. The schedule itself is made at delivery
//! (`prospects::deliver`) from `keyuan_shared::loyalty`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{
    CompleteLoyaltyContact, LoyaltyCompleted, LoyaltyContact, LoyaltyList, LoyaltyPunctuality,
    LoyaltyReport, LoyaltyTask,
};
use keyuan_shared::errors::Reason;
use keyuan_shared::loyalty::{punctuality, Punctuality};
use keyuan_shared::{validate, LoyaltyChannel, LoyaltyOutcome, LoyaltyStatus, LoyaltyStep};

use crate::audit;
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::LoyaltyContactRow;
use crate::queries::scope::{store_today, Scope};
use crate::queries::sql::{query_with, Param};
use crate::schema::loyalty_contacts;
use crate::time::{local_date, parse_zone};

#[derive(QueryableByName)]
struct TaskView {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    order_id: i64,
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = BigInt)]
    assignee_id: i64,
    #[diesel(sql_type = Text)]
    step: LoyaltyStep,
    #[diesel(sql_type = Text)]
    channel: LoyaltyChannel,
    #[diesel(sql_type = Date)]
    due_on: NaiveDate,
    #[diesel(sql_type = Text)]
    status: LoyaltyStatus,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<LoyaltyOutcome>,
    #[diesel(sql_type = Text)]
    note: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    completed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    customer_name: String,
    #[diesel(sql_type = Text)]
    customer_phone: String,
    #[diesel(sql_type = Text)]
    assignee_name: String,
    #[diesel(sql_type = Text)]
    vehicle_model_name: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    delivered_at: Option<DateTime<Utc>>,
}

impl TaskView {
    fn into_api(self, today: NaiveDate) -> LoyaltyTask {
        LoyaltyTask {
            overdue: self.status == LoyaltyStatus::Due && self.due_on < today,
            contact: LoyaltyContact {
                id: self.id,
                order_id: self.order_id,
                customer_id: self.customer_id,
                assignee_id: self.assignee_id,
                step: self.step,
                channel: self.channel,
                due_on: self.due_on,
                status: self.status,
                outcome: self.outcome,
                note: self.note,
                completed_at: self.completed_at,
            },
            customer_name: self.customer_name,
            customer_phone: self.customer_phone,
            assignee_name: self.assignee_name,
            vehicle_model_name: self.vehicle_model_name,
            delivered_at: self.delivered_at,
        }
    }
}

/// Contacts with their customer, assignee and car; `$1` is the store.
const TASK_VIEW: &str = "SELECT l.id, l.order_id, l.customer_id, l.assignee_id, l.step, l.channel, l.due_on, l.status, \
     l.outcome, l.note, l.completed_at, c.name AS customer_name, c.phone AS customer_phone, u.name AS assignee_name, \
     m.name AS vehicle_model_name, o.delivered_at \
     FROM loyalty_contacts l JOIN customers c ON c.id = l.customer_id JOIN users u ON u.id = l.assignee_id \
     JOIN orders o ON o.id = l.order_id JOIN vehicle_models m ON m.id = o.vehicle_model_id WHERE l.store_id = $1";

/// Which part of the work list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Due today (still to be made).
    Due,
    /// Past their date and still to be made.
    Overdue,
    /// Made, newest first.
    Done,
}

/// The work list: without `part`, everything due today or earlier and not yet made.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    part: Option<Part>,
    assignee_id: Option<i64>,
) -> ApiResult<LoyaltyList> {
    let today = store_today(conn, scope.store_id).await?;
    let (due, done) = (LoyaltyStatus::Due.as_str(), LoyaltyStatus::Done.as_str());
    let clause = match part {
        None => format!("l.status = '{due}' AND l.due_on <= $2 ORDER BY l.due_on, l.id"),
        Some(Part::Due) => format!("l.status = '{due}' AND l.due_on = $2 ORDER BY l.id"),
        Some(Part::Overdue) => {
            format!("l.status = '{due}' AND l.due_on < $2 ORDER BY l.due_on, l.id")
        }
        Some(Part::Done) => {
            format!("l.status = '{done}' ORDER BY l.completed_at DESC, l.id DESC")
        }
    };
    let mut params = vec![Param::Id(scope.store_id)];
    if part != Some(Part::Done) {
        params.push(Param::Day(today));
    }
    // a consultant's own list; a manager's whole store, or one consultant's
    let mut sql = String::from(TASK_VIEW);
    if let Some(assignee) = scope.owner_id.or(assignee_id) {
        params.push(Param::Id(assignee));
        sql.push_str(&format!(" AND l.assignee_id = ${}", params.len()));
    }
    sql.push_str(&format!(" AND {clause} LIMIT 1000"));
    let rows: Vec<TaskView> = query_with(sql, params).load(conn).await?;
    Ok(LoyaltyList {
        today,
        contacts: rows.into_iter().map(|r| r.into_api(today)).collect(),
    })
}

async fn task(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    id: i64,
    today: NaiveDate,
) -> ApiResult<LoyaltyTask> {
    diesel::sql_query(format!("{TASK_VIEW} AND l.id = $2"))
        .bind::<BigInt, _>(store_id)
        .bind::<BigInt, _>(id)
        .get_result::<TaskView>(conn)
        .await
        .optional()?
        .map(|r| r.into_api(today))
        .ok_or_else(|| ApiError::not_found("loyalty contact"))
}

/// Records a contact's outcome; `declined` cancels the customer's remaining contacts.
pub async fn complete(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    body: &CompleteLoyaltyContact,
) -> ApiResult<LoyaltyCompleted> {
    let note = body.note.as_deref().map(str::trim).unwrap_or("");
    validate::note("note", note)?;
    conn.transaction(async |conn| {
        let today = store_today(conn, scope.store_id).await?;
        let old: LoyaltyContactRow = loyalty_contacts::table
            .filter(loyalty_contacts::store_id.eq(scope.store_id))
            .filter(loyalty_contacts::id.eq(id))
            .select(LoyaltyContactRow::as_select())
            .for_update()
            .first(conn)
            .await
            .optional()?
            .filter(|c| scope.owner_id.is_none_or(|owner| owner == c.assignee_id))
            .ok_or_else(|| ApiError::not_found("loyalty contact"))?;
        match old.status {
            LoyaltyStatus::Due => {}
            LoyaltyStatus::Done => return Err(ApiError::conflict("status", Reason::ContactDone)),
            LoyaltyStatus::Cancelled => {
                return Err(ApiError::conflict("status", Reason::ContactCancelled))
            }
        }
        let done: LoyaltyContactRow = diesel::update(loyalty_contacts::table.find(id))
            .set((
                loyalty_contacts::status.eq(LoyaltyStatus::Done),
                loyalty_contacts::outcome.eq(Some(body.outcome)),
                loyalty_contacts::note.eq(note),
                loyalty_contacts::completed_at.eq(Some(Utc::now())),
                loyalty_contacts::completed_by.eq(Some(scope.actor_id)),
            ))
            .returning(LoyaltyContactRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("loyalty_contact", id, Some(&old), &done)).await?;
        let cancelled = if body.outcome == LoyaltyOutcome::Declined {
            let ids: Vec<i64> = diesel::update(
                loyalty_contacts::table
                    .filter(loyalty_contacts::store_id.eq(scope.store_id))
                    .filter(loyalty_contacts::customer_id.eq(old.customer_id))
                    .filter(loyalty_contacts::status.eq(LoyaltyStatus::Due)),
            )
            .set(loyalty_contacts::status.eq(LoyaltyStatus::Cancelled))
            .returning(loyalty_contacts::id)
            .get_results(conn)
            .await?;
            if !ids.is_empty() {
                let (was, now) = (
                    serde_json::json!({"status": "due", "contacts": ids}),
                    serde_json::json!({"status": "cancelled", "reason": "declined"}),
                );
                audit::record(
                    conn,
                    scope.change("customer", old.customer_id, Some(&was), &now),
                )
                .await?;
            }
            ids.len() as i64
        } else {
            0
        };
        live::notify(conn, scope.store_id, "loyalty_contact_completed", Some(id)).await?;
        Ok(LoyaltyCompleted {
            contact: task(conn, scope.store_id, id, today).await?,
            cancelled,
        })
    })
    .await
}

#[derive(QueryableByName)]
struct ReportRow {
    #[diesel(sql_type = BigInt)]
    assignee_id: i64,
    #[diesel(sql_type = Text)]
    assignee_name: String,
    #[diesel(sql_type = Text)]
    status: LoyaltyStatus,
    #[diesel(sql_type = Date)]
    due_on: NaiveDate,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    completed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Text)]
    time_zone: String,
}

/// Contacts due from `from` to `to` (store-local, inclusive), on time, late, missed or
/// still pending, by consultant.
pub async fn report(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<LoyaltyReport> {
    scope.require_manager()?;
    if to < from {
        return Err(ApiError::invalid("to", Reason::BeforeFrom));
    }
    let today = store_today(conn, scope.store_id).await?;
    let rows: Vec<ReportRow> = diesel::sql_query(
        "SELECT l.assignee_id, u.name AS assignee_name, l.status, l.due_on, l.completed_at, s.time_zone \
         FROM loyalty_contacts l JOIN users u ON u.id = l.assignee_id JOIN stores s ON s.id = l.store_id \
         WHERE l.store_id = $1 AND l.due_on BETWEEN $2 AND $3 ORDER BY u.name, l.assignee_id",
    )
    .bind::<BigInt, _>(scope.store_id)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
    .await?;
    let mut by_consultant: Vec<LoyaltyPunctuality> = Vec::new();
    let mut total = LoyaltyPunctuality::default();
    for row in rows {
        let tz = parse_zone(&row.time_zone);
        let completed_on = row.completed_at.map(|at| local_date(tz, at));
        let Some(kind) = punctuality(row.status, row.due_on, completed_on, today) else {
            continue;
        };
        if by_consultant
            .last()
            .is_none_or(|c| c.consultant_id != row.assignee_id)
        {
            by_consultant.push(LoyaltyPunctuality {
                consultant_id: row.assignee_id,
                consultant_name: row.assignee_name.clone(),
                ..Default::default()
            });
        }
        let line = by_consultant.last_mut().expect("pushed above");
        for counts in [line, &mut total] {
            match kind {
                Punctuality::OnTime => counts.on_time += 1,
                Punctuality::Late => counts.late += 1,
                Punctuality::Missed => counts.missed += 1,
                Punctuality::Pending => counts.pending += 1,
            }
        }
    }
    Ok(LoyaltyReport {
        from,
        to,
        by_consultant,
        total,
    })
}
