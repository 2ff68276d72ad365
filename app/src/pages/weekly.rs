//! 周计划 Weekly plan (客源管理行动计划表): the month's targets — sales, orders, new
//! prospects — for the store and each consultant, set by the manager, split across the
//! month's Monday weeks by days, with each week's actuals and the gap; this week
//! highlighted. The split is `keyuan_shared::metrics::weekly_line`, run by the server.

use chrono::Datelike;
use keyuan_shared::api::{
    ConsultantTargets, MonthTargets, Targets, WeekFigures, WeeklyLine, WeeklyPlan,
};
use keyuan_shared::metrics::format_average;
use keyuan_shared::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, ApiError};
use crate::components::field::{DateField, FormError};
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::screens::Screen;

/// This month on the device's calendar, `YYYY-MM`.
fn this_month() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}", now.get_full_year(), now.get_month() + 1)
}

const KINDS: [(Key, &str); 3] = [
    (Key::TargetSales, "sales"),
    (Key::TargetOrders, "orders"),
    (Key::TargetProspects, "prospects"),
];

fn of(t: &Targets, kind: usize) -> i64 {
    [t.sales, t.orders, t.prospects][kind]
}

fn set(t: &mut Targets, kind: usize, value: i64) {
    match kind {
        0 => t.sales = value,
        1 => t.orders = value,
        _ => t.prospects = value,
    }
}

#[component]
pub fn WeeklyPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let month = RwSignal::new(this_month());
    let plan = RwSignal::new(None::<WeeklyPlan>);
    let error = RwSignal::new(None::<String>);
    let latest = Latest::new();
    Effect::new(move |_| {
        let m = month.get();
        latest.load(async move { api.weekly_plan(&m).await }, plan, error, i18n);
    });
    // the line the weeks table shows: `None` the store, else a consultant
    let shown = RwSignal::new(None::<i64>);
    // outlives the form, which is drawn anew with the saved plan
    let saved = RwSignal::new(false);
    view! {
        <ScreenPage screen=Screen::Weekly role=role>
            <p class="lede">{i18n.text(Key::WeeklyIntro)}</p>
            <div class="card plan-inputs">
                <DateField hook="weekly-month" label=Key::PlanMonth value=month kind="month" />
            </div>
            <FormError hook="weekly-error" message=error />
            {move || plan.get().map(|p| view! {
                <TargetsForm plan=p.clone() saved=saved on_saved=Callback::new(move |p| plan.set(Some(p))) />
                <WeeksTable plan=p shown=shown />
            })}
        </ScreenPage>
    }
}

