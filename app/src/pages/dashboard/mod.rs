//! 看板 Dashboard: the manager's live showroom figures (展厅客流分析) for a period.
//!
//! The parts: [`period`] (the chips and the custom range), [`tiles`] (each figure beside
//! the same days of the previous month), [`charts`] (the funnel, traffic by hour and by
//! day, grades and sources: SVG drawn here, each with a text alternative), [`table`] (the
//! sortable figures table: the consultant league and the by-model table, and the head
//! office's store comparison) and [`export`] (the CSV downloads).
//!
//! Every number comes from `GET /metrics/showroom`; the figures made from counts (rates,
//! the daily average) are `keyuan_shared::metrics`, the same code the server runs.

use std::time::Duration;

use keyuan_shared::api::{ShowroomFigures, ShowroomMetrics, TrafficPoint};
use keyuan_shared::metrics::{previous_month, DateRange};
use keyuan_shared::{Role, Source};
use leptos::prelude::*;

use crate::api::{use_api, Api, ApiResult};
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, source_key, use_i18n, Key};
use crate::live::on_live_events;
use crate::screens::Screen;

pub mod charts;
mod export;
mod forecast;
pub mod period;
pub mod table;
pub mod tiles;

use charts::{Bar, BarChart, DayLine, Funnel};
use forecast::ForecastCard;
use period::{PeriodPicker, RangeChoice};
use table::{FiguresTable, LEAGUE_COLUMNS, MODEL_COLUMNS};
use tiles::KpiTiles;

/// Events that come close together (a check-in updates the visit, the rotation and the
/// card) are answered with one refetch, this long after the first of them.
const BURST: Duration = Duration::from_millis(300);

#[component]
pub fn DashboardPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let choice = RangeChoice::new();
    let range = choice.range;
    let current = live_figures(api, range, move |range| api.showroom_metrics(range));
    let previous = LocalResource::new(move || {
        let range = previous_month(range.get());
        async move { api.showroom_metrics(range).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(metrics)) = current.get() {
            choice.store_today(metrics.today);
        }
    });
    // `None`: the whole store; else the consultant whose figures the tiles show
    let consultant = RwSignal::new(None::<String>);
    let loaded = move || current.get().and_then(Result::ok);
    // this month's, whatever the period: not loaded again when the period changes
    let forecast = live(api, move || api.forecast());
    let forecast = Signal::derive(move || forecast.get().and_then(Result::ok));
    let error = move || {
        current
            .get()
            .and_then(Result::err)
            .map(|e| e.message(i18n.locale.get()))
    };

    let figures_of = move |metrics: Option<ShowroomMetrics>| {
        metrics.map(|m| match consultant.get() {
            None => m.figures,
            Some(key) => m
                .by_consultant
                .into_iter()
                .find(|row| row.key == key)
                .map(|row| row.figures)
                .unwrap_or_default(),
        })
    };
    let now = Signal::derive(move || figures_of(loaded()));
    let before = Signal::derive(move || figures_of(previous.get().and_then(Result::ok)));
    let filter_name = move || {
        let key = consultant.get()?;
        loaded()?
            .by_consultant
            .into_iter()
            .find(|row| row.key == key)
            .map(|row| {
                row.name
                    .unwrap_or_else(|| i18n.tr(Key::NoConsultant).to_owned())
            })
    };

    view! {
        <ScreenPage screen=Screen::Dashboard role=role>
            <PeriodPicker choice=choice />
            {move || error().map(|e| view! { <p class="form-error" role="alert" data-test="dashboard-error">{e}</p> })}
            {move || filter_name().map(|name| view! {
                <p class="filter-note" data-test="consultant-filter">
                    <span>{fill(i18n.tr(Key::FilteredTo), "name", name)}</span>
                    <button type="button" class="btn" data-test="clear-filter" on:click=move |_| consultant.set(None)>
                        {i18n.text(Key::ShowAllConsultants)}
                    </button>
                </p>
            })}
            <KpiTiles now=now before=before />
            <ForecastCard forecast=forecast />
            <div class="dash-grid">
                <Funnel figures=now />
                <GradesAndSources metrics=Signal::derive(loaded) />
                <BarChart
                    title=Key::ByHourTitle
                    axis=Some(Key::HourAxis)
                    hook="by-hour"
                    bars=Signal::derive(move || loaded().map(|m| hour_bars(&m.by_hour)).unwrap_or_default())
                />
                <DayLine points=Signal::derive(move || loaded().map(|m| m.by_day).unwrap_or_default()) />
            </div>
            <FiguresTable
                title=Key::LeagueTitle
                hint=Some(Key::LeagueHint)
                hook="league"
                columns=LEAGUE_COLUMNS
                rows=Signal::derive(move || loaded().map(|m| m.by_consultant).unwrap_or_default())
                name_header=Key::ColConsultant
                no_name=Key::NoConsultant
                on_pick=Some(Callback::new(move |key: String| consultant.set(Some(key))))
                picked=consultant.into()
            />
            <FiguresTable
                title=Key::ByModelTitle
                hint=None
                hook="by-model"
                columns=MODEL_COLUMNS
                rows=Signal::derive(move || loaded().map(|m| m.by_model).unwrap_or_default())
                name_header=Key::ColModel
                no_name=Key::NoModel
                on_pick=None
                picked=Signal::derive(|| None)
            />
            <export::ExportButtons range=range />
        </ScreenPage>
    }
}

