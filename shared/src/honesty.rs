//! The honesty report's rules (诚信报告): when entries were logged too fast to have been
//! real work, and when a follow-up date was pushed on without anybody calling. The
//! thresholds live here, once, for the server's report and the screen's wording.

use chrono::{DateTime, Duration, Utc};

/// Entries logged by one person count as a burst when at least `entries` of them fall
/// within `within` (first to last, both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BurstRule {
    pub entries: usize,
    pub within: Duration,
}

/// 10 or more within 5 minutes: a real call, even a missed one, takes longer than 30 s.
pub const BURST: BurstRule = BurstRule {
    entries: 10,
    within: Duration::minutes(5),
};

/// A prospect whose next follow-up date was moved later this many times in a row with no
/// contact in between is flagged.
pub const PUSHES_WITHOUT_CONTACT: usize = 3;

/// The bursts in one person's entries, `times` in order (oldest first): each burst as the
/// range of indexes it covers. Windows that overlap make one burst, so a run of 30
/// entries in 5 minutes is one burst of 30, not three of 10.
pub fn bursts(times: &[DateTime<Utc>], rule: BurstRule) -> Vec<std::ops::Range<usize>> {
    debug_assert!(times.windows(2).all(|w| w[0] <= w[1]), "entries in order");
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    let mut end = 0;
    for start in 0..times.len() {
        // the last entry within `within` of this one
        end = end.max(start);
        while end + 1 < times.len() && times[end + 1] - times[start] <= rule.within {
            end += 1;
        }
        if end + 1 - start < rule.entries {
            continue;
        }
        match found.last_mut() {
            Some(last) if start < last.end => last.end = end + 1,
            _ => found.push(start..end + 1),
        }
    }
    found
}

/// What happened to a prospect, in order: a contact, or its next follow-up date moved
/// later without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardEvent {
    Contact,
    PushedOn,
}

/// The longest run of pushes with no contact between them.
pub fn pushes_without_contact(events: &[CardEvent]) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for event in events {
        match event {
            CardEvent::Contact => run = 0,
            CardEvent::PushedOn => {
                run += 1;
                longest = longest.max(run);
            }
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: &[i64]) -> Vec<DateTime<Utc>> {
        let start = DateTime::UNIX_EPOCH + Duration::days(20_000);
        seconds
            .iter()
            .map(|s| start + Duration::seconds(*s))
            .collect()
    }

    /// `n` entries evenly from 0 to `span` seconds.
    fn spread(n: i64, span: i64) -> Vec<DateTime<Utc>> {
        at(&(0..n).map(|i| i * span / (n - 1)).collect::<Vec<_>>())
    }

    #[test]
    fn ten_entries_make_a_burst_nine_do_not() {
        assert_eq!(bursts(&spread(10, 120), BURST), vec![0..10]);
        assert!(bursts(&spread(9, 120), BURST).is_empty());
    }

    #[test]
    fn five_minutes_first_to_last_is_the_edge() {
        assert_eq!(
            bursts(&spread(10, 300), BURST),
            vec![0..10],
            "5 min exactly"
        );
        assert_eq!(bursts(&spread(10, 299), BURST), vec![0..10], "5 min − 1 s");
        assert!(bursts(&spread(10, 301), BURST).is_empty(), "5 min + 1 s");
    }

    #[test]
    fn overlapping_windows_are_one_burst_and_quiet_gaps_split() {
        // 30 entries 20 s apart: ten minutes, every 5-minute window holds 16
        assert_eq!(bursts(&spread(30, 580), BURST), vec![0..30]);
        // two runs of 12, an hour apart, with two honest calls between
        let mut seconds: Vec<i64> = (0..12).map(|i| i * 10).collect();
        seconds.extend([1_800, 2_400]);
        seconds.extend((0..12).map(|i| 3_600 + i * 10));
        assert_eq!(bursts(&at(&seconds), BURST), vec![0..12, 14..26]);
        assert!(bursts(&[], BURST).is_empty());
    }

    #[test]
    fn pushes_count_until_a_contact() {
        use CardEvent::*;
        assert_eq!(
            pushes_without_contact(&[PushedOn, PushedOn, Contact, PushedOn]),
            2
        );
        assert_eq!(
            pushes_without_contact(&[Contact, PushedOn, PushedOn, PushedOn]),
            3
        );
        assert_eq!(pushes_without_contact(&[]), 0);
    }
}
