//! The stores section (admin only): the list and the add-store form.

use keyuan_shared::api::NewStore;
use keyuan_shared::validate::Validate;
use keyuan_shared::DEFAULT_TIME_ZONE;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{FormState, Problem, Remote};
use super::widgets::{empty, load_failed, loading, FormActions};
use super::SetupCtx;
use crate::api::use_api;
use crate::components::field::{FormError, TextField};
use crate::i18n::{use_i18n, Key};

/// Time zones offered for a new store (any IANA name may be typed).
const TIME_ZONES: &[&str] = &[
    "Asia/Shanghai",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
];

#[component]
pub(super) fn StoresSection(ctx: SetupCtx) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let time_zone = RwSignal::new(DEFAULT_TIME_ZONE.to_owned());
    let form = FormState::new();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let body = NewStore {
            name: name.get_untracked().trim().to_owned(),
            time_zone: Some(time_zone.get_untracked().trim().to_owned()),
        };
        if let Err(e) = body.validate() {
            form.reject(Problem::check(e));
            return;
        }
        form.start();
        spawn_local(async move {
            let result = api.create_store(&body).await.map(|store| {
                ctx.stores.update(|s| match s {
                    Remote::Ready(list) => list.push(store),
                    other => *other = Remote::Ready(vec![store]),
                });
                name.set(String::new());
            });
            form.finish(result);
        });
    };

    let reload = move |_| {
        ctx.stores.set(Remote::Loading);
        spawn_local(async move { ctx.stores.set(Remote::from_result(api.stores().await)) });
    };

    view! {
        <section class="card setup-section" data-test="stores-section">
            <h2>{i18n.text(Key::SectionStores)}</h2>
            {move || match ctx.stores.get() {
                Remote::Loading => loading(i18n),
                Remote::Failed(e) => load_failed(i18n, e, "store-list-error", reload),
                Remote::Ready(list) if list.is_empty() => empty(i18n, Key::NoStores),
                Remote::Ready(list) => {
                    view! {
                        <ul class="rows" data-test="store-list">
                            {list
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <li class="row" data-test="store-row" data-id=s.id>
                                            <div class="row-main">
                                                <span class="row-title">{s.name}</span>
                                                <span class="row-sub">{s.time_zone}</span>
                                            </div>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <form class="add-form" data-test="store-form" on:submit=submit novalidate=true>
                <div class="form-fields">
                    <TextField hook="new-store-name" label=Key::StoreName value=name invalid=form.invalid("name") />
                    <TextField
                        hook="new-store-tz"
                        label=Key::TimeZone
                        value=time_zone
                        invalid=form.invalid("time_zone")
                        list="time-zones"
                    />
                    <datalist id="time-zones">
                        {TIME_ZONES.iter().map(|tz| view! { <option value=*tz></option> }).collect_view()}
                    </datalist>
                </div>
                <FormActions form=form hook="add-store" label=Key::AddStore />
                <FormError hook="store-form-error" message=form.message(i18n) />
            </form>
        </section>
    }
}
