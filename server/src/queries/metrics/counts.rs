//! The showroom figures' counts (展厅客流分析). Which visits, orders and prospects each
//! count takes is written here, once; what is made from the counts (totals, rates, the
//! daily average) is `keyuan_shared::metrics::figures`.
//!
//! One statement answers a whole dashboard: the visits, orders and prospects of the range
//! are each read once and grouped by every breakdown at the same time (`GROUPING SETS`).
//! Day bounds are the store's own midnights, so a visit at 23:30 store time on the 31st
//! counts in that month whatever the server's zone.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::ShowroomCounts;
use keyuan_shared::metrics::DateRange;
use keyuan_shared::{Grade, SaleType, Source, VisitKind};

use crate::error::ApiResult;
use crate::queries::sql::{prospect_view, working_statuses};

/// A way of splitting the figures. `Hour` and `Day` split traffic only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dim {
    Consultant,
    Source,
    Model,
    Hour,
    Day,
    Store,
    /// The campaign of a visit, and of the prospect (and so the orders) it opened.
    Campaign,
}

impl Dim {
    fn name(self) -> &'static str {
        match self {
            Dim::Consultant => "consultant",
            Dim::Source => "source",
            Dim::Model => "model",
            Dim::Hour => "hour",
            Dim::Day => "day",
            Dim::Store => "store",
            Dim::Campaign => "campaign",
        }
    }

    fn of(name: &str) -> Option<Dim> {
        [
            Dim::Consultant,
            Dim::Source,
            Dim::Model,
            Dim::Hour,
            Dim::Day,
            Dim::Store,
            Dim::Campaign,
        ]
        .into_iter()
        .find(|d| d.name() == name)
    }

    /// The column this dimension groups by in the visits (`v`), orders (`o`, with its
    /// prospect `p`) and prospects (`p`) parts; `None` where it does not apply.
    fn column(self, part: Part) -> Option<&'static str> {
        use Part::*;
        Some(match (self, part) {
            (Dim::Consultant, Visits) => "v.consultant_id",
            (Dim::Consultant, Orders) => "o.consultant_id",
            (Dim::Consultant, Prospects) => "p.owner_id",
            (Dim::Source, Visits) => "v.source",
            (Dim::Source, Orders | Prospects) => "p.source",
            (Dim::Model, Visits) => "v.vehicle_model_id",
            (Dim::Model, Orders) => "o.vehicle_model_id",
            (Dim::Model, Prospects) => "p.vehicle_model_id",
            (Dim::Hour, Visits) => "extract(hour FROM v.arrived_at AT TIME ZONE s.time_zone)",
            (Dim::Day, Visits) => "(v.arrived_at AT TIME ZONE s.time_zone)::date",
            (Dim::Store, Visits) => "v.store_id",
            (Dim::Store, Orders) => "o.store_id",
            (Dim::Store, Prospects) => "p.store_id",
            (Dim::Campaign, Visits) => "v.campaign_id",
            (Dim::Campaign, Orders | Prospects) => "p.campaign_id",
            (Dim::Hour | Dim::Day, Orders | Prospects) => return None,
        })
    }
}

#[derive(Clone, Copy)]
enum Part {
    Visits,
    Orders,
    Prospects,
}

/// Counts of one group: the whole range (`dim` `None`) or one key of a breakdown. A key
/// is `None` for visits with no consultant or no model.
pub type Grouped = BTreeMap<(Option<Dim>, Option<String>), ShowroomCounts>;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    dim: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Array<BigInt>)]
    counts: Vec<i64>,
}

