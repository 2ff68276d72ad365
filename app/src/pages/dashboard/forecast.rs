//! The month's forecast card: orders expected this month — those placed so far plus the
//! open book weighted by the store's own grade calibration — against the saved target.

use keyuan_shared::api::Forecast;
use keyuan_shared::metrics::{format_average, format_rate};
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, Key};

#[component]
pub fn ForecastCard(forecast: Signal<Option<Forecast>>) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        forecast.get().map(|f| {
            let target = match f.target {
                Some(t) => {
                    let share = (t > 0).then(|| f.expected / t as f64);
                    fill(&fill(i18n.tr(Key::ForecastTarget), "target", t), "share", format_rate(share))
                }
                None => i18n.tr(Key::ForecastNoTarget).to_owned(),
            };
            let book = f
                .grades
                .iter()
                .map(|g| {
                    let text = fill(i18n.tr(Key::ForecastGrade), "grade", g.grade.as_str());
                    fill(&fill(&text, "n", g.open), "rate", format_rate(g.kept))
                })
                .collect::<Vec<_>>()
                .join(i18n.tr(Key::ListSeparator));
            view! {
                <p class="forecast-figure" data-test="forecast-expected">{format_average(f.expected)}</p>
                <p class="facts" data-test="forecast-target">
                    {fill(i18n.tr(Key::ForecastOrdered), "n", f.ordered)}{i18n.tr(Key::ListSeparator)}{target}
                </p>
                <p class="facts" data-test="forecast-book">{book}</p>
            }
        })
    };
    view! {
        <section class="card forecast" data-test="forecast" aria-labelledby="forecast-title">
            <h2 class="chart-title" id="forecast-title">{i18n.text(Key::ForecastTitle)}</h2>
            {body}
        </section>
    }
}
