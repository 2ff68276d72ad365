//! The prospect card's rules (意向客户确度表): when the next follow-up falls due, what is
//! overdue or dormant, which status changes are allowed, and the MAN advice. The server
//! enforces them; the app shows the same answers before it sends.

use chrono::{Days, NaiveDate};

use crate::domain::{Cadence, FollowUpChannel, Grade, ProspectStatus};
use crate::errors::Reason;

/// A prospect with no follow-up (or visit) for this many days is dormant (休眠).
pub const DORMANT_AFTER_DAYS: u64 = 90;

/// How far ahead a consultant may schedule a follow-up by hand.
pub const MAX_FOLLOW_UP_DAYS_AHEAD: u64 = 366;

/// The date the cadence proposes after contact on `from` for a prospect of `grade`.
pub fn next_follow_up(cadence: &Cadence, grade: Grade, from: NaiveDate) -> NaiveDate {
    let days = cadence.days_for(grade).max(1) as u64;
    from.checked_add_days(Days::new(days)).unwrap_or(from)
}

/// Grade O (已订车) means an order is signed: a card reaches it by recording the order,
/// never by picking the grade.
pub fn grade_allowed(grade: Grade, has_order: bool) -> bool {
    grade != Grade::O || has_order
}

/// A new prospect is called back the next day (24小时回访); so is one whose lost-deal
/// request a manager sent back.
pub fn first_follow_up(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(1)).unwrap_or(today)
}

/// Where a card stands against its next follow-up date on the store-local `today`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// Past its date (跟进不及时).
    Overdue,
    Today,
    Upcoming,
    /// No date set.
    Unscheduled,
}

pub fn due(next_follow_up_on: Option<NaiveDate>, today: NaiveDate) -> Due {
    match next_follow_up_on {
        None => Due::Unscheduled,
        Some(d) if d < today => Due::Overdue,
        Some(d) if d == today => Due::Today,
        Some(_) => Due::Upcoming,
    }
}

pub fn is_overdue(next_follow_up_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    due(next_follow_up_on, today) == Due::Overdue
}

/// Contact before this store-local date makes an active prospect dormant (休眠) on
/// `today`: 90 days without a follow-up or visit. Only `active` prospects fall dormant;
/// the server applies this cutoff in one SQL expression (`server/src/queries/sql.rs`,
/// `effective_status`) that every list, card, write and the check-in look-up read, so
/// they cannot disagree.
pub fn dormant_cutoff(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(DORMANT_AFTER_DAYS - 1))
        .unwrap_or(NaiveDate::MIN)
}

/// Something that happens to a prospect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProspectEvent {
    /// A follow-up, a visit or a card edit: wakes a dormant prospect.
    Contact,
    Order,
    Delivery,
    RequestLost,
    ConfirmLost,
    RejectLost,
}

/// Why an event is refused in the prospect's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Reason);

/// The status after `event`, or why the event is not allowed. `has_order` tells whether an
/// order is already recorded.
pub fn transition(
    status: ProspectStatus,
    has_order: bool,
    event: ProspectEvent,
) -> Result<ProspectStatus, Refused> {
    use ProspectEvent as E;
    use ProspectStatus as S;
    match (status, event) {
        (S::Lost, _) => Err(Refused(Reason::ClosedAsLost)),
        (S::Won, _) => Err(Refused(Reason::AlreadyDelivered)),
        (S::LostPending, E::ConfirmLost) => Ok(S::Lost),
        (S::LostPending, E::RejectLost) => Ok(S::Active),
        (S::LostPending, _) => Err(Refused(Reason::LostPending)),
        (_, E::ConfirmLost | E::RejectLost) => Err(Refused(Reason::NoLostRequest)),
        (S::Active | S::Dormant, E::Contact) => Ok(S::Active),
        (S::Active | S::Dormant, E::Order) if has_order => Err(Refused(Reason::AlreadyOrdered)),
        (S::Active | S::Dormant, E::Order) => Ok(S::Active),
        (S::Active | S::Dormant, E::Delivery) if !has_order => {
            Err(Refused(Reason::OrderBeforeDelivery))
        }
        (S::Active | S::Dormant, E::Delivery) => Ok(S::Won),
        (S::Active | S::Dormant, E::RequestLost) if has_order => {
            Err(Refused(Reason::OrderedNotLost))
        }
        (S::Active | S::Dormant, E::RequestLost) => Ok(S::LostPending),
    }
}

