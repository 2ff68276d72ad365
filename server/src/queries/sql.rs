//! Hand-written SQL shared by several query modules: the card and visit views, and binding
//! a run-time list of parameters.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamptz};
use keyuan_shared::api::Visit;
use keyuan_shared::{ProspectStatus, Source, VisitKind};

/// `'a', 'b'` for an SQL `IN (…)` list, spelled by the enums themselves.
pub(crate) fn sql_list(statuses: &[ProspectStatus]) -> String {
    statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statuses of the day's list: open and not dormant.
pub(crate) fn working_statuses() -> String {
    sql_list(&[ProspectStatus::Active, ProspectStatus::LostPending])
}

/// Dormancy (休眠), decided in this one place: an `active` prospect of the table alias
/// `p` whose last contact (or, never contacted, its creation) is before `cutoff` reads
/// `dormant`. `cutoff` is the bind holding the start of the store-local day
/// `shared::prospects::dormant_cutoff(today)`, so the 90 days are counted in the store's
/// calendar. Lists, cards, My day, every write's status check and the check-in look-up
/// all read the status through it.
pub(crate) fn effective_status(p: &str, cutoff: &str) -> String {
    format!(
        "CASE WHEN {p}.status = '{active}' AND COALESCE({p}.last_contact_at, {p}.created_at) < {cutoff} \
         THEN '{dormant}' ELSE {p}.status END",
        active = ProspectStatus::Active.as_str(),
        dormant = ProspectStatus::Dormant.as_str(),
    )
}

/// Cards with their effective status, as a table `v` to filter: `$1` is the dormant
/// cutoff, `$2` the store.
pub(crate) fn prospect_view() -> String {
    format!(
        "SELECT * FROM (SELECT p.id, p.store_id, p.customer_id, p.owner_id, p.source, \
         {status} AS status, \
         p.grade, p.money, p.authority, p.need, p.vehicle_model_id, p.budget, p.note, p.next_follow_up_on, p.last_contact_at, \
         p.created_at, c.name AS customer_name, c.phone AS customer_phone, u.name AS owner_name, m.name AS vehicle_model_name \
         FROM prospects p JOIN customers c ON c.id = p.customer_id JOIN users u ON u.id = p.owner_id \
         LEFT JOIN vehicle_models m ON m.id = p.vehicle_model_id WHERE p.store_id = $2) v",
        status = effective_status("p", "$1"),
    )
}

/// A bind value of a query whose filters are chosen at run time.
pub(crate) enum Param {
    Id(i64),
    Text(String),
    Day(NaiveDate),
    At(DateTime<Utc>),
}

/// `sql` with `params` bound in order ($1, $2, …).
pub(crate) fn query_with(
    sql: String,
    params: Vec<Param>,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>
{
    let mut query = diesel::sql_query(sql).into_boxed();
    for param in params {
        query = match param {
            Param::Id(v) => query.bind::<BigInt, _>(v),
            Param::Text(v) => query.bind::<Text, _>(v),
            Param::Day(v) => query.bind::<Date, _>(v),
            Param::At(v) => query.bind::<Timestamptz, _>(v),
        };
    }
    query
}

#[derive(QueryableByName)]
pub(crate) struct VisitView {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    kind: VisitKind,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    party_size: i32,
    #[diesel(sql_type = Text)]
    source: Source,
    #[diesel(sql_type = Timestamptz)]
    arrived_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    left_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Bool)]
    first_visit: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    customer_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    prospect_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    consultant_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    vehicle_model_id: Option<i64>,
    #[diesel(sql_type = Bool)]
    test_drive: bool,
    #[diesel(sql_type = Bool)]
    captured: bool,
    #[diesel(sql_type = Text)]
    note: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    campaign_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    campaign_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    customer_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    customer_phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    consultant_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    vehicle_model_name: Option<String>,
}

impl From<VisitView> for Visit {
    fn from(v: VisitView) -> Self {
        Visit {
            id: v.id,
            kind: v.kind,
            party_size: v.party_size,
            source: v.source,
            arrived_at: v.arrived_at,
            left_at: v.left_at,
            first_visit: v.first_visit,
            customer_id: v.customer_id,
            prospect_id: v.prospect_id,
            consultant_id: v.consultant_id,
            vehicle_model_id: v.vehicle_model_id,
            test_drive: v.test_drive,
            captured: v.captured,
            note: v.note,
            campaign_id: v.campaign_id,
            campaign_name: v.campaign_name,
            customer_name: v.customer_name.filter(|n| !n.is_empty()),
            customer_phone: v.customer_phone,
            consultant_name: v.consultant_name,
            vehicle_model_name: v.vehicle_model_name,
        }
    }
}

pub(crate) const VISIT_VIEW: &str = "SELECT v.id, v.kind, v.party_size, v.source, v.arrived_at, v.left_at, v.first_visit, v.customer_id, \
     v.prospect_id, v.consultant_id, v.vehicle_model_id, v.test_drive, v.captured, v.note, v.campaign_id, k.name AS campaign_name, \
     c.name AS customer_name, c.phone AS customer_phone, u.name AS consultant_name, m.name AS vehicle_model_name \
     FROM visits v LEFT JOIN customers c ON c.id = v.customer_id LEFT JOIN users u ON u.id = v.consultant_id \
     LEFT JOIN vehicle_models m ON m.id = v.vehicle_model_id LEFT JOIN campaigns k ON k.id = v.campaign_id";
