//! Field rules checked by the server on every write and by the app before it sends.
//! Each failure names the field, so the answer can point at the input to fix.

use crate::api::{NewStore, NewUser, NewVehicleModel, StorePatch, UserPatch, VehicleModelPatch};
use crate::domain::{Cadence, DailyTargets, Grade, Locale};
use crate::errors::{render, Params, Reason};

/// One invalid field: which, why (a stable [`Reason`]) and the values the sentence names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub reason: Reason,
    pub params: Params,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: Reason) -> Self {
        FieldError {
            field: field.into(),
            reason,
            params: Params::new(),
        }
    }

    /// Adds a value the sentence names (`{name}`).
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// The sentence in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        render(locale, self.reason, &self.params)
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message(Locale::En))
    }
}

pub type Checked = Result<(), FieldError>;

/// Requests that can check themselves.
pub trait Validate {
    fn validate(&self) -> Checked;
}

pub const NAME_MAX_CHARS: usize = 100;
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const LOGIN_MIN_CHARS: usize = 2;
pub const LOGIN_MAX_CHARS: usize = 32;

/// A display name: not blank, at most 100 characters.
pub fn name(field: &str, value: &str) -> Checked {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, Reason::MustNotBeEmpty));
    }
    if trimmed.chars().count() > NAME_MAX_CHARS {
        return Err(FieldError::new(field, Reason::TooLong).with("max", NAME_MAX_CHARS));
    }
    Ok(())
}

/// A sign-in name: 2–32 of lower-case letters, digits, `.`, `_` and `-`.
pub fn login(field: &str, value: &str) -> Checked {
    let len = value.chars().count();
    if !(LOGIN_MIN_CHARS..=LOGIN_MAX_CHARS).contains(&len) {
        return Err(FieldError::new(field, Reason::LengthBetween)
            .with("min", LOGIN_MIN_CHARS)
            .with("max", LOGIN_MAX_CHARS));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(FieldError::new(field, Reason::LoginCharacters));
    }
    Ok(())
}

pub fn password(field: &str, value: &str) -> Checked {
    let len = value.chars().count();
    if len < PASSWORD_MIN_CHARS {
        return Err(FieldError::new(field, Reason::TooShort).with("min", PASSWORD_MIN_CHARS));
    }
    if len > PASSWORD_MAX_CHARS {
        return Err(FieldError::new(field, Reason::TooLong).with("max", PASSWORD_MAX_CHARS));
    }
    Ok(())
}

/// An IANA time-zone name's shape (`Region/City`); the server checks it names a real zone.
pub fn time_zone_shape(field: &str, value: &str) -> Checked {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(field, Reason::TimeZoneShape))
    }
}

pub fn in_range(field: &str, value: i32, min: i32, max: i32) -> Checked {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(field, Reason::OutOfRange)
            .with("min", min)
            .with("max", max))
    }
}

pub const CADENCE_MAX_DAYS: i32 = 90;
pub const PIPELINE_MAX: i32 = 1000;
pub const DAILY_TARGET_MAX: i32 = 500;

pub fn cadence(value: &Cadence) -> Checked {
    for grade in Grade::ALL {
        in_range(
            &format!("cadence.{grade}"),
            value.days_for(*grade),
            1,
            CADENCE_MAX_DAYS,
        )?;
    }
    Ok(())
}

pub fn daily_targets(value: &DailyTargets) -> Checked {
    in_range(
        "daily_targets.meetings",
        value.meetings,
        0,
        DAILY_TARGET_MAX,
    )?;
    in_range("daily_targets.calls", value.calls, 0, DAILY_TARGET_MAX)?;
    in_range(
        "daily_targets.messages",
        value.messages,
        0,
        DAILY_TARGET_MAX,
    )
}

impl Validate for NewStore {
    fn validate(&self) -> Checked {
        name("name", &self.name)?;
        self.time_zone
            .as_deref()
            .map_or(Ok(()), |tz| time_zone_shape("time_zone", tz))
    }
}

impl Validate for StorePatch {
    fn validate(&self) -> Checked {
        if let Some(n) = &self.name {
            name("name", n)?;
        }
        if let Some(tz) = &self.time_zone {
            time_zone_shape("time_zone", tz)?;
        }
        if let Some(c) = &self.cadence {
            cadence(c)?;
        }
        if let Some(p) = self.pipeline_size {
            in_range("pipeline_size", p, 1, PIPELINE_MAX)?;
        }
        self.daily_targets.as_ref().map_or(Ok(()), daily_targets)
    }
}

impl Validate for NewUser {
    fn validate(&self) -> Checked {
        name("name", &self.name)?;
        login("login", &self.login)?;
        password("password", &self.password)
    }
}

