//! The rotation board (接待轮序): who is next, who is with a customer, who is on duty.

use keyuan_shared::api::{DutyChange, RotationEntry};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::Ctx;
use crate::api::ApiError;
use crate::i18n::{fill, use_i18n, Key};

#[component]
pub(super) fn RotationBoard(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(None::<i64>);

    let toggle = move |entry: RotationEntry| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(entry.consultant_id));
        error.set(None);
        spawn_local(async move {
            let change = DutyChange {
                consultant_id: entry.consultant_id,
                on_duty: !entry.on_duty,
            };
            match ctx.api.set_duty(&change).await {
                Ok(rotation) => ctx.rotation.set(Some(rotation)),
                Err(ApiError::SignedOut) => {}
                Err(e) => error.set(Some(e)),
            }
            busy.set(None);
        });
    };

    let entries = move || {
        let Some(rotation) = ctx.rotation.get() else {
            return view! { <p class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</p> }
                .into_any();
        };
        if rotation.consultants.is_empty() {
            return view! { <p class="muted list-state" data-test="empty">{i18n.text(Key::NoConsultants)}</p> }
                .into_any();
        }
        let next = rotation.next_consultant_id;
        let mut position = 0;
        view! {
            <ol class="rotation-list">
                {rotation
                    .consultants
                    .into_iter()
                    .map(|e| {
                        let id = e.consultant_id;
                        let is_next = next == Some(id);
                        let on_duty = e.on_duty;
                        let with = e.with_customers;
                        let is_busy = with > 0;
                        if on_duty {
                            position += 1;
                        }
                        let shown_position = if on_duty { position.to_string() } else { "–".to_owned() };
                        let target = e.clone();
                        view! {
                            <li
                                class="rotation-entry"
                                class:next=is_next
                                class:busy=is_busy
                                class:off=!on_duty
                                data-test="rotation-entry"
                                data-id=id
                                data-next=is_next.then_some("true")
                                data-on-duty=on_duty.to_string()
                            >
                                <span class="rotation-pos" aria-hidden="true">{shown_position}</span>
                                <span class="rotation-name">{e.name}</span>
                                <span class="rotation-tags">
                                    {is_next.then(|| view! { <span class="tag tag-next" data-test="next-up">{i18n.text(Key::NextUp)}</span> })}
                                    {(with > 0)
                                        .then(|| {
                                            view! {
                                                <span class="tag tag-busy" data-test="with-customer">
                                                    {i18n.text(Key::WithCustomer)}
                                                    {(with > 1).then(|| format!(" ×{with}"))}
                                                </span>
                                            }
                                        })}
                                    {(!on_duty).then(|| view! { <span class="tag tag-off">{i18n.text(Key::OffDuty)}</span> })}
                                    {e.skipped.then(|| view! {
                                        <span class="tag tag-skipped" data-test="skipped-overdue">{fill(i18n.tr(Key::SkippedOverdue), "n", e.overdue)}</span>
                                    })}
                                </span>
                                <button
                                    type="button"
                                    class="btn btn-small duty-toggle"
                                    class:btn-danger=on_duty
                                    data-test="duty-toggle"
                                    aria-pressed=on_duty.to_string()
                                    disabled=move || busy.get().is_some()
                                    on:click=move |_| toggle(target.clone())
                                >
                                    {i18n.text(if on_duty { Key::TakeOffDuty } else { Key::PutOnDuty })}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };

    view! {
        <section class="card rotation-board" data-test="rotation-board">
            <h2 class="section-title">{i18n.text(Key::RotationTitle)}</h2>
            {move || {
                error
                    .get()
                    .map(|e| view! { <p class="form-error" role="alert" data-test="rotation-error">{e.message(i18n.locale.get())}</p> })
            }}
            {entries}
        </section>
    }
}
