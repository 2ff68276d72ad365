//! Grade calibration (确度校准) and the month's forecast. A grade promises a time to
//! purchase (H 7 days, A 15, B 30); what happened to the prospects that held it either
//! keeps the promise or breaks it, and the store's own kept-promise rates weigh the open
//! book into the month's expected orders, instead of a fixed table.

use chrono::{DateTime, Duration, Utc};

use crate::Grade;

/// The days a grade promises: `None` for O (ordered) and C (no promise: later than 30).
pub const fn promised_days(grade: Grade) -> Option<i64> {
    match grade {
        Grade::H => Some(7),
        Grade::A => Some(15),
        Grade::B => Some(30),
        Grade::O | Grade::C => None,
    }
}

/// The grades that promise a time.
pub const CALIBRATED: [Grade; 3] = [Grade::H, Grade::A, Grade::B];

/// What became of one prospect that took a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Ordered within the promised days (the last instant included).
    Within,
    /// Ordered, after the promised days.
    Later,
    /// Closed as lost (confirmed) without an order.
    Lost,
    /// Neither yet.
    Open,
}

/// The outcome of a prospect graded `grade` at `since`, with its first order and its
/// confirmed loss after that, if any. `None` for a grade that promises nothing.
pub fn outcome(
    grade: Grade,
    since: DateTime<Utc>,
    ordered_at: Option<DateTime<Utc>>,
    lost_at: Option<DateTime<Utc>>,
) -> Option<Outcome> {
    let days = promised_days(grade)?;
    Some(match (ordered_at, lost_at) {
        (Some(at), _) if at - since <= Duration::days(days) => Outcome::Within,
        (Some(_), _) => Outcome::Later,
        (None, Some(_)) => Outcome::Lost,
        (None, None) => Outcome::Open,
    })
}

/// How many of a grade's prospects came to each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCounts {
    pub within: i64,
    pub later: i64,
    pub lost: i64,
    pub open: i64,
}

impl OutcomeCounts {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Within => self.within += 1,
            Outcome::Later => self.later += 1,
            Outcome::Lost => self.lost += 1,
            Outcome::Open => self.open += 1,
        }
    }

    pub fn total(&self) -> i64 {
        self.within + self.later + self.lost + self.open
    }

    /// The share that kept the promise; `None` with no prospect.
    pub fn kept(&self) -> Option<f64> {
        crate::metrics::ratio(self.within, self.total())
    }
}

/// The month's expected orders: those placed so far, plus each open prospect weighted
/// by its grade's kept-promise rate (a grade the store has no measure for weighs 0).
pub fn forecast(ordered: i64, open: &[(Grade, i64)], kept: &[(Grade, Option<f64>)]) -> f64 {
    let rate = |g: Grade| {
        kept.iter()
            .find(|(k, _)| *k == g)
            .and_then(|(_, r)| *r)
            .unwrap_or(0.0)
    };
    ordered as f64 + open.iter().map(|(g, n)| *n as f64 * rate(*g)).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hours: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::days(20_000) + Duration::hours(hours)
    }

    #[test]
    fn the_promised_windows_at_their_edges() {
        let since = t(0);
        for (grade, days) in [(Grade::H, 7), (Grade::A, 15), (Grade::B, 30)] {
            let edge = since + Duration::days(days);
            let at = |at| outcome(grade, since, Some(at), None);
            assert_eq!(
                at(edge),
                Some(Outcome::Within),
                "{grade:?} on the last instant"
            );
            assert_eq!(at(edge - Duration::seconds(1)), Some(Outcome::Within));
            assert_eq!(at(edge + Duration::seconds(1)), Some(Outcome::Later));
        }
        assert_eq!(
            outcome(Grade::H, since, None, Some(t(5))),
            Some(Outcome::Lost)
        );
        assert_eq!(outcome(Grade::H, since, None, None), Some(Outcome::Open));
        assert_eq!(
            outcome(Grade::C, since, Some(t(1)), None),
            None,
            "C promises nothing"
        );
    }

    #[test]
    fn the_share_that_kept_the_promise() {
        let mut counts = OutcomeCounts::default();
        for o in [
            Outcome::Within,
            Outcome::Within,
            Outcome::Later,
            Outcome::Lost,
            Outcome::Open,
        ] {
            counts.add(o);
        }
        assert_eq!(counts.total(), 5);
        assert_eq!(counts.kept(), Some(0.4));
        assert_eq!(OutcomeCounts::default().kept(), None);
    }

    /// By hand: 4 ordered so far; 5 H at 40 % → 2, 10 A at 20 % → 2, 20 B at 5 % → 1,
    /// and C unmeasured → 0: 9 expected.
    #[test]
    fn the_forecast_by_hand() {
        let open = [
            (Grade::H, 5),
            (Grade::A, 10),
            (Grade::B, 20),
            (Grade::C, 40),
        ];
        let kept = [
            (Grade::H, Some(0.4)),
            (Grade::A, Some(0.2)),
            (Grade::B, Some(0.05)),
        ];
        assert!((forecast(4, &open, &kept) - 9.0).abs() < 1e-9);
        assert_eq!(
            forecast(3, &open, &[]),
            3.0,
            "no measure yet: what is ordered"
        );
    }
}
