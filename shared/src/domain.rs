//! The domain vocabulary of the crate docs (`shared/README.md`). Spellings here are the API's
//! and the database's.

use serde::{Deserialize, Serialize};

/// A string that is not one of an enum's spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a known {}", self.value, self.kind)
    }
}

impl std::error::Error for UnknownValue {}

domain_enum! {
    /// What a user may do; see the table of roles in `shared/README.md`.
    pub enum Role {
        Admin = "admin",
        Manager = "manager",
        Receptionist = "receptionist",
        Consultant = "consultant",
    }
}

impl Role {
    /// Admins work across stores; everybody else belongs to exactly one store.
    pub const fn has_store(self) -> bool {
        !matches!(self, Role::Admin)
    }
}

domain_enum! {
    /// Walk-in (来店) or phone-in (来电).
    pub enum VisitKind {
        WalkIn = "walk_in",
        PhoneIn = "phone_in",
    }
}

domain_enum! {
    /// 客源渠道: where a visitor or prospect came from.
    pub enum Source {
        WalkIn = "walk_in",
        Phone = "phone",
        Event = "event",
        Referral = "referral",
        Outbound = "outbound",
        Online = "online",
    }
}

domain_enum! {
    /// 意向级别 (确度): expected time to purchase.
    pub enum Grade {
        O = "O",
        H = "H",
        A = "A",
        B = "B",
        C = "C",
    }
}

domain_enum! {
    /// Where a prospect stands.
    pub enum ProspectStatus {
        Active = "active",
        Dormant = "dormant",
        LostPending = "lost_pending",
        Lost = "lost",
        Won = "won",
    }
}

impl ProspectStatus {
    /// Open prospects still belong to a consultant's pipeline; a customer has at most one
    /// (the migration's partial unique index spells the same set).
    pub const OPEN: [ProspectStatus; 3] = [
        ProspectStatus::Active,
        ProspectStatus::Dormant,
        ProspectStatus::LostPending,
    ];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

domain_enum! {
    /// How a follow-up was made.
    pub enum FollowUpChannel {
        Call = "call",
        Visit = "visit",
        Message = "message",
        TestDrive = "test_drive",
        Other = "other",
    }
}

domain_enum! {
    /// 展厅零售 / 二级网点 / 批售.
    pub enum SaleType {
        Retail = "retail",
        Secondary = "secondary",
        Fleet = "fleet",
    }
}

domain_enum! {
    /// The groups of the dealership's lost-deal form (战败分析表).
    pub enum LostReasonGroup {
        Product = "product",
        Price = "price",
        Salesperson = "salesperson",
        Management = "management",
        Other = "other",
    }
}

domain_enum! {
    /// 战败原因.
    pub enum LostReason {
        Brand = "brand",
        Exterior = "exterior",
        Interior = "interior",
        Configuration = "configuration",
        Performance = "performance",
        Quality = "quality",
        Price = "price",
        BadQuote = "bad_quote",
        Unenthusiastic = "unenthusiastic",
        Unprofessional = "unprofessional",
        BrokenPromise = "broken_promise",
        PoorService = "poor_service",
        SlowFollowUp = "slow_follow_up",
        Other = "other",
    }
}

impl LostReason {
    pub const fn group(self) -> LostReasonGroup {
        use LostReason::*;
        match self {
            Brand | Exterior | Interior | Configuration | Performance | Quality => {
                LostReasonGroup::Product
            }
            Price | BadQuote => LostReasonGroup::Price,
            Unenthusiastic | Unprofessional | BrokenPromise => LostReasonGroup::Salesperson,
            PoorService | SlowFollowUp => LostReasonGroup::Management,
            Other => LostReasonGroup::Other,
        }
    }

