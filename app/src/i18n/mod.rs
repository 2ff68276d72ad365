//! Every piece of interface text, in Simplified Chinese (the default) and English.
//!
//! Views never spell out text themselves: they name a [`Key`] and ask [`tr`] (or the
//! reactive [`I18n`] handle) for the current locale's wording, so a missing translation
//! is a compile error rather than a blank label.

use keyuan_shared::{Locale, Role, Source};
use leptos::prelude::*;

/// Builds [`Key`] and [`tr`] from the table in `texts.rs`.
macro_rules! translations {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// One piece of interface text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($key),+
        }

        impl Key {
            /// Every key, in declaration order (for checks that no text is missing).
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key),+];
        }

        /// The wording of `key` in `locale`.
        pub const fn tr(locale: Locale, key: Key) -> &'static str {
            match locale {
                Locale::ZhCn => match key { $(Key::$key => $zh),+ },
                Locale::En => match key { $(Key::$key => $en),+ },
            }
        }
    };
}

mod texts;
pub use texts::{tr, Key};

/// The name of a request field the server may find at fault, for the start of its error
/// sentence; `None` for fields that the user does not see as an input.
pub fn field_label(field: &str) -> Option<Key> {
    Some(match field {
        "name" => Key::PersonName,
        "login" => Key::Login,
        "password" => Key::FieldPassword,
        "role" => Key::FieldRole,
        "store_id" => Key::Store,
        "time_zone" => Key::TimeZone,
        "phone" => Key::PhoneLabel,
        "party_size" => Key::PartySize,
        "source" => Key::SourceLabel,
        "vehicle_model_id" => Key::ModelLabel,
        "consultant_id" | "owner_id" | "to_owner_id" | "from_owner_id" => Key::ConsultantLabel,
        "note" => Key::NoteLabel,
        "comment" => Key::CommentLabel,
        "grade" => Key::GradeLabel,
        "budget" => Key::BudgetLabel,
        "next_follow_up_on" => Key::NextDateLabel,
        "referred_by" => Key::ReferrerLabel,
        "campaign_id" => Key::CampaignLabel,
        "reason" => Key::LostReasonLabel,
        "q" => Key::FieldQuery,
        "arrived_at" => Key::FieldArrivedAt,
        "left_at" => Key::FieldLeftAt,
        "test_drive" => Key::FieldTestDrive,
        "ordered_at" | "ordered_on" | "delivered_at" | "delivered_on" | "from" | "to" => {
            Key::FieldDate
        }
        _ => return None,
    })
}

/// The label of a source (客源渠道).
pub const fn source_key(source: Source) -> Key {
    match source {
        Source::WalkIn => Key::SourceWalkIn,
        Source::Phone => Key::SourcePhone,
        Source::Event => Key::SourceEvent,
        Source::Referral => Key::SourceReferral,
        Source::Outbound => Key::SourceOutbound,
        Source::Online => Key::SourceOnline,
    }
}

/// The label of a role.
pub const fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => Key::RoleAdmin,
        Role::Manager => Key::RoleManager,
        Role::Receptionist => Key::RoleReceptionist,
        Role::Consultant => Key::RoleConsultant,
    }
}

/// `text` with `{name}` replaced by `value`.
pub fn fill(text: &str, name: &str, value: impl std::fmt::Display) -> String {
    text.replace(&format!("{{{name}}}"), &value.to_string())
}

/// The other interface language: what the language switch changes to.
pub const fn other_locale(locale: Locale) -> Locale {
    match locale {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    }
}

/// Reactive access to the current locale, provided as context by the app root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The current wording of `key`; reading it inside a view closure makes that view
    /// follow locale changes.
    pub fn tr(self, key: Key) -> &'static str {
        tr(self.locale.get(), key)
    }

    /// A reactive text node for `key`.
    pub fn text(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.tr(key)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_both_languages() {
        for key in Key::ALL {
            for locale in Locale::ALL {
                assert!(
                    !tr(*locale, *key).trim().is_empty(),
                    "{key:?} is empty in {locale}"
                );
            }
        }
    }

    /// Every reason the server can send (`keyuan_shared::errors::Reason`, the only way
    /// the server builds an error) has a sentence in both languages; the Chinese one is
    /// what a Chinese screen shows, never the server's English `message`.
    #[test]
    fn every_server_reason_reads_in_both_languages() {
        use keyuan_shared::api::ErrorDetail;
        use keyuan_shared::errors::Reason;
        for reason in Reason::ALL {
            let detail = ErrorDetail {
                code: "invalid_field".into(),
                reason: *reason,
                params: Default::default(),
                message: "English from the server".into(),
                field: Some("phone".into()),
                retry_after: None,
            };
            for locale in Locale::ALL {
                let text = crate::api::reason_text(*locale, &detail);
                if *reason == Reason::Unspecified {
                    // a reason this build does not know: the server's own sentence
                    assert_eq!(text, "English from the server");
                    continue;
                }
                assert!(!text.contains("English from the server"), "{reason}");
                assert!(
                    text.len() > tr(*locale, Key::PhoneLabel).len(),
                    "{reason} in {locale}"
                );
            }
        }
        let too_long = ErrorDetail {
            code: "invalid_field".into(),
            reason: Reason::TooLong,
            params: [("max".to_owned(), "100".to_owned())].into(),
            message: "name: must be at most 100 characters".into(),
            field: Some("name".into()),
            retry_after: None,
        };
        assert_eq!(
            crate::api::reason_text(Locale::ZhCn, &too_long),
            "姓名：最多100个字符"
        );
        assert_eq!(
            crate::api::reason_text(Locale::En, &too_long),
            "Name: must be at most 100 characters"
        );
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(tr(Locale::default(), Key::SignInButton), "登录");
        assert_eq!(
            tr(Locale::En, Key::WrongCredentials),
            "Wrong login or password"
        );
        assert_eq!(other_locale(Locale::ZhCn), Locale::En);
    }
}
