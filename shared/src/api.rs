//! Request and response bodies of `/api/v1`. Requests reject unknown fields so a typo in a
//! client is an error, not a silently ignored value.

mod activity;
mod campaigns;
mod honesty;
mod metrics;
mod plan;
mod weekly;
pub use activity::*;
pub use campaigns::*;
pub use honesty::*;
pub use metrics::*;
pub use plan::*;
pub use weekly::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Cadence, DailyTargets, Locale, Role};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every error answer: `{"error": {"code", "message", "field"?}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorDetail {
    /// Stable machine-readable class, e.g. `invalid_field`, `conflict`, `invalid_credentials`.
    pub code: String,
    /// Stable machine-readable reason within the class (`too_long`, `grade_o_needs_order`);
    /// clients show its sentence in the user's language (`keyuan_shared::errors::text`).
    #[serde(deserialize_with = "crate::errors::lenient")]
    pub reason: crate::errors::Reason,
    /// The values the reason's sentence names, e.g. `{"max": "100"}`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub params: crate::errors::Params,
    /// The English sentence, for logs and clients without the table.
    pub message: String,
    /// The request field at fault, when there is one (`store_id`, `cadence.H`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds until the request may be tried again (a 429; also the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// Error codes the app reacts to.
pub mod codes {
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    /// Too many wrong passwords for one login name; it is locked for a while.
    pub const TOO_MANY_ATTEMPTS: &str = "too_many_attempts";
    pub const TOKEN_EXPIRED: &str = "token_expired";
    pub const UNAUTHORIZED: &str = "unauthorized";
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: String,
    pub database: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginResponse {
    /// Bearer token for the `Authorization` header.
    pub token: String,
    /// When the token stops working.
    pub expires_at: DateTime<Utc>,
    pub user: SessionUser,
}

/// The signed-in user as the login answer and `GET /me` give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub store_id: Option<i64>,
    pub locale: Locale,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    pub locale: Locale,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Store {
    pub id: i64,
    pub name: String,
    pub time_zone: String,
    pub cadence: Cadence,
    pub pipeline_size: i32,
    pub daily_targets: DailyTargets,
    pub created_at: DateTime<Utc>,
    /// A consultant with overdue follow-ups drops out of the walk-in rotation until they
    /// catch up (off by default).
    pub rotation_skips_overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStore {
    pub name: String,
    /// IANA name; `Asia/Shanghai` when omitted.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// Store settings an admin (or the store's manager) may change; omitted fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StorePatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub cadence: Option<Cadence>,
    #[serde(default)]
    pub pipeline_size: Option<i32>,
    #[serde(default)]
    pub daily_targets: Option<DailyTargets>,
    #[serde(default)]
    pub rotation_skips_overdue: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct User {
    pub id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub store_id: Option<i64>,
    pub active: bool,
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub name: String,
    pub login: String,
    pub password: String,
    pub role: Role,
    /// Required for every role but `admin`; a manager's own store when omitted.
    #[serde(default)]
    pub store_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub active: Option<bool>,
    /// Sets a new password.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VehicleModel {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewVehicleModel {
    pub name: String,
    /// A manager's own store when omitted; required for an admin.
    #[serde(default)]
    pub store_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VehicleModelPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

// ---- Showroom check-in (展厅来店/来电登记) ----

use crate::domain::{Grade, ProspectStatus, Source, VisitKind};

/// A check-in. Everything but `kind`, `party_size` and `source` may be left out: a visitor
/// who gives no details still counts as traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    pub kind: VisitKind,
    pub party_size: i32,
    pub source: Source,
    /// The tap time on the tablet; now when omitted. Never in the future.
    #[serde(default)]
    pub arrived_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub left_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub vehicle_model_id: Option<i64>,
    /// The rotation's next consultant (or a known customer's owner) when omitted.
    #[serde(default)]
    pub consultant_id: Option<i64>,
    #[serde(default)]
    pub test_drive: Option<bool>,
    #[serde(default)]
    pub note: Option<String>,
    /// The customer who referred this visitor (转介绍).
    #[serde(default)]
    pub referred_by: Option<i64>,
    /// The store's campaign (展示/活动) that brought the visitor: source `event` only,
    /// and the arrival within the campaign's dates.
    #[serde(default)]
    pub campaign_id: Option<i64>,
}

/// Changes to a logged visit; omitted fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VisitPatch {
    #[serde(default)]
    pub left_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub test_drive: Option<bool>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub consultant_id: Option<i64>,
    #[serde(default)]
    pub vehicle_model_id: Option<i64>,
    #[serde(default)]
    pub party_size: Option<i32>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Visit {
    pub id: i64,
    pub kind: VisitKind,
    pub party_size: i32,
    pub source: Source,
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
    pub campaign_id: Option<i64>,
    /// For the log's display.
    pub campaign_name: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub consultant_name: Option<String>,
    pub vehicle_model_name: Option<String>,
}

/// The day's counts at the top of the log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DayCounts {
    pub traffic_people: i64,
    pub walk_ins: i64,
    pub first_visits: i64,
    pub return_visits: i64,
    pub phone_ins: i64,
    pub captured: i64,
    pub test_drives: i64,
}

/// `GET /visits?date=`: the store-local day's log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VisitLog {
    pub date: chrono::NaiveDate,
    pub counts: DayCounts,
    pub visits: Vec<Visit>,
}

/// `POST /visits/close-forgotten`: the walk-ins of earlier hours nobody marked as gone,
/// now closed (departure = arrival: not a 30-minute stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClosedVisits {
    pub visit_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RotationEntry {
    pub consultant_id: i64,
    pub name: String,
    pub on_duty: bool,
    /// Visitors of theirs still in the showroom.
    pub with_customers: i64,
    pub last_taken_at: Option<DateTime<Utc>>,
    /// Their overdue follow-ups, counted when the store's rule is on (0 otherwise).
    pub overdue: i64,
    /// Out of the rotation for those overdue follow-ups (the store's rule).
    pub skipped: bool,
}

/// `GET /rotation`: the up board, in the order consultants take the next walk-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Rotation {
    pub date: chrono::NaiveDate,
    pub next_consultant_id: Option<i64>,
    pub consultants: Vec<RotationEntry>,
}

/// `PUT /rotation/duty`: on or off duty for today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DutyChange {
    pub consultant_id: i64,
    pub on_duty: bool,
}

/// `GET /customers/lookup?phone=`: what the receptionist sees while typing a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerLookup {
    pub customer_id: i64,
    pub name: String,
    pub phone: String,
    pub prospect_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub grade: Option<Grade>,
    pub status: Option<ProspectStatus>,
    pub last_visit_at: Option<DateTime<Utc>>,
}

/// One live event (server-sent, `data:` JSON), fanned out through PostgreSQL NOTIFY.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LiveEvent {
    pub store_id: i64,
    /// `visit_created`, `visit_updated`, `rotation_changed`, …
    pub kind: String,
    pub id: Option<i64>,
}

// ---- Prospect cards (意向客户确度表, 跟进记录, 订单, 战败) ----

use crate::domain::{
    FollowUpChannel, LostDealStatus, LostReason, LoyaltyChannel, LoyaltyOutcome, LoyaltyStatus,
    LoyaltyStep, SaleType,
};
use crate::prospects::{Due, ManAdvice};
use chrono::NaiveDate;

/// One prospect card. `status` is the effective one: an active prospect 90 days without
/// contact reads `dormant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Prospect {
    pub id: i64,
    pub customer_id: i64,
    pub owner_id: i64,
    pub source: Source,
    pub status: ProspectStatus,
    pub grade: Grade,
    pub money: bool,
    pub authority: bool,
    pub need: bool,
    pub vehicle_model_id: Option<i64>,
    /// Yuan.
    pub budget: Option<i32>,
    pub note: String,
    pub next_follow_up_on: Option<NaiveDate>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Whole store-local days from the last contact to today ("3 days ago"), counted on
    /// the store's calendar rather than the phone's.
    pub days_since_contact: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// Against the store-local today.
    pub due: Due,
    pub advice: ManAdvice,
    /// For display.
    pub customer_name: String,
    pub customer_phone: String,
    pub owner_name: String,
    pub vehicle_model_name: Option<String>,
}

