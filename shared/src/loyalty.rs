//! The loyalty contact schedule (忠诚客户维护周期): 24 contacts counted from delivery.

use chrono::{Days, Months, NaiveDate};

use crate::domain::{LoyaltyChannel, LoyaltyStep};

/// How far after delivery a step falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    Days(u64),
    /// Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb).
    Months(u32),
}

impl LoyaltyStep {
    pub const fn offset(self) -> Offset {
        use LoyaltyStep::*;
        match self {
            Day3 => Offset::Days(3),
            Day7 => Offset::Days(7),
            Day14 => Offset::Days(14),
            Month1 => Offset::Months(1),
            Month3 => Offset::Months(3),
            Month6 => Offset::Months(6),
            Month9 => Offset::Months(9),
            Month12 => Offset::Months(12),
            Month15 => Offset::Months(15),
            Month18 => Offset::Months(18),
            Month21 => Offset::Months(21),
            Month24 => Offset::Months(24),
            Month27 => Offset::Months(27),
            Month30 => Offset::Months(30),
            Month33 => Offset::Months(33),
            Month36 => Offset::Months(36),
            Month39 => Offset::Months(39),
            Month42 => Offset::Months(42),
            Month45 => Offset::Months(45),
            Month48 => Offset::Months(48),
            Month51 => Offset::Months(51),
            Month54 => Offset::Months(54),
            Month57 => Offset::Months(57),
            Month60 => Offset::Months(60),
        }
    }

    /// Day 14 is a mail (DM); every other step is a call (DC).
    pub const fn channel(self) -> LoyaltyChannel {
        match self {
            LoyaltyStep::Day14 => LoyaltyChannel::Mail,
            _ => LoyaltyChannel::Call,
        }
    }

