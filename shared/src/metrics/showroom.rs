//! From counts to the showroom table's figures: totals, rates and the daily average.

use crate::api::{GradeCounts, Rates, Sales, ShowroomCounts, ShowroomFigures};

impl ShowroomCounts {
    /// Orders placed, of every sale type.
    pub fn orders(&self) -> i64 {
        self.retail + self.secondary + self.fleet
    }
}

impl GradeCounts {
    /// Prospects of every grade.
    pub fn total(&self) -> i64 {
        self.o + self.h + self.a + self.b + self.c
    }
}

/// `part / whole`, or `None` when there is nothing to divide by (the paper sheet's
/// #DIV/0!, shown as "—").
pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| part as f64 / whole as f64)
}

/// Every figure of the table for `counts` over `days` days. The daily average divides by
/// the days of the range (not by 28, the paper sheet's habit).
pub fn figures(counts: &ShowroomCounts, days: i64) -> ShowroomFigures {
    let c = counts;
    let total = c.orders();
    ShowroomFigures {
        traffic_people: c.traffic_people,
        walk_ins: c.walk_ins,
        first_visits: c.first_visits,
        return_visits: c.return_visits,
        phone_ins: c.phone_ins,
        event_visits: c.event_visits,
        referral_visits: c.referral_visits,
        daily_avg_traffic: ratio(c.traffic_people, days).unwrap_or(0.0),
        captured: c.captured,
        test_drives: c.test_drives,
        long_stays: c.long_stays,
        sales: Sales {
            retail: c.retail,
            secondary: c.secondary,
            fleet: c.fleet,
            total,
        },
        rates: Rates {
            closing: ratio(c.retail, c.first_visits),
            capture: ratio(c.captured, c.first_visits),
            test_drive: ratio(c.test_drives, c.first_visits),
            long_stay: ratio(c.long_stays, c.first_visits),
            retail_share: ratio(c.retail, total),
            secondary_share: ratio(c.secondary, total),
            fleet_share: ratio(c.fleet, total),
        },
        grades: c.grades,
    }
}

/// A rate as the table prints it: `19.3 %`, or `—` when it has no denominator.
pub fn format_rate(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1} %", r * 100.0),
        None => "—".to_owned(),
    }
}

/// An average to one decimal: `28.5`.
pub fn format_average(value: f64) -> String {
    format!("{value:.1}")
}

/// How a figure moved against the comparison period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Up(f64),
    Down(f64),
    Same,
    /// Nothing to compare with (the earlier period had no value).
    Unknown,
}

/// `now` against `before`, as a difference of the same unit (a count, or a rate's
/// fraction).
pub fn change(now: Option<f64>, before: Option<f64>) -> Change {
    match (now, before) {
        (Some(n), Some(b)) if n > b => Change::Up(n - b),
        (Some(n), Some(b)) if n < b => Change::Down(b - n),
        (Some(_), Some(_)) => Change::Same,
        _ => Change::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked check of `shared/README.md`, from a real dealership's January table.
    #[test]
    fn the_january_table_gives_the_dealerships_rates() {
        let counts = ShowroomCounts {
            traffic_people: 882,
            first_visits: 326,
            captured: 267,
            test_drives: 66,
            long_stays: 149,
            retail: 63,
            secondary: 18,
            fleet: 0,
            ..ShowroomCounts::default()
        };
        let f = figures(&counts, 31);
        let r = f.rates;
        assert_eq!(format_rate(r.closing), "19.3 %");
        assert_eq!(format_rate(r.capture), "81.9 %");
        assert_eq!(format_rate(r.test_drive), "20.2 %");
        assert_eq!(format_rate(r.long_stay), "45.7 %");
        assert_eq!(format_rate(r.secondary_share), "22.2 %");
        assert_eq!(format_rate(r.retail_share), "77.8 %");
        assert_eq!(format_rate(r.fleet_share), "0.0 %");
        assert_eq!(format_average(f.daily_avg_traffic), "28.5");
        assert_eq!(f.sales.total, 81);
        // the paper sheet divided by 28: 31.5
        assert_ne!(format_average(f.daily_avg_traffic), "31.5");
    }

    #[test]
    fn a_zero_denominator_is_no_rate_not_an_error() {
        let f = figures(&ShowroomCounts::default(), 1);
        assert_eq!(f.rates, Rates::default());
        assert_eq!(f.rates.closing, None);
        assert_eq!(format_rate(f.rates.closing), "—");
        // orders without first visits still have shares
        let f = figures(
            &ShowroomCounts {
                fleet: 2,
                ..ShowroomCounts::default()
            },
            1,
        );
        assert_eq!((f.rates.closing, f.rates.fleet_share), (None, Some(1.0)));
    }

    #[test]
    fn changes_compare_like_with_like() {
        assert_eq!(change(Some(3.0), Some(1.0)), Change::Up(2.0));
        assert_eq!(change(Some(1.0), Some(3.0)), Change::Down(2.0));
        assert_eq!(change(Some(1.0), Some(1.0)), Change::Same);
        assert_eq!(change(Some(0.2), None), Change::Unknown);
    }
}
