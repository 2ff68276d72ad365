//! Labelled form inputs with a stable `id` and `data-test` hook and an invalid state.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

/// A text input bound to `value`. `hook` is both the element id and its `data-test`.
#[component]
pub fn TextField(
    hook: &'static str,
    label: Key,
    value: RwSignal<String>,
    /// Whether the server or a pre-check found this field at fault.
    #[prop(into)]
    invalid: Signal<bool>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] list: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field" class:invalid=move || invalid.get() for=hook>
            <span class="field-label">{i18n.text(label)}</span>
            <input
                id=hook
                data-test=hook
                name=hook
                type=kind
                autocomplete=autocomplete
                list=list
                aria-invalid=move || invalid.get().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A caption over its input (`children`): a `<label>` for the element with id `input`,
/// marked while `invalid`.
#[component]
pub fn Field(
    #[prop(into)] input: String,
    label: Key,
    #[prop(into, optional)] invalid: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field" class:invalid=move || invalid.get() for=input>
            <span class="field-label">{i18n.text(label)}</span>
            {children()}
        </label>
    }
}

/// A date input (`YYYY-MM-DD`; with `kind="month"` a month, `YYYY-MM`) under its
/// caption; `hook` is both the element id and its `data-test`.
#[component]
pub fn DateField(
    hook: &'static str,
    label: Key,
    value: RwSignal<String>,
    #[prop(default = "date")] kind: &'static str,
) -> impl IntoView {
    view! {
        <Field input=hook label=label>
            <input id=hook data-test=hook type=kind
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:change=move |ev| value.set(event_target_value(&ev)) />
        </Field>
    }
}

/// A form's error line (`role="alert"`), shown only when there is an error.
#[component]
pub fn FormError(
    hook: &'static str,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p class="form-error" role="alert" data-test=hook>
                    {m}
                </p>
            }
        })
    }
}
