//! Rows as Diesel reads and writes them, and their conversion to the API's shapes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use keyuan_shared::api;
use keyuan_shared::{Cadence, DailyTargets, Locale, Role};

use crate::schema::{audit_entries, stores, users, vehicle_models};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = stores, check_for_backend(diesel::pg::Pg))]
pub struct StoreRow {
    pub id: i64,
    pub name: String,
    pub time_zone: String,
    pub cadence_o_days: i32,
    pub cadence_h_days: i32,
    pub cadence_a_days: i32,
    pub cadence_b_days: i32,
    pub cadence_c_days: i32,
    pub pipeline_size: i32,
    pub daily_meetings_target: i32,
    pub daily_calls_target: i32,
    pub daily_messages_target: i32,
    pub created_at: DateTime<Utc>,
    pub rotation_skips_overdue: bool,
}

impl From<StoreRow> for api::Store {
    fn from(r: StoreRow) -> Self {
        api::Store {
            id: r.id,
            name: r.name,
            time_zone: r.time_zone,
            cadence: Cadence {
                o: r.cadence_o_days,
                h: r.cadence_h_days,
                a: r.cadence_a_days,
                b: r.cadence_b_days,
                c: r.cadence_c_days,
            },
            pipeline_size: r.pipeline_size,
            daily_targets: DailyTargets {
                meetings: r.daily_meetings_target,
                calls: r.daily_calls_target,
                messages: r.daily_messages_target,
            },
            created_at: r.created_at,
            rotation_skips_overdue: r.rotation_skips_overdue,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = stores)]
pub struct NewStoreRow<'a> {
    pub name: &'a str,
    pub time_zone: &'a str,
}

/// A store settings change; `None` leaves a column as it is.
#[derive(AsChangeset, Default)]
#[diesel(table_name = stores)]
pub struct StoreChanges {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub cadence_o_days: Option<i32>,
    pub cadence_h_days: Option<i32>,
    pub cadence_a_days: Option<i32>,
    pub cadence_b_days: Option<i32>,
    pub cadence_c_days: Option<i32>,
    pub pipeline_size: Option<i32>,
    pub daily_meetings_target: Option<i32>,
    pub daily_calls_target: Option<i32>,
    pub daily_messages_target: Option<i32>,
    pub rotation_skips_overdue: Option<bool>,
}

impl From<&api::StorePatch> for StoreChanges {
    fn from(p: &api::StorePatch) -> Self {
        StoreChanges {
            name: p.name.as_ref().map(|n| n.trim().to_owned()),
            time_zone: p.time_zone.clone(),
            cadence_o_days: p.cadence.map(|c| c.o),
            cadence_h_days: p.cadence.map(|c| c.h),
            cadence_a_days: p.cadence.map(|c| c.a),
            cadence_b_days: p.cadence.map(|c| c.b),
            cadence_c_days: p.cadence.map(|c| c.c),
            pipeline_size: p.pipeline_size,
            daily_meetings_target: p.daily_targets.map(|t| t.meetings),
            daily_calls_target: p.daily_targets.map(|t| t.calls),
            daily_messages_target: p.daily_targets.map(|t| t.messages),
            rotation_skips_overdue: p.rotation_skips_overdue,
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct UserRow {
    pub id: i64,
    pub store_id: Option<i64>,
    pub name: String,
    pub login: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
}

impl From<UserRow> for api::User {
    fn from(r: UserRow) -> Self {
        api::User {
            id: r.id,
            name: r.name,
            login: r.login,
            role: r.role,
            store_id: r.store_id,
            active: r.active,
            locale: r.locale,
            created_at: r.created_at,
        }
    }
}

impl From<UserRow> for api::SessionUser {
    fn from(r: UserRow) -> Self {
        api::SessionUser {
            id: r.id,
            name: r.name,
            login: r.login,
            role: r.role,
            store_id: r.store_id,
            locale: r.locale,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub store_id: Option<i64>,
    pub name: &'a str,
    pub login: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub password_hash: Option<String>,
    pub locale: Option<Locale>,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = vehicle_models, check_for_backend(diesel::pg::Pg))]
pub struct VehicleModelRow {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    pub active: bool,
}

impl From<VehicleModelRow> for api::VehicleModel {
    fn from(r: VehicleModelRow) -> Self {
        api::VehicleModel {
            id: r.id,
            store_id: r.store_id,
            name: r.name,
            active: r.active,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = vehicle_models)]
pub struct NewVehicleModelRow<'a> {
    pub store_id: i64,
    pub name: &'a str,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = vehicle_models)]
pub struct VehicleModelChanges {
    pub name: Option<String>,
    pub active: Option<bool>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = audit_entries)]
pub struct NewAuditEntry {
    pub store_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub entity: &'static str,
    pub entity_id: i64,
    pub action: &'static str,
    pub old_values: Option<serde_json::Value>,
    pub new_values: Option<serde_json::Value>,
}

/// A customer as stored; serialised whole into the audit log.
#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::customers, check_for_backend(diesel::pg::Pg))]
pub struct CustomerRow {
    pub id: i64,
    pub store_id: i64,
    pub phone: String,
    pub name: String,
    pub referred_by: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = crate::schema::customers)]
pub struct NewCustomerRow<'a> {
    pub store_id: i64,
    pub phone: &'a str,
    pub name: &'a str,
    pub referred_by: Option<i64>,
}

/// A prospect as stored; serialised whole into the audit log.
#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::prospects, check_for_backend(diesel::pg::Pg))]
pub struct ProspectRow {
    pub id: i64,
    pub store_id: i64,
    pub customer_id: i64,
    pub owner_id: i64,
    pub source: keyuan_shared::Source,
    pub status: keyuan_shared::ProspectStatus,
    pub grade: keyuan_shared::Grade,
    pub money: bool,
    pub authority: bool,
    pub need: bool,
    pub vehicle_model_id: Option<i64>,
    pub budget: Option<i32>,
    pub note: String,
    pub next_follow_up_on: Option<chrono::NaiveDate>,
    pub last_contact_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The campaign whose visit opened the prospect.
    pub campaign_id: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = crate::schema::prospects)]
pub struct NewProspectRow<'a> {
    pub store_id: i64,
    pub customer_id: i64,
    pub owner_id: i64,
    pub source: keyuan_shared::Source,
    pub grade: keyuan_shared::Grade,
    pub vehicle_model_id: Option<i64>,
    pub budget: Option<i32>,
    pub note: &'a str,
    pub next_follow_up_on: Option<chrono::NaiveDate>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// A visit's prospect is created at the visit's arrival, so a paper log typed in
    /// later keeps its dates in every figure.
    pub created_at: DateTime<Utc>,
    pub campaign_id: Option<i64>,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::follow_ups, check_for_backend(diesel::pg::Pg))]
