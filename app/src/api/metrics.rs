//! The manager's figures and the head office's store comparison.

use gloo_net::http::Method;
use keyuan_shared::api::{
    ActivityReport, CalibrationReport, Forecast, HonestyReport, LostAnalysis, LostAnalysisDeal,
    MonthTargets, PlanRequest, ProspectPlan, ShowroomMetrics, StoreComparison, WeeklyPlan,
};
use keyuan_shared::metrics::DateRange;
use keyuan_shared::{LostReason, LostReasonGroup};

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
    /// This month's expected orders from the open book.
    pub async fn forecast(self) -> ApiResult<Forecast> {
        self.send::<(), _>(Method::GET, "/metrics/forecast", None, true)
            .await
    }

    /// The consultants' 5-20-30 over a range (销售活动日报表).
    pub async fn activity_report(self, range: DateRange) -> ApiResult<ActivityReport> {
        let path = format!("/metrics/activity?{}", range_query(range));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// What became of the prospects graded H, A and B in a range (确度校准).
    pub async fn calibration_report(self, range: DateRange) -> ApiResult<CalibrationReport> {
        let path = format!("/metrics/calibration?{}", range_query(range));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// The store's honesty report (诚信报告) for a range.
    pub async fn honesty_report(self, range: DateRange) -> ApiResult<HonestyReport> {
        let path = format!("/metrics/honesty?{}", range_query(range));
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

/// Which cell of the lost-deal matrix: a reason or a group's subtotal row (or neither:
/// every reason), and a model, the prospects without one, or every model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LostCellPick {
    pub reason: Option<LostReason>,
    pub group: Option<LostReasonGroup>,
    pub model: ModelPick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelPick {
    Every,
    NoModel,
    Model(i64),
}

impl Api {
    /// The reason × model matrix of the store's confirmed lost deals (战败客户分析表).
    pub async fn lost_analysis(self, range: DateRange) -> ApiResult<LostAnalysis> {
        let path = format!("/metrics/lost?{}", range_query(range));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// The confirmed lost deals behind one cell of the matrix.
    pub async fn lost_deals(
        self,
        range: DateRange,
        cell: LostCellPick,
    ) -> ApiResult<Vec<LostAnalysisDeal>> {
        let mut path = format!("/metrics/lost/deals?{}", range_query(range));
        if let Some(reason) = cell.reason {
            path.push_str(&format!("&reason={}", reason.as_str()));
        }
        if let Some(group) = cell.group {
            path.push_str(&format!("&group={}", group.as_str()));
        }
        match cell.model {
            ModelPick::Every => {}
            ModelPick::NoModel => path.push_str("&vehicle_model_id=none"),
            ModelPick::Model(id) => path.push_str(&format!("&vehicle_model_id={id}")),
        }
        self.send::<(), _>(Method::GET, &path, None, true).await
    }
}

impl Api {
    /// The month's targets split across its weeks, with each week's actuals.
    pub async fn weekly_plan(self, month: &str) -> ApiResult<WeeklyPlan> {
        let path = format!("/weekly-plan?month={}", super::encode(month));
        self.send::<(), _>(Method::GET, &path, None, true).await
    }

    /// Saves the month's targets (the store's and the consultants' given).
    pub async fn save_month_targets(self, body: &MonthTargets) -> ApiResult<WeeklyPlan> {
        self.send(Method::PUT, "/monthly-targets", Some(body), true)
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
