//! Changing a logged visit: departure, test drive, contact details captured later,
//! consultant, model, note.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Visit, VisitPatch};
use keyuan_shared::errors::Reason;
use keyuan_shared::permissions::{self, Action};
use keyuan_shared::{validate, Role, VisitKind};

use crate::audit::{self, Change};
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::{CustomerRow, ProspectRow, VisitRow};
use crate::queries::customers::customer_for;
use crate::queries::users::check_consultant;
use crate::queries::vehicle_models::check_model;
use crate::schema::{customers, prospect_owners, prospects, visits};
use crate::time::local_date;

use super::check_in::{has_earlier_walk_in, open_prospect, prospect_for, ProspectOrigin};
use super::{get, store_zone};

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
            // two tablets correcting one visit at once: the second waits and reads the
            // first's change, so neither is lost
            .for_update()
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
        // contact details captured now, or a visitor logged while nobody was on duty who
        // now has a consultant: the visit gets its card
        if let (Some(customer), None) = (customer_id, prospect_id) {
            let open = open_prospect(conn, store_id, customer).await?;
            let origin = ProspectOrigin {
                customer_id: customer,
                owner_id: consultant_id,
                source: old.source,
                vehicle_model_id: patch.vehicle_model_id.or(old.vehicle_model_id),
                today: day,
                contact_at: old.arrived_at,
                campaign_id: old.campaign_id,
            };
            prospect_id = prospect_for(conn, actor_id, store_id, open, origin).await?;
        }
        if let (Some(name), Some(customer)) = (
            patch
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty()),
            customer_id,
        ) {
            let before: CustomerRow = customers::table
                .find(customer)
                .select(CustomerRow::as_select())
                .first(conn)
                .await?;
            if before.name != name {
                let renamed: CustomerRow = diesel::update(customers::table.find(customer))
                    .set(customers::name.eq(name))
                    .returning(CustomerRow::as_returning())
                    .get_result(conn)
                    .await?;
                let change = Change::of(
                    Some(store_id),
                    Some(actor_id),
                    "customer",
                    customer,
                    Some(&before),
                    &renamed,
                );
                audit::record(conn, change).await?;
            }
        }
        // a prospect this very visit created follows the visit to the corrected consultant
        if let (Some(new_owner), Some(pid)) = (patch.consultant_id, prospect_id) {
            // created at this visit's arrival, and no visit of it was logged before this one
            // (a paper log typed in later may arrive earlier; it did not create the card)
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
                        .filter(visits::created_at.lt(old.created_at)),
                ))
                .get_result::<bool>(conn)
                .await?;
            if created_by_this_visit {
                let before: ProspectRow = prospects::table
                    .find(pid)
                    .select(ProspectRow::as_select())
                    .for_update()
                    .first(conn)
                    .await?;
                let moved: ProspectRow = diesel::update(prospects::table.find(pid))
                    .set(prospects::owner_id.eq(new_owner))
                    .returning(ProspectRow::as_returning())
                    .get_result(conn)
                    .await?;
                let change = Change::of(
                    Some(store_id),
                    Some(actor_id),
                    "prospect",
                    pid,
                    Some(&before),
                    &moved,
                );
                audit::record(conn, change).await?;
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
            Change::of(
                Some(store_id),
                Some(actor_id),
                "visit",
                id,
                Some(&old),
                &updated,
            ),
        )
        .await?;
        live::notify(conn, store_id, "visit_updated", Some(id)).await?;
        get(conn, store_id, id).await
    })
    .await
}
