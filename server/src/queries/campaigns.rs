//! The store's campaigns (展示/活动) and what each brought in.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Campaign, CampaignReport, NewCampaign};
use keyuan_shared::errors::Reason;
use keyuan_shared::metrics::{campaign_counts, campaign_report, is_on, DateRange};

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::{CampaignRow, CampaignValues};
use crate::queries::metrics::counts::{counts, Dim};
use crate::queries::scope::store_today;
use crate::schema::campaigns;

/// The store's campaigns whose days meet `range` (all of them without one), newest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: Option<DateRange>,
) -> ApiResult<Vec<Campaign>> {
    let mut query = campaigns::table
        .filter(campaigns::store_id.eq(store_id))
        .select(CampaignRow::as_select())
        .order((campaigns::starts_on.desc(), campaigns::id.desc()))
        .into_boxed();
    if let Some(range) = range {
        query = query
            .filter(campaigns::starts_on.le(range.to))
            .filter(campaigns::ends_on.ge(range.from));
    }
    Ok(query
        .load(conn)
        .await?
        .into_iter()
        .map(Campaign::from)
        .collect())
}

async fn find(conn: &mut AsyncPgConnection, store_id: i64, id: i64) -> ApiResult<Option<Campaign>> {
    Ok(campaigns::table
        .filter(campaigns::store_id.eq(store_id))
        .filter(campaigns::id.eq(id))
        .select(CampaignRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(Campaign::from))
}

pub async fn get(conn: &mut AsyncPgConnection, store_id: i64, id: i64) -> ApiResult<Campaign> {
    find(conn, store_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))
}

/// Records a campaign, or (with `id`) replaces one's name, dates and cost; audited.
pub async fn save(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    id: Option<i64>,
    new: &NewCampaign,
) -> ApiResult<Campaign> {
    let values = CampaignValues {
        name: new.name.trim(),
        starts_on: new.starts_on,
        ends_on: new.ends_on,
        cost: new.cost,
    };
    conn.transaction(async |conn| {
        let old = match id {
            Some(id) => Some(get(conn, store_id, id).await?),
            None => None,
        };
        let saved: Campaign = match id {
            Some(id) => diesel::update(campaigns::table.find(id))
                .set(&values)
                .returning(CampaignRow::as_returning())
                .get_result(conn)
                .await?
                .into(),
            None => diesel::insert_into(campaigns::table)
                .values((
                    &values,
                    campaigns::store_id.eq(store_id),
                    campaigns::created_by.eq(actor_id),
                ))
                .returning(CampaignRow::as_returning())
                .get_result(conn)
                .await?
                .into(),
        };
        audit::record(
            conn,
            Change::of(
                Some(store_id),
                Some(actor_id),
                "campaign",
                saved.id,
                old.as_ref(),
                &saved,
            ),
        )
        .await?;
        live::notify(conn, store_id, "campaign_saved", Some(saved.id)).await?;
        Ok(saved)
    })
    .await
}

/// A visit arriving on store-local `date` may name `id`: a campaign of its store, on
/// that day (a 422 naming `campaign_id` otherwise).
pub async fn check_for_visit(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    id: i64,
    date: NaiveDate,
) -> ApiResult<()> {
    // only a missing campaign is the request's fault: a database error stays one (503/500)
    let campaign = find(conn, store_id, id)
        .await?
        .ok_or_else(|| ApiError::invalid("campaign_id", Reason::NoSuchCampaign))?;
    if !is_on(&campaign, date) {
        return Err(ApiError::invalid("campaign_id", Reason::CampaignNotOn)
            .with("from", campaign.starts_on)
            .with("to", campaign.ends_on));
    }
    Ok(())
}

/// The report of the campaigns meeting `range`. Their visits fall on their own days and
/// their prospects are created at those visits, so counting from the first campaign's
/// first day to the store's today takes every visit, prospect and order each one brought in.
pub async fn report(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<CampaignReport> {
    let today = store_today(conn, store_id).await?;
    let listed = list(conn, store_id, Some(range)).await?;
    let Some(first) = listed.iter().map(|c| c.starts_on).min() else {
        return Ok(campaign_report(range.from, range.to, Vec::new()));
    };
    let span = DateRange {
        from: first,
        to: today.max(first),
    };
    let grouped = counts(conn, &[store_id], span, &[Dim::Campaign]).await?;
    let results = listed
        .into_iter()
        .map(|c| {
            let found = grouped
                .get(&(Some(Dim::Campaign), Some(c.id.to_string())))
                .map(campaign_counts)
                .unwrap_or_default();
            (c, found)
        })
        .collect();
    Ok(campaign_report(range.from, range.to, results))
}
