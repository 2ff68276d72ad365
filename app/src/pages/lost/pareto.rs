//! The Pareto chart of lost-deal reasons: bars largest first, with the cumulative share
//! as a line on its own axis (0–100 %), drawn as SVG here.

use keyuan_shared::api::LostAnalysis;
use keyuan_shared::metrics::{format_rate, ratio};
use leptos::prelude::*;

use crate::components::prospect_bits::reason_key;
use crate::i18n::{fill, use_i18n, Key};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 44.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 64.0;

#[component]
pub fn Pareto(analysis: Signal<Option<LostAnalysis>>) -> impl IntoView {
    let i18n = use_i18n();
    // (label, count, cumulative share), largest first
    let bars = move || {
        let Some(a) = analysis.get() else {
            return Vec::new();
        };
        let mut reasons: Vec<_> = a.reasons.iter().filter(|r| r.total > 0).collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.total));
        let mut running = 0;
        reasons
            .into_iter()
            .map(|r| {
                running += r.total;
                (
                    i18n.tr(reason_key(r.reason)),
                    r.total,
                    ratio(running, a.total),
                )
            })
            .collect::<Vec<_>>()
    };
    let label = move || {
        let said: Vec<String> = bars()
            .into_iter()
            .map(|(reason, n, cumulative)| {
                let text = fill(i18n.tr(Key::ParetoPoint), "reason", reason);
                fill(&fill(&text, "n", n), "share", format_rate(cumulative))
            })
            .collect();
        if said.is_empty() {
            return format!(
                "{}. {}",
                i18n.tr(Key::ParetoTitle),
                i18n.tr(Key::NoLostDeals)
            );
        }
        format!("{}. {}", i18n.tr(Key::ParetoTitle), said.join(", "))
    };
    let drawing = move || {
        let bars = bars();
        let max = bars.first().map_or(1, |b| b.1).max(1);
        let plot = HEIGHT - TOP - BOTTOM;
        let slot = (WIDTH - LEFT - RIGHT) / bars.len().max(1) as f64;
        let y_count = |n: i64| TOP + plot - plot * n as f64 / max as f64;
        let y_share = |s: f64| TOP + plot - plot * s;
        let line: Vec<String> = bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let x = LEFT + slot * (i as f64 + 0.5);
                format!("{x:.1},{:.1}", y_share(b.2.unwrap_or(0.0)))
            })
            .collect();
        let columns = bars
            .iter()
            .enumerate()
            .map(|(i, (reason, n, _))| {
                let x = LEFT + slot * i as f64;
                let centre = x + slot / 2.0;
                let top = y_count(*n);
                let below = HEIGHT - BOTTOM + 14.0;
                view! {
                    <rect class="bar" x=x + slot * 0.15 y=top width=slot * 0.7 height=TOP + plot - top />
                    <text class="value" x=centre y=top - 4.0 text-anchor="middle">{*n}</text>
                    <text class="tick" x=centre y=below text-anchor="end"
                        transform=format!("rotate(-35 {centre:.1} {below:.1})")>{*reason}</text>
                }
            })
            .collect_view();
        let axes = [0.0, 0.5, 1.0]
            .into_iter()
            .map(|share| {
                let y = y_share(share);
                view! {
                    <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                    <text class="tick" x=WIDTH - RIGHT + 4.0 y=y + 4.0>{format!("{:.0}%", share * 100.0)}</text>
                    <text class="tick" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">{(max as f64 * share).round() as i64}</text>
                }
            })
            .collect_view();
        view! {
            {axes}
            {columns}
            <polyline class="line" points=line.join(" ") />
            <text class="axis-name" x=WIDTH - 2.0 y=TOP - 14.0 text-anchor="end">{i18n.tr(Key::ParetoCumulative)}</text>
        }
    };
    view! {
        <figure class="card chart pareto" data-test="pareto">
            <h2 class="chart-title">{i18n.text(Key::ParetoTitle)}</h2>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label>{drawing}</svg>
        </figure>
    }
}
