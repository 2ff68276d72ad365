//! 月度客源开发目标, the monthly prospect target: how many prospects each source must
//! bring for next month's sales target, from the three months before it.
//!
//! For each source `s` (the circled numbers are the paper sheet's columns):
//! ② `mix[s]` share of the orders, ③ `deals[s] = T × mix[s]`, ④ `conversion[s]` orders
//! per prospect, ⑤ `needed[s] = ⌈deals[s] / conversion[s]⌉`, ⑥ `current[s]` prospects
//! a month now, ⑦ `gap[s] = needed[s] − current[s]`. Any input may be overridden; the
//! sheet's second half (⑧⑨⑩) is the same with a target conversion.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};

use crate::api::{PlanRequest, PlanRow, PlanTotal, ProspectPlan, SourceOverride};
use crate::errors::Reason;
use crate::metrics::{ratio, DateRange};
use crate::validate::{in_range, Checked, FieldError, Validate};
use crate::Source;

/// Months of history the plan reads.
pub const HISTORY_MONTHS: u32 = 3;

/// What the three months before the planned one say about a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceHistory {
    /// Orders placed in the window whose prospect came from the source.
    pub orders: i64,
    /// Prospects from the source created in the window.
    pub prospects: i64,
}

/// `YYYY-MM` as the first day of that month; a 422 on `month` otherwise.
pub fn parse_month(month: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .map_err(|_| FieldError::new("month", Reason::BadDate).with("value", month))
}

/// The largest monthly sales target a plan takes.
pub const SALES_TARGET_MAX: i32 = 100_000;

/// A fraction field (a share or a conversion) between 0 and 1.
fn fraction(field: &str, value: f64) -> Result<(), FieldError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(field, Reason::OutOfRange)
            .with("min", 0)
            .with("max", 1))
    }
}

impl Validate for PlanRequest {
    /// The month, a target from 0 to [`SALES_TARGET_MAX`], shares and conversions from 0
    /// to 1 and a current count from 0 up; a what-if names its source in the field
    /// (`overrides.event.mix`).
    fn validate(&self) -> Checked {
        parse_month(&self.month)?;
        let target = i32::try_from(self.sales_target).unwrap_or(i32::MAX);
        in_range("sales_target", target, 0, SALES_TARGET_MAX)?;
        for (source, what_if) in &self.overrides {
            let field = |name: &str| format!("overrides.{source}.{name}");
            if let Some(mix) = what_if.mix {
                fraction(&field("mix"), mix)?;
            }
            if let Some(conversion) = what_if.conversion {
                fraction(&field("conversion"), conversion)?;
            }
            if let Some(current) = what_if.current {
                if !(0.0..=1e6).contains(&current) {
                    return Err(FieldError::new(field("current"), Reason::OutOfRange)
                        .with("min", 0)
                        .with("max", 1_000_000));
                }
            }
        }
        for (source, rate) in &self.target_conversion {
            fraction(&format!("target_conversion.{source}"), *rate)?;
        }
        Ok(())
    }
}

/// The three whole months before the month starting `first`.
pub fn history_window(first: NaiveDate) -> DateRange {
    DateRange {
        from: first
            .checked_sub_months(Months::new(HISTORY_MONTHS))
            .unwrap_or(first),
        to: first.pred_opt().unwrap_or(first),
    }
}

/// ⌈x⌉, forgiving the last bit of a floating-point division (10 / 0.05 may come out a
/// hair above 200).
fn ceil(x: f64) -> i64 {
    (x - 1e-9).ceil() as i64
}