/// `GET /prospects`: overdue first (oldest date first), then due today, then upcoming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProspectList {
    /// The store-local today the `due` fields are measured against.
    pub today: NaiveDate,
    pub prospects: Vec<Prospect>,
    /// More cards matched than a listing holds (1,000): narrow the filter to see them.
    pub more: bool,
}

/// `POST /prospects`: a prospect met outside the showroom (外拓, 转介绍, 网络线索).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProspect {
    pub phone: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `outbound`, `referral` or `online`; walk-ins and phone-ins come from the front desk.
    pub source: Source,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub vehicle_model_id: Option<i64>,
    #[serde(default)]
    pub budget: Option<i32>,
    #[serde(default)]
    pub note: Option<String>,
    /// The customer who referred them.
    #[serde(default)]
    pub referred_by: Option<i64>,
    /// Managers only: the consultant who will own it (the caller otherwise).
    #[serde(default)]
    pub owner_id: Option<i64>,
}

/// `PATCH /prospects/{id}`; omitted fields stay. A grade change without a date sets the
/// next follow-up from the cadence. `owner_id` is for managers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProspectPatch {
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub money: Option<bool>,
    #[serde(default)]
    pub authority: Option<bool>,
    #[serde(default)]
    pub need: Option<bool>,
    #[serde(default)]
    pub vehicle_model_id: Option<i64>,
    #[serde(default)]
    pub budget: Option<i32>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub next_follow_up_on: Option<NaiveDate>,
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The customer's name on the card.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub referred_by: Option<i64>,
    pub note: String,
    pub created_at: DateTime<Utc>,
    /// Customers this one referred (转介绍).
    pub referrals: i64,
    /// The name of the customer who referred this one.
    pub referred_by_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FollowUp {
    pub id: i64,
    pub prospect_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub channel: FollowUpChannel,
    pub at: DateTime<Utc>,
    pub note: String,
    pub grade_before: Grade,
    pub grade_after: Grade,
    pub next_follow_up_on: Option<NaiveDate>,
}

