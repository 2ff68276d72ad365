//! Prospect cards: the consultant's list and card, follow-ups, orders, deliveries (which
//! create the loyalty schedule), lost-deal requests and the manager's decisions, and
//! reassignment. Every function takes a [`Scope`]: a consultant reaches only the prospects
//! they own, a manager the whole store's.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{
    self, Activity, Customer, Delivered, Delivery, FollowUp, HistoryEntry, LostDeal, LostDecision,
    MyDay, NewFollowUp, NewLostDeal, NewOrder, NewProspect, Order, Ownership, Prospect,
    ProspectDetail, ProspectList, ProspectPatch, Reassign, Reassigned, Visit,
};
use keyuan_shared::prospects::{self as rules, ProspectEvent};
use keyuan_shared::{
    loyalty, validate, Cadence, DailyTargets, FollowUpChannel, Grade, LostDealStatus, LostReason,
    LoyaltyStatus, LoyaltyStep, ProspectStatus, Role, Source,
};

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::idempotency::{remember_created, Keyed};
use crate::live;
use crate::models::{
    FollowUpRow, LostDealRow, LoyaltyContactRow, NewProspectRow, OrderRow, ProspectRow, StoreRow,
};
use crate::queries::visits::{check_consultant, check_model, customer_for, VisitView, VISIT_VIEW};
use crate::schema::{
    customers, follow_ups, lost_deals, loyalty_contacts, orders, prospect_owners, prospects,
    stores, users,
};
use crate::time::{day_bounds, local_date, local_noon, parse_zone};

/// Whose prospects the caller works.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub actor_id: i64,
    pub store_id: i64,
    /// `Some(consultant)` limits every read and write to that consultant's prospects.
    pub owner_id: Option<i64>,
}

impl Scope {
    /// Managers work the whole store; consultants their own cards; nobody else any.
    pub fn of(caller: &crate::auth::Caller) -> ApiResult<Scope> {
        let store_id = caller.own_store()?;
        let owner_id = match caller.role {
            Role::Manager => None,
            Role::Consultant => Some(caller.id),
            Role::Admin | Role::Receptionist => return Err(ApiError::forbidden()),
        };
        Ok(Scope {
            actor_id: caller.id,
            store_id,
            owner_id,
        })
    }

    pub(crate) fn is_manager(&self) -> bool {
        self.owner_id.is_none()
    }

    pub(crate) fn require_manager(&self) -> ApiResult<()> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(ApiError::forbidden_because("only a manager may do this"))
        }
    }

    pub(crate) fn change<'a, T: serde::Serialize>(
        &self,
        entity: &'static str,
        entity_id: i64,
        old: Option<&'a T>,
        new: &'a T,
    ) -> Change<'a, T> {
        Change {
            store_id: Some(self.store_id),
            actor_id: Some(self.actor_id),
            entity,
            entity_id,
            old,
            new,
        }
    }
}

/// The store's settings and its "today", which every due date is measured against.
struct StoreDay {
    tz: Tz,
    today: NaiveDate,
    cadence: Cadence,
    targets: DailyTargets,
    pipeline_size: i32,
    /// Contact before this instant makes an active prospect dormant today.
    dormant_before: DateTime<Utc>,
}

/// The store-local date now.
pub(crate) async fn store_today(
    conn: &mut AsyncPgConnection,
    store_id: i64,
) -> ApiResult<NaiveDate> {
    Ok(store_day(conn, store_id).await?.today)
}

/// The store's zone and its date now.
pub(crate) async fn store_day_zone(
    conn: &mut AsyncPgConnection,
    store_id: i64,
) -> ApiResult<(Tz, NaiveDate)> {
    let day = store_day(conn, store_id).await?;
    Ok((day.tz, day.today))
}

async fn store_day(conn: &mut AsyncPgConnection, store_id: i64) -> ApiResult<StoreDay> {
    let store: StoreRow = stores::table
        .find(store_id)
        .select(StoreRow::as_select())
        .first(conn)
        .await?;
    let tz = parse_zone(&store.time_zone);
    let today = local_date(tz, Utc::now());
    let store = api::Store::from(store);
    Ok(StoreDay {
        tz,
        today,
        cadence: store.cadence,
        targets: store.daily_targets,
        pipeline_size: store.pipeline_size,
        dormant_before: day_bounds(tz, rules::dormant_cutoff(today)).0,
    })
}