/// The sheet for `request` from each source's history.
pub fn prospect_plan(
    request: &PlanRequest,
    history: &BTreeMap<Source, SourceHistory>,
) -> ProspectPlan {
    let all_orders: i64 = history.values().map(|h| h.orders).sum();
    let target = request.sales_target as f64;
    let sources: Vec<PlanRow> = Source::ALL
        .iter()
        .map(|&source| {
            let past = history.get(&source).copied().unwrap_or_default();
            let what_if = request
                .overrides
                .get(&source)
                .copied()
                .unwrap_or(SourceOverride::default());
            let mix = what_if.mix.or(ratio(past.orders, all_orders));
            let conversion = request
                .target_conversion
                .get(&source)
                .copied()
                .or(what_if.conversion)
                .or(ratio(past.orders, past.prospects));
            let current = what_if
                .current
                .unwrap_or(past.prospects as f64 / f64::from(HISTORY_MONTHS));
            let deals = mix.map(|m| target * m);
            let needed = match (deals, conversion) {
                (Some(d), _) if d <= 0.0 => Some(0),
                (Some(d), Some(c)) if c > 0.0 => Some(ceil(d / c)),
                _ => None,
            };
            PlanRow {
                source,
                mix,
                deals,
                conversion,
                needed,
                current,
                gap: needed.map(|n| n as f64 - current),
            }
        })
        .collect();
    // A line that must bring deals but cannot say how many prospects that takes (no
    // conversion, or 0) leaves the totals open, as the paper sheet's #DIV/0! does; a line
    // with no deals to bring adds nothing.
    let open = sources
        .iter()
        .any(|r| r.deals.is_some_and(|d| d > 0.0) && r.needed.is_none());
    let total = PlanTotal {
        deals: Some(sources.iter().filter_map(|r| r.deals).sum()),
        needed: (!open).then(|| sources.iter().filter_map(|r| r.needed).sum()),
        current: sources.iter().map(|r| r.current).sum(),
        gap: (!open).then(|| sources.iter().filter_map(|r| r.gap).sum()),
    };
    ProspectPlan {
        month: request.month.trim().to_owned(),
        sales_target: request.sales_target,
        sources,
        total,
    }
}

/// One week of a month for the weekly action plan: Monday to Sunday, cut at the month's
/// ends, with its share of the month's days (a target is split pro rata).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthWeek {
    pub range: DateRange,
    pub share: f64,
}

