//! 意向客户卡 One prospect card (`/prospects/:id`), phone first: who the customer is (tap
//! to call), the grade with its meaning, MAN with the advice for the combination, the
//! follow-up log with the next date the store's cadence proposes, the order and delivery,
//! the lost-deal request and the manager's decision, and everything that happened to the
//! card, newest first. Consultants and managers use it.

use keyuan_shared::api::{ProspectDetail, ProspectPatch, User, VehicleModel};
use keyuan_shared::permissions::{self, Action};
use keyuan_shared::prospects as rules;
use keyuan_shared::prospects::man_advice;
use keyuan_shared::{Grade, ProspectStatus, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, Api, ApiError};
use crate::components::choice::ChoiceButton;
use crate::components::field::FormError;
use crate::components::prospect_bits::{
    advice_key, device_today, display_name, grade_meaning, relative_days, status_key, GradeBadge,
};
use crate::components::record_page::{record_route, RecordPage, TelLink};
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::live::live_refresh;
use crate::screens::Screen;
use crate::submit::Submit;

mod deal;
mod follow_up;
mod lists;

/// The card's shared state; every field is a cheap handle.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    api: Api,
    i18n: I18n,
    id: i64,
    role: Role,
    detail: RwSignal<Option<ProspectDetail>>,
    error: RwSignal<Option<String>>,
    models: RwSignal<Vec<VehicleModel>>,
    /// The store's active consultants (managers only: for reassigning).
    consultants: RwSignal<Vec<User>>,
    generation: Latest,
}

impl Ctx {
    /// Loads the card again (after every change).
    fn load(self) {
        let request = self.api.prospect(self.id);
        self.generation
            .load(request, self.detail, self.error, self.i18n);
    }

    /// The store's today as a date input's value (the device's until the card is in).
    fn today(self) -> String {
        self.detail
            .with_untracked(|d| d.as_ref().map(|d| d.today.to_string()))
            .unwrap_or_else(device_today)
    }

    /// The store's models as `<option>`s with `model` selected, `placeholder` while none is.
    fn model_options(self, model: RwSignal<Option<i64>>, placeholder: Key) -> impl IntoView {
        move || {
            let chosen = model.get();
            let none = chosen.is_none().then(|| {
                view! { <option value="" selected=true>{self.i18n.tr(placeholder)}</option> }
            });
            let options = self
                .models
                .get()
                .into_iter()
                .map(|m| view! { <option value=m.id.to_string() selected=chosen == Some(m.id)>{m.name}</option> })
                .collect_view();
            view! { {none} {options} }
        }
    }

    fn message(self, e: &ApiError) -> String {
        e.message(self.i18n.locale.get_untracked())
    }

    /// The prospect's current status, grade and whether it has an order.
    fn status(self) -> Option<ProspectStatus> {
        self.detail.with(|d| d.as_ref().map(|d| d.prospect.status))
    }

    fn grade(self) -> Option<Grade> {
        self.detail.with(|d| d.as_ref().map(|d| d.prospect.grade))
    }

    fn has_order(self) -> bool {
        self.detail
            .with(|d| d.as_ref().is_some_and(|d| !d.orders.is_empty()))
    }

    /// Whether follow-ups and card edits are allowed (active or dormant).
    fn workable(self) -> bool {
        matches!(
            self.status(),
            Some(ProspectStatus::Active | ProspectStatus::Dormant)
        )
    }

    /// Sends a sub-form's `request`; once it is taken, closes the form (`open`) and loads
    /// the card again.
    fn send_and_close<T: 'static>(
        self,
        submit: Submit,
        request: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
        open: RwSignal<bool>,
    ) {
        submit.send(request, move |_| {
            open.set(false);
            self.load();
        });
    }

    /// Sends a card edit, then reloads; `done` hears the outcome.
    fn patch(self, body: ProspectPatch, done: impl FnOnce(Result<(), String>) + 'static) {
        spawn_local(async move {
            match self.api.patch_prospect(self.id, &body).await {
                Ok(_) => {
                    self.load();
                    done(Ok(()));
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => done(Err(self.message(&e))),
            }
        });
    }
}

