//! The KPI tiles: each figure of the period beside the same days of the previous month,
//! with the change (▲/▼).

use keyuan_shared::api::ShowroomFigures;
use keyuan_shared::metrics::{change, format_average, format_rate, Change};
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, I18n, Key};

use super::Figures;

/// How a figure is written (the tiles and the figures tables alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// A fraction, written as a percentage; its change is in percentage points.
    Rate,
    /// One decimal.
    Average,
}

struct Tile {
    hook: &'static str,
    label: Key,
    unit: Unit,
    value: fn(&ShowroomFigures) -> Option<f64>,
}

const fn count(hook: &'static str, label: Key, value: fn(&ShowroomFigures) -> Option<f64>) -> Tile {
    Tile {
        hook,
        label,
        unit: Unit::Count,
        value,
    }
}

const fn rate(hook: &'static str, label: Key, value: fn(&ShowroomFigures) -> Option<f64>) -> Tile {
    Tile {
        hook,
        label,
        unit: Unit::Rate,
        value,
    }
}

const TILES: &[Tile] = &[
    count("traffic", Key::TileTraffic, |f| {
        Some(f.traffic_people as f64)
    }),
    count("first-visits", Key::TileFirstVisits, |f| {
        Some(f.first_visits as f64)
    }),
    count("return-visits", Key::TileReturnVisits, |f| {
        Some(f.return_visits as f64)
    }),
    count("phone-ins", Key::TilePhoneIns, |f| Some(f.phone_ins as f64)),
    Tile {
        hook: "daily-average",
        label: Key::TileDailyAverage,
        unit: Unit::Average,
        value: |f| Some(f.daily_avg_traffic),
    },
    rate("capture-rate", Key::TileCaptureRate, |f| f.rates.capture),
    rate("test-drive-rate", Key::TileTestDriveRate, |f| {
        f.rates.test_drive
    }),
    rate("closing-rate", Key::TileClosingRate, |f| f.rates.closing),
    rate("long-stay-rate", Key::TileLongStayRate, |f| {
        f.rates.long_stay
    }),
    count("retail", Key::TileRetail, |f| Some(f.sales.retail as f64)),
    count("secondary", Key::TileSecondary, |f| {
        Some(f.sales.secondary as f64)
    }),
    count("fleet", Key::TileFleet, |f| Some(f.sales.fleet as f64)),
];

/// A figure as the dashboard prints it: a count whole, an average to one decimal, a
/// rate as a percentage; "—" when there is none.
pub fn written(unit: Unit, value: Option<f64>) -> String {
    match (unit, value) {
        (Unit::Rate, v) => format_rate(v),
        (_, None) => "—".to_owned(),
        (Unit::Count, Some(v)) => format!("{v:.0}"),
        (Unit::Average, Some(v)) => format_average(v),
    }
}

/// The size of a change: a count's difference, a rate's in percentage points written with
/// `points` (`PercentPoints` said in full, `PointsShort` beside the arrow).
fn difference(i18n: I18n, unit: Unit, by: f64, points: Key) -> String {
    match unit {
        Unit::Rate => fill(i18n.tr(points), "value", format!("{:.1}", by * 100.0)),
        _ => written(unit, Some(by)),
    }
}

#[component]
pub fn KpiTiles(now: Figures, before: Figures) -> impl IntoView {
    let tiles = TILES
        .iter()
        .map(|tile| view! { <KpiTile tile=tile now=now before=before /> })
        .collect_view();
    view! { <ul class="kpi-tiles" data-test="kpi-tiles" aria-busy=move || now.get().is_none().then_some("true")>{tiles}</ul> }
}

#[component]
fn KpiTile(tile: &'static Tile, now: Figures, before: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let value_now = move || now.get().and_then(|f| (tile.value)(&f));
    let value_before = move || before.get().and_then(|f| (tile.value)(&f));
    let moved = move || change(value_now(), value_before());
    let arrow = move || match moved() {
        Change::Up(by) => Some((
            "up",
            "▲",
            fill(
                i18n.tr(Key::ChangeUp),
                "value",
                difference(i18n, tile.unit, by, Key::PercentPoints),
            ),
        )),
        Change::Down(by) => Some((
            "down",
            "▼",
            fill(
                i18n.tr(Key::ChangeDown),
                "value",
                difference(i18n, tile.unit, by, Key::PercentPoints),
            ),
        )),
        Change::Same => Some(("same", "＝", i18n.tr(Key::ChangeSame).to_owned())),
        Change::Unknown => None,
    };
    view! {
        <li class="kpi" data-test=format!("tile-{}", tile.hook)>
            <span class="kpi-label">{i18n.text(tile.label)}</span>
            <span class="kpi-value" data-test="value">
                {move || if now.get().is_some() { written(tile.unit, value_now()) } else { "…".to_owned() }}
            </span>
            <span class="kpi-before">
                <span data-test="before">
                    {move || fill(i18n.tr(Key::ComparedWith), "value", written(tile.unit, value_before()))}
                </span>
                {move || arrow().map(|(class, sign, said)| view! {
                    <span class=format!("kpi-change {class}") data-test="change">
                        <span aria-hidden="true">{sign}" "{difference_short(i18n, tile.unit, moved())}</span>
                        <span class="visually-hidden">{said}</span>
                    </span>
                })}
            </span>
        </li>
    }
}

/// The change as the tile prints it beside its arrow: `3`, `1.2 pts`.
fn difference_short(i18n: I18n, unit: Unit, moved: Change) -> String {
    match moved {
        Change::Up(by) | Change::Down(by) => difference(i18n, unit, by, Key::PointsShort),
        _ => String::new(),
    }
}
