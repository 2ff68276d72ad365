//! Follow-ups (跟进记录).

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{FollowUp, NewFollowUp};
use keyuan_shared::prospects::{self as rules, ProspectEvent};
use keyuan_shared::validate;

use crate::audit;
use crate::error::ApiResult;
use crate::live;
use crate::models::{FollowUpRow, ProspectRow};
use crate::queries::scope::Scope;
use crate::schema::{follow_ups, prospects, users};

use super::{check_grade, follow_up_api, lock_for, Locked};

/// `POST /prospects/{id}/follow-ups`: logs the contact, applies a new grade and sets the
/// next follow-up (the cadence's date unless one is given).
pub async fn follow_up(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    new: &NewFollowUp,
) -> ApiResult<FollowUp> {
    conn.transaction(async |conn| {
        let Locked {
            day,
            old,
            ordered,
            status,
        } = lock_for(conn, scope, id, ProspectEvent::Contact).await?;
        let grade = new.grade.unwrap_or(old.grade);
        check_grade(grade, ordered)?;
        let next = match new.next_follow_up_on {
            Some(date) => {
                validate::follow_up_date("next_follow_up_on", date, day.today)?;
                date
            }
            None => rules::next_follow_up(&day.cadence, grade, day.today),
        };
        let now = Utc::now();
        let row: FollowUpRow = diesel::insert_into(follow_ups::table)
            .values(FollowUpRow {
                id: 0,
                store_id: scope.store_id,
                prospect_id: id,
                author_id: scope.actor_id,
                channel: new.channel,
                at: now,
                note: new.note.as_deref().map(str::trim).unwrap_or("").to_owned(),
                grade_before: old.grade,
                grade_after: grade,
                next_follow_up_on: Some(next),
            })
            .returning(FollowUpRow::as_returning())
            .get_result(conn)
            .await?;
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::status.eq(status),
                prospects::grade.eq(grade),
                prospects::next_follow_up_on.eq(Some(next)),
                prospects::last_contact_at.eq(Some(now)),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("follow_up", row.id, None, &row)).await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "follow_up_created", Some(id)).await?;
        let author: String = users::table
            .find(scope.actor_id)
            .select(users::name)
            .first(conn)
            .await?;
        let logged = follow_up_api(row, author);
        Ok(logged)
    })
    .await
}
