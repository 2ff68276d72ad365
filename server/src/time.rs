//! Store-local days. A store's day is what the receptionist calls "today"; every date
//! in the API is a store-local date.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

pub fn parse_zone(name: &str) -> Tz {
    // The zone was checked when it was saved; fall back rather than fail a request.
    name.parse().unwrap_or(chrono_tz::Asia::Shanghai)
}

pub fn local_date(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Noon of a store-local date: the time stored when a user gives only a date, safely
/// inside that date however it is read.
pub fn local_noon(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let noon = date.and_hms_opt(12, 0, 0).expect("noon exists");
    tz.from_local_datetime(&noon)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&noon))
        .with_timezone(&Utc)
}

/// `[start, end)` in UTC of the store-local `date`.
pub fn day_bounds(tz: Tz, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start_of = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
        // earliest() covers zones whose midnight is skipped by a DST change
        tz.from_local_datetime(&midnight)
            .earliest()
            .unwrap_or_else(|| tz.from_utc_datetime(&midnight))
            .with_timezone(&Utc)
    };
    (
        start_of(date),
        start_of(date.checked_add_days(Days::new(1)).expect("date in range")),
    )
}

/// The start of the store-local hour that `at` falls in.
pub fn hour_start(tz: Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let local = at.with_timezone(&tz);
    let minutes_in = i64::from(local.minute()) * 60 + i64::from(local.second());
    (at - chrono::Duration::seconds(minutes_in))
        .with_nanosecond(0)
        .unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shanghai_day_starts_at_16_utc_the_day_before() {
        let (start, end) = day_bounds(
            chrono_tz::Asia::Shanghai,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        assert_eq!(start.to_rfc3339(), "2026-11-22T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-23T16:00:00+00:00");
    }

    #[test]
    fn an_hour_starts_on_the_store_clock_even_in_a_half_hour_zone() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 4, 10, 59).unwrap();
        let kolkata = hour_start(chrono_tz::Asia::Kolkata, at); // 09:40 local
        assert_eq!(kolkata.to_rfc3339(), "2026-11-23T03:30:00+00:00");
        let shanghai = hour_start(chrono_tz::Asia::Shanghai, at); // 12:10 local
        assert_eq!(shanghai.to_rfc3339(), "2026-11-23T04:00:00+00:00");
    }
}