pub struct FollowUpRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub store_id: i64,
    pub prospect_id: i64,
    pub author_id: i64,
    pub channel: keyuan_shared::FollowUpChannel,
    pub at: DateTime<Utc>,
    pub note: String,
    pub grade_before: keyuan_shared::Grade,
    pub grade_after: keyuan_shared::Grade,
    pub next_follow_up_on: Option<chrono::NaiveDate>,
}

#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::orders, check_for_backend(diesel::pg::Pg))]
pub struct OrderRow {
    pub id: i64,
    pub store_id: i64,
    pub prospect_id: i64,
    pub consultant_id: i64,
    pub vehicle_model_id: i64,
    pub sale_type: keyuan_shared::SaleType,
    pub ordered_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::lost_deals, check_for_backend(diesel::pg::Pg))]
pub struct LostDealRow {
    pub id: i64,
    pub store_id: i64,
    pub prospect_id: i64,
    pub reason: keyuan_shared::LostReason,
    pub note: String,
    pub requested_by: i64,
    pub requested_at: DateTime<Utc>,
    pub status: keyuan_shared::LostDealStatus,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: String,
}

#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::loyalty_contacts, check_for_backend(diesel::pg::Pg))]
pub struct LoyaltyContactRow {
    pub id: i64,
    pub order_id: i64,
    pub customer_id: i64,
    pub assignee_id: i64,
    pub step: keyuan_shared::LoyaltyStep,
    pub channel: keyuan_shared::LoyaltyChannel,
    pub due_on: chrono::NaiveDate,
    pub status: keyuan_shared::LoyaltyStatus,
    pub outcome: Option<keyuan_shared::LoyaltyOutcome>,
    pub note: String,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<LoyaltyContactRow> for api::LoyaltyContact {
    fn from(r: LoyaltyContactRow) -> Self {
        api::LoyaltyContact {
            id: r.id,
            order_id: r.order_id,
            customer_id: r.customer_id,
            assignee_id: r.assignee_id,
            step: r.step,
            channel: r.channel,
            due_on: r.due_on,
            status: r.status,
            outcome: r.outcome,
            note: r.note,
            completed_at: r.completed_at,
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::visits, check_for_backend(diesel::pg::Pg))]
pub struct VisitRow {
    pub id: i64,
    pub store_id: i64,
    pub kind: keyuan_shared::VisitKind,
    pub party_size: i32,
    pub source: keyuan_shared::Source,
    pub arrived_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
    pub first_visit: bool,
    pub customer_id: Option<i64>,
    pub prospect_id: Option<i64>,
    pub consultant_id: Option<i64>,
    pub vehicle_model_id: Option<i64>,
    pub test_drive: bool,
    pub captured: bool,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub campaign_id: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = crate::schema::visits)]
pub struct NewVisitRow<'a> {
    pub store_id: i64,
    pub kind: keyuan_shared::VisitKind,
    pub party_size: i32,
    pub source: keyuan_shared::Source,
    pub arrived_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
    pub first_visit: bool,
    pub customer_id: Option<i64>,
    pub prospect_id: Option<i64>,
    pub consultant_id: Option<i64>,
    pub vehicle_model_id: Option<i64>,
    pub test_drive: bool,
    pub captured: bool,
    pub note: &'a str,
    pub created_by: i64,
    pub campaign_id: Option<i64>,
}

/// A campaign as stored; serialised whole into the audit log.
#[derive(Queryable, Selectable, Debug, Clone, serde::Serialize)]
#[diesel(table_name = crate::schema::campaigns, check_for_backend(diesel::pg::Pg))]
pub struct CampaignRow {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub cost: i64,
    pub created_at: DateTime<Utc>,
}

impl From<CampaignRow> for api::Campaign {
    fn from(r: CampaignRow) -> Self {
        api::Campaign {
            id: r.id,
            store_id: r.store_id,
            name: r.name,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            cost: r.cost,
            created_at: r.created_at,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = crate::schema::campaigns)]
pub struct CampaignValues<'a> {
    pub name: &'a str,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub cost: i64,
}
