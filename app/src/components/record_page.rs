//! The frame of a screen that shows one record by its id (a prospect card, a customer's
//! timeline): who may open it, the way back, the load error with a retry, "loading" until
//! the record is in, and the customer's tap-to-call number.

use keyuan_shared::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use crate::i18n::{use_i18n, Key};
use crate::screens::home_of;
use crate::session::use_session;

/// The route of a record's screen (`/…/:id`): consultants and managers get `page(role,
/// id)`; the signed-out go to log in, everybody else (or a bad id) goes home.
pub fn record_route<V: IntoView + 'static>(
    page: impl Fn(Role, i64) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let role = Memo::new(move |_| session.user().map(|u| u.role));
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    move || match (role.get(), id.get()) {
        (None, _) => view! { <Redirect path="/login" /> }.into_any(),
        (Some(role @ (Role::Consultant | Role::Manager)), Some(id)) => page(role, id).into_any(),
        (Some(role), _) => view! { <Redirect path=home_of(role).path() /> }.into_any(),
    }
}

/// The record screen's `<section>`: a back link, the load error (`error_hook`) with a
/// retry, then `children` once `loaded`, "loading" while neither has come.
#[component]
pub fn RecordPage(
    /// The screen's own class, after `screen`.
    class: &'static str,
    /// The section's `data-test`.
    hook: &'static str,
    id: i64,
    back: &'static str,
    /// The section's accessible name, where it has one.
    #[prop(optional)]
    label: Option<Key>,
    error_hook: &'static str,
    error: RwSignal<Option<String>>,
    #[prop(into)] loaded: Signal<bool>,
    retry: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=format!("screen {class}") data-test=hook data-id=id aria-label=move || label.map(|k| i18n.tr(k))>
            <a class="back-link" href=back data-test="back">
                {i18n.text(Key::BackToList)}
            </a>
            {move || error.get().map(|e| view! {
                <p class="form-error" role="alert" data-test=error_hook>
                    {e} " "
                    <button type="button" class="btn btn-small" on:click=move |_| retry.run(())>
                        {i18n.text(Key::Retry)}
                    </button>
                </p>
            })}
            {move || {
                if loaded.get() {
                    children().into_any()
                } else if error.with(|e| e.is_none()) {
                    view! { <p class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
        </section>
    }
}

/// The customer's number as a `tel:` link ("call" and the number for screen readers).
#[component]
pub fn TelLink(
    /// The number as stored (digits).
    phone: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = keyuan_shared::phone::display(&phone);
    let label = shown.clone();
    view! {
        <a class="tel-link" href=format!("tel:{phone}") data-test="tel-link"
            aria-label=move || format!("{} {}", i18n.tr(Key::CallCustomer), label)>
            <span class="tel-icon" aria-hidden="true">"☎"</span>
            <span>{shown}</span>
        </a>
    }
}
