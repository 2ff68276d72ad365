//! 前台登记 Check-in: the receptionist's screen at the showroom door.
//!
//! The check-in form, the rotation board (接待轮序) and today's log. A check-in is kept
//! on the tablet until the server has it (see [`crate::outbox`]), and the screen follows
//! every other tablet's and laptop's changes through the live event stream.

//! The parts: [`state`] (the shared state and the outbox flush), [`form`] with its
//! [`inputs`] and [`customer_hint`], [`rotation`] (the board), [`day_log`] with the
//! [`editor`] sheet and the [`forgotten`] visitors' one-tap close, and [`format`]
//! (formatting helpers).

use std::time::Duration;

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::screen_page::ScreenPage;
use crate::live::on_live_events;
use crate::outbox;
use crate::screens::Screen;

mod campaign_chips;
mod customer_hint;
mod day_log;
mod editor;
mod forgotten;
mod form;
mod format;
mod inputs;
mod rotation;
mod state;

use day_log::TodayLog;
use form::CheckinForm;
use inputs::Form;
use rotation::RotationBoard;
use state::Ctx;

/// How often waiting check-ins are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(4);
/// A fallback refresh in case a live event was missed.
const REFRESH_EVERY: Duration = Duration::from_secs(60);

#[component]
pub fn CheckinPage(role: Role) -> impl IntoView {
    let api = use_api();
    let ctx = Ctx::new(api);
    ctx.refresh();
    ctx.load_models();
    ctx.load_campaigns();
    ctx.flush();

    // Retry waiting check-ins every few seconds and as soon as the network is back;
    // refresh now and then in case a live event was missed.
    let retry = set_interval_with_handle(move || ctx.flush(), RETRY_EVERY).ok();
    // (a campaign the manager records during the day reaches the tablet this way too)
    let poll = set_interval_with_handle(
        move || {
            ctx.refresh();
            ctx.load_campaigns();
        },
        REFRESH_EVERY,
    )
    .ok();
    let online = window_event_listener(leptos::ev::online, move |_| {
        ctx.flush();
        ctx.refresh();
    });
    // Another tab of this tablet may have changed the waiting list.
    let storage = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(outbox::STORAGE_KEY) {
            ctx.pending.set(outbox::load());
        }
    });
    // a reconnect may have missed events, and the network is back: send what waits too
    on_live_events(
        ctx.api,
        move || ctx.refresh(),
        move || {
            ctx.refresh();
            ctx.load_campaigns();
            ctx.flush();
        },
    );
    let form = Form::new();
    on_cleanup(move || {
        if let Some(h) = retry {
            h.clear();
        }
        if let Some(h) = poll {
            h.clear();
        }
        online.remove();
        storage.remove();
    });

    view! {
        <ScreenPage screen=Screen::Checkin role=role>
            <div class="checkin-layout">
                <CheckinForm ctx=ctx form=form />
                <div class="checkin-side">
                    <RotationBoard ctx=ctx />
                    <TodayLog ctx=ctx form=form />
                </div>
            </div>
        </ScreenPage>
    }
}
