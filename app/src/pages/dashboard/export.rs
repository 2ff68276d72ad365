//! The CSV downloads of the period: visits, prospects and lost deals.
//!
//! The file is fetched with the bearer token (a plain link could not send it) and handed
//! to the browser as a download.

use keyuan_shared::metrics::DateRange;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{use_api, ApiError, Export};
use crate::components::field::FormError;
use crate::i18n::{use_i18n, Key};

const fn label(export: Export) -> Key {
    match export {
        Export::Visits => Key::ExportVisits,
        Export::Prospects => Key::ExportProspects,
        Export::Lost => Key::ExportLost,
    }
}

#[component]
pub fn ExportButtons(range: RwSignal<DateRange>) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let busy = RwSignal::new(None::<Export>);
    let error = RwSignal::new(None::<String>);
    let download = move |export: Export| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(export));
        error.set(None);
        let range = range.get_untracked();
        spawn_local(async move {
            match api.export_csv(export, range).await {
                Ok(bytes) => {
                    let file = format!("{}-{}-{}.csv", export.name(), range.from, range.to);
                    if save(&bytes, &file).is_err() {
                        error.try_set(Some(i18n.tr(Key::UnexpectedError).to_owned()));
                    }
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    error.try_set(Some(e.message(i18n.locale.get_untracked())));
                }
            }
            busy.try_set(None);
        });
    };
    let buttons = Export::ALL
        .into_iter()
        .map(|export| {
            view! {
                <button type="button" class="btn" data-test=format!("export-{}", export.name())
                    disabled=move || busy.get().is_some() on:click=move |_| download(export)>
                    {move || i18n.tr(if busy.get() == Some(export) { Key::Exporting } else { label(export) })}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card export" aria-labelledby="export-title">
            <h2 class="chart-title" id="export-title">{i18n.text(Key::ExportTitle)}</h2>
            <div class="export-buttons">{buttons}</div>
            <FormError hook="export-error" message=error />
        </section>
    }
}

/// Hands `bytes` to the browser as a file called `name`.
fn save(bytes: &[u8], name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(wasm_bindgen::JsValue::NULL)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // the download reads the address after this returns: let it go a little later
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
