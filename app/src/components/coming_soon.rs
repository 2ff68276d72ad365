//! The card shown by screens that later releases build.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A titled card: what the screen will do, and that it arrives in a coming release.
#[component]
pub fn ComingSoon(about: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card coming-soon" data-test="coming-soon">
            <span class="badge">{i18n.text(Key::ComingSoon)}</span>
            <p class="about">{i18n.text(about)}</p>
            <p class="muted">{i18n.text(Key::ComingSoonText)}</p>
        </div>
    }
}
