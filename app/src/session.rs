//! Who is signed in: the bearer token and user, kept in `localStorage` so that a reload
//! stays signed in, plus the interface language.

use keyuan_shared::api::SessionUser;
use keyuan_shared::Locale;
use leptos::prelude::*;

use crate::i18n::Key;

const TOKEN_KEY: &str = "keyuan.token";
const USER_KEY: &str = "keyuan.user";
const LOCALE_KEY: &str = "keyuan.locale";

/// A signed-in user with their token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    pub token: String,
    /// `None` until `GET /me` answers when the stored user could not be read back.
    pub user: Option<SessionUser>,
}

/// Whether the stored token has been confirmed with the server yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A stored token is being checked with `GET /me`.
    Checking,
    Ready,
}

/// The app-wide session state; cheap to copy (it is a handful of signals).
#[derive(Debug, Clone, Copy)]
pub struct Session {
    auth: RwSignal<Option<Auth>>,
    pub locale: RwSignal<Locale>,
    pub status: RwSignal<Status>,
    /// A message for the sign-in screen, e.g. that the session ended.
    pub notice: RwSignal<Option<Key>>,
}

impl Session {
    /// Reads what the last visit left in `localStorage`. A token whose `exp` has passed
    /// is dropped at once.
    pub fn restore() -> Self {
        let locale = storage_get(LOCALE_KEY)
            .and_then(|l| l.parse().ok())
            .unwrap_or_default();
        let token = storage_get(TOKEN_KEY).filter(|t| !t.is_empty());
        let auth = match token {
            Some(token) if token_expired(&token, now_seconds()) => {
                clear_storage();
                None
            }
            Some(token) => {
                let user = storage_get(USER_KEY)
                    .and_then(|u| serde_json::from_str::<SessionUser>(&u).ok());
                Some(Auth { token, user })
            }
            None => None,
        };
        let status = if auth.is_some() {
            Status::Checking
        } else {
            Status::Ready
        };
        Session {
            auth: RwSignal::new(auth),
            locale: RwSignal::new(locale),
            status: RwSignal::new(status),
            notice: RwSignal::new(None),
        }
    }

    /// The signed-in user (reactive).
    pub fn user(self) -> Option<SessionUser> {
        self.auth.with(|a| a.as_ref().and_then(|a| a.user.clone()))
    }

    /// The signed-in user, read without tracking.
    pub fn user_untracked(self) -> Option<SessionUser> {
        self.auth
            .with_untracked(|a| a.as_ref().and_then(|a| a.user.clone()))
    }

    /// The bearer token, read without tracking (for requests).
    pub fn token(self) -> Option<String> {
        self.auth
            .with_untracked(|a| a.as_ref().map(|a| a.token.clone()))
    }

    pub fn is_signed_in(self) -> bool {
        self.auth.with(|a| a.is_some())
    }

    /// Stores a fresh sign-in. The user's own language wins over the device's.
    pub fn sign_in(self, token: String, user: SessionUser) {
        storage_set(TOKEN_KEY, &token);
        self.set_locale_local(user.locale);
        self.store_user(&user);
        self.notice.set(None);
        self.status.set(Status::Ready);
        self.auth.set(Some(Auth {
            token,
            user: Some(user),
        }));
    }

    /// Replaces the user after `GET /me` or `PATCH /me` answered.
    pub fn update_user(self, user: SessionUser) {
        self.store_user(&user);
        self.auth.update(|a| {
            if let Some(a) = a {
                a.user = Some(user);
            }
        });
    }

    fn store_user(self, user: &SessionUser) {
        if let Ok(json) = serde_json::to_string(user) {
            storage_set(USER_KEY, &json);
        }
    }

    /// Forgets the token and user (the sign-out button).
    pub fn sign_out(self) {
        clear_storage();
        self.status.set(Status::Ready);
        self.auth.set(None);
    }

    /// The server refused the token: forget it and say why on the sign-in screen.
    pub fn expire(self) {
        if self.auth.with_untracked(|a| a.is_some()) {
            self.notice.set(Some(Key::SessionEnded));
        }
        self.sign_out();
    }

    /// Changes the interface language on this device only.
    pub fn set_locale_local(self, locale: Locale) {
        storage_set(LOCALE_KEY, locale.as_str());
        if self.locale.get_untracked() != locale {
            self.locale.set(locale);
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn clear_storage() {
    storage_remove(TOKEN_KEY);
    storage_remove(USER_KEY);
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn storage_set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        // A full or disabled storage only costs the next reload its sign-in.
        let _ = s.set_item(key, value);
    }
}

fn storage_remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Whether a JWT's `exp` claim lies at or before `now` (seconds since the epoch). A token
/// whose payload cannot be read is not judged here: the server decides.
pub fn token_expired(token: &str, now: i64) -> bool {
    jwt_exp(token).is_some_and(|exp| exp <= now)
}

/// The `exp` claim of a JWT, from its base64url-encoded payload.
pub fn jwt_exp(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?;
    exp.as_i64().or_else(|| exp.as_f64().map(|f| f as i64))
}

/// Decodes unpadded (or padded) base64url.
fn base64url_decode(input: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32)
    }
    let input = input.trim_end_matches('=').as_bytes();
    if input.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    for chunk in input.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_known_values() {
        assert_eq!(base64url_decode("TWFu").unwrap(), b"Man");
        assert_eq!(base64url_decode("TWE").unwrap(), b"Ma");
        assert_eq!(base64url_decode("TQ").unwrap(), b"M");
        assert_eq!(base64url_decode("TQ==").unwrap(), b"M");
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert!(base64url_decode("T").is_none());
        assert!(base64url_decode("T*Fu").is_none());
    }

    #[test]
    fn reads_the_exp_claim() {
        // {"sub":"1","exp":1700000000}
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzAwMDAwMDAwfQ.sig";
        assert_eq!(jwt_exp(token), Some(1_700_000_000));
        assert!(token_expired(token, 1_700_000_000));
        assert!(!token_expired(token, 1_699_999_999));
        assert!(!token_expired("not-a-jwt", 2_000_000_000));
    }
}
