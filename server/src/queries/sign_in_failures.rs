//! The wrong passwords counted per login name (see `throttle` for the rule).

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::error::ApiResult;
use crate::schema::sign_in_failures;
use crate::throttle::{counted, Failures};

/// How much longer `login` is locked, if it is.
pub async fn locked_for(conn: &mut AsyncPgConnection, login: &str) -> ApiResult<Option<Duration>> {
    if !counted(login) {
        return Ok(None);
    }
    let failures: Option<Failures> = sign_in_failures::table
        .find(login)
        .select(Failures::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(failures.and_then(|f| f.locked_for(Utc::now())))
}

/// Counts a wrong password for `login`; answers the lock it caused, if any. Concurrent
/// wrong passwords are counted one after the other (the row is locked while counting).
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    login: &str,
) -> ApiResult<Option<Duration>> {
    if !counted(login) {
        return Ok(None);
    }
    conn.transaction(async |conn| {
        let now = Utc::now();
        diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::login.eq(login),
                sign_in_failures::failures.eq(0),
                sign_in_failures::first_failed_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        let previous: Failures = sign_in_failures::table
            .find(login)
            .select(Failures::as_select())
            .for_update()
            .first(conn)
            .await?;
        let next = Failures::after_failure(Some(previous), now);
        diesel::update(sign_in_failures::table.find(login))
            .set((
                sign_in_failures::failures.eq(next.failures),
                sign_in_failures::first_failed_at.eq(next.first_failed_at),
                sign_in_failures::locked_until.eq(next.locked_until),
            ))
            .execute(conn)
            .await?;
        Ok(next.locked_for(now))
    })
    .await
}

/// Forgets the wrong passwords of `login` (a right one, or a new password).
pub async fn clear(conn: &mut AsyncPgConnection, login: &str) -> ApiResult<()> {
    diesel::delete(sign_in_failures::table.find(login))
        .execute(conn)
        .await?;
    Ok(())
}
