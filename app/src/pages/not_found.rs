//! Any path that is not a screen.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="screen" data-test="not-found">
            <div class="card narrow">
                <h1 class="screen-title">{i18n.text(Key::NotFound)}</h1>
                <a class="btn btn-primary" href="/">
                    {i18n.text(Key::BackHome)}
                </a>
            </div>
        </section>
    }
}
