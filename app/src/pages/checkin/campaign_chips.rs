//! For a visitor whose source is 展示/活动: the store's campaigns on today's date, one chip
//! each; a second tap on the chosen one clears it (the visitor came for an event nobody
//! recorded).

use keyuan_shared::metrics::is_on;
use leptos::prelude::*;

use super::state::Ctx;
use crate::components::choice::ChoiceButton;
use crate::i18n::{use_i18n, Key};

#[component]
pub(super) fn CampaignChips(ctx: Ctx, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    // the store's today, as the log counts it (the server checks the arrival's day)
    let on_today = move || {
        let today = ctx.log.with(|l| l.as_ref().map(|l| l.date));
        ctx.campaigns
            .get()
            .into_iter()
            .filter(|c| today.is_some_and(|d| is_on(c, d)))
            .collect::<Vec<_>>()
    };
    let chips = move || {
        let campaigns = on_today();
        if campaigns.is_empty() {
            return view! {
                <p class="facts" data-test="no-campaign">{i18n.text(Key::NoCampaignToday)}</p>
            }
            .into_any();
        }
        campaigns
            .into_iter()
            .map(|c| {
                let id = c.id;
                let toggle =
                    move || chosen.update(|p| *p = if *p == Some(id) { None } else { Some(id) });
                view! {
                    <ChoiceButton class="chip" hook=format!("campaign-{id}")
                        pressed=move || chosen.get() == Some(id) on_press=toggle>
                        {c.name}
                    </ChoiceButton>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <fieldset class="chip-group" data-test="campaign-chips">
            <legend class="field-label">{i18n.text(Key::CampaignLabel)}</legend>
            <div class="chips">{chips}</div>
        </fieldset>
    }
}
