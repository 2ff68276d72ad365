//! Receptionists forget to tap "left": the walk-ins of earlier hours still shown in the
//! showroom are offered as one tap to close (`POST /visits/close-forgotten`).

use keyuan_shared::VisitKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::Ctx;
use crate::api::ApiError;
use crate::components::field::FormError;
use crate::i18n::{fill, use_i18n, Key};

/// The start of this hour on the tablet's clock, in milliseconds: the server closes the
/// open walk-ins that arrived before the start of the store's current hour.
fn hour_start_ms() -> f64 {
    let now = js_sys::Date::new_0();
    now.set_minutes(0);
    now.set_seconds(0);
    now.set_milliseconds(0);
    now.get_time()
}

#[component]
pub(super) fn ForgottenVisitors(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let forgotten = move || {
        let before = hour_start_ms() as i64;
        ctx.log.with(|log| {
            log.as_ref().map_or(0, |l| {
                l.visits
                    .iter()
                    .filter(|v| v.kind == VisitKind::WalkIn && v.left_at.is_none())
                    .filter(|v| v.arrived_at.timestamp_millis() < before)
                    .count()
            })
        })
    };
    let close = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match ctx.api.close_forgotten().await {
                Ok(_) => ctx.refresh(),
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    error.try_set(Some(e.message(i18n.locale.get_untracked())));
                }
            }
            busy.try_set(false);
        });
    };
    move || {
        let n = forgotten();
        (n > 0).then(|| {
            view! {
                <div class="notice forgotten" role="status" data-test="forgotten-visitors">
                    <p>{fill(i18n.tr(Key::ForgottenVisitors), "n", n)}</p>
                    <p class="facts">{i18n.text(Key::ForgottenNote)}</p>
                    <button type="button" class="btn btn-primary" data-test="close-forgotten"
                        disabled=move || busy.get() on:click=close>
                        {i18n.text(Key::CloseForgotten)}
                    </button>
                    <FormError hook="close-forgotten-error" message=error />
                </div>
            }
        })
    }
}
