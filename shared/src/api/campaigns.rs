//! Campaigns (展示/活动): the events and promotions a manager records (`/campaigns`), the
//! receptionist picks at check-in for a visitor whose source is `event`, and the report of
//! what each brought in (`GET /metrics/campaigns`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Campaign {
    pub id: i64,
    pub store_id: i64,
    pub name: String,
    /// First store-local day (included).
    pub starts_on: NaiveDate,
    /// Last store-local day (included).
    pub ends_on: NaiveDate,
    /// What it cost, in whole yuan.
    pub cost: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /campaigns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Whole yuan, 0 to 100,000,000.
    pub cost: i64,
}

/// `PATCH /campaigns/{id}`; omitted fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CampaignPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub cost: Option<i64>,
}

/// What a campaign brought in: its walk-ins (visits), first visits and those with contact
/// details (captured), test drives, the prospects its visits opened and their orders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CampaignCounts {
    pub visits: i64,
    pub first_visits: i64,
    pub captured: i64,
    pub test_drives: i64,
    pub prospects: i64,
    pub orders: i64,
}

/// One campaign of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CampaignResult {
    pub campaign: Campaign,
    pub counts: CampaignCounts,
    /// Cost / orders, yuan; `null` with no order.
    pub cost_per_order: Option<f64>,
}

/// The store's average campaign over the report's campaigns: each count's mean, the
/// mean cost, and the cost per order of them all together (total cost / total orders).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CampaignAverage {
    pub visits: f64,
    pub first_visits: f64,
    pub captured: f64,
    pub test_drives: f64,
    pub prospects: f64,
    pub orders: f64,
    pub cost: f64,
    pub cost_per_order: Option<f64>,
}

/// `GET /metrics/campaigns?from=&to=`: the store's campaigns whose dates meet the range,
/// newest first, each with everything it brought in up to today (an order placed after
/// the campaign still counts for it), and the store's average beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CampaignReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub campaigns: Vec<CampaignResult>,
    /// `null` when the range has no campaign.
    pub average: Option<CampaignAverage>,
}
