//! How a card ends: the order (grade O) and its delivery, or a lost deal (战败) that a
//! manager confirms or sends back. Managers also hand the card to another consultant here.

use keyuan_shared::api::{Delivery, NewLostDeal, NewOrder, ProspectPatch};
use keyuan_shared::permissions::{self, Action};
use keyuan_shared::{LostDealStatus, LostReason, LostReasonGroup, ProspectStatus, SaleType};
use leptos::prelude::*;

use super::Ctx;
use crate::components::choice::ChoiceButton;
use crate::components::field::{DateField, FormError};
use crate::components::lost_decision::LostDecisionForm;
use crate::components::prospect_bits::{group_key, parse_date, reason_key, sale_key, short_date};
use crate::i18n::{fill, use_i18n, Key};
use crate::submit::Submit;

#[component]
pub(super) fn DealSection(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    // Memos, so that a reload of the card keeps these forms (and what they say) unless
    // the answer changes.
    let can_order = Memo::new(move |_| ctx.workable() && !ctx.has_order());
    let pending = Memo::new(move |_| ctx.status() == Some(ProspectStatus::LostPending));
    let reassignable = Memo::new(move |_| {
        permissions::may(ctx.role, Action::ManageProspects)
            && ctx.status().is_some_and(|s| s.is_open())
    });
    let delivered = RwSignal::new(None::<usize>);
    view! {
        <section class="card pd-section deal-section" data-test="deal-section">
            <h2 class="section-title">{i18n.text(Key::OrdersTitle)}</h2>
            <Orders ctx=ctx delivered=delivered />
            {move || delivered.get().map(|n| view! {
                <p class="notice done-notice" role="status" data-test="delivery-done">"✓ " {fill(i18n.tr(Key::LoyaltyCreated), "n", n)}</p>
            })}
            {move || can_order.get().then(|| view! { <OrderForm ctx=ctx /> })}
            {move || pending.get().then(|| view! { <PendingLost ctx=ctx /> })}
            {move || can_order.get().then(|| view! { <LostForm ctx=ctx /> })}
            {move || reassignable.get().then(|| view! { <OwnerForm ctx=ctx /> })}
        </section>
    }
}

/// The recorded order, with its delivery or the button that records it.
#[component]
fn Orders(ctx: Ctx, delivered: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = ctx.i18n;
    move || {
        let orders = ctx
            .detail
            .with(|d| d.as_ref().map(|d| d.orders.clone()).unwrap_or_default());
        orders
            .into_iter()
            .map(|o| {
                let ordered = short_date(o.ordered_at.timestamp_millis());
                let delivered_on = o.delivered_at.map(|t| short_date(t.timestamp_millis()));
                let undelivered = delivered_on.is_none();
                let order_id = o.id;
                view! {
                    <div class="order-row" data-test="order-row" data-id=o.id data-delivered=(!undelivered).to_string()>
                        <div class="order-main">
                            <strong>{o.vehicle_model_name.clone()}</strong>
                            <span class="sep">"·"</span>
                            <span data-test="order-sale-type">{i18n.text(sale_key(o.sale_type))}</span>
                        </div>
                        <div class="row-sub">
                            <span>{move || fill(i18n.tr(Key::OrderedOn), "date", &ordered)}</span>
                            {delivered_on.clone().map(|d| view! {
                                <span class="sep">"·"</span>
                                <span data-test="delivered-on">{move || fill(i18n.tr(Key::DeliveredOn), "date", &d)}</span>
                            })}
                        </div>
                        {undelivered.then(|| view! { <DeliveryForm ctx=ctx order_id=order_id delivered=delivered /> })}
                    </div>
                }
            })
            .collect_view()
    }
}

