//! 转介绍 Who referred this customer: a search box over the store's customers (name, or 3
//! or more digits of a number), the hits with how many customers each has referred, and
//! the pick with a clear button. Used by the check-in form; fits any form that sends
//! `referred_by`.

use std::time::Duration;

use keyuan_shared::api::CustomerHit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, ApiError};
use crate::components::prospect_bits::display_name;
use crate::i18n::{fill, use_i18n, Key};
use crate::latest::Latest;

/// The pause after the last keystroke before a search is sent.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

/// What the box has found so far.
#[derive(Debug, Clone, PartialEq)]
enum Hits {
    Idle,
    /// Digits only, but fewer than three.
    TooShort,
    Searching,
    Found(Vec<CustomerHit>),
    Failed(String),
}

/// Sets `chosen` to the picked customer's id; `None` until one is picked or after clear.
/// `prefix` goes in front of the `data-test` hooks (`{prefix}referrer-search`, …).
#[component]
pub fn ReferrerPicker(
    chosen: RwSignal<Option<i64>>,
    #[prop(default = "")] prefix: &'static str,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let hits = RwSignal::new(Hits::Idle);
    // the picked customer's label, for as long as `chosen` still names them
    let picked = RwSignal::new(None::<(i64, String)>);
    let generation = Latest::new();

    Effect::new(move |_| {
        let typed = q.get().trim().to_owned();
        let Some(this) = generation.next() else {
            return;
        };
        let digits = typed.chars().filter(char::is_ascii_digit).count();
        let numeric = !typed.is_empty()
            && typed
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '+');
        if typed.is_empty() {
            hits.set(Hits::Idle);
            return;
        }
        if numeric && digits < 3 {
            hits.set(Hits::TooShort);
            return;
        }
        hits.set(Hits::Searching);
        set_timeout(
            move || {
                if !generation.is(this) {
                    return;
                }
                spawn_local(async move {
                    let result = api.search_customers(&typed).await;
                    if !generation.is(this) {
                        return;
                    }
                    hits.set(match result {
                        Ok(list) => Hits::Found(list),
                        Err(ApiError::SignedOut) => Hits::Idle,
                        Err(e) => Hits::Failed(e.message(i18n.locale.get_untracked())),
                    });
                });
            },
            SEARCH_DELAY,
        );
    });

    let pick = move |hit: CustomerHit| {
        let label = format!(
            "{} · {}",
            display_name(&hit.name, &hit.phone),
            keyuan_shared::phone::display(&hit.phone)
        );
        picked.set(Some((hit.id, label)));
        chosen.set(Some(hit.id));
        q.set(String::new());
    };
    let clear = move |_| {
        chosen.set(None);
        picked.set(None);
    };

    let hit_list = move || {
        match hits.get() {
        Hits::Idle | Hits::Searching => ().into_any(),
        Hits::TooShort => view! { <p class="muted picker-state">{i18n.text(Key::ReferrerDigitsHint)}</p> }.into_any(),
        Hits::Failed(message) => view! { <p class="form-error picker-state" role="alert">{message}</p> }.into_any(),
        Hits::Found(list) if list.is_empty() => view! {
            <p class="muted picker-state" data-test=format!("{prefix}referrer-none")>{i18n.text(Key::ReferrerNoneFound)}</p>
        }
        .into_any(),
        Hits::Found(list) => view! {
            <ul class="picker-hits" data-test=format!("{prefix}referrer-hits")>
                {list.into_iter().map(|hit| {
                    let name = display_name(&hit.name, &hit.phone);
                    let phone = keyuan_shared::phone::display(&hit.phone);
                    let referrals = hit.referrals;
                    let id = hit.id;
                    view! {
                        <li>
                            <button type="button" class="picker-hit" data-test=format!("{prefix}referrer-hit") data-id=id
                                on:click=move |_| pick(hit.clone())>
                                <span class="picker-name">{name}</span>
                                <span class="picker-phone">{phone}</span>
                                {(referrals > 0).then(|| view! {
                                    <span class="tag tag-referrals some">{move || fill(i18n.tr(Key::ReferralsShort), "n", referrals)}</span>
                                })}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    };

    let input_id = format!("{prefix}referrer-search");
    view! {
        <div class="field referrer-picker" data-test=format!("{prefix}referrer-picker")>
            <label class="field-label" for=input_id.clone()>{i18n.text(Key::ReferrerLabel)}</label>
            {move || match (chosen.get(), picked.get()) {
                (Some(id), label) => {
                    let label = label.filter(|(p, _)| *p == id).map(|(_, l)| l).unwrap_or_else(|| format!("#{id}"));
                    view! {
                        <div class="picker-chosen" data-test=format!("{prefix}referrer-chosen") data-id=id>
                            <span class="picker-chosen-name">{label}</span>
                            <button type="button" class="btn btn-quiet btn-small" data-test=format!("{prefix}referrer-clear") on:click=clear>
                                {i18n.text(Key::ReferrerClear)}
                            </button>
                        </div>
                    }
                    .into_any()
                }
                (None, _) => view! {
                    <input
                        id=input_id.clone()
                        type="search"
                        inputmode="search"
                        autocomplete="off"
                        data-test=format!("{prefix}referrer-search")
                        placeholder=i18n.text(Key::ReferrerPlaceholder)
                        prop:value=move || q.get()
                        on:input=move |ev| q.set(event_target_value(&ev))
                    />
                    {hit_list}
                }
                .into_any(),
            }}
        </div>
    }
}
