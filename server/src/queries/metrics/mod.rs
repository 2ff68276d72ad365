//! The manager's figures: one store's, with its breakdowns, or every store's side by side.

mod activity;
mod calibration;
pub(crate) mod counts;
mod forecast;
mod honesty;
mod lost;
mod plan;

pub use activity::activity;
pub use calibration::calibration;
pub use forecast::forecast;
pub use honesty::honesty;
pub use plan::source_history;

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{
    KeyedFigures, ShowroomCounts, ShowroomMetrics, StoreComparison, TrafficPoint,
};
use keyuan_shared::metrics::{figures, DateRange};
use keyuan_shared::{Role, Source};

use crate::error::ApiResult;
use crate::queries::scope::store_day;
use crate::queries::sql::Param;
use crate::schema::{stores, users, vehicle_models};
pub use counts::Dim;
use counts::Grouped;
pub use lost::{lost_analysis, lost_deals, Cell, ModelFilter, DEALS_LIMIT};

/// The key of a breakdown row with no consultant or no model.
const NONE_KEY: &str = "none";

/// One store's figures for `range`, with every breakdown the dashboard shows.
pub async fn showroom(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<ShowroomMetrics> {
    let day = store_day(conn, store_id).await?;
    let dims = [
        Dim::Consultant,
        Dim::Source,
        Dim::Model,
        Dim::Hour,
        Dim::Day,
    ];
    let grouped = counts::counts(conn, &[store_id], range, &dims).await?;
    let overdue = counts::overdue_by_owner(conn, store_id, day.today, day.dormant_before).await?;
    let staff: Vec<(i64, String, Role, bool)> = users::table
        .filter(users::store_id.eq(store_id))
        .select((users::id, users::name, users::role, users::active))
        .load(conn)
        .await?;
    let models: BTreeMap<i64, String> = vehicle_models::table
        .filter(vehicle_models::store_id.eq(store_id))
        .select((vehicle_models::id, vehicle_models::name))
        .load(conn)
        .await?
        .into_iter()
        .collect();
    let days = range.days();
    let keyed = |dim: Dim| group_of(&grouped, dim);

    // every active consultant has a row in the league table, with or without figures
    let mut by_consultant = keyed(Dim::Consultant);
    for (id, _, role, active) in &staff {
        if *role == Role::Consultant && *active {
            by_consultant.entry(Some(id.to_string())).or_default();
        }
    }
    let names: BTreeMap<String, String> = staff
        .iter()
        .map(|(id, name, ..)| (id.to_string(), name.clone()))
        .collect();
    let by_consultant = rows(by_consultant, days, |key| names.get(key).cloned())
        .into_iter()
        .map(|mut row| {
            let owner = row.key.parse::<i64>().ok();
            row.overdue_follow_ups =
                Some(owner.and_then(|o| overdue.get(&o).copied()).unwrap_or(0));
            row
        })
        .collect();
    let model_names: BTreeMap<String, String> = models
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let by_model = rows(keyed(Dim::Model), days, |key| model_names.get(key).cloned());
    // sources in the order the forms list them
    let mut by_source = rows(keyed(Dim::Source), days, |_| None);
    by_source.sort_by_key(|row| Source::ALL.iter().position(|s| s.as_str() == row.key));

    let traffic = |key: String, c: &ShowroomCounts| TrafficPoint {
        key,
        traffic_people: c.traffic_people,
        first_visits: c.first_visits,
    };
    let hours = keyed(Dim::Hour);
    let mut by_hour: Vec<(u32, &ShowroomCounts)> = hours
        .iter()
        .filter_map(|(k, c)| Some((k.as_deref()?.parse::<f64>().ok()? as u32, c)))
        .collect();
    by_hour.sort_by_key(|(hour, _)| *hour);
    let dates = keyed(Dim::Day);
    let zero = ShowroomCounts::default();
    let by_day = range
        .dates()
        .map(|date| {
            let key = date.to_string();
            let counts = dates.get(&Some(key.clone())).unwrap_or(&zero);
            traffic(key, counts)
        })
        .collect();
    let total = grouped.get(&(None, None)).copied().unwrap_or_default();
    Ok(ShowroomMetrics {
        store_id,
        today: day.today,
        from: range.from,
        to: range.to,
        days,
        figures: figures(&total, days),
        by_consultant,
        by_source,
        by_model,
        by_hour: by_hour
            .into_iter()
            .map(|(hour, c)| traffic(format!("{hour:02}"), c))
            .collect(),
        by_day,
    })
}

/// Every store's figures for `range`, one row a store (a head office's comparison).
pub async fn stores(conn: &mut AsyncPgConnection, range: DateRange) -> ApiResult<StoreComparison> {
    let all: Vec<(i64, String)> = stores::table
        .select((stores::id, stores::name))
        .order(stores::id)
        .load(conn)
        .await?;
    let ids: Vec<i64> = all.iter().map(|(id, _)| *id).collect();
    let grouped = counts::counts(conn, &ids, range, &[Dim::Store]).await?;
    let mut by_store = group_of(&grouped, Dim::Store);
    for id in &ids {
        by_store.entry(Some(id.to_string())).or_default();
    }
    let names: BTreeMap<String, String> = all
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let days = range.days();
    Ok(StoreComparison {
        from: range.from,
        to: range.to,
        days,
        stores: rows(by_store, days, |key| names.get(key).cloned()),
    })
}

/// The counts of one breakdown, by key.
fn group_of(grouped: &Grouped, dim: Dim) -> BTreeMap<Option<String>, ShowroomCounts> {
    grouped
        .iter()
        .filter(|((d, _), _)| *d == Some(dim))
        .map(|((_, key), counts)| (key.clone(), *counts))
        .collect()
}

/// Breakdown rows with their names, named ones first by name, then the row without a key.
fn rows(
    counts: BTreeMap<Option<String>, ShowroomCounts>,
    days: i64,
    name: impl Fn(&str) -> Option<String>,
) -> Vec<KeyedFigures> {
    let mut rows: Vec<KeyedFigures> = counts
        .into_iter()
        .map(|(key, c)| {
            let key = key.unwrap_or_else(|| NONE_KEY.to_owned());
            KeyedFigures {
                name: name(&key),
                key,
                figures: figures(&c, days),
                overdue_follow_ups: None,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.key == NONE_KEY, &a.name, &a.key).cmp(&(b.key == NONE_KEY, &b.name, &b.key))
    });
    rows
}

/// `at` between the store's own midnights of `$2` and the day after `$3` (`s` the store).
pub(super) fn in_range(at: &str) -> String {
    format!(
        "{at} >= ($2::date)::timestamp AT TIME ZONE s.time_zone \
         AND {at} < ($3::date + 1)::timestamp AT TIME ZONE s.time_zone"
    )
}

/// `$1` the store, `$2` and `$3` the range's first and last store-local dates.
pub(super) fn range_params(store_id: i64, range: DateRange) -> Vec<Param> {
    vec![
        Param::Id(store_id),
        Param::Day(range.from),
        Param::Day(range.to),
    ]
}

/// The store's consultants as the per-consultant reports list them: every active one,
/// then anyone else the report has something on.
pub(super) struct Roster {
    names: BTreeMap<i64, String>,
    active: Vec<i64>,
}

impl Roster {
    pub(super) async fn of(conn: &mut AsyncPgConnection, store_id: i64) -> ApiResult<Roster> {
        let rows: Vec<(i64, String, bool)> = users::table
            .filter(users::store_id.eq(store_id))
            .filter(users::role.eq(Role::Consultant.as_str()))
            .order(users::id)
            .select((users::id, users::name, users::active))
            .load(conn)
            .await?;
        let active = rows.iter().filter(|r| r.2).map(|r| r.0).collect();
        let names = rows.into_iter().map(|(id, name, _)| (id, name)).collect();
        Ok(Roster { names, active })
    }

    /// A consultant's name ("" for an id that is not one).
    pub(super) fn name(&self, id: i64) -> String {
        self.names.get(&id).cloned().unwrap_or_default()
    }

    pub(super) fn is_consultant(&self, id: i64) -> bool {
        self.names.contains_key(&id)
    }

    /// The report's lines: the active consultants, then each of `others` not among them,
    /// once, in the order given.
    pub(super) fn lines(&self, others: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let mut people = self.active.clone();
        for id in others {
            if !people.contains(&id) {
                people.push(id);
            }
        }
        people
    }
}
