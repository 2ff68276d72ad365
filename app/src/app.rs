//! The app root: context, routes, the signed-in layout and the guard in front of each
//! screen (who may open which is in [`crate::screens`]).

use keyuan_shared::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::{Api, ApiError};
use crate::components::header::AppHeader;
use crate::i18n::{use_i18n, I18n, Key};
use crate::pages;
use crate::screens::{home_of, may_use, Screen};
use crate::session::{use_session, Session, Status};

#[component]
pub fn App() -> impl IntoView {
    let session = Session::restore();
    let i18n = I18n {
        locale: session.locale,
    };
    let api = Api::new(session);
    provide_context(session);
    provide_context(i18n);
    provide_context(api);

    // <html lang> follows the interface language.
    Effect::new(move |_| {
        let lang = session.locale.get().as_str();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang);
        }
    });

    // A token from an earlier visit: confirm it, and let the server's copy of the user
    // (and their language) win.
    if session.status.get_untracked() == Status::Checking {
        spawn_local(async move {
            match api.me().await {
                Ok(user) => {
                    session.set_locale_local(user.locale);
                    session.update_user(user);
                }
                // The client has already cleared the session.
                Err(ApiError::SignedOut) => {}
                // No answer: keep working with the stored user when there is one.
                Err(_) => {
                    if session.user_untracked().is_none() {
                        session.sign_out();
                    }
                }
            }
            session.status.set(Status::Ready);
        });
    }

    view! {
        <Router>
            <Show when=move || session.status.get() == Status::Ready fallback=Splash>
                <Layout />
            </Show>
        </Router>
    }
}

#[component]
fn Splash() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="splash" data-test="splash" aria-busy="true">
            <span class="brand-mark">{i18n.text(Key::AppName)}</span>
            <span class="muted">{i18n.text(Key::Loading)}</span>
        </div>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let session = use_session();
    view! {
        <div class="shell" class:signed-in=move || session.is_signed_in()>
            <Show when=move || session.is_signed_in()>
                <AppHeader />
            </Show>
            <main class="main" id="main">
                <Routes fallback=pages::not_found::NotFoundPage>
                    <Route path=path!("/login") view=pages::login::LoginPage />
                    <Route path=path!("/") view=RoleHome />
                    <Route path=path!("/dashboard") view=|| view! { <Guard screen=Screen::Dashboard /> } />
                    <Route path=path!("/lost") view=|| view! { <Guard screen=Screen::Lost /> } />
                    <Route path=path!("/planner") view=|| view! { <Guard screen=Screen::Planner /> } />
                    <Route path=path!("/weekly") view=|| view! { <Guard screen=Screen::Weekly /> } />
                    <Route path=path!("/campaigns") view=|| view! { <Guard screen=Screen::Campaigns /> } />
                    <Route path=path!("/honesty") view=|| view! { <Guard screen=Screen::Honesty /> } />
                    <Route path=path!("/activity") view=|| view! { <Guard screen=Screen::Activity /> } />
                    <Route path=path!("/checkin") view=|| view! { <Guard screen=Screen::Checkin /> } />
                    <Route path=path!("/prospects") view=|| view! { <Guard screen=Screen::Prospects /> } />
                    <Route path=path!("/prospects/:id") view=pages::prospect::ProspectRoute />
                    <Route path=path!("/customers/:id") view=pages::customer::CustomerRoute />
                    <Route path=path!("/my-day") view=|| view! { <Guard screen=Screen::MyDay /> } />
                    <Route path=path!("/loyalty") view=|| view! { <Guard screen=Screen::Loyalty /> } />
                    <Route path=path!("/setup") view=|| view! { <Guard screen=Screen::Setup /> } />
                    <Route path=path!("/compare") view=|| view! { <Guard screen=Screen::Compare /> } />
                </Routes>
            </main>
        </div>
    }
}

/// `/`: the role's home, or sign-in.
#[component]
fn RoleHome() -> impl IntoView {
    let session = use_session();
    let role = Memo::new(move |_| session.user().map(|u| u.role));
    move || match role.get() {
        Some(role) => view! { <Redirect path=home_of(role).path() /> }.into_any(),
        None => view! { <Redirect path="/login" /> }.into_any(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    SignedOut,
    Elsewhere(Screen),
    Allowed(Role),
}

/// Shows `screen` to a role that may use it; sends everybody else to sign-in or home.
#[component]
fn Guard(screen: Screen) -> impl IntoView {
    let session = use_session();
    // Only the role matters: a changed name or language must not rebuild the page.
    let access = Memo::new(move |_| match session.user() {
        None => Access::SignedOut,
        Some(user) if may_use(user.role, screen) => Access::Allowed(user.role),
        Some(user) => Access::Elsewhere(home_of(user.role)),
    });
    move || match access.get() {
        Access::SignedOut => view! { <Redirect path="/login" /> }.into_any(),
        Access::Elsewhere(home) => view! { <Redirect path=home.path() /> }.into_any(),
        Access::Allowed(role) => pages::screen_view(screen, role),
    }
}
