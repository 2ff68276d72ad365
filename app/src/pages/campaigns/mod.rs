//! 活动效果 Campaigns (展示/活动): the manager records the store's events and promotions
//! ([`form`]) and sees, for a period, what each brought in beside the store's average
//! ([`results`]). Live like the dashboard: a check-in naming a campaign updates its row.

use keyuan_shared::api::Campaign;
use keyuan_shared::Role;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::field::FormError;
use crate::components::screen_page::ScreenPage;
use crate::i18n::{use_i18n, Key};
use crate::pages::dashboard::period::{PeriodPicker, RangeChoice};
use crate::pages::dashboard::{live_report, LiveReport};
use crate::screens::Screen;

mod form;
mod results;

use form::CampaignForm;
use results::{CampaignTable, CostChart};

#[component]
pub fn CampaignsPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let choice = RangeChoice::new();
    let LiveReport {
        resource,
        loaded,
        error,
    } = live_report(api, choice.range, move |range| api.campaign_report(range));
    // the campaign whose name, dates and cost the form is changing; `None`: a new one
    let editing = RwSignal::new(None::<Campaign>);
    view! {
        <ScreenPage screen=Screen::Campaigns role=role>
            <p class="lede">{i18n.text(Key::CampaignsIntro)}</p>
            <CampaignForm editing=editing on_saved=Callback::new(move |_| resource.refetch()) />
            <PeriodPicker choice=choice />
            <FormError hook="report-error" message=error />
            <CampaignTable report=loaded editing=editing />
            <CostChart report=loaded />
        </ScreenPage>
    }
}