    /// `other` must say what the reason was.
    pub const fn requires_note(self) -> bool {
        matches!(self, LostReason::Other)
    }
}

domain_enum! {
    /// A manager's decision on a lost-deal request.
    pub enum LostDealStatus {
        Pending = "pending",
        Confirmed = "confirmed",
        Rejected = "rejected",
    }
}

domain_enum! {
    /// The 24 steps of the loyalty schedule, counted from delivery.
    pub enum LoyaltyStep {
        Day3 = "day_3",
        Day7 = "day_7",
        Day14 = "day_14",
        Month1 = "month_1",
        Month3 = "month_3",
        Month6 = "month_6",
        Month9 = "month_9",
        Month12 = "month_12",
        Month15 = "month_15",
        Month18 = "month_18",
        Month21 = "month_21",
        Month24 = "month_24",
        Month27 = "month_27",
        Month30 = "month_30",
        Month33 = "month_33",
        Month36 = "month_36",
        Month39 = "month_39",
        Month42 = "month_42",
        Month45 = "month_45",
        Month48 = "month_48",
        Month51 = "month_51",
        Month54 = "month_54",
        Month57 = "month_57",
        Month60 = "month_60",
    }
}

domain_enum! {
    /// How a loyalty contact is made: a call (DC) or a mail (DM).
    pub enum LoyaltyChannel {
        Call = "call",
        Mail = "mail",
    }
}

domain_enum! {
    /// Where a loyalty contact stands.
    pub enum LoyaltyStatus {
        Due = "due",
        Done = "done",
        Cancelled = "cancelled",
    }
}

domain_enum! {
    /// What happened when a loyalty contact was made.
    pub enum LoyaltyOutcome {
        Reached = "reached",
        NoAnswer = "no_answer",
        WrongNumber = "wrong_number",
        Declined = "declined",
    }
}

domain_enum! {
    /// Interface language, chosen per user; Simplified Chinese unless they switch.
    #[derive(Default)]
    pub enum Locale {
        #[default]
        ZhCn = "zh-CN",
        En = "en",
    }
}

/// Follow-up cadence in days per grade: a store setting (`shared/README.md`, 意向级别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    #[serde(rename = "O")]
    pub o: i32,
    #[serde(rename = "H")]
    pub h: i32,
    #[serde(rename = "A")]
    pub a: i32,
    #[serde(rename = "B")]
    pub b: i32,
    #[serde(rename = "C")]
    pub c: i32,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            o: 2,
            h: 2,
            a: 4,
            b: 7,
            c: 15,
        }
    }
}

impl Cadence {
    pub const fn days_for(&self, grade: Grade) -> i32 {
        match grade {
            Grade::O => self.o,
            Grade::H => self.h,
            Grade::A => self.a,
            Grade::B => self.b,
            Grade::C => self.c,
        }
    }
}

/// The 5-20-30 daily activity targets of a consultant (a store setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DailyTargets {
    pub meetings: i32,
    pub calls: i32,
    pub messages: i32,
}

impl Default for DailyTargets {
    fn default() -> Self {
        DailyTargets {
            meetings: 5,
            calls: 20,
            messages: 30,
        }
    }
}

/// Default number of open prospects a consultant should keep.
pub const DEFAULT_PIPELINE_SIZE: i32 = 50;

/// Default store time zone.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_spellings_round_trip_through_serde_and_from_str() {
        for role in Role::ALL {
            let json = serde_json::to_string(role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), *role);
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        assert_eq!(
            serde_json::to_string(&LoyaltyStep::Day3).unwrap(),
            "\"day_3\""
        );
        assert_eq!(serde_json::to_string(&Grade::O).unwrap(), "\"O\"");
        assert_eq!(serde_json::to_string(&Locale::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(
            serde_json::to_string(&LostReason::BadQuote).unwrap(),
            "\"bad_quote\""
        );
    }

    #[test]
    fn unknown_spelling_is_rejected_with_its_kind() {
        let err = "boss".parse::<Role>().unwrap_err();
        assert_eq!(err.to_string(), "\"boss\" is not a known Role");
        assert!(serde_json::from_str::<Source>("\"walkin\"").is_err());
    }

    #[test]
    fn loyalty_schedule_has_24_steps() {
        assert_eq!(LoyaltyStep::ALL.len(), 24);
    }

    #[test]
    fn lost_reasons_fall_into_the_forms_groups() {
        use LostReasonGroup as G;
        let count = |g| LostReason::ALL.iter().filter(|r| r.group() == g).count();
        assert_eq!(
            (
                count(G::Product),
                count(G::Price),
                count(G::Salesperson),
                count(G::Management),
                count(G::Other)
            ),
            (6, 2, 3, 2, 1)
        );
        assert!(LostReason::Other.requires_note());
        assert!(!LostReason::Price.requires_note());
    }

    #[test]
    fn default_cadence_matches_design() {
        let c = Cadence::default();
        let days: Vec<i32> = Grade::ALL.iter().map(|g| c.days_for(*g)).collect();
        assert_eq!(days, vec![2, 2, 4, 7, 15]);
    }
}
