//! Request and response bodies of `/api/v1`. Requests reject unknown fields so a typo in a
//! client is an error, not a silently ignored value.

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
    /// Stable machine-readable code, e.g. `invalid_field`, `invalid_credentials`.
    pub code: String,
    /// A sentence a user can act on.
    pub message: String,
    /// The request field at fault, when there is one (`store_id`, `cadence.H`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Error codes the app reacts to.
pub mod codes {
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
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
    /// For the log's display.
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RotationEntry {
    pub consultant_id: i64,
    pub name: String,
    pub on_duty: bool,
    /// Visitors of theirs still in the showroom.
    pub with_customers: i64,
    pub last_taken_at: Option<DateTime<Utc>>,
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