/// The Monday-based weeks of the month starting `first`; the first and last may be short.
pub fn weeks_of_month(first: NaiveDate) -> Vec<MonthWeek> {
    let first = first.with_day(1).unwrap_or(first);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first);
    let month_days = f64::from(last.day());
    let mut weeks = Vec::new();
    let mut from = first;
    while from <= last {
        let to_sunday = u64::from(6 - from.weekday().num_days_from_monday());
        let to = (from + chrono::Days::new(to_sunday)).min(last);
        let range = DateRange { from, to };
        weeks.push(MonthWeek {
            range,
            share: range.days() as f64 / month_days,
        });
        from = to + chrono::Days::new(1);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(rows: &[(Source, i64, i64)]) -> BTreeMap<Source, SourceHistory> {
        rows.iter()
            .map(|&(s, orders, prospects)| (s, SourceHistory { orders, prospects }))
            .collect()
    }

    /// The worked sheet of `shared/README.md`: T = 100, mix 70/20/10 %, conversion
    /// 30/50/5 %, current 180/30/150.
    #[test]
    fn the_worked_worksheet_gives_its_deals_needed_and_gaps() {
        let what_if = |mix, conversion, current| SourceOverride {
            mix: Some(mix),
            conversion: Some(conversion),
            current: Some(current),
        };
        let request = PlanRequest {
            month: "2027-01".into(),
            sales_target: 100,
            overrides: [
                (Source::WalkIn, what_if(0.7, 0.3, 180.0)),
                (Source::Referral, what_if(0.2, 0.5, 30.0)),
                (Source::Online, what_if(0.1, 0.05, 150.0)),
            ]
            .into(),
            target_conversion: BTreeMap::new(),
        };
        let plan = prospect_plan(&request, &BTreeMap::new());
        let row = |s: Source| *plan.sources.iter().find(|r| r.source == s).unwrap();
        let lines = [Source::WalkIn, Source::Referral, Source::Online].map(|s| {
            let r = row(s);
            (
                r.deals.map(|d| d.round() as i64),
                r.needed,
                r.gap.map(|g| g.round() as i64),
            )
        });
        assert_eq!(
            lines,
            [
                (Some(70), Some(234), Some(54)),
                (Some(20), Some(40), Some(10)),
                (Some(10), Some(200), Some(50)),
            ]
        );
        // the other sources have no history and no what-if: no mix, no need
        assert_eq!(row(Source::Phone).needed, None);
        let total = plan.total;
        let gap = total.gap.map(|g| g.round() as i64);
        assert_eq!((total.needed, gap), (Some(474), Some(114)));
        assert_eq!(total.deals.map(|d| d.round() as i64), Some(100));
    }

    #[test]
    fn history_gives_mix_conversion_and_current_and_zero_conversion_is_null() {
        let past = history(&[
            (Source::WalkIn, 30, 300),
            (Source::Phone, 10, 0),
            (Source::Event, 0, 60),
        ]);
        let request = PlanRequest {
            month: "2027-01".into(),
            sales_target: 40,
            ..PlanRequest::default()
        };
        let plan = prospect_plan(&request, &past);
        let walk_in = plan.sources[0];
        assert_eq!(walk_in.mix, Some(0.75));
        assert_eq!(walk_in.conversion, Some(0.1));
        assert_eq!(walk_in.needed, Some(300));
        assert_eq!(walk_in.current, 100.0);
        assert_eq!(walk_in.gap, Some(200.0));
        let phone = plan.sources[1];
        assert_eq!(
            (phone.conversion, phone.needed, phone.gap),
            (None, None, None)
        );
        let event = plan.sources[2];
        assert_eq!(
            (event.mix, event.deals, event.conversion),
            (Some(0.0), Some(0.0), Some(0.0))
        );
        assert_eq!(event.needed, Some(0), "no deals to bring: none needed");
        assert_eq!(event.gap, Some(-20.0));
        // a source that must bring deals at conversion 0: —, and the totals with it
        let event_share = SourceOverride {
            mix: Some(0.25),
            ..Default::default()
        };
        let hopeless = PlanRequest {
            overrides: [(Source::Event, event_share)].into(),
            ..request.clone()
        };
        let plan = prospect_plan(&hopeless, &past);
        assert_eq!((plan.sources[2].needed, plan.sources[2].gap), (None, None));
        assert_eq!((plan.total.needed, plan.total.gap), (None, None));
        // the second half: a target conversion replaces the history's
        let second_half = PlanRequest {
            target_conversion: [(Source::WalkIn, 0.2)].into(),
            ..request
        };
        assert_eq!(
            prospect_plan(&second_half, &past).sources[0].needed,
            Some(150)
        );
    }

    #[test]
    fn with_no_history_nothing_is_invented() {
        let request = PlanRequest {
            month: "2027-01".into(),
            sales_target: 50,
            ..PlanRequest::default()
        };
        let plan = prospect_plan(&request, &BTreeMap::new());
        assert!(plan
            .sources
            .iter()
            .all(|r| r.mix.is_none() && r.needed.is_none()));
        assert_eq!(plan.total.current, 0.0);
    }

    #[test]
    fn months_parse_and_their_history_is_the_three_before() {
        let first = parse_month("2027-01").unwrap();
        let window = history_window(first);
        assert_eq!(window.from.to_string(), "2026-10-01");
        assert_eq!(window.to.to_string(), "2026-12-31");
        assert_eq!(parse_month("2027-13").unwrap_err().field, "month");
        assert!(parse_month("January").is_err());
    }

    /// A month starting on each weekday: 2024-01 (Mon) … 2023-10 (Sun).
    #[test]
    fn a_month_has_monday_weeks_cut_at_its_ends() {
        let cases = [
            ("2024-01", vec![7, 7, 7, 7, 3]),
            ("2024-10", vec![6, 7, 7, 7, 4]),
            ("2025-01", vec![5, 7, 7, 7, 5]),
            ("2024-02", vec![4, 7, 7, 7, 4]),
            ("2024-03", vec![3, 7, 7, 7, 7]),
            ("2025-02", vec![2, 7, 7, 7, 5]),
            ("2023-10", vec![1, 7, 7, 7, 7, 2]),
        ];
        for (month, lengths) in cases {
            let first = parse_month(month).unwrap();
            let weeks = weeks_of_month(first);
            let days: Vec<i64> = weeks.iter().map(|w| w.range.days()).collect();
            assert_eq!(days, lengths, "{month}");
            assert_eq!(weeks[0].range.from, first);
            let shares: f64 = weeks.iter().map(|w| w.share).sum();
            assert!((shares - 1.0).abs() < 1e-9, "{month}: {shares}");
            for w in &weeks[1..] {
                assert_eq!(w.range.from.weekday(), chrono::Weekday::Mon, "{month}");
            }
        }
    }
}
