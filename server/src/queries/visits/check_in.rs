//! Checking a visitor in: the customer, first or return visit, the consultant (the
//! receptionist's choice, the owner, or the rotation) and the visit's prospect.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{NewVisit, Visit};
use keyuan_shared::prospects as rules;
use keyuan_shared::{validate, Grade, ProspectStatus, Source, VisitKind};

use crate::audit::{self, Change};
use crate::error::ApiResult;
use crate::live;
use crate::models::{NewProspectRow, NewVisitRow, ProspectRow, VisitRow};
use crate::queries::campaigns::check_for_visit;
use crate::queries::customers::customer_for;
use crate::queries::users::check_consultant;
use crate::queries::vehicle_models::check_model;
use crate::schema::{prospect_owners, prospects, visits};
use crate::time::local_date;

use super::{get, rotation, store_zone};

pub(super) async fn open_prospect(
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
pub(super) struct ProspectOrigin {
    pub(super) customer_id: i64,
    pub(super) owner_id: Option<i64>,
    pub(super) source: Source,
    pub(super) vehicle_model_id: Option<i64>,
    pub(super) today: NaiveDate,
    /// The visit's arrival: contact that keeps (or makes) the prospect active.
    pub(super) contact_at: DateTime<Utc>,
    /// The campaign that brought the visitor: the new prospect's orders are its orders.
    pub(super) campaign_id: Option<i64>,
}

/// The visit's prospect: the customer's open one (woken if dormant), or a new one owned
/// by the consultant who takes the visitor, graded C until they grade it. `None` when
/// nobody takes the visitor (nobody on duty): the visit is still logged with its customer,
/// and the card is made when a consultant is set on the visit.
pub(super) async fn prospect_for(
    conn: &mut AsyncPgConnection,
    actor_id: i64,
    store_id: i64,
    open: Option<ProspectRow>,
    origin: ProspectOrigin,
) -> ApiResult<Option<i64>> {
    let ProspectOrigin {
        customer_id,
        owner_id,
        source,
        vehicle_model_id,
        today,
        contact_at,
        campaign_id,
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
            Change::of(
                Some(store_id),
                Some(actor_id),
                "prospect",
                prospect.id,
                Some(&prospect),
                &woken,
            ),
        )
        .await?;
        return Ok(Some(prospect.id));
    }
    let Some(owner_id) = owner_id else {
        return Ok(None);
    };
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
            campaign_id,
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
        Change::of(
            Some(store_id),
            Some(actor_id),
            "prospect",
            prospect.id,
            None,
            &prospect,
        ),
    )
    .await?;
    Ok(Some(prospect.id))
}

pub(super) async fn has_earlier_walk_in(
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

/// The first key of the per-store check-in lock (`pg_advisory_xact_lock(key, store)`),
/// so no other use of advisory locks can collide with it.
const CHECK_IN_LOCK: i32 = 0x4b59_0001;

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
        // One check-in at a time per store, until it commits: two tablets tapping at the
        // same moment would otherwise both read the same "next up" consultant, and two
        // check-ins of one new number would both try to create its customer. A showroom
        // logs a visitor every few minutes; the wait is a few milliseconds. (Store ids past
        // 2³¹ would share a lock with another store: a wait, never a wrong answer.)
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind::<diesel::sql_types::Integer, _>(CHECK_IN_LOCK)
            .bind::<diesel::sql_types::Integer, _>(store_id as i32)
            .execute(conn)
            .await?;
        let tz = store_zone(conn, store_id).await?;
        let today = local_date(tz, arrived_at);
        if let Some(model) = new.vehicle_model_id {
            check_model(conn, store_id, model).await?;
        }
        if let Some(consultant) = new.consultant_id {
            check_consultant(conn, store_id, consultant).await?;
        }
        if let Some(campaign) = new.campaign_id {
            check_for_visit(conn, store_id, campaign, today).await?;
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
            Some(c) => {
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
                        campaign_id: new.campaign_id,
                    },
                )
                .await?
            }
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
            campaign_id: new.campaign_id,
        };
        let inserted: VisitRow = diesel::insert_into(visits::table)
            .values(&row)
            .returning(VisitRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(
            conn,
            Change::of(
                Some(store_id),
                Some(actor_id),
                "visit",
                inserted.id,
                None,
                &inserted,
            ),
        )
        .await?;
        live::notify(conn, store_id, "visit_created", Some(inserted.id)).await?;
        let visit = get(conn, store_id, inserted.id).await?;
        Ok(visit)
    })
    .await
}
