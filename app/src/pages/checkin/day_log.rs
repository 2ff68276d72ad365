//! Today's log: the day's counts, the check-ins still on the tablet and the saved visits.

use keyuan_shared::api::{Visit, VisitPatch};
use keyuan_shared::VisitKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::editor::{Editor, VisitEditor};
use super::forgotten::ForgottenVisitors;
use super::form::focus_phone;
use super::format::{clock, kind_key, parse_time, party_of, stay, who, WhoLabel};
use super::inputs::Form;
use super::state::Ctx;
use crate::api::ApiError;
use crate::i18n::{use_i18n, Key};
use crate::outbox::Pending;

#[component]
pub(super) fn TodayLog(ctx: Ctx, form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let left_error = RwSignal::new(None::<ApiError>);
    let leaving = RwSignal::new(None::<i64>);
    let editor = Editor::new();
    let editing = Memo::new(move |_| editor.visit.with(|v| v.as_ref().map(|v| v.id)));

    let mark_left = move |id: i64| {
        if leaving.get_untracked().is_some() {
            return;
        }
        leaving.set(Some(id));
        left_error.set(None);
        spawn_local(async move {
            let patch = VisitPatch {
                left_at: parse_time(
                    &js_sys::Date::new_0()
                        .to_iso_string()
                        .as_string()
                        .unwrap_or_default(),
                ),
                ..VisitPatch::default()
            };
            match ctx.api.patch_visit(id, &patch).await {
                Ok(visit) => {
                    ctx.log.update(|log| {
                        if let Some(row) = log
                            .as_mut()
                            .and_then(|l| l.visits.iter_mut().find(|v| v.id == visit.id))
                        {
                            *row = visit;
                        }
                    });
                    ctx.refresh();
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => left_error.set(Some(e)),
            }
            leaving.set(None);
        });
    };

    let count = move |hook: &'static str,
                      label: Key,
                      value: fn(&keyuan_shared::api::DayCounts) -> i64| {
        view! {
            <div class="count">
                <span class="count-value" data-test=hook>
                    {move || ctx.log.with(|l| l.as_ref().map(|l| value(&l.counts)).unwrap_or(0))}
                </span>
                <span class="count-label">{i18n.text(label)}</span>
            </div>
        }
    };

    let pending_rows = move || {
        let in_flight = ctx.in_flight.get();
        ctx.pending
            .get()
            .into_iter()
            .rev()
            .map(|p| {
                let sending = in_flight.as_deref() == Some(p.key.as_str());
                view! { <PendingRow ctx=ctx form=form item=p sending=sending /> }
            })
            .collect_view()
    };

    let rows = move || {
        match ctx.log.get() {
        None => ctx.log_error.get().map_or_else(
            || view! { <li class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</li> }.into_any(),
            |e| {
                view! {
                    <li class="list-state failed" role="alert" data-test="visit-log-error">
                        <span>{i18n.text(Key::LoadFailed)} ": " {e.message(i18n.locale.get())}</span>
                        <button type="button" class="btn btn-small" on:click=move |_| ctx.refresh_log()>
                            {i18n.text(Key::Retry)}
                        </button>
                    </li>
                }
                .into_any()
            },
        ),
        Some(log) if log.visits.is_empty() && ctx.pending.with(|p| p.is_empty()) => {
            view! { <li class="muted list-state" data-test="empty">{i18n.text(Key::NoVisitsYet)}</li> }.into_any()
        }
        Some(log) => log
            .visits
            .into_iter()
            .map(|v| view! { <VisitRow visit=v leaving=leaving on_left=mark_left editor=editor /> })
            .collect_view()
            .into_any(),
    }
    };

    view! {
        <section class="card visit-log" id="visit-log" data-test="visit-log">
            <h2 class="section-title">{i18n.text(Key::TodayLog)}</h2>
            <div class="counts" data-test="day-counts">
                {count("count-traffic", Key::CountTraffic, |c| c.traffic_people)}
                {count("count-first", Key::CountFirst, |c| c.first_visits)}
                {count("count-captured", Key::CountCaptured, |c| c.captured)}
                {count("count-test-drives", Key::CountTestDrives, |c| c.test_drives)}
            </div>
            <ForgottenVisitors ctx=ctx />
            {move || {
                (ctx.offline.get() && ctx.pending.with(|p| !p.is_empty()))
                    .then(|| view! { <p class="notice" role="status" data-test="offline-notice">{i18n.text(Key::Offline)}</p> })
            }}
            {move || {
                left_error
                    .get()
                    .map(|e| view! { <p class="form-error" role="alert" data-test="mark-left-error">{e.message(i18n.locale.get())}</p> })
            }}
            <ul class="visit-rows">
                {pending_rows}
                {rows}
            </ul>
            {move || editing.get().map(|_| view! { <VisitEditor ctx=ctx editor=editor /> })}
        </section>
    }
}

#[component]
fn VisitRow(
    visit: Visit,
    leaving: RwSignal<Option<i64>>,
    on_left: impl Fn(i64) + Copy + Send + Sync + 'static,
    editor: Editor,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = visit.id;
    let original = visit.clone();
    let walk_in = visit.kind == VisitKind::WalkIn;
    let arrived = visit.arrived_at.timestamp_millis();
    let left = visit.left_at.map(|t| t.timestamp_millis());
    let who = who(
        visit.customer_name.as_deref(),
        visit.customer_phone.as_deref(),
    );
    let model = visit.vehicle_model_name.clone();
    let campaign = visit.campaign_name.clone();
    let consultant = visit.consultant_name.clone();
    view! {
        <li
            class="visit-row"
            class:gone=left.is_some()
            data-test="visit-row"
            data-id=id
            data-kind=visit.kind.as_str()
            data-first=visit.first_visit.to_string()
        >
            <span class="visit-time">{clock(arrived)}</span>
            <div class="visit-main">
                <div class="visit-title">
                    <WhoLabel who=who.clone() />
                    {walk_in
                        .then(|| {
                            let first = visit.first_visit;
                            view! {
                                <span class="tag" class:tag-first=first class:tag-return=!first data-test="visit-badge">
                                    {i18n.text(if first { Key::FirstVisit } else { Key::ReturnVisit })}
                                </span>
                            }
                        })}
                    {visit.test_drive.then(|| view! { <span class="tag tag-drive">{i18n.text(Key::TestDrive)}</span> })}
                </div>
                <div class="row-sub">
                    <span>{i18n.text(kind_key(visit.kind))}</span>
                    <span class="sep">"·"</span>
                    <span data-test="visit-party">{party_of(i18n, visit.party_size)}</span>
                    {model.map(|m| view! { <span class="sep">"·"</span> <span data-test="visit-model">{m}</span> })}
                    {campaign.map(|c| view! { <span class="sep">"·"</span> <span data-test="visit-campaign">{c}</span> })}
                    <span class="sep">"·"</span>
                    <span data-test="visit-consultant">
                        {move || consultant.clone().unwrap_or_else(|| i18n.tr(Key::Unassigned).to_owned())}
                    </span>
                </div>
            </div>
            <div class="visit-actions">
                <button
                    type="button"
                    class="btn btn-edit"
                    data-test="edit-visit"
                    aria-haspopup="dialog"
                    on:click=move |_| editor.open(&original)
                >
                    {i18n.text(Key::EditVisit)}
                </button>
                {match left {
                    Some(left) => {
                        view! {
                            <span class="stay" data-test="stay-length">
                                {move || stay(i18n, left - arrived)}
                            </span>
                        }
                            .into_any()
                    }
                    None if walk_in => {
                        view! {
                            <button
                                type="button"
                                class="btn btn-left"
                                data-test="mark-left"
                                disabled=move || leaving.get().is_some()
                                on:click=move |_| on_left(id)
                            >
                                {i18n.text(Key::MarkLeft)}
                            </button>
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </div>
        </li>
    }
}

/// A check-in still on the tablet: waiting, being sent, or refused.
#[component]
fn PendingRow(ctx: Ctx, form: Form, item: Pending, sending: bool) -> impl IntoView {
    let i18n = use_i18n();
    let key = item.key.clone();
    let arrived = item.visit.arrived_at.map(|t| t.timestamp_millis());
    let model = item.visit.vehicle_model_id.and_then(|id| {
        ctx.models
            .with_untracked(|ms| ms.iter().find(|m| m.id == id).map(|m| m.name.clone()))
    });
    let who = who(item.visit.name.as_deref(), item.visit.phone.as_deref());
    let refusal = item.problem.clone();
    let state = if refusal.is_some() {
        "attention"
    } else {
        "waiting"
    };
    let (k1, k2, k3) = (key.clone(), key.clone(), key.clone());
    let visit = item.visit.clone();
    let status = match &refusal {
        Some(r) => {
            let refusal = r.clone();
            let text = move || {
                let message = refusal.text(i18n.locale.get());
                if message.is_empty() {
                    i18n.tr(Key::UnexpectedError).to_owned()
                } else {
                    message
                }
            };
            view! {
                <span class="pending-status attention" data-test="pending-status">
                    <strong>{i18n.text(Key::NeedsAttention)}</strong>
                    ": "
                    <span data-test="pending-error">{text}</span>
                </span>
            }
            .into_any()
        }
        None => view! {
            <span class="pending-status waiting" data-test="pending-status">
                {i18n.text(if sending { Key::Sending } else { Key::WaitingToSend })}
            </span>
        }
        .into_any(),
    };
    view! {
        <li class="visit-row pending" class:attention=refusal.is_some() data-test="pending-visit" data-key=key data-state=state>
            <span class="visit-time">{arrived.map(clock).unwrap_or_default()}</span>
            <div class="visit-main">
                <div class="visit-title">
                    <WhoLabel who=who />
                </div>
                <div class="row-sub">
                    <span>{i18n.text(kind_key(item.visit.kind))}</span>
                    <span class="sep">"·"</span>
                    <span>{party_of(i18n, item.visit.party_size)}</span>
                    {model.map(|m| view! { <span class="sep">"·"</span> <span>{m}</span> })}
                </div>
                {status}
            </div>
            {refusal
                .clone()
                .map(|r| {
                    let visit = visit.clone();
                    view! {
                        <div class="visit-actions pending-actions">
                            <button
                                type="button"
                                class="btn btn-small"
                                data-test="retry-pending"
                                on:click=move |_| {
                                    let key = k1.clone();
                                    ctx.change_pending(|list| {
                                        if let Some(p) = list.iter_mut().find(|p| p.key == key) {
                                            p.problem = None;
                                        }
                                    });
                                    ctx.flush();
                                }
                            >
                                {i18n.text(Key::Retry)}
                            </button>
                            <button
                                type="button"
                                class="btn btn-small"
                                data-test="edit-pending"
                                on:click=move |_| {
                                    let key = k2.clone();
                                    form.restore(visit.clone(), Some(r.clone()), i18n.locale.get_untracked());
                                    ctx.change_pending(|list| list.retain(|p| p.key != key));
                                    focus_phone();
                                }
                            >
                                {i18n.text(Key::EditAgain)}
                            </button>
                            <button
                                type="button"
                                class="btn btn-small btn-danger"
                                data-test="discard-pending"
                                on:click=move |_| {
                                    let key = k3.clone();
                                    ctx.change_pending(|list| list.retain(|p| p.key != key));
                                }
                            >
                                {i18n.text(Key::Discard)}
                            </button>
                        </div>
                    }
                })}
        </li>
    }
}