/// `POST /prospects/{id}/follow-ups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewFollowUp {
    pub channel: FollowUpChannel,
    #[serde(default)]
    pub note: Option<String>,
    /// A new grade for the prospect.
    #[serde(default)]
    pub grade: Option<Grade>,
    /// From the store's cadence for the (new) grade when omitted.
    #[serde(default)]
    pub next_follow_up_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Order {
    pub id: i64,
    pub prospect_id: i64,
    pub consultant_id: i64,
    pub vehicle_model_id: i64,
    pub vehicle_model_name: String,
    pub sale_type: SaleType,
    pub ordered_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// `POST /prospects/{id}/orders`. Give `ordered_at`, or `ordered_on` (a store-local date),
/// or neither for now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    pub vehicle_model_id: i64,
    pub sale_type: SaleType,
    #[serde(default)]
    pub ordered_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub ordered_on: Option<NaiveDate>,
}

/// `POST /orders/{id}/delivery`: `delivered_at`, or `delivered_on` (a store-local date).
/// Again with another date reschedules the loyalty contacts not yet done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    #[serde(default)]
    pub delivered_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub delivered_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyContact {
    pub id: i64,
    pub order_id: i64,
    pub customer_id: i64,
    pub assignee_id: i64,
    pub step: LoyaltyStep,
    pub channel: LoyaltyChannel,
    pub due_on: NaiveDate,
    pub status: LoyaltyStatus,
    pub outcome: Option<LoyaltyOutcome>,
    pub note: String,
    pub completed_at: Option<DateTime<Utc>>,
}

/// The answer to a delivery: the order and its loyalty schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Delivered {
    pub order: Order,
    pub loyalty_contacts: Vec<LoyaltyContact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostDeal {
    pub id: i64,
    pub prospect_id: i64,
    pub reason: LostReason,
    pub note: String,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub requested_at: DateTime<Utc>,
    pub status: LostDealStatus,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: String,
    /// For the manager's list.
    pub customer_name: String,
    pub customer_phone: String,
    pub owner_name: String,
    pub grade: Grade,
    pub vehicle_model_name: Option<String>,
}

