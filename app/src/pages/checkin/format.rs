//! Formatting helpers of the check-in screen: who a row is about, text keys, times,
//! party sizes and stays.

use keyuan_shared::phone;
use keyuan_shared::VisitKind;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::i18n::{fill, use_i18n, I18n, Key};

/// Who a row is about: name and number, or that the visitor gave none.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Who {
    Known(String),
    Declined,
}

pub(super) fn who(name: Option<&str>, number: Option<&str>) -> Who {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let number = number
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| phone::normalize(n).map_or_else(|_| n.to_owned(), |n| phone::display(&n)));
    match (name, number) {
        (Some(n), Some(p)) => Who::Known(format!("{n} · {p}")),
        (Some(n), None) => Who::Known(n.to_owned()),
        (None, Some(p)) => Who::Known(p),
        (None, None) => Who::Declined,
    }
}

#[component]
pub(super) fn WhoLabel(who: Who) -> impl IntoView {
    let i18n = use_i18n();
    match who {
        Who::Known(text) => {
            view! { <span class="visit-who" data-test="visit-who">{text}</span> }.into_any()
        }
        Who::Declined => view! {
            <span class="visit-who declined" data-test="visit-who">
                {i18n.text(Key::DeclinedDetails)}
            </span>
        }
        .into_any(),
    }
}

pub(super) fn kind_key(kind: VisitKind) -> Key {
    match kind {
        VisitKind::WalkIn => Key::KindWalkIn,
        VisitKind::PhoneIn => Key::KindPhoneIn,
    }
}

pub(super) fn days_ago(i18n: I18n, ms: i64) -> String {
    let midnight = |ms: f64| {
        let d = js_sys::Date::new(&ms.into());
        d.set_hours(0);
        d.set_minutes(0);
        d.set_seconds(0);
        d.set_milliseconds(0);
        d.get_time()
    };
    let days =
        ((midnight(js_sys::Date::now()) - midnight(ms as f64)) / 86_400_000.0).round() as i64;
    match days {
        i64::MIN..=0 => i18n.tr(Key::LastVisitToday).to_owned(),
        1 => i18n.tr(Key::LastVisitYesterday).to_owned(),
        n => fill(i18n.tr(Key::LastVisitDaysAgo), "n", n),
    }
}

/// An RFC 3339 time as the shared types' timestamp type.
pub(super) fn parse_time<T: DeserializeOwned>(rfc3339: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(rfc3339.to_owned())).ok()
}

/// `HH:MM` in the tablet's time zone.
pub(super) fn clock(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// "3 people", following the language.
pub(super) fn party_of(i18n: I18n, size: i32) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        let key = if size == 1 {
            Key::PartyOfOne
        } else {
            Key::PartyOf
        };
        fill(i18n.tr(key), "n", size)
    }
}

/// "stayed 25 min" for a stay of `ms` milliseconds.
pub(super) fn stay(i18n: I18n, ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    if ms == 0 {
        // closed as forgotten: departure = arrival (see `POST /visits/close-forgotten`)
        i18n.tr(Key::DepartureNotRecorded).to_owned()
    } else if minutes < 1 {
        i18n.tr(Key::StayedUnderMinute).to_owned()
    } else if minutes < 60 {
        fill(i18n.tr(Key::StayedMinutes), "n", minutes)
    } else {
        fill(
            &fill(i18n.tr(Key::StayedHours), "h", minutes / 60),
            "m",
            minutes % 60,
        )
    }
}
