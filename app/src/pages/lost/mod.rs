//! 战败分析 Lost deals (战败客户分析表): why deals are lost, by model, for a period — the
//! Pareto chart of reasons, the reason × model [`matrix`] with the groups' subtotals, and
//! the deals behind a tapped cell, each opening its prospect card. Live like the dashboard.

use keyuan_shared::api::{LostAnalysis, LostAnalysisDeal};
use keyuan_shared::metrics::DateRange;
use keyuan_shared::Role;
use leptos::prelude::*;

use crate::api::{use_api, LostCellPick, ModelPick};
use crate::components::field::FormError;
use crate::components::prospect_bits::{group_key, reason_key};
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, use_i18n, Key};
use crate::pages::dashboard::period::{PeriodPicker, RangeChoice};
use crate::pages::dashboard::{live_report, LiveReport};
use crate::screens::Screen;

mod matrix;
mod pareto;

use matrix::{model_name, LostMatrix};
use pareto::Pareto;

#[component]
pub fn LostPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let choice = RangeChoice::new();
    let range = choice.range;
    let LiveReport { loaded, error, .. } =
        live_report(api, range, move |range| api.lost_analysis(range));
    let picked = RwSignal::new(None::<LostCellPick>);
    // a new period starts with no cell open
    Effect::new(move |_| {
        range.track();
        picked.set(None);
    });
    let total = move || {
        loaded.get().map(|a| {
            if a.total == 0 {
                i18n.tr(Key::NoLostDeals).to_owned()
            } else {
                fill(i18n.tr(Key::LostTotal), "n", a.total)
            }
        })
    };
    view! {
        <ScreenPage screen=Screen::Lost role=role>
            <p class="lede">{i18n.text(Key::LostIntro)}</p>
            <PeriodPicker choice=choice />
            <FormError hook="report-error" message=error />
            <p class="lost-total" data-test="lost-summary" aria-live="polite">{total}</p>
            <Pareto analysis=loaded />
            <LostMatrix analysis=loaded picked=picked />
            {move || picked.get().map(|cell| view! { <CellDeals cell=cell range=range analysis=loaded /> })}
        </ScreenPage>
    }
}

/// The deals behind the tapped cell.
#[component]
fn CellDeals(
    cell: LostCellPick,
    range: RwSignal<DateRange>,
    analysis: Signal<Option<LostAnalysis>>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let deals = LocalResource::new(move || {
        let range = range.get();
        async move { api.lost_deals(range, cell).await }
    });
    let title = move || {
        let reason = match (cell.reason, cell.group) {
            (Some(r), _) => i18n.tr(reason_key(r)),
            (None, Some(g)) => i18n.tr(group_key(g)),
            (None, None) => i18n.tr(Key::AllReasons),
        };
        let model = match cell.model {
            ModelPick::Every => i18n.tr(Key::AllModels).to_owned(),
            ModelPick::NoModel => i18n.tr(Key::NoModel).to_owned(),
            ModelPick::Model(id) => analysis
                .get()
                .and_then(|a| {
                    a.models
                        .into_iter()
                        .find(|m| m.vehicle_model_id == Some(id))
                })
                .map(|m| model_name(i18n, &m))
                .unwrap_or_default(),
        };
        fill(
            &fill(i18n.tr(Key::CellDealsTitle), "reason", reason),
            "model",
            model,
        )
    };
    let list = move || match deals.get() {
        None => view! { <p class="muted" aria-busy="true">{i18n.tr(Key::Loading)}</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="form-error" role="alert">{e.message(i18n.locale.get())}</p> }
                .into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="lost-deals">
                {list.into_iter().map(|d| view! { <LostDealRow deal=d /> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="card lost-cell" data-test="cell-deals" aria-labelledby="cell-deals-title">
            <h2 class="chart-title" id="cell-deals-title">{title}</h2>
            {list}
        </section>
    }
}

#[component]
fn LostDealRow(deal: LostAnalysisDeal) -> impl IntoView {
    let i18n = use_i18n();
    let name = if deal.customer_name.trim().is_empty() {
        deal.customer_phone.clone()
    } else {
        deal.customer_name.clone()
    };
    let date = deal.decided_at.format("%Y-%m-%d").to_string();
    view! {
        <li class="lost-deal" data-test="lost-deal">
            <a class="lost-deal-name" data-test="open-card" href=format!("/prospects/{}", deal.prospect_id)>{name}</a>
            <span class="row-sub">
                <span>{deal.customer_phone}</span>
                <span class="sep">"·"</span>
                <span>{deal.consultant_name}</span>
                <span class="sep">"·"</span>
                <span>{i18n.tr(reason_key(deal.reason))}</span>
                <span class="sep">"·"</span>
                <span>{fill(i18n.tr(Key::LostDecidedOn), "date", date)}</span>
            </span>
            {(!deal.note.is_empty()).then(|| view! { <p class="lost-note">{deal.note}</p> })}
        </li>
    }
}