/// `POST /prospects/{id}/lost`: `note` is required for the reason `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLostDeal {
    pub reason: LostReason,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /lost-deals/{id}/confirm` (comment optional) and `/reject` (comment required).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LostDecision {
    #[serde(default)]
    pub comment: Option<String>,
}

impl LostDecision {
    /// Whether the decision says enough: sending a deal back needs a comment, so the
    /// consultant knows what to try next; confirming does not.
    pub fn is_complete(&self, confirm: bool) -> bool {
        confirm
            || self
                .comment
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
    }
}

/// Who owned a prospect when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Ownership {
    pub owner_id: i64,
    pub owner_name: String,
    pub from_at: DateTime<Utc>,
    pub until_at: Option<DateTime<Utc>>,
    pub assigned_by_name: Option<String>,
}

/// One line of a card's history: an audited change to the prospect or its follow-ups,
/// orders and lost deals, with only the fields that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
    /// `prospect`, `follow_up`, `order`, `lost_deal`.
    pub entity: String,
    /// `create` or `update`.
    pub action: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub old_values: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub new_values: Option<serde_json::Value>,
}

/// `GET /prospects/{id}`: one card with everything on it, lists newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProspectDetail {
    pub prospect: Prospect,
    pub customer: Customer,
    pub visits: Vec<Visit>,
    pub follow_ups: Vec<FollowUp>,
    pub orders: Vec<Order>,
    pub lost_deals: Vec<LostDeal>,
    pub owners: Vec<Ownership>,
    pub history: Vec<HistoryEntry>,
    /// The store's cadence, so the app proposes the same date the server would.
    pub cadence: Cadence,
    pub today: NaiveDate,
}

/// Today's follow-ups of one consultant in the 5-20-30 columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Activity {
    pub meetings: i64,
    pub calls: i64,
    pub messages: i64,
}

/// `GET /my-day`: the header of a consultant's phone screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MyDay {
    pub today: NaiveDate,
    pub activity: Activity,
    pub targets: DailyTargets,
    /// Open prospects (active and waiting for a lost-deal decision; not dormant).
    pub open_prospects: i64,
    pub pipeline_size: i32,
    pub overdue: i64,
    pub due_today: i64,
    /// Loyalty contacts due today or overdue.
    pub loyalty_due: i64,
}

/// `POST /prospects/reassign`: every open prospect of one consultant (a leaving one) to
/// another, or just the listed ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reassign {
    pub from_owner_id: i64,
    pub to_owner_id: i64,
    /// Only these prospects; all of `from_owner_id`'s open ones when omitted.
    #[serde(default)]
    pub prospect_ids: Option<Vec<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Reassigned {
    /// Prospects moved.
    pub moved: i64,
    /// Loyalty contacts still due that moved with a whole book.
    pub loyalty_contacts_moved: i64,
}

// ---- Loyalty contacts and the customer timeline (忠诚客户维护周期) ----

/// A loyalty contact with what its work list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyTask {
    #[serde(flatten)]
    pub contact: LoyaltyContact,
    pub customer_name: String,
    pub customer_phone: String,
    pub assignee_name: String,
    pub vehicle_model_name: String,
    pub delivered_at: Option<DateTime<Utc>>,
    /// Still to be made and past its date.
    pub overdue: bool,
}

/// `GET /loyalty-contacts`: the work list, oldest due first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyList {
    pub today: NaiveDate,
    pub contacts: Vec<LoyaltyTask>,
}

/// `POST /loyalty-contacts/{id}/complete`. `declined` cancels the customer's remaining
/// contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteLoyaltyContact {
    pub outcome: LoyaltyOutcome,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyCompleted {
    pub contact: LoyaltyTask,
    /// Contacts cancelled because the customer declined further contact.
    pub cancelled: i64,
}

/// One consultant's loyalty contacts due in a range, by how they were handled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyPunctuality {
    pub consultant_id: i64,
    pub consultant_name: String,
    pub on_time: i64,
    pub late: i64,
    pub missed: i64,
    pub pending: i64,
}

/// `GET /loyalty-contacts/report?from=&to=`: contacts due in the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by_consultant: Vec<LoyaltyPunctuality>,
    pub total: LoyaltyPunctuality,
}

/// `GET /customers?q=`: a customer found by name or phone (e.g. to name a referrer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerHit {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub referrals: i64,
}

domain_enum! {
    /// What a timeline event is.
    pub enum TimelineKind {
        Visit = "visit",
        FollowUp = "follow_up",
        GradeChange = "grade_change",
        Order = "order",
        Delivery = "delivery",
        LoyaltyContact = "loyalty_contact",
        Referral = "referral",
        LostDeal = "lost_deal",
    }
}

/// One event of a customer's story. `at` is when it happened, or for a loyalty contact
/// still to be made, its due date (the road ahead). Fields that do not apply are absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TimelineEvent {
    pub kind: TimelineKind,
    pub at: DateTime<Utc>,
    /// Who did it (or, for a loyalty contact, who it is assigned to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prospect_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// visit: `walk_in` / `phone_in`; follow-up: its channel; loyalty: `call` / `mail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_visit: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_drive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_before: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_after: Option<Grade>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_model_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_type: Option<SaleType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty_contact_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<LoyaltyStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<LoyaltyStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<LoyaltyOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<LostReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_status: Option<LostDealStatus>,
    /// referral: the customer who was referred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_customer_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_customer_name: Option<String>,
}

impl TimelineEvent {
    /// An event with only its kind and time; the caller fills what applies.
    pub fn new(kind: TimelineKind, at: DateTime<Utc>) -> Self {
        TimelineEvent {
            kind,
            at,
            who: None,
            prospect_id: None,
            note: None,
            channel: None,
            first_visit: None,
            test_drive: None,
            grade_before: None,
            grade_after: None,
            vehicle_model_name: None,
            sale_type: None,
            loyalty_contact_id: None,
            step: None,
            due_on: None,
            status: None,
            outcome: None,
            overdue: None,
            reason: None,
            lost_status: None,
            referred_customer_id: None,
            referred_customer_name: None,
        }
    }
}

/// `GET /customers/{id}/timeline`: every event of one customer, newest first (contacts
/// still ahead first of all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Timeline {
    pub customer: Customer,
    pub today: NaiveDate,
    pub events: Vec<TimelineEvent>,
}
