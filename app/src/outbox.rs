//! Check-ins that have not reached the server yet.
//!
//! The receptionist's tablet loses Wi-Fi. So a check-in is written to `localStorage`
//! (with its `Idempotency-Key` and the tap time as `arrived_at`) before it is sent, stays
//! there until the server has it, and is sent again after a reload or a restart. The
//! server answers a repeated key with the first result, so a retry never makes a second
//! visit, and nothing the receptionist typed is ever dropped without them choosing to.

use keyuan_shared::api::{ErrorDetail, NewVisit};
use keyuan_shared::Locale;
use serde::{Deserialize, Serialize};

use crate::api::ApiError;

pub const STORAGE_KEY: &str = "keyuan.pending-visits";
/// Where an unreadable list is copied before it is replaced, so it is not lost either.
const UNREADABLE_KEY: &str = "keyuan.pending-visits.unreadable";

/// One check-in waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The `Idempotency-Key`, made when save was tapped.
    pub key: String,
    /// The check-in, `arrived_at` set to the tap time.
    pub visit: NewVisit,
    /// Set when the server refused it (4xx): it waits for the receptionist.
    #[serde(default)]
    pub problem: Option<Refusal>,
}

/// Why the server refused a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub status: u16,
    /// The server's English sentence; empty when it gave none (kept for entries saved by
    /// an earlier version, which have no `detail`).
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
    /// The server's reason, shown in the user's language.
    #[serde(default)]
    pub detail: Option<ErrorDetail>,
}

impl Refusal {
    /// Why the server refused, in `locale`; empty when it said nothing.
    pub fn text(&self, locale: Locale) -> String {
        match &self.detail {
            Some(detail) => crate::api::reason_text(locale, detail),
            None => self.message.clone(),
        }
    }
}

/// What to do with a check-in after one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server has it: forget it here.
    Sent,
    /// No answer, a server error (5xx), a timeout or rate limit (408, 425, 429) or a
    /// signed-out tablet: keep it and try again.
    Retry,
    /// The server refused it: keep it and show why.
    Refused(Refusal),
}

/// Sorts one attempt's result.
pub fn outcome<T>(result: &Result<T, ApiError>) -> Outcome {
    let retryable = |status: u16| status == 0 || status >= 500 || matches!(status, 408 | 425 | 429);
    match result {
        Ok(_) => Outcome::Sent,
        Err(ApiError::Network | ApiError::SignedOut) => Outcome::Retry,
        Err(ApiError::Server { status, .. } | ApiError::Unexpected { status })
            if retryable(*status) =>
        {
            Outcome::Retry
        }
        // A success whose body could not be read: the server has the visit.
        Err(ApiError::Unexpected { status }) if (200..300).contains(status) => Outcome::Sent,
        Err(ApiError::Server { status, detail }) => Outcome::Refused(Refusal {
            status: *status,
            message: detail.message.clone(),
            field: detail.field.clone(),
            detail: Some(detail.clone()),
        }),
        Err(ApiError::Unexpected { status }) => Outcome::Refused(Refusal {
            status: *status,
            message: String::new(),
            field: None,
            detail: None,
        }),
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The waiting check-ins, oldest first.
pub fn load() -> Vec<Pending> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let Some(raw) = storage.get_item(STORAGE_KEY).ok().flatten() else {
        return Vec::new();
    };
    match serde_json::from_str::<Vec<serde_json::Value>>(&raw) {
        Ok(items) => {
            let mut list = Vec::with_capacity(items.len());
            let mut unreadable = Vec::new();
            for item in items {
                match serde_json::from_value::<Pending>(item.clone()) {
                    Ok(p) => list.push(p),
                    Err(_) => unreadable.push(item),
                }
            }
            if !unreadable.is_empty() {
                keep_unreadable(&storage, &serde_json::Value::Array(unreadable).to_string());
            }
            list
        }
        Err(_) => {
            keep_unreadable(&storage, &raw);
            Vec::new()
        }
    }
}

fn keep_unreadable(storage: &web_sys::Storage, raw: &str) {
    let _ = storage.set_item(UNREADABLE_KEY, raw);
}

/// Writes the list; answers whether it was stored.
pub fn store(list: &[Pending]) -> bool {
    let Some(storage) = local_storage() else {
        return false;
    };
    if list.is_empty() {
        return storage.remove_item(STORAGE_KEY).is_ok();
    }
    match serde_json::to_string(list) {
        Ok(json) => storage.set_item(STORAGE_KEY, &json).is_ok(),
        Err(_) => false,
    }
}

/// A fresh idempotency key: `crypto.randomUUID()` where the browser offers it (secure
/// contexts), otherwise a random UUID-shaped string.
pub fn new_key() -> String {
    let global = js_sys::global();
    let uuid = js_sys::Reflect::get(&global, &"crypto".into())
        .ok()
        .filter(|c| !c.is_undefined())
        .and_then(|crypto| {
            let f = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok()?;
            let f: &js_sys::Function = wasm_bindgen::JsCast::dyn_ref(&f)?;
            f.call0(&crypto).ok()?.as_string()
        });
    uuid.unwrap_or_else(|| {
        let r = |n: u32| (js_sys::Math::random() * f64::from(n)) as u64;
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:08x}{:04x}",
            r(u32::MAX),
            r(0xffff),
            r(0xfff),
            0x8000 | r(0x3fff),
            (js_sys::Date::now() as u64) & 0xffff_ffff,
            r(0xffff)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16, field: Option<&str>) -> Result<(), ApiError> {
        Err(ApiError::Server {
            status,
            detail: ErrorDetail {
                code: "x".into(),
                reason: keyuan_shared::errors::Reason::PhoneTaken,
                params: Default::default(),
                message: "bad".into(),
                field: field.map(str::to_owned),
                retry_after: None,
            },
        })
    }

    #[test]
    fn only_a_refusal_stops_the_retries() {
        assert_eq!(outcome(&Ok::<(), ApiError>(())), Outcome::Sent);
        assert_eq!(outcome(&Err::<(), _>(ApiError::Network)), Outcome::Retry);
        assert_eq!(outcome(&server(503, None)), Outcome::Retry);
        assert_eq!(outcome(&server(429, None)), Outcome::Retry);
        assert!(matches!(
            outcome(&server(409, Some("phone"))),
            Outcome::Refused(_)
        ));
        assert_eq!(
            outcome(&Err::<(), _>(ApiError::Unexpected { status: 502 })),
            Outcome::Retry
        );
        assert_eq!(
            outcome(&Err::<(), _>(ApiError::Unexpected { status: 201 })),
            Outcome::Sent
        );
        match outcome(&server(422, Some("phone"))) {
            Outcome::Refused(r) => {
                assert_eq!(r.status, 422);
                assert_eq!(r.field.as_deref(), Some("phone"));
            }
            other => panic!("{other:?}"),
        }
    }
}
