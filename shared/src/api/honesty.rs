//! The honesty report (诚信报告) `GET /metrics/honesty?from=&to=`: per consultant, what
//! the reception's log says they were given against what their cards show, entries
//! logged in bursts, and prospects whose follow-up was pushed on without a contact.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// One consultant's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HonestyLine {
    pub consultant_id: i64,
    pub name: String,
    /// Walk-ins the reception's log gave them.
    pub walk_ins: i64,
    /// Of those, with contact details captured.
    pub captured: i64,
    /// Of those, whose card got a follow-up (with its grade) within 24 hours of arrival.
    pub followed_up_in_24h: i64,
    /// Walk-ins with no follow-up within 24 hours: `walk_ins − followed_up_in_24h`.
    pub gap: i64,
    pub bursts: i64,
    pub pushed_prospects: i64,
}

/// What a burst is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BurstKind {
    FollowUps,
    LoyaltyContacts,
}

/// One entry behind a burst: a follow-up or a completed loyalty contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BurstEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The prospect card (follow-ups) it belongs to.
    pub prospect_id: Option<i64>,
    pub customer_name: String,
    /// The channel (`call`, `message`, …) or the loyalty step.
    pub what: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Burst {
    pub consultant_id: i64,
    pub name: String,
    pub kind: BurstKind,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub entries: Vec<BurstEntry>,
}

/// A prospect whose next follow-up date was moved later again and again with no contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PushedProspect {
    pub prospect_id: i64,
    pub customer_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    /// The longest run of pushes without a contact in the range.
    pub pushes: i64,
    pub next_follow_up_on: Option<NaiveDate>,
}

/// The thresholds the report applied (`keyuan_shared::honesty`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HonestyRules {
    pub burst_entries: i64,
    pub burst_minutes: i64,
    pub pushes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HonestyReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rules: HonestyRules,
    /// Every active consultant of the store, and anyone else with walk-ins in the range.
    pub consultants: Vec<HonestyLine>,
    /// Newest first.
    pub bursts: Vec<Burst>,
    pub pushed: Vec<PushedProspect>,
}

/// One consultant's outcomes for a grade (the prospects' owners now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ConsultantCalibration {
    pub consultant_id: i64,
    pub name: String,
    pub counts: crate::metrics::OutcomeCounts,
    /// The share ordered within the promised days; `null` with no prospect.
    pub kept: Option<f64>,
}

/// What became of the prospects that took one grade in the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GradeCalibration {
    pub grade: crate::Grade,
    /// The days the grade promises.
    pub days: i64,
    pub store: crate::metrics::OutcomeCounts,
    pub store_kept: Option<f64>,
    pub consultants: Vec<ConsultantCalibration>,
}

/// `GET /metrics/calibration?from=&to=`: for H, A and B, the prospects that took the
/// grade in the range (each once, at the first time) and what became of them since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CalibrationReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub grades: Vec<GradeCalibration>,
}

/// One grade of the open book in the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ForecastGrade {
    pub grade: crate::Grade,
    /// Open prospects holding it now.
    pub open: i64,
    /// The store's kept-promise share of the grade over the last 180 days; `null`: not
    /// measured yet (weighs 0).
    pub kept: Option<f64>,
}

/// `GET /metrics/forecast`: this month's expected orders from the open book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Forecast {
    /// `YYYY-MM`, the store's month now.
    pub month: String,
    /// Orders placed this month so far.
    pub ordered: i64,
    pub grades: Vec<ForecastGrade>,
    /// `ordered` + Σ open × kept (`keyuan_shared::metrics::forecast`).
    pub expected: f64,
    /// The month's sales target as the manager saved it (weekly plan); `null`: not set.
    pub target: Option<i64>,
}
