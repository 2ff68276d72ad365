//! The manager's figures and the head office's store comparison.

use gloo_net::http::Method;
use keyuan_shared::api::{PlanRequest, ProspectPlan, ShowroomMetrics, StoreComparison};
use keyuan_shared::metrics::DateRange;

use super::{Api, ApiResult};

impl Api {
    /// One store's figures for a range (a manager's own store).
    pub async fn showroom_metrics(self, range: DateRange) -> ApiResult<ShowroomMetrics> {
        let path = format!("/metrics/showroom?{}", range_query(range));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// Every store's figures side by side (an administrator).
    pub async fn store_comparison(self, range: DateRange) -> ApiResult<StoreComparison> {
        let path = format!("/metrics/stores?{}", range_query(range));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }
}

impl Api {
    /// The month's prospect target sheet for the manager's store (writes nothing).
    pub async fn prospect_plan(self, request: &PlanRequest) -> ApiResult<ProspectPlan> {
        self.send(Method::POST, "/prospect-plan", Some(request), true)
            .await
    }
}

fn range_query(range: DateRange) -> String {
    format!("from={}&to={}", range.from, range.to)
}

/// The store's records a manager can take to Excel (`GET /export/<name>.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Visits,
    Prospects,
    Lost,
}

impl Export {
    pub const ALL: [Export; 3] = [Export::Visits, Export::Prospects, Export::Lost];

    pub const fn name(self) -> &'static str {
        match self {
            Export::Visits => "visits",
            Export::Prospects => "prospects",
            Export::Lost => "lost",
        }
    }
}

impl Api {
    /// A CSV file of the range, as the server wrote it (UTF-8 with a BOM, headers in the
    /// user's language).
    pub async fn export_csv(self, export: Export, range: DateRange) -> ApiResult<Vec<u8>> {
        let path = format!("/export/{}.csv?{}", export.name(), range_query(range));
        let response = self
            .answer::<()>(Method::GET, &path, None, true, &[], "text/csv")
            .await?;
        let status = response.status();
        response
            .binary()
            .await
            .map_err(|_| super::ApiError::Unexpected { status })
    }
}