impl StoreDay {
    /// The status a card shows (a quiet active prospect reads dormant).
    fn status_of(&self, row: &ProspectRow) -> ProspectStatus {
        rules::effective_status(
            row.status,
            local_date(self.tz, row.last_activity_at()),
            self.today,
        )
    }

    /// A time for a store-local date given instead of a time: noon, so it stays on that
    /// date in any reading.
    fn at_or_on(
        &self,
        at: Option<DateTime<Utc>>,
        on: Option<NaiveDate>,
        field: &str,
    ) -> ApiResult<DateTime<Utc>> {
        let now = Utc::now();
        let when = match (at, on) {
            (Some(at), _) => at,
            (None, Some(on)) => {
                if on > self.today {
                    return Err(ApiError::invalid(field, "must not be in the future"));
                }
                local_noon(self.tz, on).min(now)
            }
            (None, None) => now,
        };
        if when > now + chrono::Duration::minutes(1) {
            return Err(ApiError::invalid(field, "must not be in the future"));
        }
        Ok(when)
    }
}

// ---- reading cards ----

#[derive(QueryableByName)]
struct ProspectView {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = BigInt)]
    owner_id: i64,
    #[diesel(sql_type = Text)]
    source: Source,
    #[diesel(sql_type = Text)]
    status: ProspectStatus,
    #[diesel(sql_type = Text)]
    grade: Grade,
    #[diesel(sql_type = Bool)]
    money: bool,
    #[diesel(sql_type = Bool)]
    authority: bool,
    #[diesel(sql_type = Bool)]
    need: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    vehicle_model_id: Option<i64>,
    #[diesel(sql_type = Nullable<Integer>)]
    budget: Option<i32>,
    #[diesel(sql_type = Text)]
    note: String,
    #[diesel(sql_type = Nullable<Date>)]
    next_follow_up_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_contact_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    customer_name: String,
    #[diesel(sql_type = Text)]
    customer_phone: String,
    #[diesel(sql_type = Text)]
    owner_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    vehicle_model_name: Option<String>,
}

impl ProspectView {
    fn into_api(self, day: &StoreDay) -> Prospect {
        let today = day.today;
        let days_since_contact = self
            .last_contact_at
            .map(|at| (today - local_date(day.tz, at)).num_days());
        Prospect {
            id: self.id,
            customer_id: self.customer_id,
            owner_id: self.owner_id,
            source: self.source,
            status: self.status,
            grade: self.grade,
            money: self.money,
            authority: self.authority,
            need: self.need,
            vehicle_model_id: self.vehicle_model_id,
            budget: self.budget,
            note: self.note,
            next_follow_up_on: self.next_follow_up_on,
            last_contact_at: self.last_contact_at,
            days_since_contact,
            created_at: self.created_at,
            due: rules::due(self.next_follow_up_on, today),
            advice: rules::man_advice(self.money, self.authority, self.need),
            customer_name: self.customer_name,
            customer_phone: self.customer_phone,
            owner_name: self.owner_name,
            vehicle_model_name: self.vehicle_model_name,
        }
    }
}

/// Cards with their effective status, as a table `v` to filter: `$1` is the dormant
/// cutoff (the one place the 90-day rule meets SQL), `$2` the store.
const PROSPECT_VIEW: &str = "SELECT * FROM (SELECT p.id, p.store_id, p.customer_id, p.owner_id, p.source, \
     CASE WHEN p.status = 'active' AND COALESCE(p.last_contact_at, p.created_at) < $1 THEN 'dormant' ELSE p.status END AS status, \
     p.grade, p.money, p.authority, p.need, p.vehicle_model_id, p.budget, p.note, p.next_follow_up_on, p.last_contact_at, \
     p.created_at, c.name AS customer_name, c.phone AS customer_phone, u.name AS owner_name, m.name AS vehicle_model_name \
     FROM prospects p JOIN customers c ON c.id = p.customer_id JOIN users u ON u.id = p.owner_id \
     LEFT JOIN vehicle_models m ON m.id = p.vehicle_model_id WHERE p.store_id = $2) v";

/// A bind value of a query whose filters are chosen at run time.
pub(crate) enum Param {
    Id(i64),
    Text(String),
    Day(NaiveDate),
    At(DateTime<Utc>),
}