/// The month's targets: the store's and each consultant's, saved together.
#[component]
fn TargetsForm(
    plan: WeeklyPlan,
    saved: RwSignal<bool>,
    on_saved: Callback<WeeklyPlan>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let store = RwSignal::new(plan.store.month_targets.unwrap_or_default());
    let people: Vec<(i64, String, RwSignal<Targets>)> = plan
        .consultants
        .iter()
        .filter_map(|c| {
            Some((
                c.consultant_id?,
                c.name.clone().unwrap_or_default(),
                RwSignal::new(c.month_targets.unwrap_or_default()),
            ))
        })
        .collect();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let month = plan.month.clone();
    let everyone = people.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = MonthTargets {
            month: month.clone(),
            store: store.get_untracked(),
            consultants: everyone
                .iter()
                .map(|(id, _, t)| ConsultantTargets {
                    consultant_id: *id,
                    targets: t.get_untracked(),
                })
                .collect(),
        };
        busy.set(true);
        error.set(None);
        saved.set(false);
        spawn_local(async move {
            match api.save_month_targets(&body).await {
                Ok(plan) => {
                    saved.try_set(true);
                    on_saved.run(plan);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    error.try_set(Some(e.message(i18n.locale.get_untracked())));
                }
            }
            busy.try_set(false);
        });
    };
    let row = move |who: String, hook: String, targets: RwSignal<Targets>| {
        let cells = KINDS
            .iter()
            .enumerate()
            .map(|(kind, (label, slug))| {
                let said = fill(&fill(i18n.tr(Key::PlanInputLabel), "source", &who), "column", i18n.tr(*label));
                view! {
                    <td>
                        <input type="number" class="plan-input" min="0" inputmode="numeric" aria-label=said
                            data-test=format!("target-{hook}-{slug}")
                            prop:value=move || targets.with(|t| of(t, kind)).to_string()
                            on:input=move |ev| {
                                let value = event_target_value(&ev).trim().parse().unwrap_or(0);
                                targets.update(|t| set(t, kind, value));
                            } />
                    </td>
                }
            })
            .collect_view();
        view! { <tr><th scope="row">{who.clone()}</th>{cells}</tr> }
    };
    let consultant_rows = people
        .into_iter()
        .map(|(id, name, t)| row(name, id.to_string(), t))
        .collect_view();
    view! {
        <form class="card figures-table targets-form" data-test="targets-form" on:submit=save aria-labelledby="targets-title">
            <h2 class="chart-title" id="targets-title">{i18n.text(Key::TargetsTitle)}</h2>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Key::ColConsultant)}</th>
                            {KINDS.iter().map(|(k, _)| view! { <th scope="col">{i18n.text(*k)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {row(i18n.tr(Key::WholeStore).to_owned(), "store".to_owned(), store)}
                        {consultant_rows}
                    </tbody>
                </table>
            </div>
            <button type="submit" class="btn btn-primary" data-test="save-targets" disabled=move || busy.get()>
                {i18n.text(Key::SaveTargets)}
            </button>
            {move || saved.get().then(|| view! { <p class="notice" role="status" data-test="targets-saved">{i18n.tr(Key::TargetsSaved)}</p> })}
            <FormError hook="targets-error" message=error />
        </form>
    }
}

fn cell(i18n: I18n, week: &WeekFigures, kind: usize) -> String {
    let pick = |t: &keyuan_shared::api::WeekTargets| [t.sales, t.orders, t.prospects][kind];
    let target = week
        .target
        .as_ref()
        .map_or("—".to_owned(), |t| format_average(pick(t)));
    let gap = week
        .gap
        .as_ref()
        .map_or("—".to_owned(), |t| format_average(pick(t)));
    let text = fill(i18n.tr(Key::TargetActualGap), "target", target);
    fill(&fill(&text, "actual", of(&week.actual, kind)), "gap", gap)
}

/// The weeks of the month for the store or one consultant: target / actual / gap.
#[component]
fn WeeksTable(plan: WeeklyPlan, shown: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let lines: Vec<WeeklyLine> = std::iter::once(plan.store.clone())
        .chain(plan.consultants.clone())
        .collect();
    let options = lines
        .iter()
        .map(|l| {
            let value = l.consultant_id.map(|id| id.to_string()).unwrap_or_default();
            let name = l.name.clone().unwrap_or_else(|| i18n.tr(Key::WholeStore).to_owned());
            view! { <option value=value.clone() selected=move || shown.get().map(|i| i.to_string()).unwrap_or_default() == value>{name}</option> }
        })
        .collect_view();
    let weeks = plan.weeks.clone();
    let rows = move || {
        let line = lines
            .iter()
            .find(|l| l.consultant_id == shown.get())
            .cloned()
            .unwrap_or_else(|| lines[0].clone());
        weeks
            .iter()
            .zip(line.weeks)
            .map(|(week, figures)| {
                let when = fill(&fill(i18n.tr(Key::WeekOf), "from", format!("{:02}-{:02}", week.from.month(), week.from.day())), "to", format!("{:02}-{:02}", week.to.month(), week.to.day()));
                let cells = (0..KINDS.len()).map(|k| view! { <td>{cell(i18n, &figures, k)}</td> }).collect_view();
                view! {
                    <tr class:picked=week.current data-test="week-row" data-current=week.current.to_string()>
                        <th scope="row">
                            {when}
                            {week.current.then(|| view! { <span class="badge">{i18n.tr(Key::ThisWeek)}</span> })}
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card figures-table weeks" data-test="weeks" aria-labelledby="weeks-title">
            <h2 class="chart-title" id="weeks-title">{i18n.text(Key::WeeksTitle)}</h2>
            <label class="field" for="weeks-line">
                <span class="field-label">{i18n.text(Key::ShowLineOf)}</span>
                <select id="weeks-line" data-test="weeks-line"
                    on:change=move |ev| shown.set(event_target_value(&ev).parse().ok())>{options}</select>
            </label>
            <p class="facts">{i18n.text(Key::WeeklyCellHint)}</p>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Key::ColWeek)}</th>
                            {KINDS.iter().map(|(k, _)| view! { <th scope="col">{i18n.text(*k)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
