//! The store's campaigns (展示/活动) and their results.

use gloo_net::http::Method;
use keyuan_shared::api::{Campaign, CampaignPatch, CampaignReport, NewCampaign};
use keyuan_shared::metrics::DateRange;

use super::{Api, ApiResult};

impl Api {
    /// The caller's store's campaigns, newest first (the receptionist's and the manager's).
    pub async fn campaigns(self) -> ApiResult<Vec<Campaign>> {
        self.send::<(), _>(Method::GET, "/campaigns", None, true)
            .await
    }

    pub async fn create_campaign(self, body: &NewCampaign) -> ApiResult<Campaign> {
        self.send(Method::POST, "/campaigns", Some(body), true)
            .await
    }

    pub async fn update_campaign(self, id: i64, body: &CampaignPatch) -> ApiResult<Campaign> {
        let path = format!("/campaigns/{id}");
        self.send(Method::PATCH, &path, Some(body), true).await
    }

    /// What each campaign meeting `range` brought in, beside the store's average.
    pub async fn campaign_report(self, range: DateRange) -> ApiResult<CampaignReport> {
        let path = format!("/metrics/campaigns?from={}&to={}", range.from, range.to);
        self.send::<(), _>(Method::GET, &path, None, true).await
    }
}