impl Validate for UserPatch {
    fn validate(&self) -> Checked {
        if let Some(n) = &self.name {
            name("name", n)?;
        }
        self.password
            .as_deref()
            .map_or(Ok(()), |p| password("password", p))
    }
}

impl Validate for NewVehicleModel {
    fn validate(&self) -> Checked {
        name("name", &self.name)
    }
}

impl Validate for VehicleModelPatch {
    fn validate(&self) -> Checked {
        self.name.as_deref().map_or(Ok(()), |n| name("name", n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_not_be_blank_or_too_long() {
        assert!(name("name", "王磊").is_ok());
        assert_eq!(name("name", "   ").unwrap_err().field, "name");
        assert!(name("name", &"字".repeat(100)).is_ok());
        assert!(name("name", &"字".repeat(101)).is_err());
    }

    #[test]
    fn logins_are_lower_case_ascii() {
        assert!(login("login", "consultant1").is_ok());
        assert!(login("login", "wang.lei_2").is_ok());
        assert!(login("login", "Admin").is_err());
        assert!(login("login", "a").is_err());
        assert!(login("login", "王磊").is_err());
    }

    #[test]
    fn passwords_need_eight_characters() {
        assert!(password("password", "keyuan-demo").is_ok());
        assert_eq!(
            password("password", "short")
                .unwrap_err()
                .message(Locale::En),
            "must be at least 8 characters"
        );
    }

    #[test]
    fn cadence_errors_name_the_grade() {
        let bad = Cadence {
            h: 0,
            ..Cadence::default()
        };
        assert_eq!(cadence(&bad).unwrap_err().field, "cadence.H");
        assert!(cadence(&Cadence::default()).is_ok());
    }

    #[test]
    fn time_zone_shape_rejects_junk() {
        assert!(time_zone_shape("time_zone", "Asia/Shanghai").is_ok());
        assert!(time_zone_shape("time_zone", "Asia Shanghai; drop").is_err());
    }
}

pub const PARTY_SIZE_MAX: i32 = 50;
pub const NOTE_MAX_CHARS: usize = 1000;

pub fn note(field: &str, value: &str) -> Checked {
    if value.chars().count() > NOTE_MAX_CHARS {
        return Err(FieldError::new(field, Reason::TooLong).with("max", NOTE_MAX_CHARS));
    }
    Ok(())
}

pub fn phone(field: &str, value: &str) -> Result<String, FieldError> {
    crate::phone::normalize(value).map_err(|e| FieldError::new(field, e.0))
}

/// Arrival may be in the past (a paper log typed in), never in the future; departure comes
/// after arrival. A minute of slack covers tablets whose clocks run a little fast.
pub fn visit_times(
    arrived_at: chrono::DateTime<chrono::Utc>,
    left_at: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> Checked {
    let slack = chrono::Duration::minutes(1);
    if arrived_at > now + slack {
        return Err(FieldError::new("arrived_at", Reason::InFuture));
    }
    match left_at {
        Some(left) if left <= arrived_at => {
            Err(FieldError::new("left_at", Reason::LeftBeforeArrival))
        }
        Some(left) if left > now + slack => Err(FieldError::new("left_at", Reason::InFuture)),
        _ => Ok(()),
    }
}

impl Validate for crate::api::NewVisit {
    fn validate(&self) -> Checked {
        in_range("party_size", self.party_size, 1, PARTY_SIZE_MAX)?;
        if let Some(p) = self.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            phone("phone", p)?;
        }
        if let Some(n) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            name("name", n)?;
        }
        if self.kind == crate::VisitKind::PhoneIn && self.test_drive == Some(true) {
            return Err(FieldError::new("test_drive", Reason::PhoneInNoTestDrive));
        }
        if self.campaign_id.is_some() && self.source != crate::Source::Event {
            return Err(FieldError::new("campaign_id", Reason::CampaignNeedsEvent));
        }
        self.note.as_deref().map_or(Ok(()), |n| note("note", n))
    }
}

impl Validate for crate::api::VisitPatch {
    fn validate(&self) -> Checked {
        if let Some(size) = self.party_size {
            in_range("party_size", size, 1, PARTY_SIZE_MAX)?;
        }
        if let Some(p) = self.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            phone("phone", p)?;
        }
        if let Some(n) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            name("name", n)?;
        }
        self.note.as_deref().map_or(Ok(()), |n| note("note", n))
    }
}

#[cfg(test)]
mod visit_tests {
    use super::*;
    use chrono::{Duration, Utc};

