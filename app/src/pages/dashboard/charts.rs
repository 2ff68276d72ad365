//! The dashboard's charts, drawn as SVG here (no chart library): bars, a line and the
//! funnel. Each carries its numbers as text: written on the chart where they fit, and
//! all of them in the chart's accessible name, so nothing needs a hover.

use keyuan_shared::api::TrafficPoint;
use keyuan_shared::metrics::{format_rate, ratio};
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, I18n, Key};

use super::Figures;

/// The drawing's own units; the SVG scales to its card.
const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 28.0;
/// Above this many bars only the tallest is labelled: the labels would overlap.
const LABEL_EVERY_BAR_UP_TO: usize = 14;

/// One bar: its label under the axis and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
}

/// "9时：12，10时：30" — the chart as a sentence, for its accessible name.
fn spoken(i18n: I18n, title: Key, points: &[Bar]) -> String {
    if points.iter().all(|p| p.value == 0) {
        return format!("{}. {}", i18n.tr(title), i18n.tr(Key::ChartEmpty));
    }
    let listed: Vec<String> = points
        .iter()
        .map(|p| {
            fill(
                &fill(i18n.tr(Key::ChartPoint), "label", &p.label),
                "n",
                p.value,
            )
        })
        .collect();
    format!("{}. {}", i18n.tr(title), listed.join(", "))
}

/// Round maximum for the value axis, so its ticks are whole numbers.
fn axis_max(values: impl Iterator<Item = i64>) -> i64 {
    let max = values.max().unwrap_or(0).max(1);
    let step = [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000,
    ]
    .into_iter()
    .find(|s| max <= s * 4)
    .unwrap_or((max + 3) / 4);
    (max + step - 1) / step * step
}

/// The value axis: 0, half and the top, with grid lines.
fn value_axis(max: i64) -> impl IntoView {
    let plot = HEIGHT - TOP - BOTTOM;
    [0, max / 2, max]
        .into_iter()
        .map(|tick| {
            let y = TOP + plot - plot * tick as f64 / max as f64;
            view! {
                <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                <text class="tick" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">{tick}</text>
            }
        })
        .collect_view()
}

/// A card with its heading and the chart.
#[component]
fn ChartCard(
    title: Key,
    hook: &'static str,
    label: Signal<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{hook}-title");
    view! {
        <figure class="card chart" data-test=hook>
            <h2 class="chart-title" id=id.clone()>{i18n.text(title)}</h2>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=move || label.get()
                preserveAspectRatio="xMidYMid meet">
                {children()}
            </svg>
        </figure>
    }
}

/// Vertical bars, one per label (hours of the day, grades, sources). `axis` names the
/// labels when they are bare numbers (hours); words need no name.
#[component]
pub fn BarChart(
    title: Key,
    axis: Option<Key>,
    hook: &'static str,
    bars: Signal<Vec<Bar>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = Signal::derive(move || spoken(i18n, title, &bars.get()));
    let drawing = move || {
        let bars = bars.get();
        let max = axis_max(bars.iter().map(|b| b.value));
        let plot = HEIGHT - TOP - BOTTOM;
        let slot = (WIDTH - LEFT - RIGHT) / bars.len().max(1) as f64;
        let tallest = bars.iter().map(|b| b.value).max().unwrap_or(0);
        let label_all = bars.len() <= LABEL_EVERY_BAR_UP_TO;
        let columns = bars
            .into_iter()
            .enumerate()
            .map(|(i, bar)| {
                let h = plot * bar.value as f64 / max as f64;
                let x = LEFT + slot * i as f64;
                let centre = x + slot / 2.0;
                let value = (label_all || bar.value == tallest).then(|| {
                    view! { <text class="value" x=centre y=TOP + plot - h - 4.0 text-anchor="middle">{bar.value}</text> }
                });
                view! {
                    <rect class="bar" x=x + slot * 0.15 y=TOP + plot - h width=slot * 0.7 height=h />
                    {value}
                    <text class="tick" x=centre y=HEIGHT - BOTTOM + 16.0 text-anchor="middle">{bar.label}</text>
                }
            })
            .collect_view();
        view! {
            {value_axis(max)}
            {columns}
            {axis.map(|axis| view! {
                <text class="axis-name" x=0.0 y=HEIGHT - BOTTOM + 16.0 text-anchor="start">{i18n.tr(axis)}</text>
            })}
        }
    };
    view! { <ChartCard title=title hook=hook label=label>{drawing}</ChartCard> }
}

