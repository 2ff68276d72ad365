//! A button that stands for one choice of several: a chip, a segment, a grade, a switch.

use leptos::prelude::*;

/// A `type="button"` that shows (class `on`, `aria-pressed`) whether its choice is the one
/// made, and calls `on_press` when tapped. `hook` is its `data-test`.
#[component]
pub fn ChoiceButton(
    /// Its classes (`chip`, `segment`, …).
    #[prop(into)]
    class: String,
    #[prop(into)] hook: String,
    #[prop(into)] pressed: Signal<bool>,
    on_press: impl Fn() + Send + Sync + 'static,
    #[prop(into, optional)] disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            class:on=move || pressed.get()
            data-test=hook
            aria-pressed=move || pressed.get().to_string()
            disabled=move || disabled.get()
            on:click=move |_| on_press()
        >
            {children()}
        </button>
    }
}
