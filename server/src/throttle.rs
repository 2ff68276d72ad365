//! Sign-in throttling: five wrong passwords for one login name within 15 minutes lock that
//! name for 15 minutes. Counted per name, not per address, because a showroom's tablets
//! and phones share one address; counted in the database, so every server process agrees
//! and a restart does not reset it.

//! The rule is here; its rows are kept by `queries::sign_in_failures`, and the 429 is the
//! sign-in route's.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use keyuan_shared::validate::LOGIN_MAX_CHARS;

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
pub fn counted(login: &str) -> bool {
    (1..=LOGIN_MAX_CHARS).contains(&login.chars().count())
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