/// Every count, in the order `Row::counts` holds them: its column name in the statement
/// and the field it adds to. The one list both the SQL and the summing read.
type Field = fn(&mut ShowroomCounts) -> &mut i64;
const COUNT_COLUMNS: [(&str, Field); 18] = [
    ("traffic_people", |c| &mut c.traffic_people),
    ("walk_ins", |c| &mut c.walk_ins),
    ("first_visits", |c| &mut c.first_visits),
    ("return_visits", |c| &mut c.return_visits),
    ("phone_ins", |c| &mut c.phone_ins),
    ("event_visits", |c| &mut c.event_visits),
    ("referral_visits", |c| &mut c.referral_visits),
    ("captured", |c| &mut c.captured),
    ("test_drives", |c| &mut c.test_drives),
    ("long_stays", |c| &mut c.long_stays),
    ("retail", |c| &mut c.retail),
    ("secondary", |c| &mut c.secondary),
    ("fleet", |c| &mut c.fleet),
    ("grade_o", |c| &mut c.grades.o),
    ("grade_h", |c| &mut c.grades.h),
    ("grade_a", |c| &mut c.grades.a),
    ("grade_b", |c| &mut c.grades.b),
    ("grade_c", |c| &mut c.grades.c),
];

/// What each part counts, by the name of its column in [`COUNT_COLUMNS`].
fn definitions(part: Part) -> BTreeMap<&'static str, String> {
    let walk_in = format!("v.kind = '{}'", VisitKind::WalkIn.as_str());
    let first = format!("{walk_in} AND v.first_visit");
    let mut defs = BTreeMap::new();
    let mut count = |name: &'static str, condition: String| {
        defs.insert(name, format!("count(*) FILTER (WHERE {condition})"));
    };
    match part {
        Part::Visits => {
            count("walk_ins", walk_in.clone());
            count("first_visits", first.clone());
            count("return_visits", format!("{walk_in} AND NOT v.first_visit"));
            count(
                "phone_ins",
                format!("v.kind = '{}'", VisitKind::PhoneIn.as_str()),
            );
            for (name, source) in [
                ("event_visits", Source::Event),
                ("referral_visits", Source::Referral),
            ] {
                count(
                    name,
                    format!("{first} AND v.source = '{}'", source.as_str()),
                );
            }
            count("captured", format!("{first} AND v.captured"));
            count("test_drives", format!("{walk_in} AND v.test_drive"));
            // a walk-in nobody marked as gone did not (as far as we know) stay 30 minutes
            count(
                "long_stays",
                format!("{walk_in} AND v.left_at >= v.arrived_at + interval '30 minutes'"),
            );
            defs.insert(
                "traffic_people",
                format!("coalesce(sum(v.party_size) FILTER (WHERE {walk_in}), 0)"),
            );
        }
        Part::Orders => {
            for (name, sale_type) in [
                ("retail", SaleType::Retail),
                ("secondary", SaleType::Secondary),
                ("fleet", SaleType::Fleet),
            ] {
                count(name, format!("o.sale_type = '{}'", sale_type.as_str()));
            }
        }
        Part::Prospects => {
            for (name, grade) in [
                ("grade_o", Grade::O),
                ("grade_h", Grade::H),
                ("grade_a", Grade::A),
                ("grade_b", Grade::B),
                ("grade_c", Grade::C),
            ] {
                count(name, format!("p.grade = '{}'", grade.as_str()));
            }
        }
    }
    defs
}

