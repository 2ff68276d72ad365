//! Customers: the search that names a referrer, and the customer timeline — every visit,
//! follow-up, grade change, order, delivery, loyalty contact, referral and lost deal.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Customer, CustomerHit, Timeline, TimelineEvent, TimelineKind};
use keyuan_shared::errors::Reason;
use keyuan_shared::{
    Grade, LostDealStatus, LostReason, LoyaltyOutcome, LoyaltyStatus, LoyaltyStep, SaleType,
};

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::models::{CustomerRow, NewCustomerRow};
use crate::queries::scope::{store_day_zone, Scope};
use crate::queries::sql::{query_with, Param};
use crate::schema::customers;
use crate::time::local_noon;

#[derive(QueryableByName)]
struct HitRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    phone: String,
    #[diesel(sql_type = BigInt)]
    referrals: i64,
}

/// Customers of the store whose name or number matches `q` (at most 20). Staff search the
/// whole store here so that anyone can name a referrer; the answer holds no more than the
/// receptionist's look-up does.
pub async fn search(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    q: &str,
) -> ApiResult<Vec<CustomerHit>> {
    let q = q.trim();
    if q.is_empty() {
        return Err(ApiError::invalid("q", Reason::SearchTooShort));
    }
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    // fewer than 3 digits would match nearly every number: search names only then
    let phone_pattern = if digits.len() >= 3 {
        format!("%{digits}%")
    } else {
        String::new()
    };
    let rows: Vec<HitRow> = query_with(
        "SELECT c.id, c.name, c.phone, (SELECT count(*) FROM customers r WHERE r.referred_by = c.id) AS referrals \
         FROM customers c WHERE c.store_id = $1 AND (c.name ILIKE $2 OR ($3 <> '' AND c.phone LIKE $3)) \
         ORDER BY c.name, c.id LIMIT 20"
            .to_owned(),
        vec![Param::Id(store_id), Param::Text(format!("%{escaped}%")), Param::Text(phone_pattern)],
    )
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CustomerHit {
            id: r.id,
            name: r.name,
            phone: r.phone,
            referrals: r.referrals,
        })
        .collect())
}

/// A consultant reaches a customer they sell to or look after; a manager any of the store.
async fn check_reach(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    customer_id: i64,
) -> ApiResult<()> {
    let reachable: bool = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM customers c WHERE c.store_id = $1 AND c.id = $2 AND ($3 = 0 \
           OR EXISTS (SELECT 1 FROM prospects p WHERE p.customer_id = c.id AND p.owner_id = $3) \
           OR EXISTS (SELECT 1 FROM loyalty_contacts l WHERE l.customer_id = c.id AND l.assignee_id = $3))) AS reachable",
    )
    .bind::<BigInt, _>(scope.store_id)
    .bind::<BigInt, _>(customer_id)
    .bind::<BigInt, _>(scope.owner_id.unwrap_or(0))
    .get_result::<Reachable>(conn)
    .await?
    .reachable;
    if reachable {
        Ok(())
    } else {
        Err(ApiError::not_found("customer"))
    }
}

#[derive(QueryableByName)]
struct Reachable {
    #[diesel(sql_type = Bool)]
    reachable: bool,
}

/// One row of the timeline query: the union of every kind of event, each filling the
/// columns that apply to it.
#[derive(QueryableByName)]
struct EventRow {
    #[diesel(sql_type = Text)]
    kind: TimelineKind,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    who: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    prospect_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    note: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    channel: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    first_visit: Option<bool>,
    #[diesel(sql_type = Nullable<Bool>)]
    test_drive: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    grade_before: Option<Grade>,
    #[diesel(sql_type = Nullable<Text>)]
    grade_after: Option<Grade>,
    #[diesel(sql_type = Nullable<Text>)]
    vehicle_model_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    sale_type: Option<SaleType>,
    #[diesel(sql_type = Nullable<BigInt>)]
    loyalty_contact_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    step: Option<LoyaltyStep>,
    #[diesel(sql_type = Nullable<Date>)]
    due_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    status: Option<LoyaltyStatus>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<LoyaltyOutcome>,
    #[diesel(sql_type = Nullable<Text>)]
    reason: Option<LostReason>,
    #[diesel(sql_type = Nullable<Text>)]
    lost_status: Option<LostDealStatus>,
    #[diesel(sql_type = Nullable<BigInt>)]
    referred_customer_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    referred_customer_name: Option<String>,
    #[diesel(sql_type = BigInt)]
    row_id: i64,
}

