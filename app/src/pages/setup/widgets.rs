//! The pieces the set-up sections share: store options, the add button, the on/off
//! toggle of a row and the list states.

use leptos::prelude::*;

use super::state::FormState;
use super::SetupCtx;
use crate::api::ApiError;
use crate::i18n::{use_i18n, I18n, Key};

/// `<option>`s for the stores, marking `chosen`.
pub(super) fn store_options(ctx: SetupCtx, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    ctx.store_list()
        .into_iter()
        .map(|s| {
            let id = s.id;
            view! {
                <option value=id.to_string() selected=move || chosen.get() == Some(id)>
                    {s.name}
                </option>
            }
        })
        .collect_view()
}

/// The submit button with its busy and "added" states.
#[component]
pub(super) fn FormActions(form: FormState, hook: &'static str, label: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" data-test=hook id=hook disabled=move || form.busy.get()>
                {move || if form.busy.get() { i18n.tr(Key::Saving) } else { i18n.tr(label) }}
            </button>
            {move || {
                form.added
                    .get()
                    .then(|| {
                        view! {
                            <span class="added" role="status" data-test=format!("{hook}-done")>
                                "✓ "
                                {i18n.text(Key::Added)}
                            </span>
                        }
                    })
            }}
        </div>
    }
}

/// The status of a row and the button that flips it.
#[component]
pub(super) fn ActiveToggle(
    hook: &'static str,
    active: bool,
    enabled: bool,
    on_toggle: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    view! {
        <div class="row-status">
            <span class="status" class:off=!active data-test="status">
                {i18n.text(if active { Key::Active } else { Key::Inactive })}
            </span>
            <button
                type="button"
                class="btn btn-small"
                class:btn-danger=active
                data-test=hook
                aria-pressed=active.to_string()
                disabled=move || !enabled || busy.get()
                on:click=move |_| {
                    busy.set(true);
                    on_toggle();
                }
            >
                {i18n.text(if active { Key::Deactivate } else { Key::Activate })}
            </button>
        </div>
    }
}

pub(super) fn loading(i18n: I18n) -> AnyView {
    view! {
        <p class="muted list-state" aria-busy="true">
            {i18n.text(Key::Loading)}
        </p>
    }
    .into_any()
}

pub(super) fn empty(i18n: I18n, key: Key) -> AnyView {
    view! {
        <p class="muted list-state" data-test="empty">
            {i18n.text(key)}
        </p>
    }
    .into_any()
}

pub(super) fn load_failed(
    i18n: I18n,
    error: ApiError,
    hook: &'static str,
    retry: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> AnyView {
    view! {
        <div class="list-state failed" role="alert" data-test=hook>
            <span>{i18n.text(Key::LoadFailed)} ": " {move || error.message(i18n.locale.get())}</span>
            <button type="button" class="btn btn-small" on:click=retry>
                {i18n.text(Key::Retry)}
            </button>
        </div>
    }
    .into_any()
}