/// `/prospects/:id`: consultants and managers; everybody else goes home.
#[component]
pub fn ProspectRoute() -> impl IntoView {
    record_route(|role, id| view! { <ProspectPage role=role id=id /> })
}

#[component]
fn ProspectPage(role: Role, id: i64) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let ctx = Ctx {
        api,
        i18n,
        id,
        role,
        detail: RwSignal::new(None),
        error: RwSignal::new(None),
        models: RwSignal::new(Vec::new()),
        consultants: RwSignal::new(Vec::new()),
        generation: Latest::new(),
    };
    ctx.load();
    // A manager's decision or another screen's change shows here at once.
    live_refresh(api, move || ctx.load());
    spawn_local(async move {
        if let Ok(list) = api.vehicle_models(None).await {
            ctx.models
                .set(list.into_iter().filter(|m| m.active).collect());
        }
    });
    // who may move the card needs the consultants to move it to
    if permissions::may(role, Action::ManageProspects) {
        spawn_local(async move {
            if let Ok(users) = api.users(None).await {
                ctx.consultants.set(
                    users
                        .into_iter()
                        .filter(|u| u.role == Role::Consultant && u.active)
                        .collect(),
                );
            }
        });
    }
    let back = if permissions::may(role, Action::ManageProspects) {
        Screen::Prospects.path()
    } else {
        Screen::MyDay.path()
    };
    let loaded = Memo::new(move |_| ctx.detail.with(|d| d.is_some()));

    view! {
        <RecordPage
            class="prospect-screen"
            hook="prospect-detail"
            id=id
            back=back
            error_hook="prospect-error"
            error=ctx.error
            loaded=loaded
            retry=Callback::new(move |_| ctx.load())
        >
            <CardHead ctx=ctx />
            <GradeSection ctx=ctx />
            <follow_up::FollowUpForm ctx=ctx />
            <ManSection ctx=ctx />
            <deal::DealSection ctx=ctx />
            <DetailsForm ctx=ctx />
            <lists::CardLists ctx=ctx />
        </RecordPage>
    }
}

