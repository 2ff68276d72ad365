//! 客源目标 Prospect target (月度客源开发目标): how many prospects each source must bring
//! for next month's sales target, from the store's last three months, with the manager's
//! what-ifs. Every change asks the server again (`POST /prospect-plan`, which writes
//! nothing); the arithmetic is `keyuan_shared::metrics::prospect_plan`.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use keyuan_shared::api::{
    MonthTargets, PlanRequest, PlanRow, ProspectPlan, SourceOverride, Targets,
};
use keyuan_shared::metrics::{format_average, format_rate, history_window, parse_month};
use keyuan_shared::{Role, Source};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, ApiError};
use crate::components::field::{DateField, FormError};
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, source_key, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::screens::Screen;

/// The month after this device's today, `YYYY-MM`.
fn next_month() -> String {
    let now = js_sys::Date::new_0();
    let first = NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, 1)
        .unwrap_or_default();
    let next = first + Months::new(1);
    format!("{:04}-{:02}", next.year(), next.month())
}

/// "30" (per cent) as 0.3; empty or not a number: no what-if.
fn percent(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().map(|p| p / 100.0)
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), format_average)
}

/// The what-ifs the manager typed, as the request sends them.
#[derive(Debug, Clone, Copy)]
struct WhatIfs {
    overrides: RwSignal<BTreeMap<Source, SourceOverride>>,
    target_conversion: RwSignal<BTreeMap<Source, f64>>,
}

impl WhatIfs {
    fn set(self, source: Source, change: impl Fn(&mut SourceOverride)) {
        self.overrides.update(|all| {
            let entry = all.entry(source).or_default();
            change(entry);
            if *entry == SourceOverride::default() {
                all.remove(&source);
            }
        });
    }
}

#[component]
pub fn PlannerPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let month = RwSignal::new(next_month());
    let target = RwSignal::new(String::from("100"));
    let what_ifs = WhatIfs {
        overrides: RwSignal::new(BTreeMap::new()),
        target_conversion: RwSignal::new(BTreeMap::new()),
    };
    let plan = RwSignal::new(None::<ProspectPlan>);
    let error = RwSignal::new(None::<String>);
    let latest = Latest::new();
    Effect::new(move |_| {
        let Ok(sales_target) = target.get().trim().parse::<i64>() else {
            return;
        };
        let request = PlanRequest {
            month: month.get(),
            sales_target,
            overrides: what_ifs.overrides.get(),
            target_conversion: what_ifs.target_conversion.get(),
        };
        latest.load(
            async move { api.prospect_plan(&request).await },
            plan,
            error,
            i18n,
        );
    });
    let window = move || {
        parse_month(&month.get()).ok().map(|first| {
            let w = history_window(first);
            fill(&fill(i18n.tr(Key::PlanHistory), "from", w.from), "to", w.to)
        })
    };

    view! {
        <ScreenPage screen=Screen::Planner role=role>
            <p class="lede">{i18n.text(Key::PlanIntro)}</p>
            <div class="card plan-inputs">
                <DateField hook="plan-month" label=Key::PlanMonth value=month kind="month" />
                <label class="field" for="plan-target">
                    <span class="field-label">{i18n.text(Key::PlanTarget)}</span>
                    <input id="plan-target" data-test="plan-target" type="number" min="0" inputmode="numeric"
                        prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev)) />
                </label>
                <p class="facts" data-test="plan-window">{window}</p>
            </div>
            <FormError hook="plan-error" message=error />
            <PlanSheet plan=plan what_ifs=what_ifs />
            <SaveAsTargets plan=plan />
        </ScreenPage>
    }
}

const COLUMNS: [Key; 7] = [
    Key::ColMix,
    Key::ColDeals,
    Key::ColConversion,
    Key::ColNeeded,
    Key::ColCurrent,
    Key::ColGap,
    Key::ColTargetConversion,
];

