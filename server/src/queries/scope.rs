//! Whose rows a query reaches, and the store's day that dates are measured against.
//! Query functions take a [`Scope`] built by the HTTP layer from the signed-in caller;
//! they know nothing of HTTP themselves.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api;
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::Reach;
use keyuan_shared::prospects as rules;
use keyuan_shared::{Cadence, DailyTargets};

use crate::audit::Change;
use crate::error::{ApiError, ApiResult};
use crate::models::StoreRow;
use crate::schema::stores;
use crate::time::{day_bounds, local_date, local_noon, parse_zone};

/// Whose prospects the caller works.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub actor_id: i64,
    pub store_id: i64,
    /// `Some(consultant)` limits every read and write to that consultant's prospects.
    pub owner_id: Option<i64>,
}

impl Scope {
    /// `actor_id` working the cards of `store_id` that `reach` allows.
    pub fn new(actor_id: i64, store_id: i64, reach: Reach) -> Scope {
        Scope {
            actor_id,
            store_id,
            owner_id: match reach {
                Reach::Store => None,
                Reach::Own => Some(actor_id),
            },
        }
    }

    pub(crate) fn is_manager(&self) -> bool {
        self.owner_id.is_none()
    }

    pub(crate) fn require_manager(&self) -> ApiResult<()> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(ApiError::forbidden_because(Reason::ManagersOnly))
        }
    }

    pub(crate) fn change<'a, T: serde::Serialize>(
        &self,
        entity: &'static str,
        entity_id: i64,
        old: Option<&'a T>,
        new: &'a T,
    ) -> Change<'a, T> {
        Change::of(
            Some(self.store_id),
            Some(self.actor_id),
            entity,
            entity_id,
            old,
            new,
        )
    }
}

/// The store's settings and its "today", which every due date is measured against.
pub(crate) struct StoreDay {
    pub(crate) tz: Tz,
    pub(crate) today: NaiveDate,
    pub(crate) cadence: Cadence,
    pub(crate) targets: DailyTargets,
    pub(crate) pipeline_size: i32,
    /// Contact before this instant makes an active prospect dormant today.
    pub(crate) dormant_before: DateTime<Utc>,
}

/// The store-local date now.
pub(crate) async fn store_today(
    conn: &mut AsyncPgConnection,
    store_id: i64,
) -> ApiResult<NaiveDate> {
    Ok(store_day(conn, store_id).await?.today)
}

/// The store's zone and its date now.
pub(crate) async fn store_day_zone(
    conn: &mut AsyncPgConnection,
    store_id: i64,
) -> ApiResult<(Tz, NaiveDate)> {
    let day = store_day(conn, store_id).await?;
    Ok((day.tz, day.today))
}

pub(crate) async fn store_day(conn: &mut AsyncPgConnection, store_id: i64) -> ApiResult<StoreDay> {
    let store: StoreRow = stores::table
        .find(store_id)
        .select(StoreRow::as_select())
        .first(conn)
        .await?;
    let tz = parse_zone(&store.time_zone);
    let today = local_date(tz, Utc::now());
    let store = api::Store::from(store);
    Ok(StoreDay {
        tz,
        today,
        cadence: store.cadence,
        targets: store.daily_targets,
        pipeline_size: store.pipeline_size,
        dormant_before: day_bounds(tz, rules::dormant_cutoff(today)).0,
    })
}

impl StoreDay {
    /// A time for a store-local date given instead of a time: noon, so it stays on that
    /// date in any reading.
    pub(crate) fn at_or_on(
        &self,
        at: Option<DateTime<Utc>>,
        on: Option<NaiveDate>,
        field: &str,
    ) -> ApiResult<DateTime<Utc>> {
        let now = Utc::now();
        let when = match (at, on) {
            (Some(at), _) => at,
            (None, Some(on)) => {
                if on > self.today {
                    return Err(ApiError::invalid(field, Reason::InFuture));
                }
                local_noon(self.tz, on).min(now)
            }
            (None, None) => now,
        };
        if when > now + chrono::Duration::minutes(1) {
            return Err(ApiError::invalid(field, Reason::InFuture));
        }
        Ok(when)
    }
}
