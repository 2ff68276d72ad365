//! Card edits: a prospect met outside the showroom, and changes to grade, MAN, model,
//! budget, note, next follow-up and owner.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{NewProspect, Prospect, ProspectPatch};
use keyuan_shared::errors::Reason;
use keyuan_shared::prospects::{self as rules};
use keyuan_shared::{validate, Grade, ProspectStatus};

use crate::audit;
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::{NewProspectRow, ProspectRow};
use crate::queries::customers::customer_for;
use crate::queries::scope::{store_day, Scope};
use crate::queries::users::check_consultant;
use crate::queries::vehicle_models::check_model;
use crate::schema::{customers, prospect_owners, prospects, users};

use super::{check_grade, hand_over, has_order, lock, status_today, view};

/// `POST /prospects`: a customer met outside the showroom.
pub async fn create(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    new: &NewProspect,
) -> ApiResult<Prospect> {
    let phone = validate::phone("phone", &new.phone)?;
    if let Some(grade) = new.grade {
        check_grade(grade, false)?;
    }
    let owner_id = match (scope.owner_id, new.owner_id) {
        (Some(own), None) => own,
        (Some(own), Some(asked)) if asked == own => own,
        (Some(_), Some(_)) => return Err(ApiError::forbidden_because(Reason::ManagerGivesOwnOnly)),
        (None, Some(asked)) => asked,
        (None, None) => scope.actor_id,
    };
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        if scope.is_manager() {
            check_consultant(conn, scope.store_id, owner_id)
                .await
                .map_err(|_| ApiError::invalid("owner_id", Reason::NoSuchConsultant))?;
        }
        if let Some(model) = new.vehicle_model_id {
            check_model(conn, scope.store_id, model).await?;
        }
        let customer = customer_for(
            conn,
            scope.actor_id,
            scope.store_id,
            &phone,
            new.name.as_deref(),
            new.referred_by,
        )
        .await?;
        let open: Option<String> = prospects::table
            .inner_join(users::table.on(users::id.eq(prospects::owner_id)))
            .filter(prospects::store_id.eq(scope.store_id))
            .filter(prospects::customer_id.eq(customer.id))
            .filter(prospects::status.eq_any(ProspectStatus::OPEN))
            .select(users::name)
            .first(conn)
            .await
            .optional()?;
        if let Some(owner_name) = open {
            return Err(
                ApiError::conflict("phone", Reason::HasOpenProspect).with("owner", owner_name)
            );
        }
        let now = Utc::now();
        let inserted: ProspectRow = diesel::insert_into(prospects::table)
            .values(NewProspectRow {
                store_id: scope.store_id,
                customer_id: customer.id,
                owner_id,
                source: new.source,
                grade: new.grade.unwrap_or(Grade::C),
                vehicle_model_id: new.vehicle_model_id,
                budget: new.budget,
                note: new.note.as_deref().map(str::trim).unwrap_or(""),
                next_follow_up_on: Some(rules::first_follow_up(day.today)),
                last_contact_at: Some(now),
                created_at: now,
                campaign_id: None,
            })
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        diesel::insert_into(prospect_owners::table)
            .values((
                prospect_owners::store_id.eq(scope.store_id),
                prospect_owners::prospect_id.eq(inserted.id),
                prospect_owners::owner_id.eq(owner_id),
                prospect_owners::assigned_by.eq(scope.actor_id),
            ))
            .execute(conn)
            .await?;
        audit::record(conn, scope.change("prospect", inserted.id, None, &inserted)).await?;
        live::notify(conn, scope.store_id, "prospect_created", Some(inserted.id)).await?;
        let created = view(
            conn,
            Scope {
                owner_id: None,
                ..scope
            },
            &day,
            inserted.id,
        )
        .await?;
        Ok(created)
    })
    .await
}

/// `PATCH /prospects/{id}`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    patch: &ProspectPatch,
) -> ApiResult<Prospect> {
    if patch.owner_id.is_some() {
        scope.require_manager()?;
    }
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        let old = lock(conn, scope, id).await?;
        let status = status_today(conn, &day, id).await?;
        if !status.is_open() {
            return Err(ApiError::conflict("status", Reason::ProspectClosed));
        }
        let ordered = has_order(conn, id).await?;
        if let Some(grade) = patch.grade {
            check_grade(grade, ordered)?;
        }
        if let Some(date) = patch.next_follow_up_on {
            validate::follow_up_date("next_follow_up_on", date, day.today)?;
        }
        if let Some(model) = patch.vehicle_model_id {
            check_model(conn, scope.store_id, model).await?;
        }
        let grade = patch.grade.unwrap_or(old.grade);
        // a new grade brings the cadence's date unless the consultant picked one
        let next_follow_up_on = match (patch.next_follow_up_on, patch.grade) {
            (Some(date), _) => Some(date),
            (None, Some(g)) if g != old.grade => {
                Some(rules::next_follow_up(&day.cadence, g, day.today))
            }
            _ => old.next_follow_up_on,
        };
        let owner_id = match patch.owner_id {
            Some(to) if to != old.owner_id => {
                check_consultant(conn, scope.store_id, to)
                    .await
                    .map_err(|_| ApiError::invalid("owner_id", Reason::NoSuchConsultant))?;
                hand_over(conn, scope, id, to).await?;
                to
            }
            _ => old.owner_id,
        };
        if let Some(name) = patch.name.as_deref().map(str::trim) {
            let was: String = customers::table
                .find(old.customer_id)
                .select(customers::name)
                .first(conn)
                .await?;
            if was != name {
                diesel::update(customers::table.find(old.customer_id))
                    .set(customers::name.eq(name))
                    .execute(conn)
                    .await?;
                let (was, now) = (
                    serde_json::json!({"name": was}),
                    serde_json::json!({"name": name}),
                );
                audit::record(
                    conn,
                    scope.change("customer", old.customer_id, Some(&was), &now),
                )
                .await?;
            }
        }
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::grade.eq(grade),
                prospects::money.eq(patch.money.unwrap_or(old.money)),
                prospects::authority.eq(patch.authority.unwrap_or(old.authority)),
                prospects::need.eq(patch.need.unwrap_or(old.need)),
                prospects::vehicle_model_id.eq(patch.vehicle_model_id.or(old.vehicle_model_id)),
                prospects::budget.eq(patch.budget.or(old.budget)),
                prospects::note.eq(patch.note.as_deref().map(str::trim).unwrap_or(&old.note)),
                prospects::next_follow_up_on.eq(next_follow_up_on),
                prospects::owner_id.eq(owner_id),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "prospect_updated", Some(id)).await?;
        view(
            conn,
            Scope {
                owner_id: None,
                ..scope
            },
            &day,
            id,
        )
        .await
    })
    .await
}