#[component]
fn PlanSheet(plan: RwSignal<Option<ProspectPlan>>, what_ifs: WhatIfs) -> impl IntoView {
    let i18n = use_i18n();
    let headings = COLUMNS
        .iter()
        .map(|c| view! { <th scope="col">{i18n.text(*c)}</th> })
        .collect_view();
    let rows = Source::ALL
        .iter()
        .map(|&source| view! { <PlanLine source=source plan=plan what_ifs=what_ifs /> })
        .collect_view();
    let total = move || plan.with(|p| p.as_ref().map(|p| p.total));
    view! {
        <section class="card figures-table plan-sheet" data-test="plan-sheet" aria-labelledby="plan-title">
            <h2 class="chart-title" id="plan-title">{i18n.text(Key::PlanSheetTitle)}</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr><th scope="col">{i18n.text(Key::SourceLabel)}</th>{headings}</tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr data-test="plan-total">
                            <th scope="row">{i18n.text(Key::PlanTotal)}</th>
                            <td></td>
                            <td>{move || number(total().and_then(|t| t.deals))}</td>
                            <td></td>
                            <td data-test="needed">{move || total().and_then(|t| t.needed).map_or("—".to_owned(), |n| n.to_string())}</td>
                            <td>{move || number(total().map(|t| t.current))}</td>
                            <td data-test="gap">{move || number(total().and_then(|t| t.gap))}</td>
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// One source's line: the inputs the manager may override, with the history's value as
/// their placeholder, and what follows from them.
#[component]
fn PlanLine(
    source: Source,
    plan: RwSignal<Option<ProspectPlan>>,
    what_ifs: WhatIfs,
) -> impl IntoView {
    let i18n = use_i18n();
    let row = move || -> Option<PlanRow> {
        plan.with(|p| {
            p.as_ref()?
                .sources
                .iter()
                .find(|r| r.source == source)
                .copied()
        })
    };
    let input = move |column: Key,
                      hook: &'static str,
                      shown: fn(&PlanRow) -> String,
                      typed: Box<dyn Fn(String) + Send + Sync>| {
        let label = move || label_of(i18n, source, column);
        view! {
            <td>
                <input type="number" class="plan-input" step="any" min="0" inputmode="decimal"
                    data-test=format!("{hook}-{}", source.as_str()) aria-label=label
                    placeholder=move || row().map(|r| shown(&r)).unwrap_or_default()
                    on:input=move |ev| typed(event_target_value(&ev)) />
            </td>
        }
    };
    view! {
        <tr data-test="plan-row" data-source=source.as_str()>
            <th scope="row">{i18n.text(source_key(source))}</th>
            {input(Key::ColMix, "mix", |r| format_rate(r.mix), Box::new(move |t| what_ifs.set(source, |o| o.mix = percent(&t))))}
            <td data-test="deals">{move || number(row().and_then(|r| r.deals))}</td>
            {input(Key::ColConversion, "conversion", |r| format_rate(r.conversion), Box::new(move |t| what_ifs.set(source, |o| o.conversion = percent(&t))))}
            <td data-test="needed">{move || row().and_then(|r| r.needed).map_or("—".to_owned(), |n| n.to_string())}</td>
            {input(Key::ColCurrent, "current", |r| format_average(r.current), Box::new(move |t| what_ifs.set(source, |o| o.current = t.trim().parse().ok())))}
            <td data-test="gap">{move || number(row().and_then(|r| r.gap))}</td>
            {input(Key::ColTargetConversion, "target-conversion", |_| String::new(), Box::new(move |t| {
                what_ifs.target_conversion.update(|all| match percent(&t) {
                    Some(rate) => { all.insert(source, rate); }
                    None => { all.remove(&source); }
                })
            }))}
        </tr>
    }
}

/// "自然到店：④ 转化率": an input's name for screen readers (the table's headings are
/// not its label).
fn label_of(i18n: I18n, source: Source, column: Key) -> String {
    let text = fill(
        i18n.tr(Key::PlanInputLabel),
        "source",
        i18n.tr(source_key(source)),
    );
    fill(&text, "column", i18n.tr(column))
}

/// Saves the sheet as the month's store targets, which the weekly plan (周计划) splits
/// by week: the sales target as sales and orders, the total needed as new prospects.
/// Consultants' targets already set for the month stay as they are.
#[component]
fn SaveAsTargets(plan: RwSignal<Option<ProspectPlan>>) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let Some(sheet) = plan.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let body = MonthTargets {
            month: sheet.month.clone(),
            store: Targets {
                sales: sheet.sales_target,
                orders: sheet.sales_target,
                prospects: sheet.total.needed.unwrap_or(0),
            },
            consultants: Vec::new(),
        };
        busy.set(true);
        done.set(false);
        error.set(None);
        spawn_local(async move {
            match api.save_month_targets(&body).await {
                Ok(_) => {
                    done.try_set(true);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    error.try_set(Some(e.message(i18n.locale.get_untracked())));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="card plan-save">
            <p class="facts">{i18n.text(Key::PlanSaveHint)}</p>
            <button type="button" class="btn btn-primary" data-test="plan-save"
                disabled=move || busy.get() || plan.with(|p| p.is_none()) on:click=save>
                {i18n.text(Key::PlanSave)}
            </button>
            {move || done.get().then(|| view! { <p class="notice" role="status" data-test="plan-saved">{i18n.tr(Key::TargetsSaved)}</p> })}
            <FormError hook="plan-save-error" message=error />
        </div>
    }
}
