//! 接待轮序, the "up" board: who takes the next walk-in.
//!
//! Every active consultant is on duty unless taken off for the day. The queue is ordered
//! by when each consultant last took a walk-in today (never first, then longest ago), so
//! taking a visitor sends a consultant to the back. A consultant with a visitor who has
//! not left is busy; the next walk-in goes to the first on-duty consultant who is free.
//! When everyone on duty is busy it still goes to the head of the queue: a visitor is
//! never turned away (or left unlogged) because the showroom is full, and the board shows
//! that the consultant is busy.
//!
//! A store may also take consultants with overdue follow-ups out of the rotation until
//! they catch up (a setting, off by default). If that would leave nobody, the rule gives
//! way: the visitor still goes to the queue's head.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub consultant_id: i64,
    pub on_duty: bool,
    /// Arrival time of the last walk-in they took today.
    pub last_taken_at: Option<DateTime<Utc>>,
    /// Visitors of theirs still in the showroom.
    pub with_customers: u32,
    /// Their overdue follow-ups (0 when the store does not skip for them).
    pub overdue: u32,
}

/// Whether `s` is out of the rotation for overdue follow-ups under the store's rule.
pub fn skipped(s: &Standing, skip_overdue: bool) -> bool {
    skip_overdue && s.on_duty && s.overdue > 0
}

/// The board in display order: on-duty consultants in queue order, then those off duty.
pub fn board(mut standings: Vec<Standing>) -> Vec<Standing> {
    standings.sort_by_key(|s| {
        (
            !s.on_duty,
            s.last_taken_at.is_some(),
            s.last_taken_at,
            s.consultant_id,
        )
    });
    standings
}

/// The consultant the next walk-in goes to: the first free one on duty (and, with
/// `skip_overdue`, without overdue follow-ups), else the head of that queue even though
/// busy; with everyone skipped, as if nobody were; `None` only when nobody is on duty.
pub fn next_up(standings: &[Standing], skip_overdue: bool) -> Option<i64> {
    let on_duty: Vec<Standing> = board(standings.to_vec())
        .into_iter()
        .filter(|s| s.on_duty)
        .collect();
    let caught_up: Vec<Standing> = on_duty
        .iter()
        .filter(|s| !skipped(s, skip_overdue))
        .cloned()
        .collect();
    let queue = if caught_up.is_empty() {
        on_duty
    } else {
        caught_up
    };
    queue
        .iter()
        .find(|s| s.with_customers == 0)
        .or(queue.first())
        .map(|s| s.consultant_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> Option<DateTime<Utc>> {
        Some(Utc.with_ymd_and_hms(2026, 11, 23, 2, minute, 0).unwrap())
    }

    fn s(id: i64, on_duty: bool, last: Option<DateTime<Utc>>, with: u32) -> Standing {
        Standing {
            consultant_id: id,
            on_duty,
            last_taken_at: last,
            with_customers: with,
            overdue: 0,
        }
    }

    fn late(mut standing: Standing, overdue: u32) -> Standing {
        standing.overdue = overdue;
        standing
    }

    #[test]
    fn overdue_follow_ups_take_a_consultant_out_when_the_store_says_so() {
        let board = [
            late(s(1, true, None, 0), 2),
            s(2, true, at(10), 0),
            late(s(3, true, at(5), 0), 1),
        ];
        assert_eq!(
            next_up(&board, false),
            Some(1),
            "the rule is off: the queue as always"
        );
        assert_eq!(
            next_up(&board, true),
            Some(2),
            "1 and 3 are behind with their calls"
        );
        assert!(skipped(&board[0], true) && !skipped(&board[0], false));
        // everyone behind: the rule gives way, the visitor goes to the head of the queue
        let all_late = [late(s(1, true, at(9), 0), 1), late(s(2, true, at(3), 0), 4)];
        assert_eq!(next_up(&all_late, true), Some(2));
        // a busy caught-up consultant still comes before a free one who is behind
        let busy = [late(s(1, true, None, 0), 1), s(2, true, at(1), 1)];
        assert_eq!(next_up(&busy, true), Some(2));
    }

    #[test]
    fn a_quiet_morning_goes_in_id_order() {
        assert_eq!(
            next_up(
                &[
                    s(3, true, None, 0),
                    s(1, true, None, 0),
                    s(2, true, None, 0)
                ],
                false
            ),
            Some(1)
        );
    }

    #[test]
    fn taking_a_visitor_sends_you_to_the_back_and_busy_consultants_are_skipped() {
        // 1 took one at 2:05 and is still with them; 2 took one at 2:01, they left
        let standings = [
            s(1, true, at(5), 1),
            s(2, true, at(1), 0),
            s(3, true, None, 0),
        ];
        assert_eq!(next_up(&standings, false), Some(3));
        let ids: Vec<i64> = board(standings.to_vec())
            .iter()
            .map(|s| s.consultant_id)
            .collect();
        assert_eq!(ids, vec![3, 2, 1]);
        let standings = [
            s(1, true, at(5), 1),
            s(2, true, at(1), 0),
            s(3, true, at(9), 1),
        ];
        assert_eq!(next_up(&standings, false), Some(2));
    }

    #[test]
    fn when_everyone_is_busy_the_head_of_the_queue_still_takes_the_visitor() {
        let standings = [
            s(1, true, at(1), 1),
            s(2, false, None, 0),
            s(3, true, at(4), 2),
        ];
        assert_eq!(next_up(&standings, false), Some(1));
    }

    #[test]
    fn nobody_on_duty_means_no_suggestion() {
        assert_eq!(
            next_up(&[s(1, false, at(1), 0), s(2, false, None, 0)], false),
            None
        );
        assert_eq!(next_up(&[], false), None);
    }
}