/// `sql` with `params` bound in order ($1, $2, …).
pub(crate) fn query_with(
    sql: String,
    params: Vec<Param>,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>
{
    let mut query = diesel::sql_query(sql).into_boxed();
    for param in params {
        query = match param {
            Param::Id(v) => query.bind::<BigInt, _>(v),
            Param::Text(v) => query.bind::<Text, _>(v),
            Param::Day(v) => query.bind::<Date, _>(v),
            Param::At(v) => query.bind::<Timestamptz, _>(v),
        };
    }
    query
}

/// What `GET /prospects` filters by.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    /// Only the caller's own (for a manager who also sells).
    pub mine: bool,
    pub owner_id: Option<i64>,
    pub grade: Option<Grade>,
    pub due: Option<rules::Due>,
    pub q: Option<String>,
    pub status: Option<ProspectStatus>,
}

/// Cards longer than this are left off a listing (a store works far fewer at a time).
const LIST_LIMIT: i64 = 1000;

pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: &ListFilter,
) -> ApiResult<ProspectList> {
    let day = store_day(conn, scope.store_id).await?;
    let mut sql = format!("{PROSPECT_VIEW} WHERE TRUE");
    let mut params = vec![Param::At(day.dormant_before), Param::Id(scope.store_id)];
    let mut bind = |sql: &mut String, clause: &str, param: Param| {
        params.push(param);
        sql.push_str(&clause.replace('?', &format!("${}", params.len())));
    };
    let owner = scope
        .owner_id
        .or(filter.mine.then_some(scope.actor_id))
        .or(filter.owner_id);
    if let Some(owner) = owner {
        bind(&mut sql, " AND v.owner_id = ?", Param::Id(owner));
    }
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    match (filter.status, q) {
        (Some(status), _) => bind(
            &mut sql,
            " AND v.status = ?",
            Param::Text(status.as_str().into()),
        ),
        // the day's list: open and not dormant; a search also finds dormant cards
        (None, None) => sql.push_str(" AND v.status IN ('active', 'lost_pending')"),
        (None, Some(_)) => sql.push_str(" AND v.status IN ('active', 'dormant', 'lost_pending')"),
    }
    if let Some(grade) = filter.grade {
        bind(
            &mut sql,
            " AND v.grade = ?",
            Param::Text(grade.as_str().into()),
        );
    }
    match filter.due {
        Some(rules::Due::Overdue) => bind(
            &mut sql,
            " AND v.next_follow_up_on < ?",
            Param::Day(day.today),
        ),
        Some(rules::Due::Today) => bind(
            &mut sql,
            " AND v.next_follow_up_on = ?",
            Param::Day(day.today),
        ),
        Some(rules::Due::Upcoming) => bind(
            &mut sql,
            " AND v.next_follow_up_on > ?",
            Param::Day(day.today),
        ),
        Some(rules::Due::Unscheduled) => sql.push_str(" AND v.next_follow_up_on IS NULL"),
        None => {}
    }
    if let Some(q) = q {
        let escaped = q
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 3 {
            bind(
                &mut sql,
                " AND (v.customer_name ILIKE ?",
                Param::Text(format!("%{escaped}%")),
            );
            bind(
                &mut sql,
                " OR v.customer_phone LIKE ?)",
                Param::Text(format!("%{digits}%")),
            );
        } else {
            bind(
                &mut sql,
                " AND v.customer_name ILIKE ?",
                Param::Text(format!("%{escaped}%")),
            );
        }
    }
    bind(
        &mut sql,
        " ORDER BY CASE WHEN v.next_follow_up_on IS NULL THEN 3 WHEN v.next_follow_up_on < ? THEN 0",
        Param::Day(day.today),
    );
    bind(
        &mut sql,
        " WHEN v.next_follow_up_on = ? THEN 1 ELSE 2 END",
        Param::Day(day.today),
    );
    sql.push_str(&format!(
        ", v.next_follow_up_on, v.id LIMIT {}",
        LIST_LIMIT + 1
    ));
    let mut rows: Vec<ProspectView> = query_with(sql, params).load(conn).await?;
    let more = rows.len() > LIST_LIMIT as usize;
    rows.truncate(LIST_LIMIT as usize);
    Ok(ProspectList {
        today: day.today,
        prospects: rows.into_iter().map(|r| r.into_api(&day)).collect(),
        more,
    })
}

async fn view(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    day: &StoreDay,
    id: i64,
) -> ApiResult<Prospect> {
    let mut params = vec![
        Param::At(day.dormant_before),
        Param::Id(scope.store_id),
        Param::Id(id),
    ];
    let mut sql = format!("{PROSPECT_VIEW} WHERE v.id = $3");
    if let Some(owner) = scope.owner_id {
        params.push(Param::Id(owner));
        sql.push_str(" AND v.owner_id = $4");
    }
    query_with(sql, params)
        .get_result::<ProspectView>(conn)
        .await
        .optional()?
        .map(|v| v.into_api(day))
        .ok_or_else(|| ApiError::not_found("prospect"))
}