#[component]
fn OrderForm(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let model = RwSignal::new(
        ctx.detail
            .with_untracked(|d| d.as_ref().and_then(|d| d.prospect.vehicle_model_id)),
    );
    let sale = RwSignal::new(SaleType::Retail);
    let date = RwSignal::new(ctx.today());
    let submit = Submit::new(i18n);
    let save = submit.on_submit(move || {
        let Some(model_id) = model.get_untracked() else {
            submit.refuse(i18n.tr(Key::ChooseModel));
            return;
        };
        let body = NewOrder {
            vehicle_model_id: model_id,
            sale_type: sale.get_untracked(),
            ordered_at: None,
            ordered_on: parse_date(&date.get_untracked()),
        };
        ctx.send_and_close(
            submit,
            async move { ctx.api.record_order(ctx.id, &body).await },
            open,
        );
    });
    let sale_button = move |s: SaleType| {
        view! {
            <ChoiceButton class="segment" hook=format!("sale-{}", s.as_str())
                pressed=move || sale.get() == s on_press=move || sale.set(s)>
                {i18n.text(sale_key(s))}
            </ChoiceButton>
        }
    };
    view! {
        {move || (!open.get()).then(|| view! {
            <button type="button" class="btn btn-primary btn-block" data-test="record-order" on:click=move |_| open.set(true)>
                {i18n.text(Key::RecordOrder)}
            </button>
        })}
        {move || open.get().then(|| view! {
            <form class="sub-form" data-test="order-form" on:submit=save novalidate=true>
                <h3 class="sub-title">{i18n.text(Key::RecordOrder)}</h3>
                <label class="field" for="order-model">
                    <span class="field-label">{i18n.text(Key::ModelLabel)}</span>
                    <select id="order-model" data-test="order-model" on:change=move |ev| model.set(event_target_value(&ev).parse().ok())>
                        {ctx.model_options(model, Key::ChooseModel)}
                    </select>
                </label>
                <div class="field">
                    <span class="field-label">{i18n.text(Key::SaleTypeLabel)}</span>
                    <div class="segments sale-types" role="group" aria-label=i18n.text(Key::SaleTypeLabel)>
                        {SaleType::ALL.iter().map(|s| sale_button(*s)).collect_view()}
                    </div>
                </div>
                <DateField hook="order-date" label=Key::OrderDate value=date />
                <SubFormActions submit=submit open=open error_hook="order-error" hook="save-order" cancel_hook="cancel-order">
                    {move || i18n.tr(if submit.busy.get() { Key::Saving } else { Key::RecordOrder })}
                </SubFormActions>
            </form>
        })}
    }
}

#[component]
fn DeliveryForm(ctx: Ctx, order_id: i64, delivered: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let date = RwSignal::new(ctx.today());
    let submit = Submit::new(i18n);
    let save = submit.on_submit(move || {
        let body = Delivery {
            delivered_at: None,
            delivered_on: parse_date(&date.get_untracked()),
        };
        submit.send(
            async move { ctx.api.record_delivery(order_id, &body).await },
            move |d| {
                delivered.set(Some(d.loyalty_contacts.len()));
                open.set(false);
                ctx.load();
            },
        );
    });
    view! {
        {move || (!open.get() && ctx.status() != Some(ProspectStatus::Won)).then(|| view! {
            <button type="button" class="btn btn-block" data-test="record-delivery" on:click=move |_| open.set(true)>
                {i18n.text(Key::RecordDelivery)}
            </button>
        })}
        {move || open.get().then(|| view! {
            <form class="sub-form" data-test="delivery-form" on:submit=save novalidate=true>
                <DateField hook="delivery-date" label=Key::DeliveryDate value=date />
                <SubFormActions submit=submit open=open error_hook="delivery-error" hook="save-delivery">
                    {i18n.text(Key::RecordDelivery)}
                </SubFormActions>
            </form>
        })}
    }
}

/// A sub-form's refusal line (`error_hook`), then its submit button (`hook`, showing
/// `children`; `danger` for a request that ends the deal; `blocked` while the form is not
/// ready) and cancel (`cancel_hook`), which closes the form.
#[component]
fn SubFormActions(
    submit: Submit,
    open: RwSignal<bool>,
    error_hook: &'static str,
    hook: &'static str,
    #[prop(optional)] cancel_hook: Option<&'static str>,
    #[prop(optional)] danger: bool,
    #[prop(into, optional)] blocked: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if danger {
        "btn btn-danger"
    } else {
        "btn btn-primary"
    };
    view! {
        <FormError message=submit.error hook=error_hook />
        <div class="save-row">
            <button type="submit" class=class data-test=hook disabled=move || submit.busy.get() || blocked.get()>
                {children()}
            </button>
            <button type="button" class="btn" data-test=cancel_hook on:click=move |_| open.set(false)>
                {i18n.text(Key::Cancel)}
            </button>
        </div>
    }
}

