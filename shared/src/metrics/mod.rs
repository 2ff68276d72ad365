//! The showroom figures of `shared/README.md` (展厅客流分析), computed once for the server's
//! answers and any screen that counts visits itself.

mod activity;
mod calibration;
mod campaigns;
mod lost;
mod period;
mod plan;
mod showroom;
mod weekly;

pub use activity::{activity_due, days_due};
pub use calibration::{forecast, outcome, promised_days, Outcome, OutcomeCounts, CALIBRATED};
pub use campaigns::{
    campaign_counts, campaign_report, check_campaign, cost_per_order, format_yuan, is_on, patched,
    CAMPAIGN_COST_MAX,
};
pub use lost::{lost_analysis, LostCount};
pub use period::{parse_range, previous_month, DateRange, Period, MAX_RANGE_YEARS};
pub use plan::{
    history_window, parse_month, prospect_plan, weeks_of_month, MonthWeek, SourceHistory,
    HISTORY_MONTHS,
};
pub use showroom::{change, figures, format_average, format_rate, ratio, Change};
pub use weekly::{plan_weeks, week_targets, weekly_line, MONTH_TARGET_MAX};

use crate::api::{DayCounts, Visit};
use crate::VisitKind;

/// The crate docs' traffic figures for one list of visits.
pub fn day_counts(visits: &[Visit]) -> DayCounts {
    let mut counts = DayCounts::default();
    for v in visits {
        match v.kind {
            VisitKind::PhoneIn => counts.phone_ins += 1,
            VisitKind::WalkIn => {
                counts.walk_ins += 1;
                counts.traffic_people += i64::from(v.party_size);
                counts.test_drives += i64::from(v.test_drive);
                if v.first_visit {
                    counts.first_visits += 1;
                    counts.captured += i64::from(v.captured);
                } else {
                    counts.return_visits += 1;
                }
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;

    fn visit(
        kind: VisitKind,
        party_size: i32,
        first_visit: bool,
        captured: bool,
        test_drive: bool,
    ) -> Visit {
        Visit {
            id: 0,
            kind,
            party_size,
            source: Source::WalkIn,
            arrived_at: chrono::DateTime::UNIX_EPOCH,
            left_at: None,
            first_visit,
            customer_id: None,
            prospect_id: None,
            consultant_id: None,
            vehicle_model_id: None,
            test_drive,
            captured,
            note: String::new(),
            campaign_id: None,
            campaign_name: None,
            customer_name: None,
            customer_phone: None,
            consultant_name: None,
            vehicle_model_name: None,
        }
    }

    #[test]
    fn traffic_counts_walk_ins_by_party_and_captures_only_first_visits() {
        let counts = day_counts(&[
            visit(VisitKind::WalkIn, 3, true, true, true),
            visit(VisitKind::WalkIn, 2, false, true, false),
            visit(VisitKind::WalkIn, 1, true, false, false),
            visit(VisitKind::PhoneIn, 1, false, true, false),
        ]);
        assert_eq!(
            counts,
            DayCounts {
                traffic_people: 6,
                walk_ins: 3,
                first_visits: 2,
                return_visits: 1,
                phone_ins: 1,
                captured: 1,
                test_drives: 1
            }
        );
    }
}