/// The stored prospect, locked for the rest of the transaction; another consultant's is
/// answered like a missing one.
async fn lock(conn: &mut AsyncPgConnection, scope: Scope, id: i64) -> ApiResult<ProspectRow> {
    prospects::table
        .filter(prospects::store_id.eq(scope.store_id))
        .filter(prospects::id.eq(id))
        .select(ProspectRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?
        .filter(|p| scope.owner_id.is_none_or(|owner| owner == p.owner_id))
        .ok_or_else(|| ApiError::not_found("prospect"))
}

async fn has_order(conn: &mut AsyncPgConnection, prospect_id: i64) -> ApiResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        orders::table.filter(orders::prospect_id.eq(prospect_id)),
    ))
    .get_result(conn)
    .await?)
}

/// The status after `event`, or 409 saying why not.
fn step(
    status: ProspectStatus,
    has_order: bool,
    event: ProspectEvent,
) -> ApiResult<ProspectStatus> {
    rules::transition(status, has_order, event)
        .map_err(|refused| ApiError::conflict("status", refused.0))
}

/// The card locked for a write, with the store's day, whether it has an order, and the
/// status `event` leads to (409 saying why when the event is not allowed).
struct Locked {
    day: StoreDay,
    old: ProspectRow,
    ordered: bool,
    status: ProspectStatus,
}

async fn lock_for(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    event: ProspectEvent,
) -> ApiResult<Locked> {
    let day = store_day(conn, scope.store_id).await?;
    let old = lock(conn, scope, id).await?;
    let ordered = has_order(conn, id).await?;
    let status = step(day.status_of(&old), ordered, event)?;
    Ok(Locked {
        day,
        old,
        ordered,
        status,
    })
}

/// A model's name, for an answer that shows it.
async fn model_name(conn: &mut AsyncPgConnection, id: i64) -> ApiResult<String> {
    Ok(crate::schema::vehicle_models::table
        .find(id)
        .select(crate::schema::vehicle_models::name)
        .first(conn)
        .await?)
}

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

