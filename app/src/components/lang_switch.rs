//! The zh-CN ⇄ en switch, on the sign-in screen and in the header.

use keyuan_shared::api::MePatch;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::use_api;
use crate::i18n::{other_locale, use_i18n, Key};
use crate::session::use_session;

/// Toggles the interface language, remembers it on this device and, when signed in,
/// saves it as the user's own.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let i18n = use_i18n();
    let toggle = move |_| {
        let next = other_locale(session.locale.get_untracked());
        session.set_locale_local(next);
        if session.token().is_some() {
            spawn_local(async move {
                // Best effort: the device keeps the choice even if the server is away.
                if let Ok(user) = api.patch_me(&MePatch { locale: next }).await {
                    session.update_user(user);
                }
            });
        }
    };
    view! {
        <button
            id="lang-switch"
            type="button"
            class="btn btn-quiet lang-switch"
            data-locale=move || session.locale.get().as_str()
            lang=move || other_locale(session.locale.get()).as_str()
            title=i18n.text(Key::SwitchLanguage)
            on:click=toggle
        >
            <span class="lang-icon" aria-hidden="true">"⇄"</span>
            {i18n.text(Key::OtherLanguage)}
        </button>
    }
}
