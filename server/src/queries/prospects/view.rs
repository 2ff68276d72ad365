//! One card as the API shows it: the stored prospect with its customer, owner and model,
//! and the status, due state and MAN advice of the store's today.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::Prospect;
use keyuan_shared::prospects::{self as rules};
use keyuan_shared::{Grade, ProspectStatus, Source};

use crate::error::{ApiError, ApiResult};
use crate::queries::scope::{Scope, StoreDay};
use crate::queries::sql::{prospect_view, query_with, Param};
use crate::time::local_date;

#[derive(QueryableByName)]
pub(crate) struct ProspectView {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = BigInt)]
    owner_id: i64,
    #[diesel(sql_type = Text)]
    source: Source,
    #[diesel(sql_type = Text)]
    status: ProspectStatus,
    #[diesel(sql_type = Text)]
    grade: Grade,
    #[diesel(sql_type = Bool)]
    money: bool,
    #[diesel(sql_type = Bool)]
    authority: bool,
    #[diesel(sql_type = Bool)]
    need: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    vehicle_model_id: Option<i64>,
    #[diesel(sql_type = Nullable<Integer>)]
    budget: Option<i32>,
    #[diesel(sql_type = Text)]
    note: String,
    #[diesel(sql_type = Nullable<Date>)]
    next_follow_up_on: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_contact_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    customer_name: String,
    #[diesel(sql_type = Text)]
    customer_phone: String,
    #[diesel(sql_type = Text)]
    owner_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    vehicle_model_name: Option<String>,
}

impl ProspectView {
    pub(crate) fn into_api(self, day: &StoreDay) -> Prospect {
        let today = day.today;
        let days_since_contact = self
            .last_contact_at
            .map(|at| (today - local_date(day.tz, at)).num_days());
        Prospect {
            id: self.id,
            customer_id: self.customer_id,
            owner_id: self.owner_id,
            source: self.source,
            status: self.status,
            grade: self.grade,
            money: self.money,
            authority: self.authority,
            need: self.need,
            vehicle_model_id: self.vehicle_model_id,
            budget: self.budget,
            note: self.note,
            next_follow_up_on: self.next_follow_up_on,
            last_contact_at: self.last_contact_at,
            days_since_contact,
            created_at: self.created_at,
            due: rules::due(self.next_follow_up_on, today),
            advice: rules::man_advice(self.money, self.authority, self.need),
            customer_name: self.customer_name,
            customer_phone: self.customer_phone,
            owner_name: self.owner_name,
            vehicle_model_name: self.vehicle_model_name,
        }
    }
}

pub(crate) async fn view(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    day: &StoreDay,
    id: i64,
) -> ApiResult<Prospect> {
    let mut params = vec![
        Param::At(day.dormant_before),
        Param::Id(scope.store_id),
        Param::Id(id),
    ];
    let mut sql = format!("{} WHERE v.id = $3", prospect_view());
    if let Some(owner) = scope.owner_id {
        params.push(Param::Id(owner));
        sql.push_str(" AND v.owner_id = $4");
    }
    query_with(sql, params)
        .get_result::<ProspectView>(conn)
        .await
        .optional()?
        .map(|v| v.into_api(day))
        .ok_or_else(|| ApiError::not_found("prospect"))
}
