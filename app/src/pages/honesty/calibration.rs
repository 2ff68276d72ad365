//! Grade calibration at a glance: for each promising grade, one bar per consultant — the
//! share of their prospects of that grade that ordered within the promised days — with
//! the store's own share as a dashed line across, and every figure in words too.

use keyuan_shared::api::{CalibrationReport, GradeCalibration};
use keyuan_shared::metrics::format_rate;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, I18n, Key};

/// The drawing's own units.
const WIDTH: f64 = 420.0;
const NAME: f64 = 80.0;
const RIGHT: f64 = 56.0;
const ROW: f64 = 26.0;
const TOP: f64 = 8.0;

fn percent(rate: Option<f64>) -> String {
    format_rate(rate)
}

/// "H（7天内成交）：门店 41.0 %；王磊 18.0 %（2人）…" — the chart as a sentence.
fn spoken(i18n: I18n, g: &GradeCalibration) -> String {
    let head = fill(
        &fill(i18n.tr(Key::CalibrationGrade), "grade", g.grade.as_str()),
        "days",
        g.days,
    );
    let store = fill(
        &fill(
            i18n.tr(Key::CalibrationStore),
            "rate",
            percent(g.store_kept),
        ),
        "n",
        g.store.total(),
    );
    let people = g
        .consultants
        .iter()
        .map(|c| {
            let text = fill(i18n.tr(Key::CalibrationPerson), "name", &c.name);
            fill(&fill(&text, "rate", percent(c.kept)), "n", c.counts.total())
        })
        .collect::<Vec<_>>()
        .join(i18n.tr(Key::ListSeparator));
    format!("{head}{store}{}{people}", i18n.tr(Key::ListSeparator))
}

#[component]
fn GradeChart(grade: GradeCalibration) -> impl IntoView {
    let i18n = use_i18n();
    let label = {
        let grade = grade.clone();
        move || spoken(i18n, &grade)
    };
    let plot = WIDTH - NAME - RIGHT;
    let height = TOP * 2.0 + ROW * grade.consultants.len().max(1) as f64;
    let rows = grade
        .consultants
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let y = TOP + ROW * i as f64;
            let w = plot * c.kept.unwrap_or(0.0);
            view! {
                <text class="tick" x=NAME - 6.0 y=y + ROW * 0.65 text-anchor="end">{c.name.clone()}</text>
                <rect class="bar" x=NAME y=y + 4.0 width=w height=ROW - 8.0 />
                <text class="value" x=NAME + w + 4.0 y=y + ROW * 0.65>{percent(c.kept)}</text>
            }
        })
        .collect_view();
    let store_x = grade.store_kept.map(|r| NAME + plot * r);
    let (letter, days, kept, total) = (
        grade.grade,
        grade.days,
        grade.store_kept,
        grade.store.total(),
    );
    let title = move || {
        fill(
            &fill(i18n.tr(Key::CalibrationGrade), "grade", letter.as_str()),
            "days",
            days,
        )
    };
    let store_line = move || {
        fill(
            &fill(i18n.tr(Key::CalibrationStore), "rate", percent(kept)),
            "n",
            total,
        )
    };
    view! {
        <figure class="card chart calibration" data-test=format!("calibration-{}", grade.grade.as_str())>
            <h3 class="chart-title">{title}</h3>
            <p class="facts">{store_line}</p>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=label preserveAspectRatio="xMidYMid meet">
                <line class="grid" x1=NAME x2=NAME y1=0.0 y2=height />
                {rows}
                {store_x.map(|x| view! { <line class="store-rate" x1=x x2=x y1=0.0 y2=height /> })}
            </svg>
        </figure>
    }
}

#[component]
pub(super) fn Calibration(report: Signal<Option<CalibrationReport>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card calibration-section" data-test="calibration" aria-labelledby="calibration-title">
            <h2 class="chart-title" id="calibration-title">{i18n.text(Key::CalibrationTitle)}</h2>
            <p class="facts">{i18n.text(Key::CalibrationHint)}</p>
            <div class="dash-grid">
                {move || report.get().map(|r| r.grades.into_iter().map(|g| view! { <GradeChart grade=g /> }).collect_view())}
            </div>
        </section>
    }
}