/// One part of the statement: its rows of the range, grouped by `dims` and in total.
/// `$1` is the stores, `$2` and `$3` the first and last dates (store-local).
fn part_sql(part: Part, dims: &[Dim]) -> String {
    let (from, at) = match part {
        Part::Visits => (
            "visits v JOIN stores s ON s.id = v.store_id",
            "v.arrived_at",
        ),
        Part::Orders => (
            "orders o JOIN prospects p ON p.id = o.prospect_id JOIN stores s ON s.id = o.store_id",
            "o.ordered_at",
        ),
        Part::Prospects => (
            "prospects p JOIN stores s ON s.id = p.store_id",
            "p.created_at",
        ),
    };
    let store = match part {
        Part::Visits => "v.store_id",
        Part::Orders => "o.store_id",
        Part::Prospects => "p.store_id",
    };
    let columns: Vec<(Dim, &str)> = dims
        .iter()
        .filter_map(|d| Some((*d, d.column(part)?)))
        .collect();
    let dim = match columns.as_slice() {
        [] => "'total'".to_owned(),
        columns => format!(
            "CASE {}ELSE 'total' END",
            columns
                .iter()
                .map(|(d, c)| format!("WHEN GROUPING({c}) = 0 THEN '{}' ", d.name()))
                .collect::<String>()
        ),
    };
    let key = columns
        .iter()
        .map(|(_, c)| format!("({c})::text"))
        .chain(["NULL".to_owned()])
        .collect::<Vec<_>>()
        .join(", ");
    let sets = columns
        .iter()
        .map(|(_, c)| format!("({c})"))
        .chain(["()".to_owned()])
        .collect::<Vec<_>>()
        .join(", ");
    let defs = definitions(part);
    let counts = COUNT_COLUMNS
        .iter()
        .map(|(name, _)| defs.get(name).cloned().unwrap_or_else(|| "0".to_owned()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {dim} AS dim, coalesce({key}) AS key, \
         ARRAY[{counts}]::bigint[] AS counts FROM {from} \
         WHERE {store} = ANY($1) \
         AND {at} >= ($2::date)::timestamp AT TIME ZONE s.time_zone \
         AND {at} < ($3::date + 1)::timestamp AT TIME ZONE s.time_zone \
         GROUP BY GROUPING SETS ({sets})"
    )
}

/// The counts of `stores` over `range`, in total and by each of `dims`.
pub async fn counts(
    conn: &mut AsyncPgConnection,
    stores: &[i64],
    range: DateRange,
    dims: &[Dim],
) -> ApiResult<Grouped> {
    let sql = [Part::Visits, Part::Orders, Part::Prospects]
        .map(|part| part_sql(part, dims))
        .join(" UNION ALL ");
    let rows: Vec<Row> = diesel::sql_query(sql)
        .bind::<Array<BigInt>, _>(stores)
        .bind::<Date, _>(range.from)
        .bind::<Date, _>(range.to)
        .load(conn)
        .await?;
    let mut grouped = Grouped::new();
    for row in rows {
        let dim = Dim::of(&row.dim);
        let total = grouped.entry((dim, row.key)).or_default();
        add(total, &row.counts);
    }
    Ok(grouped)
}

fn add(total: &mut ShowroomCounts, counts: &[i64]) {
    for ((_, field), n) in COUNT_COLUMNS.iter().zip(counts) {
        *field(total) += n;
    }
}

/// Open prospects per owner whose follow-up date has passed on `today` (store-local),
/// dormant ones left out as on every list.
pub async fn overdue_by_owner(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    today: chrono::NaiveDate,
    dormant_before: chrono::DateTime<chrono::Utc>,
) -> ApiResult<BTreeMap<i64, i64>> {
    #[derive(QueryableByName)]
    struct Overdue {
        #[diesel(sql_type = BigInt)]
        owner_id: i64,
        #[diesel(sql_type = BigInt)]
        overdue: i64,
    }
    let rows: Vec<Overdue> = diesel::sql_query(format!(
        "SELECT w.owner_id, count(*) AS overdue FROM ({view} WHERE v.status IN ({working}) \
         AND v.next_follow_up_on < $3) w GROUP BY w.owner_id",
        view = prospect_view(),
        working = working_statuses(),
    ))
    .bind::<Timestamptz, _>(dormant_before)
    .bind::<BigInt, _>(store_id)
    .bind::<Date, _>(today)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.owner_id, r.overdue)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A definition whose name is not a column would silently count nothing.
    #[test]
    fn every_definition_has_its_column() {
        for part in [Part::Visits, Part::Orders, Part::Prospects] {
            for name in definitions(part).keys() {
                assert!(COUNT_COLUMNS.iter().any(|(c, _)| c == name), "{name}");
            }
        }
    }
}