    #[test]
    fn arrival_in_the_future_and_departure_before_arrival_are_refused() {
        let now = Utc::now();
        assert!(visit_times(now - Duration::hours(3), None, now).is_ok());
        assert_eq!(
            visit_times(now + Duration::minutes(10), None, now)
                .unwrap_err()
                .field,
            "arrived_at"
        );
        assert_eq!(
            visit_times(
                now - Duration::hours(1),
                Some(now - Duration::hours(2)),
                now
            )
            .unwrap_err()
            .field,
            "left_at"
        );
        assert!(visit_times(
            now - Duration::hours(1),
            Some(now - Duration::minutes(10)),
            now
        )
        .is_ok());
    }
}

pub const BUDGET_MAX_YUAN: i32 = 100_000_000;

/// A next follow-up picked by hand: not before today, at most a year ahead.
pub fn follow_up_date(field: &str, date: chrono::NaiveDate, today: chrono::NaiveDate) -> Checked {
    if date < today {
        return Err(FieldError::new(field, Reason::BeforeToday));
    }
    let limit = today
        .checked_add_days(chrono::Days::new(
            crate::prospects::MAX_FOLLOW_UP_DAYS_AHEAD,
        ))
        .unwrap_or(today);
    if date > limit {
        return Err(FieldError::new(field, Reason::BeyondAYear));
    }
    Ok(())
}

fn budget(value: Option<i32>) -> Checked {
    match value {
        Some(b) => in_range("budget", b, 0, BUDGET_MAX_YUAN),
        None => Ok(()),
    }
}

impl Validate for crate::api::NewProspect {
    fn validate(&self) -> Checked {
        use crate::Source;
        phone("phone", &self.phone)?;
        if let Some(n) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            name("name", n)?;
        }
        if !matches!(
            self.source,
            Source::Outbound | Source::Referral | Source::Online
        ) {
            return Err(FieldError::new("source", Reason::ProspectSource));
        }
        budget(self.budget)?;
        self.note.as_deref().map_or(Ok(()), |n| note("note", n))
    }
}

impl Validate for crate::api::ProspectPatch {
    fn validate(&self) -> Checked {
        if let Some(n) = &self.name {
            name("name", n)?;
        }
        budget(self.budget)?;
        self.note.as_deref().map_or(Ok(()), |n| note("note", n))
    }
}

impl Validate for crate::api::NewFollowUp {
    fn validate(&self) -> Checked {
        self.note.as_deref().map_or(Ok(()), |n| note("note", n))
    }
}

impl Validate for crate::api::NewLostDeal {
    fn validate(&self) -> Checked {
        let text = self.note.as_deref().unwrap_or("");
        if self.reason.requires_note() && text.trim().is_empty() {
            return Err(FieldError::new("note", Reason::OtherNeedsNote));
        }
        note("note", text)
    }
}

impl Validate for crate::api::NewOrder {
    fn validate(&self) -> Checked {
        if self.ordered_at.is_some() && self.ordered_on.is_some() {
            return Err(FieldError::new("ordered_on", Reason::OneOfTwo)
                .with("a", "ordered_at")
                .with("b", "ordered_on"));
        }
        Ok(())
    }
}

impl Validate for crate::api::Delivery {
    fn validate(&self) -> Checked {
        match (self.delivered_at, self.delivered_on) {
            (Some(_), Some(_)) => Err(FieldError::new("delivered_on", Reason::OneOfTwo)
                .with("a", "delivered_at")
                .with("b", "delivered_on")),
            (None, None) => Err(FieldError::new("delivered_on", Reason::Required)),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod prospect_tests {
    use super::*;
    use crate::api::NewLostDeal;
    use crate::LostReason;
    use chrono::NaiveDate;

    #[test]
    fn follow_up_dates_stay_between_today_and_a_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(follow_up_date("d", today, today).is_ok());
        assert!(follow_up_date("d", today.pred_opt().unwrap(), today).is_err());
        let far = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
        assert!(follow_up_date("d", far, today).is_err());
    }

    #[test]
    fn sending_a_lost_deal_back_needs_a_comment() {
        let decision = |comment: Option<&str>| crate::api::LostDecision {
            comment: comment.map(str::to_owned),
        };
        assert!(decision(None).is_complete(true));
        assert!(!decision(None).is_complete(false));
        assert!(!decision(Some("  ")).is_complete(false));
        assert!(decision(Some("再约一次试驾")).is_complete(false));
    }

    #[test]
    fn other_needs_a_note() {
        let lost = |reason, note: Option<&str>| NewLostDeal {
            reason,
            note: note.map(str::to_owned),
        };
        assert_eq!(
            lost(LostReason::Other, Some("  "))
                .validate()
                .unwrap_err()
                .field,
            "note"
        );
        assert!(lost(LostReason::Other, Some("moved abroad"))
            .validate()
            .is_ok());
        assert!(lost(LostReason::Price, None).validate().is_ok());
    }
}
