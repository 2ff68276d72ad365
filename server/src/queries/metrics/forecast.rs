//! The month's forecast: orders placed so far, and the open book weighted grade by grade
//! by the store's own calibration (the kept-promise shares of the last 180 days).

use chrono::{Datelike, Duration};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Forecast, ForecastGrade};
use keyuan_shared::metrics::{forecast as expected, DateRange, CALIBRATED};
use keyuan_shared::Grade;

use super::calibration::calibration;
use super::counts::counts;
use crate::error::ApiResult;
use crate::queries::scope::store_day;
use crate::queries::sql::{prospect_view, working_statuses};
use crate::queries::weekly::month_targets;

/// How far back the store's grades are measured.
const MEASURED_DAYS: i64 = 180;

pub async fn forecast(conn: &mut AsyncPgConnection, store_id: i64) -> ApiResult<Forecast> {
    let day = store_day(conn, store_id).await?;
    let first = day.today.with_day(1).unwrap_or(day.today);
    let month = DateRange {
        from: first,
        to: day.today,
    };
    let placed = counts(conn, &[store_id], month, &[]).await?;
    let ordered = placed.get(&(None, None)).map(|c| c.orders()).unwrap_or(0);
    let measured = DateRange {
        from: day.today - Duration::days(MEASURED_DAYS),
        to: day.today,
    };
    let calibrated = calibration(conn, store_id, measured).await?;

    #[derive(QueryableByName)]
    struct Open {
        #[diesel(sql_type = Text)]
        grade: Grade,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let open: Vec<Open> = diesel::sql_query(format!(
        "SELECT w.grade, count(*) AS n FROM ({view} WHERE v.status IN ({working})) w GROUP BY w.grade",
        view = prospect_view(),
        working = working_statuses(),
    ))
    .bind::<Timestamptz, _>(day.dormant_before)
    .bind::<BigInt, _>(store_id)
    .load(conn)
    .await?;
    let grades: Vec<ForecastGrade> = CALIBRATED
        .iter()
        .map(|&grade| ForecastGrade {
            grade,
            open: open.iter().find(|o| o.grade == grade).map_or(0, |o| o.n),
            kept: calibrated
                .grades
                .iter()
                .find(|g| g.grade == grade)
                .and_then(|g| g.store_kept),
        })
        .collect();
    let book: Vec<(Grade, i64)> = grades.iter().map(|g| (g.grade, g.open)).collect();
    let kept: Vec<(Grade, Option<f64>)> = grades.iter().map(|g| (g.grade, g.kept)).collect();
    let target = month_targets(conn, store_id, first)
        .await?
        .get(&None)
        .map(|t| t.sales);
    Ok(Forecast {
        month: format!("{:04}-{:02}", first.year(), first.month()),
        ordered,
        expected: expected(ordered, &book, &kept),
        grades,
        target,
    })
}