/// The advice of the 潜在客户分析表 for a MAN combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ManAdvice {
    /// ✓✓✓ ideal prospect: push for the order.
    PushForOrder,
    /// ✓✓✗ contact; skilled selling can create the need.
    CreateNeed,
    /// ✓✗✓ contact, and find the person who decides.
    FindDecider,
    /// ✗✓✓ contact; check credit, offer financing.
    OfferFinancing,
    /// One of three: keep in touch, nurture the missing two.
    Nurture,
    /// ✗✗✗ not a customer: stop spending time.
    NotACustomer,
}

pub fn man_advice(money: bool, authority: bool, need: bool) -> ManAdvice {
    match (money, authority, need) {
        (true, true, true) => ManAdvice::PushForOrder,
        (true, true, false) => ManAdvice::CreateNeed,
        (true, false, true) => ManAdvice::FindDecider,
        (false, true, true) => ManAdvice::OfferFinancing,
        (false, false, false) => ManAdvice::NotACustomer,
        _ => ManAdvice::Nurture,
    }
}

/// The 5-20-30 column a follow-up counts in: meetings (visits, test drives), calls or
/// messages; `other` counts in none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Meeting,
    Call,
    Message,
}

pub fn activity_of(channel: FollowUpChannel) -> Option<Activity> {
    match channel {
        FollowUpChannel::Visit | FollowUpChannel::TestDrive => Some(Activity::Meeting),
        FollowUpChannel::Call => Some(Activity::Call),
        FollowUpChannel::Message => Some(Activity::Message),
        FollowUpChannel::Other => None,
    }
}

