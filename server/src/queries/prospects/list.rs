//! `GET /prospects`: the cards a caller works, filtered and sorted overdue first.

use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::ProspectList;
use keyuan_shared::prospects::{self as rules};
use keyuan_shared::{Grade, ProspectStatus};

use crate::error::ApiResult;
use crate::queries::scope::{store_day, Scope};
use crate::queries::sql::{prospect_view, query_with, sql_list, working_statuses, Param};

use super::ProspectView;

/// What `GET /prospects` filters by.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    /// Only the caller's own (for a manager who also sells).
    pub mine: bool,
    pub owner_id: Option<i64>,
    pub grade: Option<Grade>,
    pub due: Option<rules::Due>,
    pub q: Option<String>,
    pub status: Option<ProspectStatus>,
}

/// Cards longer than this are left off a listing (a store works far fewer at a time).
const LIST_LIMIT: i64 = 1000;

pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: &ListFilter,
) -> ApiResult<ProspectList> {
    let day = store_day(conn, scope.store_id).await?;
    let mut sql = format!("{} WHERE TRUE", prospect_view());
    let mut params = vec![Param::At(day.dormant_before), Param::Id(scope.store_id)];
    let mut bind = |sql: &mut String, clause: &str, param: Param| {
        params.push(param);
        sql.push_str(&clause.replace('?', &format!("${}", params.len())));
    };
    let owner = scope
        .owner_id
        .or(filter.mine.then_some(scope.actor_id))
        .or(filter.owner_id);
    if let Some(owner) = owner {
        bind(&mut sql, " AND v.owner_id = ?", Param::Id(owner));
    }
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    match (filter.status, q) {
        (Some(status), _) => bind(
            &mut sql,
            " AND v.status = ?",
            Param::Text(status.as_str().into()),
        ),
        // the day's list: open and not dormant; a search also finds dormant cards
        (None, None) => sql.push_str(&format!(" AND v.status IN ({})", working_statuses())),
        (None, Some(_)) => sql.push_str(&format!(
            " AND v.status IN ({})",
            sql_list(&ProspectStatus::OPEN)
        )),
    }
    if let Some(grade) = filter.grade {
        bind(
            &mut sql,
            " AND v.grade = ?",
            Param::Text(grade.as_str().into()),
        );
    }
    match filter.due {
        Some(rules::Due::Overdue) => bind(
            &mut sql,
            " AND v.next_follow_up_on < ?",
            Param::Day(day.today),
        ),
        Some(rules::Due::Today) => bind(
            &mut sql,
            " AND v.next_follow_up_on = ?",
            Param::Day(day.today),
        ),
        Some(rules::Due::Upcoming) => bind(
            &mut sql,
            " AND v.next_follow_up_on > ?",
            Param::Day(day.today),
        ),
        Some(rules::Due::Unscheduled) => sql.push_str(" AND v.next_follow_up_on IS NULL"),
        None => {}
    }
    if let Some(q) = q {
        let escaped = q
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 3 {
            bind(
                &mut sql,
                " AND (v.customer_name ILIKE ?",
                Param::Text(format!("%{escaped}%")),
            );
            bind(
                &mut sql,
                " OR v.customer_phone LIKE ?)",
                Param::Text(format!("%{digits}%")),
            );
        } else {
            bind(
                &mut sql,
                " AND v.customer_name ILIKE ?",
                Param::Text(format!("%{escaped}%")),
            );
        }
    }
    bind(
        &mut sql,
        " ORDER BY CASE WHEN v.next_follow_up_on IS NULL THEN 3 WHEN v.next_follow_up_on < ? THEN 0",
        Param::Day(day.today),
    );
    bind(
        &mut sql,
        " WHEN v.next_follow_up_on = ? THEN 1 ELSE 2 END",
        Param::Day(day.today),
    );
    sql.push_str(&format!(
        ", v.next_follow_up_on, v.id LIMIT {}",
        LIST_LIMIT + 1
    ));
    let mut rows: Vec<ProspectView> = query_with(sql, params).load(conn).await?;
    let more = rows.len() > LIST_LIMIT as usize;
    rows.truncate(LIST_LIMIT as usize);
    Ok(ProspectList {
        today: day.today,
        prospects: rows.into_iter().map(|r| r.into_api(&day)).collect(),
        more,
    })
}