/// People by date across the range, as a line; dates are labelled about once a week.
#[component]
pub fn DayLine(points: Signal<Vec<TrafficPoint>>) -> impl IntoView {
    let i18n = use_i18n();
    let as_bars = move || {
        points
            .get()
            .into_iter()
            .map(|p| Bar {
                label: p.key.get(5..).unwrap_or(&p.key).to_owned(),
                value: p.traffic_people,
            })
            .collect::<Vec<_>>()
    };
    let label = Signal::derive(move || spoken(i18n, Key::ByDayTitle, &as_bars()));
    let drawing = move || {
        let days = as_bars();
        let max = axis_max(days.iter().map(|d| d.value));
        let plot = HEIGHT - TOP - BOTTOM;
        let step = (WIDTH - LEFT - RIGHT) / (days.len().max(2) - 1) as f64;
        let at = |i: usize, v: i64| {
            (
                LEFT + step * i as f64,
                TOP + plot - plot * v as f64 / max as f64,
            )
        };
        let line: Vec<String> = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let (x, y) = at(i, d.value);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let every = days.len().div_ceil(6).max(1);
        let tallest = days.iter().map(|d| d.value).max().unwrap_or(0);
        let peak = days.iter().position(|d| d.value == tallest && tallest > 0);
        let marks = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let (x, y) = at(i, d.value);
                let last = i + 1 == days.len();
                // the first and last dates lean inwards so that they stay on the chart
                let anchor = match (i, last) {
                    (0, _) => "start",
                    (_, true) => "end",
                    _ => "middle",
                };
                let date = (i % every == 0 || last)
                    .then(|| view! { <text class="tick" x=x y=HEIGHT - BOTTOM + 16.0 text-anchor=anchor>{d.label.clone()}</text> });
                let value = (Some(i) == peak)
                    .then(|| view! { <text class="value" x=x y=y - 6.0 text-anchor="middle">{d.value}</text> });
                view! { <circle class="dot" cx=x cy=y r=2.5 />{date}{value} }
            })
            .collect_view();
        view! {
            {value_axis(max)}
            <polyline class="line" points=line.join(" ") />
            {marks}
            <text class="axis-name" x=0.0 y=HEIGHT - 2.0 text-anchor="start">{i18n.tr(Key::DayAxis)}</text>
        }
    };
    view! { <ChartCard title=Key::ByDayTitle hook="by-day" label=label>{drawing}</ChartCard> }
}

/// First visits → captured → test drives → retail orders, each with its share of the
/// first visits.
#[component]
pub fn Funnel(figures: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let stages = move || {
        let f = figures.get().unwrap_or_default();
        [
            (Key::TileFirstVisits, f.first_visits),
            (Key::FunnelCaptured, f.captured),
            (Key::FunnelTestDrives, f.test_drives),
            (Key::FunnelOrders, f.sales.retail),
        ]
        .map(|(stage, n)| (stage, n, format_rate(ratio(n, f.first_visits))))
    };
    let label = Signal::derive(move || {
        let said: Vec<String> = stages()
            .into_iter()
            .map(|(stage, n, share)| {
                let text = fill(i18n.tr(Key::FunnelSummary), "stage", i18n.tr(stage));
                fill(&fill(&text, "n", n), "share", share)
            })
            .collect();
        format!("{}. {}", i18n.tr(Key::FunnelTitle), said.join(", "))
    });
    let drawing = move || {
        let stages = stages();
        let widest = stages.iter().map(|s| s.1).max().unwrap_or(0).max(1) as f64;
        let row = (HEIGHT - 8.0) / stages.len() as f64;
        stages
            .into_iter()
            .enumerate()
            .map(|(i, (stage, n, share))| {
                let full = WIDTH - 8.0;
                let w = (full * n as f64 / widest).max(2.0);
                let y = 4.0 + row * i as f64;
                view! {
                    <rect class=format!("funnel-bar stage-{i}") x=(WIDTH - w) / 2.0 y=y width=w height=row - 26.0 rx=4 />
                    <text class="funnel-label" x=WIDTH / 2.0 y=y + row - 10.0 text-anchor="middle">
                        {format!("{} {n} · {share}", i18n.tr(stage))}
                    </text>
                }
            })
            .collect_view()
    };
    view! { <ChartCard title=Key::FunnelTitle hook="funnel" label=label>{drawing}</ChartCard> }
}