fn follow_up_api(f: FollowUpRow, author_name: String) -> FollowUp {
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

fn order_api(o: OrderRow, vehicle_model_name: String) -> Order {
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

async fn lost_deal_views(
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

// ---- writing ----

/// Starts an ownership period (and ends the previous one) inside the caller's transaction.
async fn hand_over(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    prospect_id: i64,
    to_owner: i64,
) -> ApiResult<()> {
    diesel::update(
        prospect_owners::table
            .filter(prospect_owners::prospect_id.eq(prospect_id))
            .filter(prospect_owners::until_at.is_null()),
    )
    .set(prospect_owners::until_at.eq(diesel::dsl::now))
    .execute(conn)
    .await?;
    diesel::insert_into(prospect_owners::table)
        .values((
            prospect_owners::store_id.eq(scope.store_id),
            prospect_owners::prospect_id.eq(prospect_id),
            prospect_owners::owner_id.eq(to_owner),
            prospect_owners::assigned_by.eq(scope.actor_id),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// `POST /prospects`: a customer met outside the showroom.
pub async fn create(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    new: &NewProspect,
    keyed: Option<&Keyed>,
) -> ApiResult<Prospect> {
    let phone = validate::phone("phone", &new.phone)?;
    if new.grade == Some(Grade::O) {
        return Err(ApiError::invalid(
            "grade",
            "grade O comes with an order: record the order on the card",
        ));
    }
    let owner_id = match (scope.owner_id, new.owner_id) {
        (Some(own), None) => own,
        (Some(own), Some(asked)) if asked == own => own,
        (Some(_), Some(_)) => {
            return Err(ApiError::forbidden_because(
                "only a manager may give a prospect to another consultant",
            ))
        }
        (None, Some(asked)) => asked,
        (None, None) => scope.actor_id,
    };
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        if scope.is_manager() {
            check_consultant(conn, scope.store_id, owner_id)
                .await
                .map_err(|_| {
                    ApiError::invalid("owner_id", "choose an active consultant of this store")
                })?;
        }
        if let Some(model) = new.vehicle_model_id {
            check_model(conn, scope.store_id, model).await?;
        }
        let customer = customer_for(
            conn,
            scope.actor_id,
            scope.store_id,
            &phone,
            new.name.as_deref(),
            new.referred_by,
        )
        .await?;
        let open: Option<String> = prospects::table
            .inner_join(users::table.on(users::id.eq(prospects::owner_id)))
            .filter(prospects::store_id.eq(scope.store_id))
            .filter(prospects::customer_id.eq(customer.id))
            .filter(prospects::status.eq_any(ProspectStatus::OPEN))
            .select(users::name)
            .first(conn)
            .await
            .optional()?;
        if let Some(owner_name) = open {
            return Err(ApiError::conflict(
                "phone",
                format!("this customer already has an open prospect, owned by {owner_name}"),
            ));
        }
        let now = Utc::now();
        let inserted: ProspectRow = diesel::insert_into(prospects::table)
            .values(NewProspectRow {
                store_id: scope.store_id,
                customer_id: customer.id,
                owner_id,
                source: new.source,
                grade: new.grade.unwrap_or(Grade::C),
                vehicle_model_id: new.vehicle_model_id,
                budget: new.budget,
                note: new.note.as_deref().map(str::trim).unwrap_or(""),
                // a new prospect is called back the next day (24小时回访)
                next_follow_up_on: day.today.checked_add_days(Days::new(1)),
                last_contact_at: Some(now),
            })
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        diesel::insert_into(prospect_owners::table)
            .values((
                prospect_owners::store_id.eq(scope.store_id),
                prospect_owners::prospect_id.eq(inserted.id),
                prospect_owners::owner_id.eq(owner_id),
                prospect_owners::assigned_by.eq(scope.actor_id),
            ))
            .execute(conn)
            .await?;
        audit::record(conn, scope.change("prospect", inserted.id, None, &inserted)).await?;
        live::notify(conn, scope.store_id, "prospect_created", Some(inserted.id)).await?;
        let created = view(
            conn,
            Scope {
                owner_id: None,
                ..scope
            },
            &day,
            inserted.id,
        )
        .await?;
        remember_created(conn, keyed, &created).await?;
        Ok(created)
    })
    .await
}

/// `PATCH /prospects/{id}`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    patch: &ProspectPatch,
) -> ApiResult<Prospect> {
    if patch.owner_id.is_some() {
        scope.require_manager()?;
    }
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        let old = lock(conn, scope, id).await?;
        let status = day.status_of(&old);
        if !status.is_open() {
            return Err(ApiError::conflict(
                "status",
                "this prospect is closed; its card can no longer change",
            ));
        }
        let ordered = has_order(conn, id).await?;
        if let Some(grade) = patch.grade {
            if grade == Grade::O && !ordered {
                return Err(ApiError::invalid(
                    "grade",
                    "grade O comes with an order: record the order instead",
                ));
            }
        }
        if let Some(date) = patch.next_follow_up_on {
            validate::follow_up_date("next_follow_up_on", date, day.today)?;
        }
        if let Some(model) = patch.vehicle_model_id {
            check_model(conn, scope.store_id, model).await?;
        }
        let grade = patch.grade.unwrap_or(old.grade);
        // a new grade brings the cadence's date unless the consultant picked one
        let next_follow_up_on = match (patch.next_follow_up_on, patch.grade) {
            (Some(date), _) => Some(date),
            (None, Some(g)) if g != old.grade => {
                Some(rules::next_follow_up(&day.cadence, g, day.today))
            }
            _ => old.next_follow_up_on,
        };
        let owner_id = match patch.owner_id {
            Some(to) if to != old.owner_id => {
                check_consultant(conn, scope.store_id, to)
                    .await
                    .map_err(|_| {
                        ApiError::invalid("owner_id", "choose an active consultant of this store")
                    })?;
                hand_over(conn, scope, id, to).await?;
                to
            }
            _ => old.owner_id,
        };
        if let Some(name) = patch.name.as_deref().map(str::trim) {
            let was: String = customers::table
                .find(old.customer_id)
                .select(customers::name)
                .first(conn)
                .await?;
            if was != name {
                diesel::update(customers::table.find(old.customer_id))
                    .set(customers::name.eq(name))
                    .execute(conn)
                    .await?;
                let (was, now) = (
                    serde_json::json!({"name": was}),
                    serde_json::json!({"name": name}),
                );
                audit::record(
                    conn,
                    scope.change("customer", old.customer_id, Some(&was), &now),
                )
                .await?;
            }
        }
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::grade.eq(grade),
                prospects::money.eq(patch.money.unwrap_or(old.money)),
                prospects::authority.eq(patch.authority.unwrap_or(old.authority)),
                prospects::need.eq(patch.need.unwrap_or(old.need)),
                prospects::vehicle_model_id.eq(patch.vehicle_model_id.or(old.vehicle_model_id)),
                prospects::budget.eq(patch.budget.or(old.budget)),
                prospects::note.eq(patch.note.as_deref().map(str::trim).unwrap_or(&old.note)),
                prospects::next_follow_up_on.eq(next_follow_up_on),
                prospects::owner_id.eq(owner_id),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "prospect_updated", Some(id)).await?;
        view(
            conn,
            Scope {
                owner_id: None,
                ..scope
            },
            &day,
            id,
        )
        .await
    })
    .await
}

