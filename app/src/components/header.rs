//! The signed-in header: brand, who is signed in, language, sign-out and the role's nav.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::lang_switch::LangSwitch;
use crate::i18n::{role_key, use_i18n, Key};
use crate::screens::{screens_for, Screen};
use crate::session::use_session;

#[component]
pub fn AppHeader() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let name = Memo::new(move |_| session.user().map(|u| u.name).unwrap_or_default());
    let role = Memo::new(move |_| session.user().map(|u| u.role));

    let sign_out = move |_| {
        session.sign_out();
        navigate("/login", NavigateOptions::default());
    };

    view! {
        <header class="app-header">
            <div class="header-bar">
                <a class="brand" href="/" data-test="brand">
                    {i18n.text(Key::AppName)}
                </a>
                <div class="header-user" data-test="current-user">
                    <span class="user-name" data-test="user-name">
                        {move || name.get()}
                    </span>
                    <span
                        class="role-chip"
                        data-test="user-role"
                        data-role=move || role.get().map(|r| r.as_str())
                    >
                        {move || role.get().map(|r| i18n.tr(role_key(r)))}
                    </span>
                </div>
                <div class="header-actions">
                    <LangSwitch />
                    <button id="sign-out" type="button" class="btn btn-quiet" on:click=sign_out>
                        {i18n.text(Key::SignOut)}
                    </button>
                </div>
            </div>
            <nav class="app-nav" data-test="nav" aria-label=i18n.text(Key::MainNav)>
                {move || {
                    role.get()
                        .map(|r| screens_for(r).into_iter().map(|s| view! { <NavLink screen=s /> }).collect_view())
                }}
            </nav>
        </header>
    }
}

#[component]
fn NavLink(screen: Screen) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let current = Memo::new(move |_| {
        location.pathname.with(|p| {
            // a screen's own pages (`/prospects/12`) count as the screen
            let p = p.trim_end_matches('/');
            p == screen.path()
                || p.strip_prefix(screen.path())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    });
    view! {
        <a
            href=screen.path()
            class="nav-link"
            class:active=move || current.get()
            data-test=format!("nav-{}", screen.slug())
            aria-current=move || current.get().then_some("page")
        >
            {i18n.text(screen.title())}
        </a>
    }
}