/// Name, tap-to-call number, grade, status and the next follow-up.
#[component]
fn CardHead(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    move || {
        let Some(d) = ctx.detail.get() else {
            return ().into_any();
        };
        let p = d.prospect;
        let name = display_name(&d.customer.name, &d.customer.phone);
        let next = p.next_follow_up_on;
        let relative =
            next.map(|n| relative_days(i18n, n.signed_duration_since(d.today).num_days()));
        let status = p.status;
        view! {
            <div class="card pd-head">
                <div class="pd-title">
                    <GradeBadge grade=p.grade hook="card-grade" />
                    <h1 class="pd-name" data-test="customer-name">{name}</h1>
                    <span class=format!("tag status-tag status-{}", status.as_str()) data-test="card-status" data-status=status.as_str()>
                        {i18n.text(status_key(status))}
                    </span>
                </div>
                <TelLink phone=d.customer.phone.clone() />
                <div class="pd-facts">
                    <span
                        class="pd-next"
                        class:overdue=p.due == keyuan_shared::prospects::Due::Overdue
                        data-test="next-follow-up"
                        data-date=next.map(|n| n.to_string())
                    >
                        {i18n.text(Key::NextFollowUp)}
                        ": "
                        <strong>{next.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</strong>
                        {relative.map(|r| format!(" ({r})"))}
                    </span>
                    <span class="muted" data-test="card-owner">{i18n.text(Key::OwnerLabel)} ": " {p.owner_name.clone()}</span>
                    <a class="pd-timeline-link" href=format!("/customers/{}", d.customer.id) data-test="open-timeline">
                        {i18n.text(Key::OpenTimeline)}
                    </a>
                </div>
            </div>
        }
        .into_any()
    }
}

/// O H A B C as big buttons, with the chosen grade's meaning. A tap saves at once; O comes
/// from an order.
#[component]
fn GradeSection(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let pick = move |g: Grade| {
        if busy.get_untracked() || ctx.grade() == Some(g) {
            return;
        }
        busy.set(true);
        error.set(None);
        ctx.patch(
            ProspectPatch {
                grade: Some(g),
                ..ProspectPatch::default()
            },
            move |r| {
                busy.set(false);
                error.set(r.err());
            },
        );
    };
    let option = move |g: Grade| {
        view! {
            <ChoiceButton class=format!("grade-option grade-{}", g.as_str()) hook=format!("grade-option-{}", g.as_str())
                pressed=move || ctx.grade() == Some(g)
                disabled=move || busy.get() || !ctx.workable() || !rules::grade_allowed(g, false) || ctx.grade() == Some(Grade::O)
                on_press=move || pick(g)>
                {g.as_str()}
            </ChoiceButton>
        }
    };
    view! {
        <section class="card pd-section" data-test="grade-section">
            <h2 class="section-title">{i18n.text(Key::GradeLabel)}</h2>
            <div class="grade-options" role="group" aria-label=i18n.text(Key::GradeLabel)>
                {Grade::ALL.iter().map(|g| option(*g)).collect_view()}
            </div>
            <p class="grade-meaning" data-test="grade-meaning">
                {move || ctx.grade().map(|g| i18n.tr(grade_meaning(g)))}
            </p>
            <FormError message=error hook="grade-error" />
        </section>
    }
}

/// Money, authority, need as switches, and the advice for the combination.
#[component]
fn ManSection(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let error = RwSignal::new(None::<String>);
    let man = move || {
        ctx.detail.with(|d| {
            d.as_ref()
                .map(|d| (d.prospect.money, d.prospect.authority, d.prospect.need))
                .unwrap_or_default()
        })
    };
    let toggle = move |which: usize| {
        let (m, a, n) = man();
        let mut patch = ProspectPatch::default();
        match which {
            0 => patch.money = Some(!m),
            1 => patch.authority = Some(!a),
            _ => patch.need = Some(!n),
        }
        // Show the change at once; the reload confirms it.
        ctx.detail.update(|d| {
            if let Some(d) = d.as_mut() {
                match which {
                    0 => d.prospect.money = !m,
                    1 => d.prospect.authority = !a,
                    _ => d.prospect.need = !n,
                }
            }
        });
        error.set(None);
        ctx.patch(patch, move |r| {
            if let Err(e) = r {
                error.set(Some(e));
                ctx.load();
            }
        });
    };
    let switch = move |which: usize, hook: &'static str, letter: &'static str, label: Key| {
        let on = move || {
            let (m, a, n) = man();
            [m, a, n][which]
        };
        view! {
            <ChoiceButton class="man-toggle" hook=hook pressed=on disabled=move || !ctx.workable()
                on_press=move || toggle(which)>
                <span class="man-letter" aria-hidden="true">{letter}</span>
                <span>{i18n.text(label)}</span>
            </ChoiceButton>
        }
    };
    view! {
        <section class="card pd-section" data-test="man-section">
            <h2 class="section-title">{i18n.text(Key::ManTitle)}</h2>
            <div class="man-toggles">
                {switch(0, "man-money", "M", Key::ManMoney)}
                {switch(1, "man-authority", "A", Key::ManAuthority)}
                {switch(2, "man-need", "N", Key::ManNeed)}
            </div>
            <p
                class="man-advice"
                data-test="man-advice"
                data-advice=move || {
                    let (m, a, n) = man();
                    serde_json::to_value(man_advice(m, a, n)).ok().and_then(|v| v.as_str().map(str::to_owned))
                }
            >
                {move || {
                    let (m, a, n) = man();
                    i18n.tr(advice_key(man_advice(m, a, n)))
                }}
            </p>
            <FormError message=error hook="man-error" />
        </section>
    }
}

/// Name, model, budget and note; saved together.
#[component]
fn DetailsForm(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let (name, model, budget, note) = ctx
        .detail
        .with_untracked(|d| {
            d.as_ref().map(|d| {
                (
                    d.customer.name.clone(),
                    d.prospect.vehicle_model_id,
                    d.prospect.budget.map(|b| b.to_string()).unwrap_or_default(),
                    d.prospect.note.clone(),
                )
            })
        })
        .unwrap_or_default();
    let name = RwSignal::new(name);
    let model = RwSignal::new(model);
    let budget = RwSignal::new(budget);
    let note = RwSignal::new(note);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(d) = ctx.detail.get_untracked() else {
            return;
        };
        let typed_budget = budget.get_untracked().trim().replace([',', ' '], "");
        let budget_value = if typed_budget.is_empty() {
            None
        } else {
            match typed_budget.parse::<i32>() {
                Ok(b) if b >= 0 => Some(b),
                _ => {
                    error.set(Some(i18n.tr(Key::HintInvalid).to_owned()));
                    return;
                }
            }
        };
        let new_name = name.get_untracked().trim().to_owned();
        let new_note = note.get_untracked().trim().to_owned();
        let patch = ProspectPatch {
            name: (new_name != d.customer.name.trim()).then_some(new_name),
            vehicle_model_id: model
                .get_untracked()
                .filter(|m| Some(*m) != d.prospect.vehicle_model_id),
            budget: budget_value.filter(|b| Some(*b) != d.prospect.budget),
            note: (new_note != d.prospect.note.trim()).then_some(new_note),
            ..ProspectPatch::default()
        };
        if patch == ProspectPatch::default() {
            saved.set(true);
            return;
        }
        busy.set(true);
        error.set(None);
        saved.set(false);
        ctx.patch(patch, move |r| {
            busy.set(false);
            match r {
                Ok(()) => saved.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="card pd-section details-form" data-test="details-form" on:submit=save novalidate=true>
            <h2 class="section-title">{i18n.text(Key::DetailsTitle)}</h2>
            <div class="form-grid">
                <label class="field" for="detail-name">
                    <span class="field-label">{i18n.text(Key::VisitorName)}</span>
                    <input id="detail-name" data-test="detail-name" type="text" autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); saved.set(false); } />
                </label>
                <label class="field" for="detail-model">
                    <span class="field-label">{i18n.text(Key::ModelLabel)}</span>
                    <select id="detail-model" data-test="detail-model"
                        on:change=move |ev| { model.set(event_target_value(&ev).parse().ok()); saved.set(false); }>
                        {ctx.model_options(model, Key::NoModelChosen)}
                    </select>
                </label>
                <label class="field" for="detail-budget">
                    <span class="field-label">{i18n.text(Key::BudgetLabel)}</span>
                    <input id="detail-budget" data-test="detail-budget" type="text" inputmode="numeric" autocomplete="off"
                        prop:value=move || budget.get()
                        on:input=move |ev| { budget.set(event_target_value(&ev)); saved.set(false); } />
                </label>
                <label class="field" for="detail-note">
                    <span class="field-label">{i18n.text(Key::NoteLabel)}</span>
                    <input id="detail-note" data-test="detail-note" type="text" autocomplete="off"
                        prop:value=move || note.get()
                        on:input=move |ev| { note.set(event_target_value(&ev)); saved.set(false); } />
                </label>
            </div>
            <FormError message=error hook="details-error" />
            <div class="save-row">
                <button type="submit" class="btn btn-primary" data-test="save-details" disabled=move || busy.get()>
                    {move || i18n.tr(if busy.get() { Key::Saving } else { Key::SaveDetails })}
                </button>
                {move || saved.get().then(|| view! { <span class="added" role="status" data-test="details-saved">"✓ " {i18n.text(Key::SavedShort)}</span> })}
            </div>
        </form>
    }
}

/// "Logged. Next follow-up: 2026-11-25 (in 2 days)".
pub(crate) fn logged_text(i18n: I18n, detail: &ProspectDetail) -> Option<String> {
    let next = detail.prospect.next_follow_up_on?;
    let days = next.signed_duration_since(detail.today).num_days();
    Some(fill(
        i18n.tr(Key::FollowUpLogged),
        "date",
        format!("{next} ({})", relative_days(i18n, days)),
    ))
}