/// `POST /prospects/{id}/follow-ups`: logs the contact, applies a new grade and sets the
/// next follow-up (the cadence's date unless one is given).
pub async fn follow_up(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    new: &NewFollowUp,
    keyed: Option<&Keyed>,
) -> ApiResult<FollowUp> {
    conn.transaction(async |conn| {
        let Locked {
            day,
            old,
            ordered,
            status,
        } = lock_for(conn, scope, id, ProspectEvent::Contact).await?;
        let grade = new.grade.unwrap_or(old.grade);
        if grade == Grade::O && !ordered {
            return Err(ApiError::invalid(
                "grade",
                "grade O comes with an order: record the order instead",
            ));
        }
        let next = match new.next_follow_up_on {
            Some(date) => {
                validate::follow_up_date("next_follow_up_on", date, day.today)?;
                date
            }
            None => rules::next_follow_up(&day.cadence, grade, day.today),
        };
        let now = Utc::now();
        let row: FollowUpRow = diesel::insert_into(follow_ups::table)
            .values(FollowUpRow {
                id: 0,
                store_id: scope.store_id,
                prospect_id: id,
                author_id: scope.actor_id,
                channel: new.channel,
                at: now,
                note: new.note.as_deref().map(str::trim).unwrap_or("").to_owned(),
                grade_before: old.grade,
                grade_after: grade,
                next_follow_up_on: Some(next),
            })
            .returning(FollowUpRow::as_returning())
            .get_result(conn)
            .await?;
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::status.eq(status),
                prospects::grade.eq(grade),
                prospects::next_follow_up_on.eq(Some(next)),
                prospects::last_contact_at.eq(Some(now)),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("follow_up", row.id, None, &row)).await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "follow_up_created", Some(id)).await?;
        let author: String = users::table
            .find(scope.actor_id)
            .select(users::name)
            .first(conn)
            .await?;
        let logged = follow_up_api(row, author);
        remember_created(conn, keyed, &logged).await?;
        Ok(logged)
    })
    .await
}

/// `POST /prospects/{id}/orders`: the order, and grade O.
pub async fn order(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    new: &NewOrder,
    keyed: Option<&Keyed>,
) -> ApiResult<Order> {
    conn.transaction(async |conn| {
        let Locked {
            day, old, status, ..
        } = lock_for(conn, scope, id, ProspectEvent::Order).await?;
        check_model(conn, scope.store_id, new.vehicle_model_id).await?;
        let ordered_at = day.at_or_on(
            new.ordered_at,
            new.ordered_on,
            if new.ordered_at.is_some() {
                "ordered_at"
            } else {
                "ordered_on"
            },
        )?;
        let row: OrderRow = diesel::insert_into(orders::table)
            .values((
                orders::store_id.eq(scope.store_id),
                orders::prospect_id.eq(id),
                orders::consultant_id.eq(old.owner_id),
                orders::vehicle_model_id.eq(new.vehicle_model_id),
                orders::sale_type.eq(new.sale_type),
                orders::ordered_at.eq(ordered_at),
            ))
            .returning(OrderRow::as_returning())
            .get_result(conn)
            .await?;
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::status.eq(status),
                prospects::grade.eq(Grade::O),
                prospects::vehicle_model_id.eq(Some(new.vehicle_model_id)),
                prospects::next_follow_up_on.eq(Some(rules::next_follow_up(
                    &day.cadence,
                    Grade::O,
                    day.today,
                ))),
                prospects::last_contact_at.eq(Some(Utc::now())),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("order", row.id, None, &row)).await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "order_created", Some(row.id)).await?;
        let model = model_name(conn, row.vehicle_model_id).await?;
        let created = order_api(row, model);
        remember_created(conn, keyed, &created).await?;
        Ok(created)
    })
    .await
}