    pub fn due_on(self, delivered_on: NaiveDate) -> NaiveDate {
        match self.offset() {
            Offset::Days(n) => delivered_on.checked_add_days(Days::new(n)),
            Offset::Months(n) => delivered_on.checked_add_months(Months::new(n)),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

/// One scheduled contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheduled {
    pub step: LoyaltyStep,
    pub channel: LoyaltyChannel,
    pub due_on: NaiveDate,
}

/// The 24 contacts for a delivery on `delivered_on`, in order.
pub fn schedule(delivered_on: NaiveDate) -> Vec<Scheduled> {
    LoyaltyStep::ALL
        .iter()
        .map(|&step| Scheduled {
            step,
            channel: step.channel(),
            due_on: step.due_on(delivered_on),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(delivered: NaiveDate) -> Vec<String> {
        schedule(delivered)
            .iter()
            .map(|s| s.due_on.format("%Y-%m-%d").to_string())
            .collect()
    }

    #[test]
    fn mid_month_delivery() {
        assert_eq!(
            dates(d(2026, 3, 15)),
            [
                "2026-03-18",
                "2026-03-22",
                "2026-03-29",
                "2026-04-15",
                "2026-06-15",
                "2026-09-15",
                "2026-12-15",
                "2027-03-15",
                "2027-06-15",
                "2027-09-15",
                "2027-12-15",
                "2028-03-15",
                "2028-06-15",
                "2028-09-15",
                "2028-12-15",
                "2029-03-15",
                "2029-06-15",
                "2029-09-15",
                "2029-12-15",
                "2030-03-15",
                "2030-06-15",
                "2030-09-15",
                "2030-12-15",
                "2031-03-15",
            ]
        );
    }

    #[test]
    fn month_end_delivery_clamps_to_shorter_months() {
        assert_eq!(
            dates(d(2027, 1, 31)),
            [
                "2027-02-03",
                "2027-02-07",
                "2027-02-14",
                "2027-02-28",
                "2027-04-30",
                "2027-07-31",
                "2027-10-31",
                "2028-01-31",
                "2028-04-30",
                "2028-07-31",
                "2028-10-31",
                "2029-01-31",
                "2029-04-30",
                "2029-07-31",
                "2029-10-31",
                "2030-01-31",
                "2030-04-30",
                "2030-07-31",
                "2030-10-31",
                "2031-01-31",
                "2031-04-30",
                "2031-07-31",
                "2031-10-31",
                "2032-01-31",
            ]
        );
        // a leap year's February has the 29th
        assert_eq!(LoyaltyStep::Month1.due_on(d(2028, 1, 31)), d(2028, 2, 29));
    }

    #[test]
    fn leap_day_delivery() {
        assert_eq!(
            dates(d(2028, 2, 29)),
            [
                "2028-03-03",
                "2028-03-07",
                "2028-03-14",
                "2028-03-29",
                "2028-05-29",
                "2028-08-29",
                "2028-11-29",
                "2029-02-28",
                "2029-05-29",
                "2029-08-29",
                "2029-11-29",
                "2030-02-28",
                "2030-05-29",
                "2030-08-29",
                "2030-11-29",
                "2031-02-28",
                "2031-05-29",
                "2031-08-29",
                "2031-11-29",
                "2032-02-29",
                "2032-05-29",
                "2032-08-29",
                "2032-11-29",
                "2033-02-28",
            ]
        );
    }

    #[test]
    fn new_years_eve_delivery() {
        assert_eq!(
            dates(d(2026, 12, 31)),
            [
                "2027-01-03",
                "2027-01-07",
                "2027-01-14",
                "2027-01-31",
                "2027-03-31",
                "2027-06-30",
                "2027-09-30",
                "2027-12-31",
                "2028-03-31",
                "2028-06-30",
                "2028-09-30",
                "2028-12-31",
                "2029-03-31",
                "2029-06-30",
                "2029-09-30",
                "2029-12-31",
                "2030-03-31",
                "2030-06-30",
                "2030-09-30",
                "2030-12-31",
                "2031-03-31",
                "2031-06-30",
                "2031-09-30",
                "2031-12-31",
            ]
        );
    }

    #[test]
    fn day_14_is_a_mail_and_the_rest_are_calls() {
        let s = schedule(d(2026, 3, 15));
        assert_eq!(s.len(), 24);
        let mails: Vec<LoyaltyStep> = s
            .iter()
            .filter(|c| c.channel == LoyaltyChannel::Mail)
            .map(|c| c.step)
            .collect();
        assert_eq!(mails, [LoyaltyStep::Day14]);
    }
}

/// The new due dates after the delivery date changes to `delivered_on`: contacts still to
/// be made move; those done or cancelled keep the date they had.
pub fn reschedule(
    contacts: &[(LoyaltyStep, crate::LoyaltyStatus, NaiveDate)],
    delivered_on: NaiveDate,
) -> Vec<(LoyaltyStep, NaiveDate)> {
    contacts
        .iter()
        .filter(|(_, status, _)| *status == crate::LoyaltyStatus::Due)
        .map(|(step, _, _)| (*step, step.due_on(delivered_on)))
        .filter(|(step, due_on)| {
            contacts
                .iter()
                .any(|(s, _, old)| s == step && old != due_on)
        })
        .collect()
}

#[cfg(test)]
mod reschedule_tests {
    use super::*;
    use crate::LoyaltyStatus as S;

    #[test]
    fn rescheduling_moves_open_contacts_and_keeps_done_ones() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let first = d(2026, 3, 15);
        let mut contacts: Vec<(LoyaltyStep, S, NaiveDate)> = schedule(first)
            .iter()
            .map(|c| (c.step, S::Due, c.due_on))
            .collect();
        contacts[0].1 = S::Done; // day 3 was made
        contacts[1].1 = S::Cancelled;
        let moved = reschedule(&contacts, d(2026, 3, 20));
        assert_eq!(moved.len(), 22);
        assert!(moved
            .iter()
            .all(|(step, _)| *step != LoyaltyStep::Day3 && *step != LoyaltyStep::Day7));
        assert_eq!(moved[0], (LoyaltyStep::Day14, d(2026, 4, 3)));
        assert_eq!(moved[21], (LoyaltyStep::Month60, d(2031, 3, 20)));
        // the same date moves nothing
        assert!(reschedule(&contacts, first).is_empty());
    }
}

/// How a loyalty contact due in a reporting range was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Punctuality {
    /// Done on or before its due date.
    OnTime,
    /// Done after its due date.
    Late,
    /// Not done, and its date has passed.
    Missed,
    /// Not done, and not yet due.
    Pending,
}

/// `None` for a cancelled contact (the customer declined further contact).
pub fn punctuality(
    status: crate::LoyaltyStatus,
    due_on: NaiveDate,
    completed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Punctuality> {
    use crate::LoyaltyStatus as S;
    match (status, completed_on) {
        (S::Cancelled, _) => None,
        (S::Done, Some(done)) if done <= due_on => Some(Punctuality::OnTime),
        (S::Done, _) => Some(Punctuality::Late),
        (S::Due, _) if due_on < today => Some(Punctuality::Missed),
        (S::Due, _) => Some(Punctuality::Pending),
    }
}

#[cfg(test)]
mod punctuality_tests {
    use super::*;
    use crate::LoyaltyStatus as S;

    #[test]
    fn on_time_late_missed_and_pending() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        let today = d(23);
        assert_eq!(
            punctuality(S::Done, d(20), Some(d(20)), today),
            Some(Punctuality::OnTime)
        );
        assert_eq!(
            punctuality(S::Done, d(20), Some(d(18)), today),
            Some(Punctuality::OnTime)
        );
        assert_eq!(
            punctuality(S::Done, d(20), Some(d(21)), today),
            Some(Punctuality::Late)
        );
        assert_eq!(
            punctuality(S::Due, d(22), None, today),
            Some(Punctuality::Missed)
        );
        assert_eq!(
            punctuality(S::Due, d(23), None, today),
            Some(Punctuality::Pending)
        );
        assert_eq!(punctuality(S::Cancelled, d(1), None, today), None);
    }
}
