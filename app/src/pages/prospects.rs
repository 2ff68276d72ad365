//! 意向客户 The manager's prospects: lost-deal requests to approve, the store's cards with
//! their owners, and moving all of a (leaving) consultant's prospects to another.

use std::time::Duration;

use keyuan_shared::api::{LostDeal, Reassign, User};
use keyuan_shared::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, Api, ApiError};
use crate::components::card_list::{CardList, ListCutNotice};
use crate::components::field::FormError;
use crate::components::lost_decision::LostDecisionForm;
use crate::components::prospect_bits::{
    display_name, reason_key, short_time, GradeBadge, ProspectCards, ProspectFilters,
};
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::live::live_refresh;
use crate::screens::Screen;
use crate::submit::Submit;

#[component]
pub fn ProspectsPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let cards = CardList::new(api, false);
    let consultants = RwSignal::new(Vec::<User>::new());
    // Bumped by every live event: the approvals list loads again when it changes.
    let changes = RwSignal::new(0u32);
    live_refresh(api, move || {
        changes.update(|n| *n += 1);
        cards.load(Duration::ZERO);
    });
    spawn_local(async move {
        if let Ok(users) = api.users(None).await {
            consultants.set(
                users
                    .into_iter()
                    .filter(|u| u.role == Role::Consultant)
                    .collect(),
            );
        }
    });
    let owner_options = move || {
        let chosen = cards.owner.get();
        consultants
            .get()
            .into_iter()
            .map(|c| view! { <option value=c.id.to_string() selected=chosen == Some(c.id)>{c.name}</option> })
            .collect_view()
    };

    view! {
        <ScreenPage screen=Screen::Prospects role=role>
            <div class="manager-prospects">
                <div class="mp-side">
                    <Approvals api=api i18n=i18n cards=cards changes=changes />
                    <ReassignForm api=api i18n=i18n consultants=consultants cards=cards />
                </div>
                <section class="card mp-list" data-test="store-prospects">
                    <h2 class="section-title">{i18n.text(Key::StoreProspectsTitle)}</h2>
                    <div class="list-head">
                        <ProspectFilters grade=cards.grade q=cards.q />
                        <label class="field owner-filter" for="owner-filter">
                            <span class="visually-hidden">{i18n.text(Key::OwnerLabel)}</span>
                            <select
                                id="owner-filter"
                                data-test="owner-filter"
                                on:change=move |ev| cards.owner.set(event_target_value(&ev).parse().ok())
                            >
                                <option value="">{i18n.text(Key::AllConsultants)}</option>
                                {owner_options}
                            </select>
                        </label>
                    </div>
                    <ProspectCards
                        list=cards.list
                        error=cards.error
                        show_owner=true
                        on_retry=Callback::new(move |_| cards.load(Duration::ZERO))
                    />
                    <ListCutNotice more=cards.more />
                </section>
            </div>
        </ScreenPage>
    }
}