/// `POST /orders/{id}/delivery`: the delivery date, the prospect won, and the 24 loyalty
/// contacts. Again with another date moves the contacts not yet done; nothing is doubled.
pub async fn deliver(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    order_id: i64,
    delivery: &Delivery,
) -> ApiResult<Delivered> {
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        let old: OrderRow = orders::table
            .filter(orders::store_id.eq(scope.store_id))
            .filter(orders::id.eq(order_id))
            .select(OrderRow::as_select())
            .for_update()
            .first(conn)
            .await
            .optional()?
            .ok_or_else(|| ApiError::not_found("order"))?;
        let prospect = lock(conn, scope, old.prospect_id)
            .await
            .map_err(|_| ApiError::not_found("order"))?;
        let field = if delivery.delivered_at.is_some() {
            "delivered_at"
        } else {
            "delivered_on"
        };
        let mut delivered_at = day.at_or_on(delivery.delivered_at, delivery.delivered_on, field)?;
        // delivered the day it was ordered: a date alone means "after the order"
        if delivery.delivered_on == Some(local_date(day.tz, old.ordered_at)) {
            delivered_at = delivered_at.max(old.ordered_at);
        }
        if delivered_at < old.ordered_at {
            return Err(ApiError::invalid(
                field,
                "must not be before the order date",
            ));
        }
        // a first delivery wins the prospect; a later one only corrects the date
        let status = if old.delivered_at.is_some() {
            prospect.status
        } else {
            step(day.status_of(&prospect), true, ProspectEvent::Delivery)?
        };
        let updated: OrderRow = diesel::update(orders::table.find(order_id))
            .set(orders::delivered_at.eq(Some(delivered_at)))
            .returning(OrderRow::as_returning())
            .get_result(conn)
            .await?;
        if status != prospect.status {
            let won: ProspectRow = diesel::update(prospects::table.find(prospect.id))
                .set((
                    prospects::status.eq(status),
                    prospects::next_follow_up_on.eq(None::<NaiveDate>),
                    prospects::last_contact_at.eq(Some(Utc::now())),
                    prospects::updated_at.eq(diesel::dsl::now),
                ))
                .returning(ProspectRow::as_returning())
                .get_result(conn)
                .await?;
            audit::record(
                conn,
                scope.change("prospect", prospect.id, Some(&prospect), &won),
            )
            .await?;
        }
        let delivered_on = local_date(day.tz, delivered_at);
        let schedule = loyalty::schedule(delivered_on);
        let rows: Vec<_> = schedule
            .iter()
            .map(|contact| {
                (
                    loyalty_contacts::store_id.eq(scope.store_id),
                    loyalty_contacts::order_id.eq(order_id),
                    loyalty_contacts::customer_id.eq(prospect.customer_id),
                    loyalty_contacts::assignee_id.eq(old.consultant_id),
                    loyalty_contacts::step.eq(contact.step),
                    loyalty_contacts::channel.eq(contact.channel),
                    loyalty_contacts::due_on.eq(contact.due_on),
                )
            })
            .collect();
        diesel::insert_into(loyalty_contacts::table)
            .values(rows)
            .on_conflict((loyalty_contacts::order_id, loyalty_contacts::step))
            .do_nothing()
            .execute(conn)
            .await?;
        // a corrected date moves the contacts still to be made; done ones stay as they were
        let existing: Vec<(LoyaltyStep, LoyaltyStatus, NaiveDate)> = loyalty_contacts::table
            .filter(loyalty_contacts::order_id.eq(order_id))
            .select((
                loyalty_contacts::step,
                loyalty_contacts::status,
                loyalty_contacts::due_on,
            ))
            .load(conn)
            .await?;
        for (step, due_on) in loyalty::reschedule(&existing, delivered_on) {
            diesel::update(
                loyalty_contacts::table
                    .filter(loyalty_contacts::order_id.eq(order_id))
                    .filter(loyalty_contacts::step.eq(step)),
            )
            .set(loyalty_contacts::due_on.eq(due_on))
            .execute(conn)
            .await?;
        }
        audit::record(conn, scope.change("order", order_id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "order_delivered", Some(order_id)).await?;
        let contacts: Vec<LoyaltyContactRow> = loyalty_contacts::table
            .filter(loyalty_contacts::order_id.eq(order_id))
            .order((loyalty_contacts::due_on, loyalty_contacts::id))
            .select(LoyaltyContactRow::as_select())
            .load(conn)
            .await?;
        let model = model_name(conn, updated.vehicle_model_id).await?;
        Ok(Delivered {
            order: order_api(updated, model),
            loyalty_contacts: contacts.into_iter().map(Into::into).collect(),
        })
    })
    .await
}

