//! The history the monthly prospect target reads: each source's orders and new prospects
//! over the three months before the planned one, counted by the showroom figures' own
//! definitions (orders placed and prospects created in the range, by the prospect's
//! source).

use std::collections::BTreeMap;

use diesel_async::AsyncPgConnection;
use keyuan_shared::metrics::{DateRange, SourceHistory};
use keyuan_shared::Source;

use super::counts::{self, Dim};
use super::group_of;
use crate::error::ApiResult;

pub async fn source_history(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    window: DateRange,
) -> ApiResult<BTreeMap<Source, SourceHistory>> {
    let grouped = counts::counts(conn, &[store_id], window, &[Dim::Source]).await?;
    Ok(group_of(&grouped, Dim::Source)
        .into_iter()
        .filter_map(|(key, c)| {
            let source: Source = key?.parse().ok()?;
            let history = SourceHistory {
                orders: c.orders(),
                prospects: c.grades.total(),
            };
            Some((source, history))
        })
        .collect())
}
