//! The bursts: one button each (who, how many, when); tapping one lists the entries
//! behind it, each follow-up opening its card.

use chrono::{DateTime, Utc};
use keyuan_shared::api::{Burst, BurstEntry, BurstKind, HonestyReport};
use keyuan_shared::{FollowUpChannel, LoyaltyStep};
use leptos::prelude::*;

use crate::components::prospect_bits::channel_key;
use crate::i18n::{fill, use_i18n, I18n, Key};

/// `MM-DD HH:MM:SS` on the manager's device clock: seconds, since a burst is about them.
fn stamp(at: DateTime<Utc>) -> String {
    let d = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    format!(
        "{:02}-{:02} {:02}:{:02}:{:02}",
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

fn what(i18n: I18n, kind: BurstKind, entry: &BurstEntry) -> String {
    match kind {
        BurstKind::FollowUps => entry.what.parse::<FollowUpChannel>().map_or_else(
            |_| entry.what.clone(),
            |c| i18n.tr(channel_key(c)).to_owned(),
        ),
        BurstKind::LoyaltyContacts => entry.what.parse::<LoyaltyStep>().map_or_else(
            |_| entry.what.clone(),
            |step| match step.offset() {
                keyuan_shared::loyalty::Offset::Days(n) => fill(i18n.tr(Key::StepDays), "n", n),
                keyuan_shared::loyalty::Offset::Months(n) => fill(i18n.tr(Key::StepMonths), "n", n),
            },
        ),
    }
}

fn summary(i18n: I18n, burst: &Burst) -> String {
    let key = match burst.kind {
        BurstKind::FollowUps => Key::BurstFollowUps,
        BurstKind::LoyaltyContacts => Key::BurstLoyalty,
    };
    let text = fill(i18n.tr(key), "name", &burst.name);
    let text = fill(&text, "n", burst.entries.len());
    let text = fill(&text, "from", stamp(burst.from));
    fill(&text, "to", stamp(burst.to))
}

type BurstId = (i64, DateTime<Utc>);

#[component]
pub(super) fn BurstList(report: Signal<Option<HonestyReport>>) -> impl IntoView {
    let i18n = use_i18n();
    // the burst whose entries are open: who and when it began, so it stays open when a
    // live change reloads the report
    let open = RwSignal::new(None::<BurstId>);
    let body = move || {
        let Some(report) = report.get() else {
            return view! { <p class="muted" aria-busy="true">{i18n.tr(Key::Loading)}</p> }
                .into_any();
        };
        if report.bursts.is_empty() {
            return view! { <p class="muted" data-test="no-bursts">{i18n.tr(Key::NoBursts)}</p> }
                .into_any();
        }
        report
            .bursts
            .into_iter()
            .enumerate()
            .map(|(i, burst)| view! { <BurstItem burst=burst index=i open=open /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card bursts" data-test="bursts" aria-labelledby="bursts-title">
            <h2 class="chart-title" id="bursts-title">{i18n.text(Key::BurstsTitle)}</h2>
            {body}
        </section>
    }
}

#[component]
fn BurstItem(burst: Burst, index: usize, open: RwSignal<Option<BurstId>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = (burst.consultant_id, burst.from);
    let shown = move || open.get() == Some(id);
    let list_id = format!("burst-{index}-entries");
    let kind = burst.kind;
    let entries = burst.entries.clone();
    let label = move || summary(i18n, &burst);
    let entry_view = move |e: BurstEntry| {
        let name = if e.customer_name.trim().is_empty() {
            "—".to_owned()
        } else {
            e.customer_name.clone()
        };
        let note = e.note.clone();
        let who = match e.prospect_id {
            Some(id) => view! { <a class="lost-deal-name" data-test="open-card" href=format!("/prospects/{id}")>{name}</a> }.into_any(),
            None => view! { <span class="lost-deal-name">{name}</span> }.into_any(),
        };
        view! {
            <li class="lost-deal" data-test="burst-entry">
                {who}
                <span class="row-sub">
                    <span>{stamp(e.at)}</span>
                    <span class="sep">"·"</span>
                    <span>{move || what(i18n, kind, &e)}</span>
                </span>
                {(!note.is_empty()).then(|| view! { <p class="lost-note">{note}</p> })}
            </li>
        }
    };
    view! {
        <div class="burst" data-test="burst">
            <button type="button" class="btn burst-toggle" data-test="open-burst"
                aria-expanded=move || shown().to_string() aria-controls=list_id.clone()
                on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>
                <span aria-hidden="true">{move || if shown() { "▾ " } else { "▸ " }}</span>
                {label}
            </button>
            <ul class="lost-deals" id=list_id hidden=move || !shown()>
                {entries.into_iter().map(entry_view).collect_view()}
            </ul>
        </div>
    }
}