/// `POST /prospects/{id}/lost`: the consultant's request; the prospect waits for a manager.
pub async fn request_lost(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    new: &NewLostDeal,
    keyed: Option<&Keyed>,
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
        remember_created(conn, keyed, &created).await?;
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
        return Err(ApiError::invalid(
            "comment",
            "tell the consultant why the deal is sent back",
        ));
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
            return Err(ApiError::conflict(
                "status",
                "this lost deal has already been decided",
            ));
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
            day.today.checked_add_days(Days::new(1))
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

/// `POST /prospects/reassign`: a manager moves open prospects from one consultant to
/// another. Moving a whole book (a consultant who leaves) also moves their loyalty
/// contacts still due, so no delivered customer is forgotten.
pub async fn reassign(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    body: &Reassign,
) -> ApiResult<Reassigned> {
    scope.require_manager()?;
    if body.from_owner_id == body.to_owner_id {
        return Err(ApiError::invalid(
            "to_owner_id",
            "choose a different consultant",
        ));
    }
    conn.transaction(async |conn| {
        check_consultant(conn, scope.store_id, body.to_owner_id)
            .await
            .map_err(|_| ApiError::invalid("to_owner_id", "choose an active consultant of this store"))?;
        let from_exists: bool = diesel::select(diesel::dsl::exists(
            users::table.filter(users::id.eq(body.from_owner_id)).filter(users::store_id.eq(scope.store_id)),
        ))
        .get_result(conn)
        .await?;
        if !from_exists {
            return Err(ApiError::invalid("from_owner_id", "no user of this store has this id"));
        }
        let moving: Vec<ProspectRow> = prospects::table
            .filter(prospects::store_id.eq(scope.store_id))
            .filter(prospects::owner_id.eq(body.from_owner_id))
            .filter(prospects::status.eq_any(ProspectStatus::OPEN))
            .select(ProspectRow::as_select())
            .for_update()
            .load(conn)
            .await?
            .into_iter()
            .filter(|p| body.prospect_ids.as_ref().is_none_or(|ids| ids.contains(&p.id)))
            .collect();
        if let Some(ids) = &body.prospect_ids {
            if let Some(missing) = ids.iter().find(|id| !moving.iter().any(|p| p.id == **id)) {
                return Err(ApiError::invalid(
                    "prospect_ids",
                    format!("prospect {missing} is not an open prospect of this consultant"),
                ));
            }
        }
        for old in &moving {
            hand_over(conn, scope, old.id, body.to_owner_id).await?;
            let updated: ProspectRow = diesel::update(prospects::table.find(old.id))
                .set((prospects::owner_id.eq(body.to_owner_id), prospects::updated_at.eq(diesel::dsl::now)))
                .returning(ProspectRow::as_returning())
                .get_result(conn)
                .await?;
            audit::record(conn, scope.change("prospect", old.id, Some(old), &updated)).await?;
        }
        let loyalty_moved = if body.prospect_ids.is_none() {
            diesel::update(
                loyalty_contacts::table
                    .filter(loyalty_contacts::store_id.eq(scope.store_id))
                    .filter(loyalty_contacts::assignee_id.eq(body.from_owner_id))
                    .filter(loyalty_contacts::status.eq(LoyaltyStatus::Due)),
            )
            .set(loyalty_contacts::assignee_id.eq(body.to_owner_id))
            .execute(conn)
            .await?
        } else {
            0
        };
        if !moving.is_empty() || loyalty_moved > 0 {
            let (was, now) = (
                serde_json::json!({"owner_id": body.from_owner_id}),
                serde_json::json!({"owner_id": body.to_owner_id, "prospects": moving.len(), "loyalty_contacts": loyalty_moved}),
            );
            audit::record(conn, scope.change("reassignment", body.from_owner_id, Some(&was), &now)).await?;
            live::notify(conn, scope.store_id, "prospects_reassigned", Some(body.to_owner_id)).await?;
        }
        Ok(Reassigned {
            moved: moving.len() as i64,
            loyalty_contacts_moved: loyalty_moved as i64,
        })
    })
    .await
}

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
        match rules::activity_of(channel) {
            Some(rules::Activity::Meeting) => activity.meetings += 1,
            Some(rules::Activity::Call) => activity.calls += 1,
            Some(rules::Activity::Message) => activity.messages += 1,
            None => {}
        }
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
         FROM ({PROSPECT_VIEW} WHERE v.owner_id = $3 AND v.status IN ('active', 'lost_pending')) w"
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
