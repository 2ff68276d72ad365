//! Ranges of store-local dates for the figures: the dashboard's periods, the comparison
//! period, and what a request may ask for.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::errors::Reason;
use crate::validate::FieldError;

/// The longest range the figures answer for: enough for year-on-year over three years,
/// short enough that one request never scans a whole database.
pub const MAX_RANGE_YEARS: u32 = 3;

/// Store-local dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    /// Days in the range: 31 for January.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Every date of the range, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while({
            let to = self.to;
            move |d| *d <= to
        })
    }
}

/// `from` and `to` as a request gives them, checked: dates written `YYYY-MM-DD`, `to` not
/// before `from`, at most [`MAX_RANGE_YEARS`] years apart. Errors name their field.
pub fn parse_range(from: &str, to: &str) -> Result<DateRange, FieldError> {
    let date = |field: &str, value: &str| {
        NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, Reason::BadDate).with("value", value))
    };
    let range = DateRange {
        from: date("from", from)?,
        to: date("to", to)?,
    };
    if range.to < range.from {
        return Err(FieldError::new("to", Reason::BeforeFrom));
    }
    let limit = range
        .from
        .checked_add_months(Months::new(12 * MAX_RANGE_YEARS))
        .unwrap_or(NaiveDate::MAX);
    if range.to >= limit {
        return Err(FieldError::new("to", Reason::RangeTooLong).with("max", MAX_RANGE_YEARS));
    }
    Ok(range)
}

/// The same days one month earlier, to put beside each figure: 1–15 March against 1–15
/// February. A day the earlier month lacks becomes its last day (31 March → 28 February).
pub fn previous_month(range: DateRange) -> DateRange {
    let back = |d: NaiveDate| d.checked_sub_months(Months::new(1)).unwrap_or(d);
    DateRange {
        from: back(range.from),
        to: back(range.to),
    }
}

domain_enum! {
    /// The dashboard's period chips.
    pub enum Period {
        Today = "today",
        ThisWeek = "this_week",
        ThisMonth = "this_month",
        LastMonth = "last_month",
    }
}

impl Period {
    /// The range this period means on `today` (store-local): a week starts on Monday,
    /// and this week and this month run to today.
    pub fn range(self, today: NaiveDate) -> DateRange {
        let first_of_month = today.with_day(1).unwrap_or(today);
        match self {
            Period::Today => DateRange {
                from: today,
                to: today,
            },
            Period::ThisWeek => DateRange {
                from: today
                    .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
                    .unwrap_or(today),
                to: today,
            },
            Period::ThisMonth => DateRange {
                from: first_of_month,
                to: today,
            },
            Period::LastMonth => {
                let to = first_of_month.pred_opt().unwrap_or(today);
                DateRange {
                    from: to.with_day(1).unwrap_or(to),
                    to,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn january_has_31_days_and_a_day_has_one() {
        let january = parse_range("2026-01-01", "2026-01-31").unwrap();
        assert_eq!(january.days(), 31);
        assert_eq!(january.dates().count(), 31);
        assert_eq!(parse_range("2026-01-05", "2026-01-05").unwrap().days(), 1);
    }

    #[test]
    fn bad_ranges_name_their_field() {
        let field = |from, to| parse_range(from, to).unwrap_err();
        assert_eq!(
            (
                field("2026-13-01", "2026-12-31").field,
                field("2026-13-01", "x").reason
            ),
            ("from".to_owned(), Reason::BadDate)
        );
        assert_eq!(field("2026-01-01", "31/01/2026").field, "to");
        let reversed = field("2026-02-01", "2026-01-31");
        assert_eq!(
            (reversed.field.as_str(), reversed.reason),
            ("to", Reason::BeforeFrom)
        );
        let long = field("2020-01-01", "2023-01-01");
        assert_eq!(
            (long.field.as_str(), long.reason),
            ("to", Reason::RangeTooLong)
        );
        assert!(parse_range("2020-01-01", "2022-12-31").is_ok());
    }

    #[test]
    fn the_comparison_is_the_same_days_a_month_earlier() {
        let march = DateRange {
            from: day("2026-03-01"),
            to: day("2026-03-31"),
        };
        assert_eq!(
            previous_month(march),
            DateRange {
                from: day("2026-02-01"),
                to: day("2026-02-28")
            }
        );
    }

    #[test]
    fn periods_on_a_wednesday() {
        let today = day("2026-12-02"); // a Wednesday
        let range = |p: Period| {
            let r = p.range(today);
            (r.from.to_string(), r.to.to_string())
        };
        assert_eq!(
            range(Period::Today),
            ("2026-12-02".into(), "2026-12-02".into())
        );
        assert_eq!(
            range(Period::ThisWeek),
            ("2026-11-30".into(), "2026-12-02".into())
        );
        assert_eq!(
            range(Period::ThisMonth),
            ("2026-12-01".into(), "2026-12-02".into())
        );
        assert_eq!(
            range(Period::LastMonth),
            ("2026-11-01".into(), "2026-11-30".into())
        );
        let new_year = Period::LastMonth.range(day("2027-01-15"));
        assert_eq!(new_year.from, day("2026-12-01"));
    }
}