/// 待审批战败: confirm, or send back with a comment.
#[component]
fn Approvals(api: Api, i18n: I18n, cards: CardList, changes: RwSignal<u32>) -> impl IntoView {
    let deals = RwSignal::new(None::<Vec<LostDeal>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.pending_lost_deals().await {
                Ok(list) => {
                    deals.set(Some(list));
                    error.set(None);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => error.set(Some(e.message(i18n.locale.get_untracked()))),
            }
        });
    };
    Effect::new(move |_| {
        changes.track();
        load();
    });
    let on_decided = Callback::new(move |_: ()| {
        load();
        cards.load(Duration::ZERO);
    });
    let rows = move || {
        match deals.get() {
        None => view! { <p class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</p> }
            .into_any(),
        Some(list) if list.is_empty() => view! {
            <p class="muted list-state" data-test="nothing-to-approve">{i18n.text(Key::NothingToApprove)}</p>
        }
        .into_any(),
        Some(list) => view! {
            <ul class="approval-list">
                {list
                    .into_iter()
                    .map(|d| view! { <ApprovalRow i18n=i18n deal=d on_decided=on_decided /> })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <section class="card approvals" data-test="approvals">
            <h2 class="section-title">
                {i18n.text(Key::ToApproveTitle)}
                {move || deals.with(|d| d.as_ref().filter(|d| !d.is_empty()).map(|d| view! { <span class="count-pill">{d.len()}</span> }))}
            </h2>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {rows}
        </section>
    }
}

#[component]
fn ApprovalRow(i18n: I18n, deal: LostDeal, on_decided: Callback<()>) -> impl IntoView {
    let id = deal.id;
    let name = display_name(&deal.customer_name, &deal.customer_phone);
    let reason = reason_key(deal.reason);
    view! {
        <li class="approval-row" data-test="approval-row" data-id=id data-prospect=deal.prospect_id>
            <div class="log-line">
                <GradeBadge grade=deal.grade />
                <a class="approval-name" href=format!("/prospects/{}", deal.prospect_id)>{name}</a>
                <span class="muted log-when">{short_time(deal.requested_at.timestamp_millis())}</span>
            </div>
            <div class="row-sub">
                <span data-test="approval-owner">{deal.owner_name.clone()}</span>
                {deal.vehicle_model_name.clone().map(|m| view! { <span class="sep">"·"</span> <span>{m}</span> })}
            </div>
            <p class="approval-reason">
                <strong data-test="approval-reason" data-reason=deal.reason.as_str()>{i18n.text(reason)}</strong>
                {(!deal.note.is_empty()).then(|| format!(" — {}", deal.note))}
            </p>
            <LostDecisionForm
                deal=Signal::stored(Some(id))
                comment_id=format!("decision-comment-{id}")
                comment_hook="approval-comment"
                confirm_hook="approve-lost"
                reject_hook="send-back-lost"
                error_hook="approval-error"
                on_decided=on_decided
            />
        </li>
    }
}

/// Every open prospect of one consultant to another (a consultant leaving).
#[component]
fn ReassignForm(
    api: Api,
    i18n: I18n,
    consultants: RwSignal<Vec<User>>,
    cards: CardList,
) -> impl IntoView {
    let from = RwSignal::new(None::<i64>);
    let to = RwSignal::new(None::<i64>);
    let done = RwSignal::new(None::<i64>);
    let submit = Submit::new(i18n);
    let save = submit.on_submit(move || {
        let (Some(f), Some(t)) = (from.get_untracked(), to.get_untracked()) else {
            submit.refuse(i18n.tr(Key::ChooseConsultant));
            return;
        };
        if f == t {
            submit.refuse(i18n.tr(Key::SameConsultant));
            return;
        }
        done.set(None);
        let body = Reassign {
            from_owner_id: f,
            to_owner_id: t,
            prospect_ids: None,
        };
        submit.send(async move { api.reassign(&body).await }, move |r| {
            done.set(Some(r.moved));
            cards.load(Duration::ZERO);
        });
    });
    let select = move |hook: &'static str,
                       label: Key,
                       value: RwSignal<Option<i64>>,
                       active_only: bool| {
        let options = move || {
            let chosen = value.get();
            consultants
                .get()
                .into_iter()
                .filter(|c| c.active || !active_only)
                .map(|c| view! { <option value=c.id.to_string() selected=chosen == Some(c.id)>{c.name}</option> })
                .collect_view()
        };
        view! {
            <label class="field" for=hook>
                <span class="field-label">{i18n.text(label)}</span>
                <select id=hook data-test=hook on:change=move |ev| { value.set(event_target_value(&ev).parse().ok()); done.set(None); }>
                    <option value="" selected=move || value.get().is_none()>{i18n.text(Key::ChooseConsultant)}</option>
                    {options}
                </select>
            </label>
        }
    };
    view! {
        <form class="card reassign-form" data-test="reassign-form" on:submit=save novalidate=true>
            <h2 class="section-title">{i18n.text(Key::ReassignTitle)}</h2>
            <div class="form-grid">
                {select("reassign-from", Key::ReassignFrom, from, false)}
                {select("reassign-to", Key::ReassignTo, to, true)}
            </div>
            <FormError hook="reassign-error" message=submit.error />
            <div class="save-row">
                <button type="submit" class="btn btn-primary" data-test="reassign-all" disabled=move || submit.busy.get()>
                    {i18n.text(Key::ReassignAll)}
                </button>
                {move || done.get().map(|n| view! {
                    <span class="added" role="status" data-test="reassign-done" data-moved=n>"✓ " {fill(i18n.tr(Key::MovedProspects), "n", n)}</span>
                })}
            </div>
        </form>
    }
}
