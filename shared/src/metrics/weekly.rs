//! 周行动计划, the weekly action plan: a month's targets split over its Monday weeks pro
//! rata by days ([`weeks_of_month`]), each week's actuals beside them, and the gap.

use chrono::NaiveDate;

use crate::api::{MonthTargets, PlanWeek, Targets, WeekFigures, WeekTargets};
use crate::errors::Reason;
use crate::metrics::{parse_month, weeks_of_month, MonthWeek};
use crate::validate::{Checked, FieldError, Validate};

/// The largest monthly target of any kind.
pub const MONTH_TARGET_MAX: i64 = 100_000;

fn target_field(field: String, value: i64) -> Checked {
    if (0..=MONTH_TARGET_MAX).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(field, Reason::OutOfRange)
            .with("min", 0)
            .with("max", MONTH_TARGET_MAX))
    }
}

fn check_targets(prefix: &str, t: &Targets) -> Checked {
    target_field(format!("{prefix}.sales"), t.sales)?;
    target_field(format!("{prefix}.orders"), t.orders)?;
    target_field(format!("{prefix}.prospects"), t.prospects)
}

impl Validate for MonthTargets {
    /// The month, and every target from 0 to [`MONTH_TARGET_MAX`], named by where it is
    /// (`store.sales`, `consultants[0].orders`).
    fn validate(&self) -> Checked {
        parse_month(&self.month)?;
        check_targets("store", &self.store)?;
        for (i, c) in self.consultants.iter().enumerate() {
            check_targets(&format!("consultants[{i}].targets"), &c.targets)?;
        }
        Ok(())
    }
}

/// The weeks of the month starting `first`, the one holding `today` marked current.
pub fn plan_weeks(first: NaiveDate, today: NaiveDate) -> Vec<PlanWeek> {
    weeks_of_month(first)
        .into_iter()
        .map(|w| PlanWeek {
            from: w.range.from,
            to: w.range.to,
            share: w.share,
            current: w.range.from <= today && today <= w.range.to,
        })
        .collect()
}

/// A week's part (`share`) of a month's targets.
pub fn week_targets(month: Targets, share: f64) -> WeekTargets {
    WeekTargets {
        sales: month.sales as f64 * share,
        orders: month.orders as f64 * share,
        prospects: month.prospects as f64 * share,
    }
}

/// One line of the plan: for each week, its part of `month` (none when not set), the
/// week's `actuals` (missing ones are 0) and the gap target − actual.
pub fn weekly_line(
    weeks: &[MonthWeek],
    month: Option<Targets>,
    actuals: &[Targets],
) -> Vec<WeekFigures> {
    weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let actual = actuals.get(i).copied().unwrap_or_default();
            let target = month.map(|m| week_targets(m, w.share));
            let gap = target.map(|t| WeekTargets {
                sales: t.sales - actual.sales as f64,
                orders: t.orders - actual.orders as f64,
                prospects: t.prospects - actual.prospects as f64,
            });
            WeekFigures {
                target,
                actual,
                gap,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ConsultantTargets;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 2025-01 starts on a Wednesday: 5 + 7 + 7 + 7 + 5 days.
    #[test]
    fn a_month_starting_mid_week_splits_pro_rata() {
        let first = parse_month("2025-01").unwrap();
        let weeks = weeks_of_month(first);
        let month = Targets {
            sales: 31,
            orders: 62,
            prospects: 310,
        };
        let actuals = [Targets {
            sales: 2,
            orders: 1,
            prospects: 60,
        }];
        let line = weekly_line(&weeks, Some(month), &actuals);
        assert_eq!(line.len(), 5);
        let first_week = line[0].target.unwrap();
        assert!((first_week.sales - 5.0).abs() < 1e-9);
        assert!((first_week.orders - 10.0).abs() < 1e-9);
        assert!((first_week.prospects - 50.0).abs() < 1e-9);
        let gap = line[0].gap.unwrap();
        assert!((gap.sales - 3.0).abs() < 1e-9);
        assert!((gap.orders - 9.0).abs() < 1e-9);
        assert!((gap.prospects + 10.0).abs() < 1e-9, "over target: negative");
        // a week with no actuals given counts zero
        assert_eq!(line[1].actual, Targets::default());
        assert!((line[1].target.unwrap().sales - 7.0).abs() < 1e-9);
        let sales: f64 = line.iter().map(|w| w.target.unwrap().sales).sum();
        assert!((sales - 31.0).abs() < 1e-9);
    }

    #[test]
    fn shares_sum_to_one_and_today_marks_one_week() {
        let first = parse_month("2025-01").unwrap();
        let weeks = plan_weeks(first, date("2025-01-06"));
        let shares: f64 = weeks.iter().map(|w| w.share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
        let current: Vec<_> = weeks.iter().filter(|w| w.current).collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].from, date("2025-01-06"));
        assert_eq!(current[0].to, date("2025-01-12"));
        assert_eq!(weeks.last().unwrap().to, date("2025-01-31"));
        // a month that is not today's has no current week
        assert!(plan_weeks(first, date("2025-02-03"))
            .iter()
            .all(|w| !w.current));
    }

    #[test]
    fn without_targets_there_is_no_target_and_no_gap() {
        let weeks = weeks_of_month(parse_month("2024-02").unwrap());
        let actual = Targets {
            sales: 1,
            orders: 2,
            prospects: 3,
        };
        let line = weekly_line(&weeks, None, &[actual]);
        assert!(line.iter().all(|w| w.target.is_none() && w.gap.is_none()));
        assert_eq!(line[0].actual, actual);
    }

    #[test]
    fn targets_are_checked_and_named_where_they_are() {
        let ok = MonthTargets {
            month: "2027-01".into(),
            store: Targets {
                sales: 10,
                orders: 12,
                prospects: 100_000,
            },
            consultants: vec![ConsultantTargets {
                consultant_id: 7,
                targets: Targets::default(),
            }],
        };
        assert!(ok.validate().is_ok());
        let bad_month = MonthTargets {
            month: "2027-13".into(),
            ..ok.clone()
        };
        assert_eq!(bad_month.validate().unwrap_err().field, "month");
        let mut high = ok.clone();
        high.store.sales = 100_001;
        assert_eq!(high.validate().unwrap_err().field, "store.sales");
        let mut negative = ok;
        negative.consultants[0].targets.orders = -1;
        assert_eq!(
            negative.validate().unwrap_err().field,
            "consultants[0].targets.orders"
        );
    }
}
