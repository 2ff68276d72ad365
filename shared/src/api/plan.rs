//! The monthly prospect target (月度客源开发目标): `POST /prospect-plan`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::Source;

/// What a manager changes for one source: any of the history's three inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SourceOverride {
    /// Share of the month's orders expected from this source (0–1), instead of ②.
    pub mix: Option<f64>,
    /// Orders per prospect (0–1), instead of ④.
    pub conversion: Option<f64>,
    /// Prospects a month the source brings now, instead of ⑥.
    pub current: Option<f64>,
}

/// `POST /prospect-plan`: next month's sales target and the manager's what-ifs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The month planned, `YYYY-MM`; the history is the three months before it.
    pub month: String,
    /// 销售目标 T: orders the month must bring.
    pub sales_target: i64,
    #[serde(default)]
    pub overrides: BTreeMap<Source, SourceOverride>,
    /// The sheet's second half (下月调整目标 ⑧⑨⑩): a target conversion per source that
    /// replaces the historical (or overridden) one.
    #[serde(default)]
    pub target_conversion: BTreeMap<Source, f64>,
}

/// One source's line of the sheet. Values the history cannot give (a share of no orders,
/// a conversion of no prospects) and what follows from them are `null`, shown as "—".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlanRow {
    pub source: Source,
    /// ② share of orders from this source.
    pub mix: Option<f64>,
    /// ③ deals the source must bring: T × mix.
    pub deals: Option<f64>,
    /// ④ orders per prospect.
    pub conversion: Option<f64>,
    /// ⑤ prospects to develop: ⌈deals / conversion⌉.
    pub needed: Option<i64>,
    /// ⑥ prospects a month now.
    pub current: f64,
    /// ⑦ needed − current.
    pub gap: Option<f64>,
}

/// The total row: sums of the lines; `needed` and `gap` are `null` when a line that must
/// bring deals has no conversion to reach them (the paper sheet's #DIV/0!).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlanTotal {
    pub deals: Option<f64>,
    pub needed: Option<i64>,
    pub current: f64,
    pub gap: Option<f64>,
}

/// `POST /prospect-plan`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProspectPlan {
    /// `YYYY-MM`.
    pub month: String,
    pub sales_target: i64,
    pub sources: Vec<PlanRow>,
    pub total: PlanTotal,
}
