//! 诚信报告 Honesty report: the reception's log is an independent count of who came in,
//! so the manager sees per consultant the walk-ins given against those captured and
//! followed up within a day, the entries logged in [`bursts`] too fast to be real
//! calls, and the cards whose follow-up date was pushed on without a contact. The rules
//! are `keyuan_shared::honesty`, applied by the server. Below them, the grades'
//! [`calibration`]: how often each grade's promise was kept. Live like the dashboard.

use keyuan_shared::api::{HonestyLine, HonestyReport, PushedProspect};
use keyuan_shared::Role;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::field::FormError;
use crate::components::report_table::ReportTable;
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, use_i18n, Key};
use crate::pages::dashboard::period::{PeriodPicker, RangeChoice};
use crate::pages::dashboard::{live_report, LiveReport};
use crate::screens::Screen;

mod bursts;
mod calibration;

use bursts::BurstList;
use calibration::Calibration;

#[component]
pub fn HonestyPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let choice = RangeChoice::new();
    let LiveReport { loaded, error, .. } =
        live_report(api, choice.range, move |range| api.honesty_report(range));
    let calibrated = live_report(api, choice.range, move |range| {
        api.calibration_report(range)
    })
    .loaded;
    let rules = move || {
        loaded.get().map(|r| {
            let text = fill(i18n.tr(Key::HonestyRules), "entries", r.rules.burst_entries);
            let text = fill(&text, "minutes", r.rules.burst_minutes);
            view! { <p class="facts" data-test="honesty-rules">{fill(&text, "pushes", r.rules.pushes)}</p> }
        })
    };
    view! {
        <ScreenPage screen=Screen::Honesty role=role>
            <p class="lede">{i18n.text(Key::HonestyIntro)}</p>
            <PeriodPicker choice=choice />
            <FormError hook="report-error" message=error />
            {rules}
            <LinesTable report=loaded />
            <BurstList report=loaded />
            <PushedList report=loaded />
            <Calibration report=calibrated />
        </ScreenPage>
    }
}

type LineColumn = (Key, &'static str, fn(&HonestyLine) -> i64);
const LINE_COLUMNS: [LineColumn; 6] = [
    (Key::ColAssigned, "walk-ins", |l| l.walk_ins),
    (Key::ColCaptured, "captured", |l| l.captured),
    (Key::ColFollowed24h, "followed", |l| l.followed_up_in_24h),
    (Key::ColNotFollowed, "gap", |l| l.gap),
    (Key::ColBursts, "bursts", |l| l.bursts),
    (Key::ColPushed, "pushed", |l| l.pushed_prospects),
];

#[component]
fn LinesTable(report: Signal<Option<HonestyReport>>) -> impl IntoView {
    let columns = std::iter::once(Key::ColConsultant)
        .chain(LINE_COLUMNS.iter().map(|(k, ..)| *k))
        .collect();
    let rows = move || {
        report.get().map(|r| {
            r.consultants
                .into_iter()
                .map(|line| {
                    let cells = LINE_COLUMNS
                        .iter()
                        .map(|(_, hook, value)| {
                            let n = value(&line);
                            // what the manager should look at stands out
                            let flagged = n > 0 && matches!(*hook, "gap" | "bursts" | "pushed");
                            view! { <td class:flagged=flagged data-test=format!("honesty-{hook}")>{n}</td> }
                        })
                        .collect_view();
                    view! {
                        <tr data-test="honesty-line" data-id=line.consultant_id>
                            <th scope="row">{line.name.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <ReportTable hook="honesty-lines" title=Key::HonestyLinesTitle columns=columns>{rows}</ReportTable>
    }
}

#[component]
fn PushedList(report: Signal<Option<HonestyReport>>) -> impl IntoView {
    let i18n = use_i18n();
    let item = move |p: PushedProspect| {
        let next = p
            .next_follow_up_on
            .map_or("—".to_owned(), |d| d.to_string());
        let sub = fill(
            &fill(
                &fill(i18n.tr(Key::PushedLine), "owner", &p.owner_name),
                "n",
                p.pushes,
            ),
            "date",
            next,
        );
        view! {
            <li class="lost-deal" data-test="pushed-prospect">
                <a class="lost-deal-name" data-test="open-card" href=format!("/prospects/{}", p.prospect_id)>{p.customer_name}</a>
                <span class="row-sub">{sub}</span>
            </li>
        }
    };
    let body = move || {
        report.get().map(|r| {
            if r.pushed.is_empty() {
                view! { <p class="muted">{i18n.tr(Key::NoPushed)}</p> }.into_any()
            } else {
                view! { <ul class="lost-deals">{r.pushed.into_iter().map(item).collect_view()}</ul> }.into_any()
            }
        })
    };
    view! {
        <section class="card" data-test="pushed" aria-labelledby="pushed-title">
            <h2 class="chart-title" id="pushed-title">{i18n.text(Key::PushedTitle)}</h2>
            {body}
        </section>
    }
}
