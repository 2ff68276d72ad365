//! The weekly action plan (周行动计划): the month's targets set by the manager
//! (`PUT /monthly-targets`) split over its Monday weeks beside each week's actuals
//! (`GET /weekly-plan`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A month's (or a week's) counts: sales are orders delivered, orders are orders placed,
/// prospects are prospects created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub sales: i64,
    pub orders: i64,
    pub prospects: i64,
}

/// One consultant's targets for the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsultantTargets {
    pub consultant_id: i64,
    pub targets: Targets,
}

/// `PUT /monthly-targets`: the month's targets of the store and of the consultants named.
/// Saving again replaces the rows given; a consultant left out keeps what was saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MonthTargets {
    /// `YYYY-MM`.
    pub month: String,
    pub store: Targets,
    #[serde(default)]
    pub consultants: Vec<ConsultantTargets>,
}

/// One week of the plan: Monday to Sunday, cut at the month's ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlanWeek {
    /// First store-local date of the week (in the month).
    pub from: NaiveDate,
    /// Last store-local date of the week (included, in the month).
    pub to: NaiveDate,
    /// The week's days over the month's: its part of a month's target.
    pub share: f64,
    /// The store's today falls in this week.
    pub current: bool,
}

/// A week's part of a month's targets (pro rata by days, not rounded), or a gap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WeekTargets {
    pub sales: f64,
    pub orders: f64,
    pub prospects: f64,
}

/// One week of a line: target, actual, and gap = target − actual (positive: still to do).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WeekFigures {
    /// `null` when the month has no targets for this line.
    pub target: Option<WeekTargets>,
    pub actual: Targets,
    pub gap: Option<WeekTargets>,
}

/// The store's line (`consultant_id` `null`) or one consultant's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WeeklyLine {
    pub consultant_id: Option<i64>,
    pub name: Option<String>,
    /// The month's targets as saved; `null`: not set.
    pub month_targets: Option<Targets>,
    /// One entry per week of [`WeeklyPlan::weeks`], in order.
    pub weeks: Vec<WeekFigures>,
}

/// `GET /weekly-plan`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WeeklyPlan {
    /// `YYYY-MM`.
    pub month: String,
    /// The store's date now.
    pub today: NaiveDate,
    pub weeks: Vec<PlanWeek>,
    pub store: WeeklyLine,
    /// Every active consultant of the store, and anyone else with targets or actuals in
    /// the month, by name.
    pub consultants: Vec<WeeklyLine>,
}