/// The consultant's 战败 request: a reason from the form's groups, a note (required for
/// `other`).
#[component]
fn LostForm(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let reason = RwSignal::new(None::<LostReason>);
    let note = RwSignal::new(String::new());
    let submit = Submit::new(i18n);
    let save = submit.on_submit(move || {
        let Some(r) = reason.get_untracked() else {
            submit.refuse(i18n.tr(Key::LostReasonLabel));
            return;
        };
        let text = note.get_untracked().trim().to_owned();
        if r.requires_note() && text.is_empty() {
            submit.refuse(i18n.tr(Key::LostNoteRequired));
            return;
        }
        let body = NewLostDeal {
            reason: r,
            note: Some(text).filter(|t| !t.is_empty()),
        };
        ctx.send_and_close(
            submit,
            async move { ctx.api.request_lost(ctx.id, &body).await },
            open,
        );
    });
    let reason_chip = move |r: LostReason| {
        view! {
            <ChoiceButton class="chip" hook=format!("lost-reason-{}", r.as_str())
                pressed=move || reason.get() == Some(r) on_press=move || reason.set(Some(r))>
                {i18n.text(reason_key(r))}
            </ChoiceButton>
        }
    };
    let groups = LostReasonGroup::ALL
        .iter()
        .map(|g| {
            let g = *g;
            view! {
                <fieldset class="chip-group reason-group">
                    <legend class="field-label">{i18n.text(group_key(g))}</legend>
                    <div class="chips">
                        {LostReason::ALL.iter().filter(|r| r.group() == g).map(|r| reason_chip(*r)).collect_view()}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        {move || (!open.get()).then(|| view! {
            <button type="button" class="btn btn-danger btn-block" data-test="mark-lost" on:click=move |_| open.set(true)>
                {i18n.text(Key::MarkLost)}
            </button>
        })}
        <form class="sub-form lost-form" data-test="lost-form" on:submit=save novalidate=true class:hidden=move || !open.get()>
            <h3 class="sub-title">{i18n.text(Key::LostTitle)}</h3>
            {groups}
            <label class="field" class:invalid=move || reason.get() == Some(LostReason::Other) && note.with(|n| n.trim().is_empty()) for="lost-note">
                <span class="field-label">{i18n.text(Key::LostNote)}</span>
                <input id="lost-note" data-test="lost-note" type="text" autocomplete="off"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev)) />
            </label>
            <SubFormActions submit=submit open=open error_hook="lost-error" hook="submit-lost" danger=true
                blocked=move || reason.get().is_none()>
                {i18n.text(Key::SubmitLost)}
            </SubFormActions>
        </form>
    }
}

/// A request waiting for a manager: who asked and why; a manager confirms or sends it back.
#[component]
fn PendingLost(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let deal = move || {
        ctx.detail.with(|d| {
            d.as_ref().and_then(|d| {
                d.lost_deals
                    .iter()
                    .find(|l| l.status == LostDealStatus::Pending)
                    .cloned()
            })
        })
    };
    view! {
        <div class="pending-lost" data-test="waiting-for-manager">
            <p class="notice">
                <strong>{i18n.text(Key::WaitingForManager)}</strong>
                {move || deal().map(|l| {
                    let reason = reason_key(l.reason);
                    view! {
                        <br />
                        <span data-test="pending-reason" data-reason=l.reason.as_str()>{i18n.text(reason)}</span>
                        {(!l.note.is_empty()).then(|| format!(" — {}", l.note))}
                        <span class="muted">" · " {move || fill(i18n.tr(Key::RequestedBy), "name", &l.requested_by_name)}</span>
                    }
                })}
            </p>
            {permissions::may(ctx.role, Action::ManageProspects).then(|| view! {
                <LostDecisionForm
                    deal=Signal::derive(move || deal().map(|l| l.id))
                    comment_id="decision-comment".to_owned()
                    comment_hook="decision-comment"
                    confirm_hook="confirm-lost"
                    reject_hook="reject-lost"
                    error_hook="decision-error"
                    on_decided=Callback::new(move |_| ctx.load())
                />
            })}
        </div>
    }
}

/// A manager hands the card to another consultant.
#[component]
fn OwnerForm(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let owner = move || ctx.detail.with(|d| d.as_ref().map(|d| d.prospect.owner_id));
    let chosen = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |_| {
        let Some(to) = chosen.get_untracked().filter(|c| Some(*c) != owner()) else {
            return;
        };
        let name = ctx.consultants.with_untracked(|cs| {
            cs.iter()
                .find(|c| c.id == to)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        });
        busy.set(true);
        error.set(None);
        done.set(None);
        ctx.patch(
            ProspectPatch {
                owner_id: Some(to),
                ..ProspectPatch::default()
            },
            move |r| {
                busy.set(false);
                match r {
                    Ok(()) => {
                        chosen.set(None);
                        done.set(Some(fill(i18n.tr(Key::Reassigned), "name", &name)));
                    }
                    Err(e) => error.set(Some(e)),
                }
            },
        );
    };
    let options = move || {
        let current = chosen.get().or_else(owner);
        ctx.consultants
            .get()
            .into_iter()
            .map(|c| view! { <option value=c.id.to_string() selected=current == Some(c.id)>{c.name}</option> })
            .collect_view()
    };
    view! {
        <div class="owner-form">
            <label class="field" for="owner-select">
                <span class="field-label">{i18n.text(Key::OwnerLabel)}</span>
                <select id="owner-select" data-test="owner-select" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                    {options}
                </select>
            </label>
            <button
                type="button"
                class="btn"
                data-test="reassign-owner"
                disabled=move || busy.get() || chosen.get().is_none_or(|c| Some(c) == owner())
                on:click=save
            >
                {i18n.text(Key::Reassign)}
            </button>
            <FormError message=error hook="owner-error" />
            {move || done.get().map(|t| view! { <p class="added" role="status" data-test="owner-done">"✓ " {t}</p> })}
        </div>
    }
}