/// A live report as a screen shows it: the answer once loaded, the error's sentence in
/// the user's language, and the resource (to load again after a write).
pub struct LiveReport<T: Send + Sync + 'static> {
    pub resource: LocalResource<ApiResult<T>>,
    pub loaded: Signal<Option<T>>,
    pub error: Signal<Option<String>>,
}

/// [`live_figures`] split for a report screen.
pub fn live_report<T, Fut>(
    api: Api,
    range: RwSignal<DateRange>,
    fetch: impl Fn(DateRange) -> Fut + Copy + 'static,
) -> LiveReport<T>
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = ApiResult<T>> + 'static,
{
    let i18n = use_i18n();
    let resource = live_figures(api, range, fetch);
    LiveReport {
        resource,
        loaded: Signal::derive(move || resource.get().and_then(Result::ok)),
        error: Signal::derive(move || {
            resource
                .get()
                .and_then(Result::err)
                .map(|e| e.message(i18n.locale.get()))
        }),
    }
}

/// Figures of `range` (loaded again when it changes) that follow the store: see [`live`].
pub fn live_figures<T, Fut>(
    api: Api,
    range: RwSignal<DateRange>,
    fetch: impl Fn(DateRange) -> Fut + Copy + 'static,
) -> LocalResource<ApiResult<T>>
where
    T: 'static,
    Fut: std::future::Future<Output = ApiResult<T>> + 'static,
{
    live(api, move || fetch(range.get()))
}

/// An answer that follows the store: loaded again once per burst of its live events,
/// and after a reconnect (events may have been missed), until the screen goes away.
pub fn live<T, Fut>(api: Api, fetch: impl Fn() -> Fut + 'static) -> LocalResource<ApiResult<T>>
where
    T: 'static,
    Fut: std::future::Future<Output = ApiResult<T>> + 'static,
{
    let changes = RwSignal::new(0u32);
    follow_live_changes(api, changes);
    LocalResource::new(move || {
        changes.track();
        fetch()
    })
}

/// Bumps `changes` once per burst of live events.
fn follow_live_changes(api: Api, changes: RwSignal<u32>) {
    let waiting = StoredValue::new(false);
    let bump = move || {
        if waiting.try_get_value() != Some(false) {
            return;
        }
        waiting.set_value(true);
        set_timeout(
            move || {
                waiting.try_set_value(false);
                changes.try_update(|n| *n = n.wrapping_add(1));
            },
            BURST,
        );
    };
    on_live_events(api, bump, bump);
}

/// The grades of the range's new prospects and the sources of its first visits.
#[component]
fn GradesAndSources(metrics: Signal<Option<ShowroomMetrics>>) -> impl IntoView {
    let i18n = use_i18n();
    let grades = Signal::derive(move || {
        let g = metrics.get().map(|m| m.figures.grades).unwrap_or_default();
        [("O", g.o), ("H", g.h), ("A", g.a), ("B", g.b), ("C", g.c)]
            .into_iter()
            .map(|(label, value)| Bar {
                label: label.to_owned(),
                value,
            })
            .collect()
    });
    let sources = Signal::derive(move || {
        let rows = metrics.get().map(|m| m.by_source).unwrap_or_default();
        Source::ALL
            .iter()
            .map(|s| Bar {
                label: i18n.tr(source_key(*s)).to_owned(),
                value: rows
                    .iter()
                    .find(|r| r.key == s.as_str())
                    .map(|r| r.figures.first_visits)
                    .unwrap_or(0),
            })
            .collect()
    });
    view! {
        <BarChart title=Key::GradesTitle axis=None hook="grades" bars=grades />
        <BarChart title=Key::SourcesTitle axis=None hook="sources" bars=sources />
    }
}

/// Every hour from the first to the last that had traffic, the quiet ones as zeros, so
/// the bars keep the clock's spacing.
fn hour_bars(hours: &[TrafficPoint]) -> Vec<Bar> {
    let hour = |p: &TrafficPoint| p.key.parse::<u32>().ok();
    let (Some(first), Some(last)) = (
        hours.iter().filter_map(hour).min(),
        hours.iter().filter_map(hour).max(),
    ) else {
        return Vec::new();
    };
    (first..=last)
        .map(|h| Bar {
            label: h.to_string(),
            value: hours
                .iter()
                .find(|p| hour(p) == Some(h))
                .map_or(0, |p| p.traffic_people),
        })
        .collect()
}

/// The figures the tiles and the funnel read: the store's, or one consultant's.
pub type Figures = Signal<Option<ShowroomFigures>>;

/// The range as the screen states it: "2026-11-01 至 2026-11-30，共30天".
pub fn range_text(i18n: crate::i18n::I18n, range: DateRange) -> String {
    let text = fill(i18n.tr(Key::RangeShown), "from", range.from);
    let text = fill(&text, "to", range.to);
    fill(&text, "n", range.days())
}
