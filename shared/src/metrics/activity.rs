//! The daily activity report's targets: the store's 5-20-30 for each day of a range that
//! has come.

use crate::api::Activity;
use crate::domain::DailyTargets;
use crate::metrics::DateRange;

/// Days of `range` up to `today` (both included): a day not yet come owes nothing.
pub fn days_due(range: DateRange, today: chrono::NaiveDate) -> i64 {
    let last = range.to.min(today);
    ((last - range.from).num_days() + 1).max(0)
}

/// What the targets ask over `days` days.
pub fn activity_due(targets: DailyTargets, days: i64) -> Activity {
    Activity {
        meetings: i64::from(targets.meetings) * days,
        calls: i64::from(targets.calls) * days,
        messages: i64::from(targets.messages) * days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(from: &str, to: &str) -> DateRange {
        DateRange {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
        }
    }

    #[test]
    fn a_week_owes_the_days_that_have_come() {
        let today = "2026-12-02".parse().unwrap();
        // this week: Monday to Sunday, on Wednesday
        assert_eq!(days_due(range("2026-11-30", "2026-12-06"), today), 3);
        assert_eq!(days_due(range("2026-12-02", "2026-12-02"), today), 1);
        assert_eq!(days_due(range("2026-12-03", "2026-12-06"), today), 0);
        assert_eq!(days_due(range("2026-11-01", "2026-11-30"), today), 30);
        let week = activity_due(DailyTargets::default(), 3);
        assert_eq!((week.meetings, week.calls, week.messages), (15, 60, 90));
    }
}