/// The timeline's events, each branch tagged with its `TimelineKind` spelling. `$1` store,
/// `$2` customer. Every branch spells all columns so that one row type reads them all;
/// NULL is "does not apply".
fn timeline_sql() -> String {
    format!(
        "
SELECT '{visit}' AS kind, v.arrived_at AS at, u.name AS who, v.prospect_id, NULLIF(v.note, '') AS note, v.kind AS channel,
       v.first_visit, v.test_drive, NULL AS grade_before, NULL AS grade_after, m.name AS vehicle_model_name, NULL AS sale_type,
       NULL::bigint AS loyalty_contact_id, NULL AS step, NULL::date AS due_on, NULL AS status, NULL AS outcome, NULL AS reason,
       NULL AS lost_status, NULL::bigint AS referred_customer_id, NULL AS referred_customer_name, v.id AS row_id
  FROM visits v LEFT JOIN users u ON u.id = v.consultant_id LEFT JOIN vehicle_models m ON m.id = v.vehicle_model_id
 WHERE v.store_id = $1 AND v.customer_id = $2
UNION ALL
SELECT '{follow_up}', f.at, u.name, f.prospect_id, NULLIF(f.note, ''), f.channel, NULL, NULL, f.grade_before, f.grade_after,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f.id
  FROM follow_ups f JOIN prospects p ON p.id = f.prospect_id JOIN users u ON u.id = f.author_id
 WHERE f.store_id = $1 AND p.customer_id = $2
UNION ALL
SELECT '{grade_change}', a.at, u.name, p.id, NULL, NULL, NULL, NULL, a.old_values->>'grade', a.new_values->>'grade',
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, a.id
  FROM audit_entries a JOIN prospects p ON p.id = a.entity_id LEFT JOIN users u ON u.id = a.actor_id
 WHERE a.store_id = $1 AND a.entity = 'prospect' AND a.action = 'update' AND p.customer_id = $2
   AND jsonb_exists(a.new_values, 'grade')
UNION ALL
SELECT '{order}', o.ordered_at, u.name, o.prospect_id, NULL, NULL, NULL, NULL, NULL, NULL, m.name, o.sale_type,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.id
  FROM orders o JOIN prospects p ON p.id = o.prospect_id JOIN users u ON u.id = o.consultant_id
  JOIN vehicle_models m ON m.id = o.vehicle_model_id
 WHERE o.store_id = $1 AND p.customer_id = $2
UNION ALL
SELECT '{delivery}', o.delivered_at, u.name, o.prospect_id, NULL, NULL, NULL, NULL, NULL, NULL, m.name, o.sale_type,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.id
  FROM orders o JOIN prospects p ON p.id = o.prospect_id JOIN users u ON u.id = o.consultant_id
  JOIN vehicle_models m ON m.id = o.vehicle_model_id
 WHERE o.store_id = $1 AND p.customer_id = $2 AND o.delivered_at IS NOT NULL
UNION ALL
SELECT '{loyalty_contact}', l.completed_at, COALESCE(d.name, u.name), o.prospect_id, NULLIF(l.note, ''), l.channel,
       NULL, NULL, NULL, NULL, NULL, NULL, l.id, l.step, l.due_on, l.status, l.outcome, NULL, NULL, NULL, NULL, l.id
  FROM loyalty_contacts l JOIN orders o ON o.id = l.order_id JOIN users u ON u.id = l.assignee_id
  LEFT JOIN users d ON d.id = l.completed_by
 WHERE l.store_id = $1 AND l.customer_id = $2
UNION ALL
SELECT '{referral}', r.created_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, r.id, r.name, r.id
  FROM customers r WHERE r.store_id = $1 AND r.referred_by = $2
UNION ALL
SELECT '{lost_deal}', ld.requested_at, u.name, ld.prospect_id, NULLIF(concat_ws(' / ', NULLIF(ld.note, ''), NULLIF(ld.decision_comment, '')), ''),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ld.reason, ld.status, NULL, NULL, ld.id
  FROM lost_deals ld JOIN prospects p ON p.id = ld.prospect_id JOIN users u ON u.id = ld.requested_by
 WHERE ld.store_id = $1 AND p.customer_id = $2",
        visit = TimelineKind::Visit.as_str(),
        follow_up = TimelineKind::FollowUp.as_str(),
        grade_change = TimelineKind::GradeChange.as_str(),
        order = TimelineKind::Order.as_str(),
        delivery = TimelineKind::Delivery.as_str(),
        loyalty_contact = TimelineKind::LoyaltyContact.as_str(),
        referral = TimelineKind::Referral.as_str(),
        lost_deal = TimelineKind::LostDeal.as_str(),
    )
}

