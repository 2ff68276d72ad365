//! The showroom log: check-ins, departures, the day's log, the rotation and the
//! receptionist's customer look-up.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{
    CustomerLookup, NewVisit, Rotation, RotationEntry, Visit, VisitLog, VisitPatch,
};
use keyuan_shared::errors::Reason;
use keyuan_shared::metrics;
use keyuan_shared::permissions::{self, Action};
use keyuan_shared::prospects as rules;
use keyuan_shared::rotation::{self, Standing};
use keyuan_shared::{validate, Grade, ProspectStatus, Role, Source, VisitKind};

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::{NewProspectRow, NewVisitRow, ProspectRow, VisitRow};
use crate::queries::customers::{customer_for, find_customer};
use crate::queries::prospects::status_today;
use crate::queries::scope::store_day;
use crate::queries::sql::{VisitView, VISIT_VIEW};
use crate::queries::users::check_consultant;
use crate::queries::vehicle_models::check_model;
use crate::schema::{
    customers, duty_exceptions, prospect_owners, prospects, stores, users, visits,
};
use crate::time::{day_bounds, local_date, parse_zone};

pub async fn store_zone(conn: &mut AsyncPgConnection, store_id: i64) -> ApiResult<Tz> {
    let name: String = stores::table
        .find(store_id)
        .select(stores::time_zone)
        .first(conn)
        .await?;
    Ok(parse_zone(&name))
}

pub async fn get(conn: &mut AsyncPgConnection, store_id: i64, id: i64) -> ApiResult<Visit> {
    diesel::sql_query(format!("{VISIT_VIEW} WHERE v.store_id = $1 AND v.id = $2"))
        .bind::<BigInt, _>(store_id)
        .bind::<BigInt, _>(id)
        .get_result::<VisitView>(conn)
        .await
        .optional()?
        .map(Visit::from)
        .ok_or_else(|| ApiError::not_found("visit"))
}

/// The store-local day's visits, newest first, with the counts of the log's header.
pub async fn day_log(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    date: NaiveDate,
    tz: Tz,
) -> ApiResult<VisitLog> {
    let (start, end) = day_bounds(tz, date);
    let visits: Vec<Visit> = diesel::sql_query(format!(
        "{VISIT_VIEW} WHERE v.store_id = $1 AND v.arrived_at >= $2 AND v.arrived_at < $3 ORDER BY v.arrived_at DESC, v.id DESC"
    ))
    .bind::<BigInt, _>(store_id)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load::<VisitView>(conn)
    .await?
    .into_iter()
    .map(Visit::from)
    .collect();
    Ok(VisitLog {
        date,
        counts: metrics::day_counts(&visits),
        visits,
    })
}

#[derive(QueryableByName)]
struct StandingRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    on_duty: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_taken_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    with_customers: i64,
}

/// The up board for a store-local day.
pub async fn rotation(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    date: NaiveDate,
    tz: Tz,
) -> ApiResult<Rotation> {
    let (start, end) = day_bounds(tz, date);
    let rows: Vec<StandingRow> = diesel::sql_query(format!(
        "SELECT u.id, u.name, (d.user_id IS NULL) AS on_duty, w.last_taken_at, COALESCE(w.with_customers, 0) AS with_customers \
         FROM users u \
         LEFT JOIN duty_exceptions d ON d.store_id = u.store_id AND d.user_id = u.id AND d.day = $2 \
         LEFT JOIN (SELECT consultant_id, max(arrived_at) AS last_taken_at, count(*) FILTER (WHERE left_at IS NULL) AS with_customers \
                    FROM visits WHERE store_id = $1 AND kind = '{walk_in}' AND arrived_at >= $3 AND arrived_at < $4 \
                    GROUP BY consultant_id) w ON w.consultant_id = u.id \
         WHERE u.store_id = $1 AND u.role = '{consultant}' AND u.active",
        walk_in = VisitKind::WalkIn.as_str(),
        consultant = Role::Consultant.as_str(),
    ))
    .bind::<BigInt, _>(store_id)
    .bind::<Date, _>(date)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load(conn)
    .await?;
    let standings: Vec<Standing> = rows
        .iter()
        .map(|r| Standing {
            consultant_id: r.id,
            on_duty: r.on_duty,
            last_taken_at: r.last_taken_at,
            with_customers: r.with_customers as u32,
        })
        .collect();
    let next_consultant_id = rotation::next_up(&standings);
    let consultants = rotation::board(standings)
        .into_iter()
        .filter_map(|s| rows.iter().find(|r| r.id == s.consultant_id))
        .map(|r| RotationEntry {
            consultant_id: r.id,
            name: r.name.clone(),
            on_duty: r.on_duty,
            with_customers: r.with_customers,
            last_taken_at: r.last_taken_at,
        })
        .collect();
    Ok(Rotation {
        date,
        next_consultant_id,
        consultants,
    })
}

