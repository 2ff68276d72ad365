//! The manager's figures: `GET /metrics/showroom` and `GET /metrics/stores`.
//!
//! The server counts ([`ShowroomCounts`], one SQL query per breakdown); every figure made
//! from counts (totals, rates, averages) is computed by [`crate::metrics::figures`], so
//! the server's answers and the dashboard agree by construction.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::{LostReason, LostReasonGroup};

/// Prospects created in a range, by their current grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GradeCounts {
    #[serde(rename = "O")]
    pub o: i64,
    #[serde(rename = "H")]
    pub h: i64,
    #[serde(rename = "A")]
    pub a: i64,
    #[serde(rename = "B")]
    pub b: i64,
    #[serde(rename = "C")]
    pub c: i64,
}

/// What the database counts for a store (or one consultant, source, model, hour or day of
/// it) over a range. Which rows each count takes is written once, in the server's
/// `queries::metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ShowroomCounts {
    pub traffic_people: i64,
    pub walk_ins: i64,
    pub first_visits: i64,
    pub return_visits: i64,
    pub phone_ins: i64,
    pub event_visits: i64,
    pub referral_visits: i64,
    pub captured: i64,
    pub test_drives: i64,
    pub long_stays: i64,
    pub retail: i64,
    pub secondary: i64,
    pub fleet: i64,
    pub grades: GradeCounts,
}

/// Orders placed in the range, by sale type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Sales {
    pub retail: i64,
    pub secondary: i64,
    pub fleet: i64,
    pub total: i64,
}

/// Fractions from 0 to 1; `null` where the denominator is 0 (shown as "—").
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Rates {
    /// 成交率: retail orders / first visits.
    pub closing: Option<f64>,
    /// 留电率: captured / first visits.
    pub capture: Option<f64>,
    /// 试驾比例: test drives / first visits.
    pub test_drive: Option<f64>,
    /// Long stays / first visits.
    pub long_stay: Option<f64>,
    /// 展厅零售率: retail / all orders.
    pub retail_share: Option<f64>,
    pub secondary_share: Option<f64>,
    pub fleet_share: Option<f64>,
}

/// The showroom table's figures (展厅客流分析) for one range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ShowroomFigures {
    /// 客流总数: people, i.e. the party sizes of walk-ins.
    pub traffic_people: i64,
    /// Walk-ins (parties), first and return.
    pub walk_ins: i64,
    /// 首次到店.
    pub first_visits: i64,
    /// 再回展厅.
    pub return_visits: i64,
    /// 来电.
    pub phone_ins: i64,
    /// 展示/活动: first visits from an event.
    pub event_visits: i64,
    /// 转介绍: first visits from a referral.
    pub referral_visits: i64,
    /// 日平均客流量: people / days in the range.
    pub daily_avg_traffic: f64,
    /// 资料记录数: first visits whose contact details were captured.
    pub captured: i64,
    /// 试驾人数: walk-ins with a test drive.
    pub test_drives: i64,
    /// 逗留30分钟: walk-ins that stayed 30 minutes or more (no departure: not counted).
    pub long_stays: i64,
    pub sales: Sales,
    pub rates: Rates,
    pub grades: GradeCounts,
}

/// One row of a breakdown: the figures of one consultant, source, model or store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KeyedFigures {
    /// The consultant's, model's or store's id, or the source (`walk_in`, …); `none` for
    /// visits with no consultant or model.
    pub key: String,
    /// The consultant's, model's or store's name; absent for sources and `none`.
    pub name: Option<String>,
    #[serde(flatten)]
    pub figures: ShowroomFigures,
    /// Consultants: open prospects whose follow-up is overdue today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue_follow_ups: Option<i64>,
}

/// Traffic of one hour of the day (`"09"`) or one date (`"2026-01-31"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrafficPoint {
    pub key: String,
    pub traffic_people: i64,
    pub first_visits: i64,
}

/// `GET /metrics/showroom?from=&to=`: one store's figures for a range of store-local
/// dates (both ends included), with their breakdowns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ShowroomMetrics {
    pub store_id: i64,
    /// The store's own today: what "today", "this week" and "this month" mean there,
    /// whatever the viewing device's clock says.
    pub today: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days in the range, the daily average's divisor.
    pub days: i64,
    #[serde(flatten)]
    pub figures: ShowroomFigures,
    pub by_consultant: Vec<KeyedFigures>,
    pub by_source: Vec<KeyedFigures>,
    pub by_model: Vec<KeyedFigures>,
    /// Every hour of the day that had a visit, in order.
    pub by_hour: Vec<TrafficPoint>,
    /// Every date of the range, in order (zeros included, so a line can be drawn).
    pub by_day: Vec<TrafficPoint>,
}

/// `GET /metrics/stores?from=&to=`: a head office's stores side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StoreComparison {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
    pub stores: Vec<KeyedFigures>,
}

/// `GET /metrics/lost?from=&to=` (战败客户分析表): one store's confirmed lost deals whose
/// decision falls in a range of store-local dates (both ends included), as a matrix
/// reason × vehicle model. Made from the database's counts by
/// [`crate::metrics::lost_analysis`]; every share is a fraction 0–1, `null` where its
/// denominator is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostAnalysis {
    pub store_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Confirmed lost deals in the range.
    pub total: i64,
    /// The matrix's columns: every model with a lost deal, by name, then the column of
    /// prospects without a model (`vehicle_model_id` and `name` `null`).
    pub models: Vec<LostModel>,
    /// The matrix's rows: every reason with a lost deal, in the form's order
    /// (`LostReason::ALL`).
    pub reasons: Vec<LostReasonRow>,
    /// The subtotals of the form's groups: all five, in their order (`LostReasonGroup::ALL`),
    /// zeros included.
    pub groups: Vec<LostGroup>,
}

/// One column of the lost-deal matrix: a vehicle model and its lost deals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostModel {
    /// `null`: the prospects that named no model.
    pub vehicle_model_id: Option<i64>,
    pub name: Option<String>,
    pub total: i64,
}

/// One row of the lost-deal matrix: a reason, in total and by model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostReasonRow {
    pub reason: LostReason,
    pub group: LostReasonGroup,
    pub total: i64,
    /// `total` / the analysis's `total`.
    pub share: Option<f64>,
    /// One cell for each of the analysis's `models`, in the same order (zeros included).
    pub cells: Vec<LostCell>,
}

/// One cell of the lost-deal matrix (or of a group's subtotal row).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostCell {
    pub vehicle_model_id: Option<i64>,
    pub count: i64,
    /// `count` / the model's `total`: the reason's share of that model's lost deals.
    pub share_of_model: Option<f64>,
}

/// A group's subtotal row (产品, 价格, 销售顾问, 管理, 其他).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostGroup {
    pub group: LostReasonGroup,
    pub total: i64,
    /// `total` / the analysis's `total`.
    pub share: Option<f64>,
    /// The group's reasons added up, one cell for each of the analysis's `models`.
    pub cells: Vec<LostCell>,
}

/// `GET /metrics/lost/deals`: one confirmed lost deal behind a cell of the matrix, newest
/// decision first; `prospect_id` opens its card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LostAnalysisDeal {
    pub lost_deal_id: i64,
    pub prospect_id: i64,
    pub customer_name: String,
    pub customer_phone: String,
    /// The consultant whose prospect it was.
    pub consultant_name: String,
    pub decided_at: DateTime<Utc>,
    pub reason: LostReason,
    pub note: String,
    pub vehicle_model_id: Option<i64>,
    pub vehicle_model_name: Option<String>,
}
