//! The daily activity report (销售活动日报表) `GET /metrics/activity?from=&to=`: each
//! consultant's logged meetings, calls and messages against the store's 5-20-30.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::Activity;
use crate::domain::DailyTargets;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityLine {
    pub consultant_id: i64,
    pub name: String,
    /// Follow-ups logged in the range, in the 5-20-30 columns (as My day counts them).
    pub activity: Activity,
    /// Prospects created in the range that they own.
    pub prospects_added: i64,
    /// Their open prospects whose follow-up date has passed, now.
    pub overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The store's daily targets.
    pub targets: DailyTargets,
    /// Days of the range up to the store's today: the days the targets were due.
    pub days_due: i64,
    /// The targets over those days (`keyuan_shared::metrics::activity_due`).
    pub due: Activity,
    /// Every active consultant, and anyone else who logged something in the range.
    pub consultants: Vec<ActivityLine>,
}