/// Takes a consultant off duty for `date`, or puts them back.
pub async fn set_duty(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    date: NaiveDate,
    consultant_id: i64,
    on_duty: bool,
) -> ApiResult<()> {
    conn.transaction(async |conn| {
        check_consultant(conn, store_id, consultant_id).await?;
        let key = (
            duty_exceptions::store_id.eq(store_id),
            duty_exceptions::user_id.eq(consultant_id),
            duty_exceptions::day.eq(date),
        );
        let changed = if on_duty {
            diesel::delete(
                duty_exceptions::table
                    .filter(key.0)
                    .filter(key.1)
                    .filter(key.2),
            )
            .execute(conn)
            .await?
        } else {
            diesel::insert_into(duty_exceptions::table)
                .values((key.0, key.1, key.2, duty_exceptions::set_by.eq(actor_id)))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?
        };
        if changed > 0 {
            let was = serde_json::json!({"day": date, "on_duty": !on_duty});
            let now = serde_json::json!({"day": date, "on_duty": on_duty});
            audit::record(
                conn,
                Change {
                    store_id: Some(store_id),
                    actor_id: Some(actor_id),
                    entity: "duty",
                    entity_id: consultant_id,
                    old: Some(&was),
                    new: &now,
                },
            )
            .await?;
            live::notify(conn, store_id, "rotation_changed", Some(consultant_id)).await?;
        }
        Ok(())
    })
    .await
}

/// What the receptionist sees while typing a number: the customer, their open (or last)
/// prospect with its owner and grade, and when they last came.
pub async fn lookup_customer(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    phone: &str,
) -> ApiResult<Option<CustomerLookup>> {
    let Some(customer) = find_customer(conn, store_id, phone).await? else {
        return Ok(None);
    };
    let prospect: Option<(ProspectRow, String)> = prospects::table
        .inner_join(users::table.on(users::id.eq(prospects::owner_id)))
        .filter(prospects::store_id.eq(store_id))
        .filter(prospects::customer_id.eq(customer.id))
        .order((
            prospects::status.eq_any(ProspectStatus::OPEN).desc(),
            prospects::created_at.desc(),
        ))
        .select((ProspectRow::as_select(), users::name))
        .first(conn)
        .await
        .optional()?;
    // a quiet card reads dormant here as on the card itself
    let status = match &prospect {
        Some((p, _)) => {
            let day = store_day(conn, store_id).await?;
            Some(status_today(conn, &day, p.id).await?)
        }
        None => None,
    };
    let last_visit_at: Option<DateTime<Utc>> = visits::table
        .filter(visits::store_id.eq(store_id))
        .filter(visits::customer_id.eq(customer.id))
        .select(diesel::dsl::max(visits::arrived_at))
        .first(conn)
        .await?;
    Ok(Some(CustomerLookup {
        customer_id: customer.id,
        name: customer.name,
        phone: customer.phone,
        prospect_id: prospect.as_ref().map(|(p, _)| p.id),
        owner_id: prospect.as_ref().map(|(p, _)| p.owner_id),
        owner_name: prospect.as_ref().map(|(_, name)| name.clone()),
        grade: prospect.as_ref().map(|(p, _)| p.grade),
        status,
        last_visit_at,
    }))
}

