//! What each campaign brought in: the table with the store's average as its last row,
//! and the cost per order as bars beside the average.

use keyuan_shared::api::{Campaign, CampaignAverage, CampaignReport, CampaignResult};
use keyuan_shared::metrics::{format_average, format_yuan};
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, Key};
use crate::pages::dashboard::charts::{Bar, BarChart};

/// The table's count columns: caption, test hook, a campaign's value, the average's.
type CountColumn = (
    Key,
    &'static str,
    fn(&CampaignResult) -> i64,
    fn(&CampaignAverage) -> f64,
);
const COUNTS: [CountColumn; 6] = [
    (Key::ColVisits, "visits", |r| r.counts.visits, |a| a.visits),
    (
        Key::ColFirstVisits,
        "first-visits",
        |r| r.counts.first_visits,
        |a| a.first_visits,
    ),
    (
        Key::ColCaptured,
        "captured",
        |r| r.counts.captured,
        |a| a.captured,
    ),
    (
        Key::ColTestDrives,
        "test-drives",
        |r| r.counts.test_drives,
        |a| a.test_drives,
    ),
    (
        Key::ColProspects,
        "prospects",
        |r| r.counts.prospects,
        |a| a.prospects,
    ),
    (Key::ColOrders, "orders", |r| r.counts.orders, |a| a.orders),
];

fn dates(c: &Campaign) -> String {
    if c.starts_on == c.ends_on {
        c.starts_on.to_string()
    } else {
        format!("{} – {}", c.starts_on, c.ends_on)
    }
}

#[component]
pub(super) fn CampaignTable(
    report: Signal<Option<CampaignReport>>,
    editing: RwSignal<Option<Campaign>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |r: CampaignResult| {
        let cells = COUNTS
            .iter()
            .map(|(_, hook, value, _)| view! { <td data-test=format!("campaign-{hook}")>{value(&r)}</td> })
            .collect_view();
        let picked = r.campaign.clone();
        let edit_label = fill(i18n.tr(Key::EditCampaignOf), "name", &r.campaign.name);
        view! {
            <tr data-test="campaign-row" data-id=r.campaign.id>
                <th scope="row">
                    <span class="row-title">{r.campaign.name.clone()}</span>
                    <span class="facts">{dates(&r.campaign)}</span>
                </th>
                <td data-test="campaign-cost">{format_yuan(Some(r.campaign.cost as f64))}</td>
                {cells}
                <td data-test="campaign-cost-per-order">{format_yuan(r.cost_per_order)}</td>
                <td>
                    <button type="button" class="btn btn-edit" data-test="edit-campaign" aria-label=edit_label
                        on:click=move |_| editing.set(Some(picked.clone()))>
                        {i18n.text(Key::EditCampaign)}
                    </button>
                </td>
            </tr>
        }
    };
    let average = move |a: CampaignAverage| {
        let cells = COUNTS
            .iter()
            .map(|(_, hook, _, value)| view! { <td data-test=format!("average-{hook}")>{format_average(value(&a))}</td> })
            .collect_view();
        view! {
            <tr class="total-row" data-test="campaign-average">
                <th scope="row">{i18n.text(Key::StoreAverage)}</th>
                <td>{format_yuan(Some(a.cost))}</td>
                {cells}
                <td data-test="average-cost-per-order">{format_yuan(a.cost_per_order)}</td>
                <td></td>
            </tr>
        }
    };
    let body = move || {
        let Some(report) = report.get() else {
            return view! { <p class="muted" aria-busy="true">{i18n.tr(Key::Loading)}</p> }
                .into_any();
        };
        if report.campaigns.is_empty() {
            return view! { <p class="muted" data-test="no-campaigns">{i18n.tr(Key::NoCampaigns)}</p> }.into_any();
        }
        view! {
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Key::ColCampaign)}</th>
                            <th scope="col">{i18n.text(Key::ColCost)}</th>
                            {COUNTS.iter().map(|(k, ..)| view! { <th scope="col">{i18n.text(*k)}</th> }).collect_view()}
                            <th scope="col">{i18n.text(Key::ColCostPerOrder)}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.text(Key::EditCampaign)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{report.campaigns.into_iter().map(row).collect_view()}</tbody>
                    <tfoot>{report.average.map(average)}</tfoot>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card figures-table campaigns" data-test="campaign-results" aria-labelledby="campaigns-title">
            <h2 class="chart-title" id="campaigns-title">{i18n.text(Key::CampaignsTitle)}</h2>
            <p class="facts">{i18n.text(Key::CampaignHint)}</p>
            {body}
        </section>
    }
}

/// Cost per order of each campaign that brought an order, and the store's average, in
/// thousands of yuan (千元): a dealer's figures run to tens of thousands, more digits than
/// the axis has room for; the table has them to the yuan.
fn thousands(yuan: f64) -> i64 {
    (yuan / 1000.0).round() as i64
}

#[component]
pub(super) fn CostChart(report: Signal<Option<CampaignReport>>) -> impl IntoView {
    let i18n = use_i18n();
    let bars = Signal::derive(move || {
        let Some(report) = report.get() else {
            return Vec::new();
        };
        let mut bars: Vec<Bar> = report
            .campaigns
            .iter()
            .filter_map(|r| {
                Some(Bar {
                    label: r.campaign.name.clone(),
                    value: thousands(r.cost_per_order?),
                })
            })
            .collect();
        if let Some(average) = report.average.and_then(|a| a.cost_per_order) {
            bars.push(Bar {
                label: i18n.tr(Key::AverageBar).to_owned(),
                value: thousands(average),
            });
        }
        bars
    });
    move || {
        (!bars.get().is_empty()).then(|| {
            view! { <BarChart title=Key::CostPerOrderChart axis=None hook="cost-per-order" bars=bars /> }
        })
    }
}
