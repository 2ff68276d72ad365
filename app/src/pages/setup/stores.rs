//! The stores section (admin only): the list and the add-store form.

use keyuan_shared::api::{NewStore, Store, StorePatch};
use keyuan_shared::validate::Validate;
use keyuan_shared::DEFAULT_TIME_ZONE;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{FormState, Problem, Remote};
use super::widgets::{rows_view, AddForm};
use super::SetupCtx;
use crate::api::{use_api, ApiError};
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
        form.send(async move { api.create_store(&body).await }, move |store| {
            ctx.stores.update(|s| match s {
                Remote::Ready(list) => list.push(store),
                other => *other = Remote::Ready(vec![store]),
            });
            name.set(String::new());
        });
    };

    // the store's rotation rule: consultants with overdue follow-ups skip the walk-ins
    let rule_error = RwSignal::new(None::<String>);
    let skip_overdue = move |id: i64, on: bool| {
        let patch = StorePatch {
            rotation_skips_overdue: Some(on),
            ..StorePatch::default()
        };
        rule_error.set(None);
        spawn_local(async move {
            match api.patch_store(id, &patch).await {
                Ok(store) => ctx.stores.update(|s| {
                    if let Remote::Ready(list) = s {
                        if let Some(row) = list.iter_mut().find(|r| r.id == store.id) {
                            *row = store;
                        }
                    }
                }),
                Err(ApiError::SignedOut) => {}
                Err(e) => rule_error.set(Some(e.message(i18n.locale.get_untracked()))),
            }
        });
    };

    let reload = move |_| {
        ctx.stores.set(Remote::Loading);
        spawn_local(async move { ctx.stores.set(Remote::from_result(api.stores().await)) });
    };

    view! {
        <section class="card setup-section" data-test="stores-section">
            <h2>{i18n.text(Key::SectionStores)}</h2>
            {move || {
                let row = move |s: Store| {
                    let (id, on) = (s.id, s.rotation_skips_overdue);
                    view! {
                        <li class="row" data-test="store-row" data-id=s.id>
                            <div class="row-main">
                                <span class="row-title">{s.name}</span>
                                <span class="row-sub">{s.time_zone}</span>
                            </div>
                            <button type="button" class="btn btn-small" data-test="rotation-rule-toggle"
                                aria-pressed=on.to_string() on:click=move |_| skip_overdue(id, !on)>
                                {i18n.text(if on { Key::RotationRuleOn } else { Key::RotationRuleOff })}
                            </button>
                        </li>
                    }
                };
                rows_view(i18n, ctx.stores.get(), "store-list", "store-list-error", Key::NoStores, reload, row)
            }}
            <p class="facts">{i18n.text(Key::RotationRuleHint)}</p>
            <FormError hook="rotation-rule-error" message=rule_error />
            <AddForm hook="store-form" form=form on_submit=submit action="add-store" label=Key::AddStore error_hook="store-form-error">
                <TextField hook="new-store-name" label=Key::StoreName value=name invalid=form.invalid("name") />
                <TextField hook="new-store-tz" label=Key::TimeZone value=time_zone invalid=form.invalid("time_zone") list="time-zones" />
                <datalist id="time-zones">
                    {TIME_ZONES.iter().map(|tz| view! { <option value=*tz></option> }).collect_view()}
                </datalist>
            </AddForm>
        </section>
    }
}
