//! Grade calibration (确度校准): which prospects "took" a grade in the range — a follow-up
//! that changed the grade to it, or a card created with it — each once per grade, at the
//! first time; and the first order and confirmed loss of each since. The outcome rule is
//! `keyuan_shared::metrics::outcome`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{CalibrationReport, ConsultantCalibration, GradeCalibration};
use keyuan_shared::metrics::{outcome, promised_days, DateRange, OutcomeCounts, CALIBRATED};
use keyuan_shared::{Grade, LostDealStatus};

use super::{in_range, range_params, Roster};
use crate::error::ApiResult;
use crate::queries::sql::query_with;

/// `GET /metrics/calibration`: one store's grades over `range`.
pub async fn calibration(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<CalibrationReport> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = BigInt)]
        owner_id: i64,
        #[diesel(sql_type = Text)]
        grade: Grade,
        #[diesel(sql_type = Timestamptz)]
        since: DateTime<Utc>,
        #[diesel(sql_type = Nullable<Timestamptz>)]
        ordered_at: Option<DateTime<Utc>>,
        #[diesel(sql_type = Nullable<Timestamptz>)]
        lost_at: Option<DateTime<Utc>>,
    }
    let grades = CALIBRATED
        .iter()
        .map(|g| format!("'{}'", g.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "WITH took AS ( \
           SELECT f.prospect_id, f.grade_after AS grade, f.at FROM follow_ups f JOIN stores s ON s.id = f.store_id \
           WHERE f.store_id = $1 AND f.grade_after IN ({grades}) AND f.grade_after <> f.grade_before AND {follow_ups} \
           UNION ALL \
           SELECT a.entity_id, a.new_values->>'grade', a.at FROM audit_entries a JOIN stores s ON s.id = a.store_id \
           WHERE a.store_id = $1 AND a.entity = 'prospect' AND a.action = 'create' \
           AND a.new_values->>'grade' IN ({grades}) AND {created}), \
         held AS (SELECT prospect_id, grade, min(at) AS since FROM took GROUP BY prospect_id, grade) \
         SELECT p.owner_id, h.grade, h.since, \
           (SELECT min(o.ordered_at) FROM orders o WHERE o.prospect_id = h.prospect_id AND o.ordered_at >= h.since) AS ordered_at, \
           (SELECT min(l.decided_at) FROM lost_deals l WHERE l.prospect_id = h.prospect_id \
              AND l.status = '{confirmed}' AND l.decided_at >= h.since) AS lost_at \
         FROM held h JOIN prospects p ON p.id = h.prospect_id WHERE p.store_id = $1",
        follow_ups = in_range("f.at"),
        created = in_range("a.at"),
        confirmed = LostDealStatus::Confirmed.as_str(),
    );
    let rows: Vec<Held> = query_with(sql, range_params(store_id, range))
        .load(conn)
        .await?;
    let roster = Roster::of(conn, store_id).await?;
    let mut store: BTreeMap<Grade, OutcomeCounts> = BTreeMap::new();
    let mut by_owner: BTreeMap<(Grade, i64), OutcomeCounts> = BTreeMap::new();
    for row in &rows {
        let Some(o) = outcome(row.grade, row.since, row.ordered_at, row.lost_at) else {
            continue;
        };
        store.entry(row.grade).or_default().add(o);
        by_owner
            .entry((row.grade, row.owner_id))
            .or_default()
            .add(o);
    }
    let people = roster.lines(by_owner.keys().map(|(_, owner)| *owner));
    let grades = CALIBRATED
        .iter()
        .map(|&grade| {
            let counts = store.get(&grade).copied().unwrap_or_default();
            GradeCalibration {
                grade,
                days: promised_days(grade).unwrap_or(0),
                store: counts,
                store_kept: counts.kept(),
                consultants: people
                    .iter()
                    .map(|&id| {
                        let counts = by_owner.get(&(grade, id)).copied().unwrap_or_default();
                        ConsultantCalibration {
                            consultant_id: id,
                            name: roster.name(id),
                            counts,
                            kept: counts.kept(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(CalibrationReport {
        from: range.from,
        to: range.to,
        grades,
    })
}
