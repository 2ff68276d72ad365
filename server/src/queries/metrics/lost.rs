//! The lost-deal analysis (战败客户分析表): which lost deals it counts is written here, once;
//! the matrix made from the counts is `keyuan_shared::metrics::lost_analysis`.
//!
//! A lost deal counts when a manager confirmed it, on the store-local date of that
//! decision (`decided_at` between the store's own midnights, so one decided at 23:30 on
//! the 31st belongs to the 31st), under the vehicle model its prospect names now.
//! Pending and rejected requests never count.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{LostAnalysis, LostAnalysisDeal};
use keyuan_shared::metrics::{lost_analysis as analysis, DateRange, LostCount};
use keyuan_shared::{LostDealStatus, LostReason, LostReasonGroup};

use super::{in_range, range_params};
use crate::error::ApiResult;
use crate::queries::sql::{query_with, Param};

/// The drill-down lists at most this many deals, the newest decisions first; the cell's
/// count says how many there are.
pub const DEALS_LIMIT: i64 = 500;

/// The confirmed lost deals of one store decided in the range: `$1` the store, `$2` and
/// `$3` the first and last store-local dates. `l` the lost deal, `p` its prospect, `m`
/// its model (if any), then `joins`.
fn confirmed_in_range(joins: &str) -> String {
    format!(
        "FROM lost_deals l JOIN stores s ON s.id = l.store_id JOIN prospects p ON p.id = l.prospect_id \
         LEFT JOIN vehicle_models m ON m.id = p.vehicle_model_id {joins} \
         WHERE l.store_id = $1 AND l.status = '{confirmed}' AND {decided}",
        confirmed = LostDealStatus::Confirmed.as_str(),
        decided = in_range("l.decided_at"),
    )
}

/// `GET /metrics/lost`: the matrix of one store's confirmed lost deals over `range`.
pub async fn lost_analysis(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<LostAnalysis> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        reason: LostReason,
        #[diesel(sql_type = Nullable<BigInt>)]
        vehicle_model_id: Option<i64>,
        #[diesel(sql_type = Nullable<Text>)]
        name: Option<String>,
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let sql = format!(
        "SELECT l.reason, p.vehicle_model_id, m.name, count(*) AS count {from} \
         GROUP BY l.reason, p.vehicle_model_id, m.name",
        from = confirmed_in_range(""),
    );
    let rows: Vec<Row> = query_with(sql, range_params(store_id, range))
        .load(conn)
        .await?;
    let counts: Vec<LostCount> = rows
        .iter()
        .map(|r| LostCount {
            reason: r.reason,
            vehicle_model_id: r.vehicle_model_id,
            count: r.count,
        })
        .collect();
    let name = |id: i64| {
        rows.iter()
            .find(|r| r.vehicle_model_id == Some(id))
            .and_then(|r| r.name.clone())
    };
    Ok(analysis(store_id, range, &counts, name))
}

/// Which model's lost deals a drill-down asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ModelFilter {
    /// Every model's, and those without one (a reason's total).
    #[default]
    Any,
    /// The prospects that named no model.
    None,
    /// One model's.
    Model(i64),
}

/// Which cell, row or column of the matrix a drill-down asks for; `None` takes all.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    pub reason: Option<LostReason>,
    pub group: Option<LostReasonGroup>,
    pub model: ModelFilter,
}

/// `GET /metrics/lost/deals`: the confirmed lost deals behind one cell of the matrix,
/// newest decision first, at most [`DEALS_LIMIT`].
pub async fn lost_deals(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
    cell: Cell,
) -> ApiResult<Vec<LostAnalysisDeal>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        lost_deal_id: i64,
        #[diesel(sql_type = BigInt)]
        prospect_id: i64,
        #[diesel(sql_type = Text)]
        customer_name: String,
        #[diesel(sql_type = Text)]
        customer_phone: String,
        #[diesel(sql_type = Text)]
        consultant_name: String,
        #[diesel(sql_type = Timestamptz)]
        decided_at: DateTime<Utc>,
        #[diesel(sql_type = Text)]
        reason: LostReason,
        #[diesel(sql_type = Text)]
        note: String,
        #[diesel(sql_type = Nullable<BigInt>)]
        vehicle_model_id: Option<i64>,
        #[diesel(sql_type = Nullable<Text>)]
        vehicle_model_name: Option<String>,
    }
    let mut sql = format!(
        "SELECT l.id AS lost_deal_id, l.prospect_id, c.name AS customer_name, \
         c.phone AS customer_phone, u.name AS consultant_name, l.decided_at, l.reason, l.note, \
         p.vehicle_model_id, m.name AS vehicle_model_name {from}",
        from = confirmed_in_range(
            "JOIN customers c ON c.id = p.customer_id JOIN users u ON u.id = p.owner_id"
        ),
    );
    let mut params = range_params(store_id, range);
    let mut bind = |sql: &mut String, condition: &str, param: Param| {
        params.push(param);
        sql.push_str(&format!(" AND {condition} ${}", params.len()));
    };
    if let Some(reason) = cell.reason {
        bind(&mut sql, "l.reason =", Param::Text(reason.as_str().into()));
    }
    if let Some(group) = cell.group {
        // the group's reasons, spelled by the enum itself
        let reasons: Vec<String> = LostReason::ALL
            .iter()
            .filter(|r| r.group() == group)
            .map(|r| format!("'{}'", r.as_str()))
            .collect();
        sql.push_str(&format!(" AND l.reason IN ({})", reasons.join(", ")));
    }
    match cell.model {
        ModelFilter::Any => {}
        ModelFilter::None => sql.push_str(" AND p.vehicle_model_id IS NULL"),
        ModelFilter::Model(id) => bind(&mut sql, "p.vehicle_model_id =", Param::Id(id)),
    }
    sql.push_str(&format!(
        " ORDER BY l.decided_at DESC, l.id DESC LIMIT {DEALS_LIMIT}"
    ));
    let rows: Vec<Row> = query_with(sql, params).load(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| LostAnalysisDeal {
            lost_deal_id: r.lost_deal_id,
            prospect_id: r.prospect_id,
            customer_name: r.customer_name,
            customer_phone: r.customer_phone,
            consultant_name: r.consultant_name,
            decided_at: r.decided_at,
            reason: r.reason,
            note: r.note,
            vehicle_model_id: r.vehicle_model_id,
            vehicle_model_name: r.vehicle_model_name,
        })
        .collect())
}