impl crate::api::Activity {
    /// Adds `n` follow-ups of `channel` to their 5-20-30 column (none for `other`).
    pub fn count(&mut self, channel: FollowUpChannel, n: i64) {
        match activity_of(channel) {
            Some(Activity::Meeting) => self.meetings += n,
            Some(Activity::Call) => self.calls += n,
            Some(Activity::Message) => self.messages += n,
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_o_needs_an_order_and_new_cards_are_called_back_tomorrow() {
        assert!(!grade_allowed(Grade::O, false));
        assert!(grade_allowed(Grade::O, true));
        assert!(grade_allowed(Grade::H, false));
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(
            first_follow_up(day),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn cadence_sets_the_next_follow_up_per_grade() {
        let cadence = Cadence::default();
        let from = d(2026, 11, 23);
        let next: Vec<NaiveDate> = Grade::ALL
            .iter()
            .map(|g| next_follow_up(&cadence, *g, from))
            .collect();
        assert_eq!(
            next,
            vec![
                d(2026, 11, 25),
                d(2026, 11, 25),
                d(2026, 11, 27),
                d(2026, 11, 30),
                d(2026, 12, 8)
            ]
        );
        let custom = Cadence { b: 10, ..cadence };
        assert_eq!(
            next_follow_up(&custom, Grade::B, d(2026, 12, 28)),
            d(2027, 1, 7)
        );
    }

    #[test]
    fn overdue_starts_the_day_after_the_due_date() {
        let today = d(2026, 11, 23);
        assert_eq!(due(Some(d(2026, 11, 22)), today), Due::Overdue);
        assert_eq!(due(Some(today), today), Due::Today);
        assert_eq!(due(Some(d(2026, 11, 24)), today), Due::Upcoming);
        assert_eq!(due(None, today), Due::Unscheduled);
        assert!(is_overdue(Some(d(2026, 11, 22)), today));
        assert!(!is_overdue(Some(today), today));
        // the list's order: overdue, today, upcoming, unscheduled
        assert!(Due::Overdue < Due::Today && Due::Today < Due::Upcoming);
    }

    #[test]
    fn dormant_after_exactly_90_days_without_contact() {
        let today = d(2026, 11, 23);
        let quiet_for = |days: u64| today.checked_sub_days(Days::new(days)).unwrap();
        // dormant means "last contact before the cutoff"; the statuses that fall
        // dormant are checked against the database in tests/api/prospects.rs
        let is_dormant = |last: NaiveDate| last < dormant_cutoff(today);
        assert!(!is_dormant(quiet_for(89)));
        assert!(is_dormant(quiet_for(90)));
        assert!(is_dormant(quiet_for(200)));
        assert_eq!(dormant_cutoff(today), quiet_for(89));
    }

    #[test]
    fn orders_need_an_open_prospect_without_one() {
        use ProspectEvent as E;
        use ProspectStatus as S;
        assert_eq!(transition(S::Active, false, E::Order), Ok(S::Active));
        assert_eq!(transition(S::Dormant, false, E::Order), Ok(S::Active));
        assert!(transition(S::Active, true, E::Order).is_err());
        assert!(transition(S::Lost, false, E::Order).is_err());
        assert!(transition(S::Won, true, E::Order).is_err());
        assert!(transition(S::LostPending, false, E::Order).is_err());
        assert!(transition(S::Active, false, E::Delivery).is_err());
        assert_eq!(transition(S::Active, true, E::Delivery), Ok(S::Won));
    }

    #[test]
    fn lost_deals_go_through_a_manager() {
        use ProspectEvent as E;
        use ProspectStatus as S;
        assert_eq!(
            transition(S::Active, false, E::RequestLost),
            Ok(S::LostPending)
        );
        assert!(transition(S::Active, true, E::RequestLost).is_err());
        assert!(transition(S::Active, false, E::ConfirmLost).is_err());
        assert_eq!(
            transition(S::LostPending, false, E::ConfirmLost),
            Ok(S::Lost)
        );
        assert_eq!(
            transition(S::LostPending, false, E::RejectLost),
            Ok(S::Active)
        );
        assert!(transition(S::LostPending, false, E::Contact).is_err());
        assert!(transition(S::Lost, false, E::Contact).is_err());
        assert_eq!(transition(S::Dormant, false, E::Contact), Ok(S::Active));
    }

    #[test]
    fn man_advice_follows_the_table() {
        assert_eq!(man_advice(true, true, true), ManAdvice::PushForOrder);
        assert_eq!(man_advice(true, true, false), ManAdvice::CreateNeed);
        assert_eq!(man_advice(true, false, true), ManAdvice::FindDecider);
        assert_eq!(man_advice(false, true, true), ManAdvice::OfferFinancing);
        assert_eq!(man_advice(true, false, false), ManAdvice::Nurture);
        assert_eq!(man_advice(false, true, false), ManAdvice::Nurture);
        assert_eq!(man_advice(false, false, true), ManAdvice::Nurture);
        assert_eq!(man_advice(false, false, false), ManAdvice::NotACustomer);
    }

    #[test]
    fn follow_ups_count_in_the_5_20_30_columns() {
        assert_eq!(
            activity_of(FollowUpChannel::TestDrive),
            Some(Activity::Meeting)
        );
        assert_eq!(activity_of(FollowUpChannel::Visit), Some(Activity::Meeting));
        assert_eq!(activity_of(FollowUpChannel::Call), Some(Activity::Call));
        assert_eq!(
            activity_of(FollowUpChannel::Message),
            Some(Activity::Message)
        );
        assert_eq!(activity_of(FollowUpChannel::Other), None);
    }
}
