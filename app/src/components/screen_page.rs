//! The frame of every signed-in screen: its test hook and its title.

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::screens::{home_of, Screen};

/// The root element carries `data-test="home-<role>"` on the role's home screen and
/// `data-test="screen-<slug>"` elsewhere; `data-screen="<slug>"` always.
#[component]
pub fn ScreenPage(screen: Screen, role: Role, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let hook = if home_of(role) == screen {
        format!("home-{}", role.as_str())
    } else {
        format!("screen-{}", screen.slug())
    };
    view! {
        <section class="screen" data-test=hook data-screen=screen.slug()>
            <h1 class="screen-title">{i18n.text(screen.title())}</h1>
            {children()}
        </section>
    }
}