async fn open_prospect(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    customer_id: i64,
) -> ApiResult<Option<ProspectRow>> {
    Ok(prospects::table
        .filter(prospects::store_id.eq(store_id))
        .filter(prospects::customer_id.eq(customer_id))
        .filter(prospects::status.eq_any(ProspectStatus::OPEN))
        .select(ProspectRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// What a new prospect starts from: the visit that brought the customer in.
struct ProspectOrigin {
    customer_id: i64,
    owner_id: Option<i64>,
    source: Source,
    vehicle_model_id: Option<i64>,
    today: NaiveDate,
    /// The visit's arrival: contact that keeps (or makes) the prospect active.
    contact_at: DateTime<Utc>,
}

/// The visit's prospect: the customer's open one (woken if dormant), or a new one owned
/// by the consultant who takes the visitor, graded C until they grade it.
async fn prospect_for(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    open: Option<ProspectRow>,
    origin: ProspectOrigin,
) -> ApiResult<i64> {
    let ProspectOrigin {
        customer_id,
        owner_id,
        source,
        vehicle_model_id,
        today,
        contact_at,
    } = origin;
    if let Some(prospect) = open {
        // a visit is contact: it wakes a dormant prospect and restarts the 90 days
        let status = match prospect.status {
            ProspectStatus::Dormant => ProspectStatus::Active,
            other => other,
        };
        let last_contact_at = prospect.last_contact_at.max(Some(contact_at));
        let woken: ProspectRow = diesel::update(prospects::table.find(prospect.id))
            .set((
                prospects::status.eq(status),
                prospects::last_contact_at.eq(last_contact_at),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(
            conn,
            Change {
                store_id: Some(store_id),
                actor_id: Some(actor_id),
                entity: "prospect",
                entity_id: prospect.id,
                old: Some(&prospect),
                new: &woken,
            },
        )
        .await?;
        return Ok(prospect.id);
    }
    let owner_id =
        owner_id.ok_or_else(|| ApiError::invalid("consultant_id", Reason::NoSuchConsultant))?;
    let next_follow_up_on = Some(rules::first_follow_up(today));
    let prospect: ProspectRow = diesel::insert_into(prospects::table)
        .values(NewProspectRow {
            store_id,
            customer_id,
            owner_id,
            source,
            grade: Grade::C,
            vehicle_model_id,
            budget: None,
            note: "",
            next_follow_up_on,
            last_contact_at: Some(contact_at),
            created_at: contact_at,
        })
        .returning(ProspectRow::as_returning())
        .get_result(conn)
        .await?;
    diesel::insert_into(prospect_owners::table)
        .values((
            prospect_owners::store_id.eq(store_id),
            prospect_owners::prospect_id.eq(prospect.id),
            prospect_owners::owner_id.eq(owner_id),
            prospect_owners::assigned_by.eq(actor_id),
        ))
        .execute(conn)
        .await?;
    debug_assert_eq!(prospect.grade, Grade::C);
    audit::record(
        conn,
        Change {
            store_id: Some(store_id),
            actor_id: Some(actor_id),
            entity: "prospect",
            entity_id: prospect.id,
            old: None,
            new: &prospect,
        },
    )
    .await?;
    Ok(prospect.id)
}

async fn has_earlier_walk_in(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    customer_id: i64,
    before: DateTime<Utc>,
    except: Option<i64>,
) -> ApiResult<bool> {
    let mut query = visits::table
        .filter(visits::store_id.eq(store_id))
        .filter(visits::customer_id.eq(customer_id))
        .filter(visits::kind.eq(VisitKind::WalkIn))
        .filter(visits::arrived_at.lt(before))
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(visits::id.ne(id));
    }
    Ok(diesel::select(diesel::dsl::exists(query))
        .get_result(conn)
        .await?)
}

/// Checks a visitor in.
pub async fn create(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    new: &NewVisit,
) -> ApiResult<Visit> {
    let now = Utc::now();
    let arrived_at = new.arrived_at.unwrap_or(now);
    validate::visit_times(arrived_at, new.left_at, now)?;
    let phone = new
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| validate::phone("phone", p))
        .transpose()?;
    conn.transaction(async |conn| {
        let tz = store_zone(conn, store_id).await?;
        let today = local_date(tz, arrived_at);
        if let Some(model) = new.vehicle_model_id {
            check_model(conn, store_id, model).await?;
        }
        if let Some(consultant) = new.consultant_id {
            check_consultant(conn, store_id, consultant).await?;
        }
        let customer = match &phone {
            Some(phone) => Some(
                customer_for(
                    conn,
                    actor_id,
                    store_id,
                    phone,
                    new.name.as_deref(),
                    new.referred_by,
                )
                .await?,
            ),
            None => None,
        };
        let open = match &customer {
            Some(c) => open_prospect(conn, store_id, c.id).await?,
            None => None,
        };
        // the receptionist's choice, else a known customer's owner, else the rotation
        let consultant_id = match new.consultant_id.or(open.as_ref().map(|p| p.owner_id)) {
            Some(id) => Some(id),
            None => {
                rotation(conn, store_id, today, tz)
                    .await?
                    .next_consultant_id
            }
        };
        let first_visit = new.kind == VisitKind::WalkIn
            && match &customer {
                None => true,
                Some(c) => !has_earlier_walk_in(conn, store_id, c.id, arrived_at, None).await?,
            };
        let prospect_id = match &customer {
            Some(c) => Some(
                prospect_for(
                    conn,
                    actor_id,
                    store_id,
                    open,
                    ProspectOrigin {
                        customer_id: c.id,
                        owner_id: consultant_id,
                        source: new.source,
                        vehicle_model_id: new.vehicle_model_id,
                        today,
                        contact_at: arrived_at,
                    },
                )
                .await?,
            ),
            None => None,
        };
        let row = NewVisitRow {
            store_id,
            kind: new.kind,
            party_size: new.party_size,
            source: new.source,
            arrived_at,
            left_at: new.left_at,
            first_visit,
            customer_id: customer.as_ref().map(|c| c.id),
            prospect_id,
            consultant_id,
            vehicle_model_id: new.vehicle_model_id,
            test_drive: new.test_drive.unwrap_or(false),
            captured: customer.is_some(),
            note: new.note.as_deref().map(str::trim).unwrap_or(""),
            created_by: actor_id,
        };
        let inserted: VisitRow = diesel::insert_into(visits::table)
            .values(&row)
            .returning(VisitRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(
            conn,
            Change {
                store_id: Some(store_id),
                actor_id: Some(actor_id),
                entity: "visit",
                entity_id: inserted.id,
                old: None,
                new: &inserted,
            },
        )
        .await?;
        live::notify(conn, store_id, "visit_created", Some(inserted.id)).await?;
        let visit = get(conn, store_id, inserted.id).await?;
        Ok(visit)
    })
    .await
}

/// Departure, test drive, contact details captured later, consultant, model, note.
/// Receptionists change a visit only on its own store-local day; managers any time.
pub async fn update(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    actor_role: Role,
    store_id: i64,
    id: i64,
    patch: &VisitPatch,
) -> ApiResult<Visit> {
    let now = Utc::now();
    let phone = patch
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| validate::phone("phone", p))
        .transpose()?;
    conn.transaction(async |conn| {
        let old: VisitRow = visits::table
            .filter(visits::store_id.eq(store_id))
            .filter(visits::id.eq(id))
            .select(VisitRow::as_select())
            .first(conn)
            .await
            .optional()?
            .ok_or_else(|| ApiError::not_found("visit"))?;
        let tz = store_zone(conn, store_id).await?;
        let day = local_date(tz, old.arrived_at);
        if !permissions::may(actor_role, Action::EditPastVisits) && day != local_date(tz, now) {
            return Err(ApiError::forbidden_because(Reason::PastVisitManagerOnly));
        }
        if let Some(left_at) = patch.left_at {
            validate::visit_times(old.arrived_at, Some(left_at), now)?;
        }
        if patch.test_drive == Some(true) && old.kind == VisitKind::PhoneIn {
            return Err(ApiError::invalid("test_drive", Reason::PhoneInNoTestDrive));
        }
        if let Some(model) = patch.vehicle_model_id {
            check_model(conn, store_id, model).await?;
        }
        if let Some(consultant) = patch.consultant_id {
            check_consultant(conn, store_id, consultant).await?;
        }
        let consultant_id = patch.consultant_id.or(old.consultant_id);
        let (mut customer_id, mut prospect_id, mut first_visit) =
            (old.customer_id, old.prospect_id, old.first_visit);
        match (&phone, old.customer_id) {
            (Some(phone), None) => {
                let customer =
                    customer_for(conn, actor_id, store_id, phone, patch.name.as_deref(), None)
                        .await?;
                let open = open_prospect(conn, store_id, customer.id).await?;
                let origin = ProspectOrigin {
                    customer_id: customer.id,
                    owner_id: consultant_id,
                    source: old.source,
                    vehicle_model_id: patch.vehicle_model_id.or(old.vehicle_model_id),
                    today: day,
                    contact_at: old.arrived_at,
                };
                prospect_id = Some(prospect_for(conn, actor_id, store_id, open, origin).await?);
                first_visit = old.kind == VisitKind::WalkIn
                    && !has_earlier_walk_in(conn, store_id, customer.id, old.arrived_at, Some(id))
                        .await?;
                customer_id = Some(customer.id);
            }
            (Some(phone), Some(existing)) => {
                let current: String = customers::table
                    .find(existing)
                    .select(customers::phone)
                    .first(conn)
                    .await?;
                if &current != phone {
                    return Err(ApiError::invalid("phone", Reason::VisitHasCustomer));
                }
            }
            (None, _) => {}
        }
        if let (Some(name), Some(customer)) = (
            patch
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty()),
            customer_id,
        ) {
            diesel::update(customers::table.find(customer))
                .set(customers::name.eq(name))
                .execute(conn)
                .await?;
        }
        // a prospect this very visit created follows the visit to the corrected consultant
        if let (Some(new_owner), Some(pid)) = (patch.consultant_id, prospect_id) {
            // created at this visit's arrival, and no visit of it came earlier
            let created_by_this_visit: bool = diesel::select(diesel::dsl::exists(
                prospects::table
                    .filter(prospects::id.eq(pid))
                    .filter(prospects::created_at.eq(old.arrived_at)),
            ))
            .get_result(conn)
            .await?
                && !diesel::select(diesel::dsl::exists(
                    visits::table
                        .filter(visits::prospect_id.eq(pid))
                        .filter(visits::id.ne(id))
                        .filter(visits::arrived_at.le(old.arrived_at)),
                ))
                .get_result::<bool>(conn)
                .await?;
            if created_by_this_visit {
                diesel::update(prospects::table.find(pid))
                    .set(prospects::owner_id.eq(new_owner))
                    .execute(conn)
                    .await?;
                diesel::update(
                    prospect_owners::table
                        .filter(prospect_owners::prospect_id.eq(pid))
                        .filter(prospect_owners::until_at.is_null()),
                )
                .set(prospect_owners::owner_id.eq(new_owner))
                .execute(conn)
                .await?;
            }
        }
        let updated: VisitRow = diesel::update(visits::table.find(id))
            .set((
                visits::left_at.eq(patch.left_at.or(old.left_at)),
                visits::test_drive.eq(patch.test_drive.unwrap_or(old.test_drive)),
                visits::consultant_id.eq(consultant_id),
                visits::vehicle_model_id.eq(patch.vehicle_model_id.or(old.vehicle_model_id)),
                visits::party_size.eq(patch.party_size.unwrap_or(old.party_size)),
                visits::note.eq(patch.note.as_deref().map(str::trim).unwrap_or(&old.note)),
                visits::customer_id.eq(customer_id),
                visits::prospect_id.eq(prospect_id),
                visits::captured.eq(customer_id.is_some()),
                visits::first_visit.eq(first_visit),
            ))
            .returning(VisitRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(
            conn,
            Change {
                store_id: Some(store_id),
                actor_id: Some(actor_id),
                entity: "visit",
                entity_id: id,
                old: Some(&old),
                new: &updated,
            },
        )
        .await?;
        live::notify(conn, store_id, "visit_updated", Some(id)).await?;
        get(conn, store_id, id).await
    })
    .await
}
