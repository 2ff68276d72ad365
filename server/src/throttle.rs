//! Sign-in throttling: five wrong passwords for one login name within 15 minutes lock that
//! name for 15 minutes. Counted per name, not per address, because a showroom's tablets
//! and phones share one address; counted in the database, so every server process agrees
//! and a restart does not reset it.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::validate::LOGIN_MAX_CHARS;

use crate::error::{ApiError, ApiResult};
use crate::schema::sign_in_failures;

/// Wrong passwords in a row that lock a name.
pub const MAX_FAILURES: i32 = 5;
/// Failures older than this no longer count.
pub const WINDOW_MINUTES: i64 = 15;
/// How long a name stays locked.
pub const LOCK_MINUTES: i64 = 15;

/// The wrong passwords of one login name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sign_in_failures)]
pub struct Failures {
    pub failures: i32,
    pub first_failed_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

impl Failures {
    /// The record after one more wrong password at `now`: a run older than the window
    /// starts over, and the fifth of a run locks the name.
    pub fn after_failure(previous: Option<Failures>, now: DateTime<Utc>) -> Failures {
        let run = previous.filter(|f| {
            f.failures > 0 && now - f.first_failed_at < Duration::minutes(WINDOW_MINUTES)
        });
        let failures = run.map_or(1, |f| f.failures + 1);
        Failures {
            failures,
            first_failed_at: run.map_or(now, |f| f.first_failed_at),
            locked_until: (failures >= MAX_FAILURES).then(|| now + Duration::minutes(LOCK_MINUTES)),
        }
    }

    /// How much longer the name is locked at `now`, if it is.
    pub fn locked_for(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.locked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }
}

/// Logins longer than a valid one can match no account; they are refused without a row.
fn counted(login: &str) -> bool {
    (1..=LOGIN_MAX_CHARS).contains(&login.chars().count())
}

/// 429 with the wait, for a locked name.
pub fn locked_error(wait: Duration) -> ApiError {
    let seconds = wait.num_seconds().max(1) as u64;
    let minutes = seconds.div_ceil(60);
    ApiError::new(
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        keyuan_shared::api::codes::TOO_MANY_ATTEMPTS,
        keyuan_shared::errors::Reason::TooManyAttempts,
    )
    .with("minutes", minutes)
    .retry_after(seconds)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    fn fail_at(minutes: &[i64]) -> Failures {
        minutes
            .iter()
            .fold(None, |f, m| Some(Failures::after_failure(f, at(*m))))
            .unwrap()
    }

    #[test]
    fn the_fifth_wrong_password_within_the_window_locks_for_15_minutes() {
        let four = fail_at(&[0, 1, 2, 3]);
        assert_eq!(four.failures, 4);
        assert_eq!(four.locked_for(at(3)), None);
        let five = fail_at(&[0, 1, 2, 3, 14]);
        assert_eq!(five.locked_until, Some(at(29)));
        assert_eq!(five.locked_for(at(20)), Some(Duration::minutes(9)));
        assert_eq!(five.locked_for(at(29)), None, "unlocked at the minute");
    }

    #[test]
    fn failures_older_than_the_window_start_over() {
        // the fifth comes 15 minutes after the first: a new run of one
        let f = fail_at(&[0, 1, 2, 3, 15]);
        assert_eq!((f.failures, f.first_failed_at), (1, at(15)));
        assert_eq!(f.locked_until, None);
    }

    #[test]
    fn a_wrong_password_after_the_lock_starts_a_new_run() {
        let f = fail_at(&[0, 1, 2, 3, 4, 20]);
        assert_eq!(f.failures, 1);
        assert_eq!(f.locked_for(at(20)), None);
    }

    #[test]
    fn only_names_a_login_could_have_are_counted() {
        assert!(counted("consultant1"));
        assert!(!counted(""));
        assert!(!counted(&"x".repeat(33)));
    }
}
