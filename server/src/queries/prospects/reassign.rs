//! A manager moves a consultant's open prospects to another.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Reassign, Reassigned};
use keyuan_shared::errors::Reason;
use keyuan_shared::{LoyaltyStatus, ProspectStatus};

use crate::audit;
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::ProspectRow;
use crate::queries::scope::Scope;
use crate::queries::users::check_consultant;
use crate::schema::{loyalty_contacts, prospects, users};

use super::hand_over;

/// `POST /prospects/reassign`: a manager moves open prospects from one consultant to
/// another. Moving a whole book (a consultant who leaves) also moves their loyalty
/// contacts still due, so no delivered customer is forgotten.
pub async fn reassign(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    body: &Reassign,
) -> ApiResult<Reassigned> {
    scope.require_manager()?;
    if body.from_owner_id == body.to_owner_id {
        return Err(ApiError::invalid("to_owner_id", Reason::SameConsultant));
    }
    conn.transaction(async |conn| {
        check_consultant(conn, scope.store_id, body.to_owner_id)
            .await
            .map_err(|_| ApiError::invalid("to_owner_id", Reason::NoSuchConsultant))?;
        let from_exists: bool = diesel::select(diesel::dsl::exists(
            users::table.filter(users::id.eq(body.from_owner_id)).filter(users::store_id.eq(scope.store_id)),
        ))
        .get_result(conn)
        .await?;
        if !from_exists {
            return Err(ApiError::invalid("from_owner_id", Reason::NoSuchUser));
        }
        let moving: Vec<ProspectRow> = prospects::table
            .filter(prospects::store_id.eq(scope.store_id))
            .filter(prospects::owner_id.eq(body.from_owner_id))
            .filter(prospects::status.eq_any(ProspectStatus::OPEN))
            .select(ProspectRow::as_select())
            .for_update()
            .load(conn)
            .await?
            .into_iter()
            .filter(|p| body.prospect_ids.as_ref().is_none_or(|ids| ids.contains(&p.id)))
            .collect();
        if let Some(ids) = &body.prospect_ids {
            if let Some(missing) = ids.iter().find(|id| !moving.iter().any(|p| p.id == **id)) {
                return Err(ApiError::invalid("prospect_ids", Reason::NotOpenProspectOf)
                    .with("id", missing));
            }
        }
        for old in &moving {
            hand_over(conn, scope, old.id, body.to_owner_id).await?;
            let updated: ProspectRow = diesel::update(prospects::table.find(old.id))
                .set((prospects::owner_id.eq(body.to_owner_id), prospects::updated_at.eq(diesel::dsl::now)))
                .returning(ProspectRow::as_returning())
                .get_result(conn)
                .await?;
            audit::record(conn, scope.change("prospect", old.id, Some(old), &updated)).await?;
        }
        let loyalty_moved = if body.prospect_ids.is_none() {
            diesel::update(
                loyalty_contacts::table
                    .filter(loyalty_contacts::store_id.eq(scope.store_id))
                    .filter(loyalty_contacts::assignee_id.eq(body.from_owner_id))
                    .filter(loyalty_contacts::status.eq(LoyaltyStatus::Due)),
            )
            .set(loyalty_contacts::assignee_id.eq(body.to_owner_id))
            .execute(conn)
            .await?
        } else {
            0
        };
        if !moving.is_empty() || loyalty_moved > 0 {
            let (was, now) = (
                serde_json::json!({"owner_id": body.from_owner_id}),
                serde_json::json!({"owner_id": body.to_owner_id, "prospects": moving.len(), "loyalty_contacts": loyalty_moved}),
            );
            audit::record(conn, scope.change("reassignment", body.from_owner_id, Some(&was), &now)).await?;
            live::notify(conn, scope.store_id, "prospects_reassigned", Some(body.to_owner_id)).await?;
        }
        Ok(Reassigned {
            moved: moving.len() as i64,
            loyalty_contacts_moved: loyalty_moved as i64,
        })
    })
    .await
}
