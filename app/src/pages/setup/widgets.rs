//! The pieces the set-up sections share: the store picker, the add-form's frame, the on/off
//! toggle of a row and its refusal, and the list in its states.

use leptos::prelude::*;

use super::state::{FormState, Remote};
use super::SetupCtx;
use crate::api::ApiError;
use crate::components::field::FormError;
use crate::i18n::{use_i18n, I18n, Key};

/// `<option>`s for the stores, marking `chosen`.
fn store_options(ctx: SetupCtx, chosen: RwSignal<Option<i64>>) -> impl IntoView {
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

/// A labelled choice of store bound to `chosen`; `hook` is both the element id and its
/// `data-test`. `class` is the label's (`field` in a form, `inline-field` in a section's
/// head); `all` names an empty first option that stands for every store.
#[component]
pub(super) fn StoreSelect(
    ctx: SetupCtx,
    hook: &'static str,
    class: &'static str,
    chosen: RwSignal<Option<i64>>,
    #[prop(optional)] all: Option<Key>,
    /// Whether the form found no store chosen.
    #[prop(optional, into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class=class class:invalid=move || invalid.get() for=hook>
            <span class="field-label">{i18n.text(Key::Store)}</span>
            <select id=hook data-test=hook on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                {all.map(|key| view! {
                    <option value="" selected=move || chosen.get().is_none()>
                        {i18n.text(key)}
                    </option>
                })}
                {move || store_options(ctx, chosen)}
            </select>
        </label>
    }
}

/// An add-form: its inputs (`children`), the add button (`action`, also its id) and the
/// form's refusal (`error_hook`).
#[component]
pub(super) fn AddForm(
    hook: &'static str,
    form: FormState,
    on_submit: impl FnMut(leptos::ev::SubmitEvent) + 'static,
    action: &'static str,
    label: Key,
    error_hook: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="add-form" data-test=hook on:submit=on_submit novalidate=true>
            <div class="form-fields">{children()}</div>
            <FormActions form=form hook=action label=label />
            <FormError hook=error_hook message=form.message(i18n) />
        </form>
    }
}

/// The submit button with its busy and "added" states.
#[component]
fn FormActions(form: FormState, hook: &'static str, label: Key) -> impl IntoView {
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

/// Why switching a row on or off was refused, until the next try.
#[component]
pub(super) fn ToggleError(hook: &'static str, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            view! {
                <p class="form-error" role="alert" data-test=hook>
                    {e.message(i18n.locale.get())}
                </p>
            }
        })
    }
}

/// A set-up list as it stands: loading, its load failure (`error_hook`) with `retry`,
/// `none` when it is empty, else its rows (`list_hook`).
pub(super) fn rows_view<T, V: IntoView + 'static>(
    i18n: I18n,
    list: Remote<Vec<T>>,
    list_hook: &'static str,
    error_hook: &'static str,
    none: Key,
    retry: impl Fn(leptos::ev::MouseEvent) + 'static,
    row: impl FnMut(T) -> V,
) -> AnyView {
    match list {
        Remote::Loading => loading(i18n),
        Remote::Failed(e) => load_failed(i18n, e, error_hook, retry),
        Remote::Ready(list) if list.is_empty() => empty(i18n, none),
        Remote::Ready(list) => view! {
            <ul class="rows" data-test=list_hook>
                {list.into_iter().map(row).collect_view()}
            </ul>
        }
        .into_any(),
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

fn load_failed(
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