/// `GET /customers/{id}/timeline`: newest first; a loyalty contact not yet made stands at
/// its due date, so the road ahead comes first.
pub async fn timeline(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    customer_id: i64,
) -> ApiResult<Timeline> {
    check_reach(conn, scope, customer_id).await?;
    let (tz, today) = store_day_zone(conn, scope.store_id).await?;
    let customer = customer(conn, scope.store_id, customer_id).await?;
    let rows: Vec<EventRow> = diesel::sql_query(timeline_sql())
        .bind::<BigInt, _>(scope.store_id)
        .bind::<BigInt, _>(customer_id)
        .load(conn)
        .await?;
    let mut events: Vec<(TimelineEvent, i64)> = rows
        .into_iter()
        .map(|r| {
            // a contact still to be made (or cancelled) has no time yet: its due date stands in
            let at =
                r.at.or(r.due_on.map(|d| local_noon(tz, d)))
                    .unwrap_or(customer.created_at);
            let overdue = (r.kind == TimelineKind::LoyaltyContact).then(|| {
                r.status == Some(LoyaltyStatus::Due) && r.due_on.is_some_and(|d| d < today)
            });
            let mut event = TimelineEvent::new(r.kind, at);
            event.who = r.who;
            event.prospect_id = r.prospect_id;
            event.note = r.note;
            event.channel = r.channel;
            event.first_visit = r.first_visit;
            event.test_drive = r.test_drive;
            event.grade_before = r.grade_before;
            event.grade_after = r.grade_after;
            event.vehicle_model_name = r.vehicle_model_name;
            event.sale_type = r.sale_type;
            event.loyalty_contact_id = r.loyalty_contact_id;
            event.step = r.step;
            event.due_on = r.due_on;
            event.status = r.status;
            event.outcome = r.outcome;
            event.overdue = overdue;
            event.reason = r.reason;
            event.lost_status = r.lost_status;
            event.referred_customer_id = r.referred_customer_id;
            event.referred_customer_name = r.referred_customer_name;
            (event, r.row_id)
        })
        .collect();
    events.sort_by(|(a, a_id), (b, b_id)| b.at.cmp(&a.at).then(b_id.cmp(a_id)));
    Ok(Timeline {
        customer,
        today,
        events: events.into_iter().map(|(e, _)| e).collect(),
    })
}

/// One customer of the store, with who referred them and how many they referred.
pub(crate) async fn customer(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    id: i64,
) -> ApiResult<Customer> {
    let (id, name, phone, referred_by, note, created_at): (
        i64,
        String,
        String,
        Option<i64>,
        String,
        DateTime<Utc>,
    ) = customers::table
        .filter(customers::store_id.eq(store_id))
        .filter(customers::id.eq(id))
        .select((
            customers::id,
            customers::name,
            customers::phone,
            customers::referred_by,
            customers::note,
            customers::created_at,
        ))
        .first(conn)
        .await?;
    let referred_by_name: Option<String> = match referred_by {
        Some(referrer) => Some(
            customers::table
                .find(referrer)
                .select(customers::name)
                .first(conn)
                .await?,
        ),
        None => None,
    };
    let referrals: i64 = customers::table
        .filter(customers::store_id.eq(store_id))
        .filter(customers::referred_by.eq(id))
        .count()
        .get_result(conn)
        .await?;
    Ok(Customer {
        id,
        name,
        phone,
        referred_by,
        note,
        created_at,
        referrals,
        referred_by_name,
    })
}

pub(crate) async fn find_customer(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    phone: &str,
) -> ApiResult<Option<CustomerRow>> {
    Ok(customers::table
        .filter(customers::store_id.eq(store_id))
        .filter(customers::phone.eq(phone))
        .select(CustomerRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// The customer with this number, created when new. A name fills an empty one, and a
/// referrer is recorded unless one already is (the first referral stands).
pub(crate) async fn customer_for(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    phone: &str,
    name: Option<&str>,
    referred_by: Option<i64>,
) -> ApiResult<CustomerRow> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if let Some(referrer) = referred_by {
        let found: Option<String> = customers::table
            .filter(customers::id.eq(referrer))
            .filter(customers::store_id.eq(store_id))
            .select(customers::phone)
            .first(conn)
            .await
            .optional()?;
        match found {
            None => return Err(ApiError::invalid("referred_by", Reason::NoSuchCustomer)),
            Some(own) if own == phone => {
                return Err(ApiError::invalid("referred_by", Reason::SelfReferral))
            }
            Some(_) => {}
        }
    }
    let audit_change = async |conn: &mut AsyncPgConnection,
                              id: i64,
                              was: Option<serde_json::Value>,
                              now: serde_json::Value| {
        audit::record(
            conn,
            Change::of(
                Some(store_id),
                Some(actor_id),
                "customer",
                id,
                was.as_ref(),
                &now,
            ),
        )
        .await
    };
    if let Some(existing) = find_customer(conn, store_id, phone).await? {
        let new_name = name.filter(|_| existing.name.is_empty());
        let new_referrer = referred_by.filter(|_| existing.referred_by.is_none());
        if new_name.is_none() && new_referrer.is_none() {
            return Ok(existing);
        }
        let updated: CustomerRow = diesel::update(customers::table.find(existing.id))
            .set((
                customers::name.eq(new_name.unwrap_or(&existing.name)),
                customers::referred_by.eq(new_referrer.or(existing.referred_by)),
            ))
            .returning(CustomerRow::as_returning())
            .get_result(conn)
            .await?;
        let was = serde_json::json!({"name": existing.name, "referred_by": existing.referred_by});
        let now = serde_json::json!({"name": updated.name, "referred_by": updated.referred_by});
        audit_change(conn, existing.id, Some(was), now).await?;
        return Ok(updated);
    }
    let created: CustomerRow = diesel::insert_into(customers::table)
        .values(NewCustomerRow {
            store_id,
            phone,
            name: name.unwrap_or(""),
            referred_by,
        })
        .returning(CustomerRow::as_returning())
        .get_result(conn)
        .await?;
    let view = serde_json::json!({"phone": created.phone, "name": created.name, "referred_by": created.referred_by});
    audit_change(conn, created.id, None, view).await?;
    Ok(created)
}
