//! 前台登记 Check-in: the receptionist's screen at the showroom door.
//!
//! The check-in form, the rotation board (接待轮序) and today's log. A check-in is kept
//! on the tablet until the server has it (see [`crate::outbox`]), and the screen follows
//! every other tablet's and laptop's changes through the live event stream.

use std::time::Duration;

use keyuan_shared::api::{
    CustomerLookup, DutyChange, NewVisit, Rotation, RotationEntry, VehicleModel, Visit, VisitLog,
    VisitPatch,
};
use keyuan_shared::phone;
use keyuan_shared::validate::Validate;
use keyuan_shared::{Grade, Role, Source, VisitKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

use crate::api::{use_api, Api, ApiError};
use crate::app::Screen;
use crate::components::referrer_picker::ReferrerPicker;
use crate::components::screen_page::ScreenPage;
use crate::components::visit_fields::{
    ConsultantSelect, ContactFields, FieldError, FieldProblem, ModelChips, NoteField, PartyStepper,
    TestDriveToggle,
};
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::live::on_live_events;
use crate::outbox::{self, Outcome, Pending, Refusal};

mod editor;

use editor::{Editor, VisitEditor};

/// How often waiting check-ins are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(4);
/// A fallback refresh in case a live event was missed.
const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// The pause after the last keystroke before a number is looked up.
const LOOKUP_DELAY: Duration = Duration::from_millis(300);
/// How long the "checked in" confirmation stays.
const DONE_FOR: Duration = Duration::from_secs(4);

/// The screen's shared state; every field is a cheap handle.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    api: Api,
    log: RwSignal<Option<VisitLog>>,
    log_error: RwSignal<Option<ApiError>>,
    rotation: RwSignal<Option<Rotation>>,
    models: RwSignal<Vec<VehicleModel>>,
    /// Check-ins not yet on the server, oldest first (mirrors `localStorage`).
    pending: RwSignal<Vec<Pending>>,
    /// The key of the check-in being sent right now.
    in_flight: RwSignal<Option<String>>,
    /// Whether the last attempt to reach the server got no answer.
    offline: RwSignal<bool>,
    log_generation: Latest,
    rotation_generation: Latest,
}

impl Ctx {
    fn new(api: Api) -> Self {
        Ctx {
            api,
            log: RwSignal::new(None),
            log_error: RwSignal::new(None),
            rotation: RwSignal::new(None),
            models: RwSignal::new(Vec::new()),
            pending: RwSignal::new(outbox::load()),
            in_flight: RwSignal::new(None),
            offline: RwSignal::new(false),
            log_generation: Latest::new(),
            rotation_generation: Latest::new(),
        }
    }

    fn refresh_log(self) {
        let Some(this) = self.log_generation.next() else {
            return;
        };
        spawn_local(async move {
            let result = self.api.visits(None).await;
            if !self.log_generation.is(this) {
                return;
            }
            match result {
                Ok(log) => {
                    self.log.set(Some(log));
                    self.log_error.set(None);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => self.log_error.set(Some(e)),
            }
        });
    }

    fn refresh_rotation(self) {
        let Some(this) = self.rotation_generation.next() else {
            return;
        };
        spawn_local(async move {
            let result = self.api.rotation().await;
            if !self.rotation_generation.is(this) {
                return;
            }
            if let Ok(rotation) = result {
                self.rotation.set(Some(rotation));
            }
        });
    }

    fn refresh(self) {
        self.refresh_log();
        self.refresh_rotation();
    }

    fn load_models(self) {
        spawn_local(async move {
            if let Ok(models) = self.api.vehicle_models(None).await {
                self.models
                    .set(models.into_iter().filter(|m| m.active).collect());
            }
        });
    }

    /// Changes the waiting list and writes it to `localStorage` at once.
    fn change_pending(self, f: impl FnOnce(&mut Vec<Pending>)) {
        self.pending.update(|list| {
            f(list);
            outbox::store(list);
        });
    }

    /// Keeps a check-in on the tablet, then sends it.
    fn enqueue(self, item: Pending) {
        self.change_pending(|list| list.push(item));
        self.flush();
    }

    /// Sends the oldest waiting check-in, then the next, until one fails.
    fn flush(self) {
        if self
            .in_flight
            .try_with_untracked(|k| k.is_some())
            .unwrap_or(true)
        {
            return;
        }
        let Some(item) = self
            .pending
            .try_with_untracked(|list| list.iter().find(|p| p.problem.is_none()).cloned())
        else {
            return;
        };
        let Some(item) = item else { return };
        self.in_flight.set(Some(item.key.clone()));
        spawn_local(async move {
            let result = self.api.create_visit(&item.visit, &item.key).await;
            self.in_flight.set(None);
            match outbox::outcome(&result) {
                Outcome::Sent => {
                    self.offline.set(false);
                    self.change_pending(|list| list.retain(|p| p.key != item.key));
                    self.refresh();
                    self.flush();
                }
                Outcome::Retry => {
                    self.offline.set(matches!(result, Err(ApiError::Network)));
                }
                Outcome::Refused(refusal) => {
                    self.offline.set(false);
                    self.change_pending(|list| {
                        if let Some(p) = list.iter_mut().find(|p| p.key == item.key) {
                            p.problem = Some(refusal);
                        }
                    });
                    self.flush();
                }
            }
        });
    }

    /// The next consultant in the rotation.
    fn next_up(self) -> Option<i64> {
        self.rotation
            .with(|r| r.as_ref().and_then(|r| r.next_consultant_id))
    }
}

#[component]
pub fn CheckinPage(role: Role) -> impl IntoView {
    let api = use_api();
    let ctx = Ctx::new(api);
    ctx.refresh();
    ctx.load_models();
    ctx.flush();

    // Retry waiting check-ins every few seconds and as soon as the network is back;
    // refresh now and then in case a live event was missed.
    let retry = set_interval_with_handle(move || ctx.flush(), RETRY_EVERY).ok();
    let poll = set_interval_with_handle(move || ctx.refresh(), REFRESH_EVERY).ok();
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

// --- the form -------------------------------------------------------------------------

/// What the customer lookup found for the number being typed.
#[derive(Debug, Clone, PartialEq)]
enum Lookup {
    Idle,
    Found(CustomerLookup),
    New,
}

/// The form's inputs.
#[derive(Debug, Clone, Copy)]
struct Form {
    kind: RwSignal<VisitKind>,
    party: RwSignal<i32>,
    phone: RwSignal<String>,
    name: RwSignal<String>,
    source: RwSignal<Source>,
    /// Whether the receptionist picked the source (so switching kind keeps it).
    source_picked: RwSignal<bool>,
    model: RwSignal<Option<i64>>,
    /// The customer who referred this visitor (source `referral` only).
    referrer: RwSignal<Option<i64>>,
    /// A consultant the receptionist chose; `None` leaves it to the server (rotation,
    /// or a known customer's owner).
    consultant: RwSignal<Option<i64>>,
    test_drive: RwSignal<bool>,
    note: RwSignal<String>,
    problem: RwSignal<Option<FieldProblem>>,
    /// A refused check-in taken back for editing: its arrival time is kept.
    editing: RwSignal<Option<NewVisit>>,
}

impl Form {
    fn new() -> Self {
        Form {
            kind: RwSignal::new(VisitKind::WalkIn),
            party: RwSignal::new(1),
            phone: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            source: RwSignal::new(Source::WalkIn),
            source_picked: RwSignal::new(false),
            model: RwSignal::new(None),
            referrer: RwSignal::new(None),
            consultant: RwSignal::new(None),
            test_drive: RwSignal::new(false),
            note: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            editing: RwSignal::new(None),
        }
    }

    fn reset(self) {
        self.kind.set(VisitKind::WalkIn);
        self.party.set(1);
        self.phone.set(String::new());
        self.name.set(String::new());
        self.source.set(Source::WalkIn);
        self.source_picked.set(false);
        self.model.set(None);
        self.referrer.set(None);
        self.consultant.set(None);
        self.test_drive.set(false);
        self.note.set(String::new());
        self.problem.set(None);
        self.editing.set(None);
    }

    fn set_kind(self, kind: VisitKind) {
        self.kind.set(kind);
        if !self.source_picked.get_untracked() {
            self.source.set(match kind {
                VisitKind::WalkIn => Source::WalkIn,
                VisitKind::PhoneIn => Source::Phone,
            });
        }
        if kind == VisitKind::PhoneIn {
            self.test_drive.set(false);
        }
    }

    /// The check-in as typed, arriving at `arrived_at` (RFC 3339).
    fn to_visit(self, arrived_at: &str) -> NewVisit {
        let text = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let kind = self.kind.get_untracked();
        let source = self.source.get_untracked();
        let phone = text(self.phone).map(|p| phone::normalize(&p).unwrap_or(p));
        NewVisit {
            kind,
            party_size: self.party.get_untracked(),
            source,
            arrived_at: parse_time(arrived_at),
            left_at: None,
            phone,
            name: text(self.name),
            vehicle_model_id: self.model.get_untracked(),
            consultant_id: self.consultant.get_untracked(),
            test_drive: Some(kind == VisitKind::WalkIn && self.test_drive.get_untracked()),
            note: text(self.note),
            referred_by: self
                .referrer
                .get_untracked()
                .filter(|_| source == Source::Referral),
        }
    }

    /// Puts a refused check-in back into the form.
    fn restore(self, visit: NewVisit, problem: Option<Refusal>) {
        self.kind.set(visit.kind);
        self.party.set(visit.party_size);
        self.phone.set(
            visit
                .phone
                .as_deref()
                .map(|p| phone::normalize(p).map_or_else(|_| p.to_owned(), |n| phone::display(&n)))
                .unwrap_or_default(),
        );
        self.name.set(visit.name.clone().unwrap_or_default());
        self.source.set(visit.source);
        self.source_picked.set(true);
        self.model.set(visit.vehicle_model_id);
        self.referrer.set(visit.referred_by);
        self.consultant.set(visit.consultant_id);
        self.test_drive.set(visit.test_drive.unwrap_or(false));
        self.note.set(visit.note.clone().unwrap_or_default());
        self.problem.set(problem.map(|r| FieldProblem {
            field: r.field.unwrap_or_default(),
            message: Some(r.message),
        }));
        self.editing.set(Some(visit));
    }
}

#[component]
fn CheckinForm(ctx: Ctx, form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(false);
    let done_generation = Latest::new();
    let lookup = RwSignal::new(Lookup::Idle);
    let lookup_generation = Latest::new();

    // Look the number up once it is a valid number and the typing has paused.
    Effect::new(move |_| {
        let typed = form.phone.get();
        let Some(this) = lookup_generation.next() else {
            return;
        };
        if phone::normalize(&typed).is_err() {
            lookup.set(Lookup::Idle);
            return;
        }
        set_timeout(
            move || {
                if !lookup_generation.is(this) {
                    return;
                }
                spawn_local(async move {
                    let result = ctx.api.lookup_customer(&typed).await;
                    if !lookup_generation.is(this) {
                        return;
                    }
                    lookup.set(match result {
                        Ok(Some(found)) => Lookup::Found(found),
                        Ok(None) => Lookup::New,
                        Err(_) => Lookup::Idle,
                    });
                });
            },
            LOOKUP_DELAY,
        );
    });

    // Who the server will hand this visitor to unless the receptionist chooses: a known
    // customer's owner, otherwise the next in the rotation.
    let owner = Memo::new(move |_| match lookup.get() {
        Lookup::Found(c) => c.owner_id,
        _ => None,
    });
    let suggested = Memo::new(move |_| owner.get().or_else(|| ctx.next_up()));
    let chosen = Memo::new(move |_| form.consultant.get().or_else(|| suggested.get()));

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        // The tap time is the arrival time, whenever the server gets it.
        let tapped = js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .unwrap_or_default();
        let mut visit = form.to_visit(&tapped);
        if let Some(original) = form.editing.get_untracked() {
            visit.arrived_at = original.arrived_at;
        }
        if let Err(e) = visit.validate() {
            form.problem.set(Some(FieldProblem {
                field: e.field,
                message: None,
            }));
            return;
        }
        ctx.enqueue(Pending {
            key: outbox::new_key(),
            visit,
            problem: None,
        });
        form.reset();
        lookup.set(Lookup::Idle);
        done.set(true);
        let Some(this) = done_generation.next() else {
            return;
        };
        set_timeout(
            move || {
                if done_generation.is(this) {
                    done.set(false);
                }
            },
            DONE_FOR,
        );
        focus_phone();
    };

    let kind_button = move |kind: VisitKind, label: Key| {
        view! {
            <button
                type="button"
                class="segment"
                class:on=move || form.kind.get() == kind
                data-test=format!("kind-{}", kind.as_str())
                aria-pressed=move || (form.kind.get() == kind).to_string()
                on:click=move |_| form.set_kind(kind)
            >
                {i18n.text(label)}
            </button>
        }
    };

    let source_chip = move |source: Source| {
        view! {
            <button
                type="button"
                class="chip"
                class:on=move || form.source.get() == source
                data-test=format!("source-{}", source.as_str())
                aria-pressed=move || (form.source.get() == source).to_string()
                on:click=move |_| {
                    form.source.set(source);
                    form.source_picked.set(true);
                }
            >
                {i18n.text(source_key(source))}
            </button>
        }
    };

    let consultant_options = move || {
        let entries = ctx.rotation.with(|r| {
            r.as_ref()
                .map(|r| r.consultants.clone())
                .unwrap_or_default()
        });
        let next = ctx.next_up();
        let owner = owner.get();
        let chosen = chosen.get();
        let placeholder = chosen.is_none().then(|| {
            view! {
                <option value="" selected=true>
                    {i18n.tr(Key::NobodyFree)}
                </option>
            }
        });
        let options = entries
            .into_iter()
            .map(|e| {
                let mut label = e.name.clone();
                if owner == Some(e.consultant_id) {
                    label.push_str(i18n.tr(Key::OwnerSuffix));
                } else if next == Some(e.consultant_id) {
                    label = format!("{label} · {}", i18n.tr(Key::NextUp));
                }
                if !e.on_duty {
                    label.push_str(i18n.tr(Key::OffDutySuffix));
                }
                view! {
                    <option value=e.consultant_id.to_string() selected=chosen == Some(e.consultant_id)>
                        {label}
                    </option>
                }
            })
            .collect_view();
        view! { {placeholder} {options} }
    };

    let phone_in = move || form.kind.get() == VisitKind::PhoneIn;

    view! {
        <form
            class="card checkin-form"
            data-test="checkin-form"
            aria-label=i18n.text(Key::CheckinForm)
            on:submit=save
            novalidate=true
        >
            <div class="form-row">
                <div class="segments" role="group" aria-label=i18n.text(Key::VisitKindLabel)>
                    {kind_button(VisitKind::WalkIn, Key::KindWalkIn)}
                    {kind_button(VisitKind::PhoneIn, Key::KindPhoneIn)}
                </div>
                <PartyStepper party=form.party prefix="" />
            </div>
            <FieldError problem=form.problem field="party_size" />
            <ContactFields
                phone=form.phone
                name=form.name
                problem=form.problem
                phone_hook="phone"
                name_id="visitor-name"
                name_hook="name"
            />
            <CustomerHint lookup=lookup />
            <fieldset class="chip-group">
                <legend class="field-label">{i18n.text(Key::SourceLabel)}</legend>
                <div class="chips">{Source::ALL.iter().map(|s| source_chip(*s)).collect_view()}</div>
            </fieldset>
            {move || (form.source.get() == Source::Referral).then(|| view! { <ReferrerPicker chosen=form.referrer /> })}
            <FieldError problem=form.problem field="referred_by" />
            <ModelChips models=ctx.models chosen=form.model problem=form.problem prefix="" />
            <div class="form-grid">
                <ConsultantSelect
                    hook="consultant-select"
                    chosen=chosen
                    on_pick=Callback::new(move |value| {
                        form.consultant.set(if value == suggested.get_untracked() { None } else { value });
                    })
                    problem=form.problem
                >
                    {consultant_options}
                </ConsultantSelect>
                <div class="field">
                    <span class="field-label">{i18n.text(Key::TestDrive)}</span>
                    <TestDriveToggle value=form.test_drive hook="test-drive" disabled=Signal::derive(phone_in) />
                </div>
            </div>
            <FieldError problem=form.problem field="consultant_id" />
            <FieldError problem=form.problem field="test_drive" />
            <NoteField note=form.note problem=form.problem hook="note" />
            <FieldError problem=form.problem field="arrived_at" />
            <FieldError problem=form.problem field="left_at" />
            {move || {
                form.problem
                    .get()
                    .filter(|p| {
                        !matches!(
                            p.field.as_str(),
                            "phone" | "name" | "party_size" | "note" | "test_drive" | "vehicle_model_id"
                                | "consultant_id" | "arrived_at" | "left_at" | "referred_by"
                        )
                    })
                    .map(|p| {
                        view! {
                            <p class="form-error" role="alert" data-test="error-form">
                                {p.text(i18n)}
                            </p>
                        }
                    })
            }}
            {move || {
                let refused = ctx.pending.with(|list| list.iter().filter(|p| p.problem.is_some()).count());
                (refused > 0)
                    .then(|| {
                        view! {
                            <a class="form-error attention-notice" href="#visit-log" role="alert" data-test="attention-notice">
                                {fill(i18n.tr(Key::PendingAttention), "n", refused)}
                            </a>
                        }
                    })
            }}
            <div class="save-row">
                <button type="submit" class="btn btn-primary btn-save" data-test="save-visit" id="save-visit">
                    {i18n.text(Key::SaveVisit)}
                </button>
                {move || {
                    done.get()
                        .then(|| {
                            view! {
                                <span class="added save-done" role="status" data-test="save-done">
                                    "✓ "
                                    {i18n.text(Key::SavedVisit)}
                                </span>
                            }
                        })
                }}
            </div>
        </form>
    }
}

/// "Returning customer — owner: 王磊, grade A, last visit 3 days ago".
#[component]
fn CustomerHint(lookup: RwSignal<Lookup>) -> impl IntoView {
    let i18n = use_i18n();
    move || match lookup.get() {
        Lookup::Idle => None,
        Lookup::New => Some(
            view! {
                <p class="customer-hint new" role="status" data-test="new-customer">
                    {i18n.text(Key::NewCustomer)}
                </p>
            }
            .into_any(),
        ),
        Lookup::Found(c) => {
            let mut parts = Vec::new();
            if !c.name.trim().is_empty() {
                parts.push(c.name.clone());
            }
            if let Some(owner) = c.owner_name.as_ref().filter(|o| !o.is_empty()) {
                parts.push(format!("{}{owner}", i18n.tr(Key::OwnerIs)));
            }
            if let Some(grade) = c.grade {
                parts.push(format!("{}{}", i18n.tr(Key::GradeIs), grade_letter(grade)));
            }
            if let Some(ms) = c.last_visit_at.map(|t| t.timestamp_millis()) {
                parts.push(days_ago(i18n, ms));
            }
            let sep = if i18n.locale.get() == keyuan_shared::Locale::En {
                ", "
            } else {
                "，"
            };
            Some(
                view! {
                    <p class="customer-hint returning" role="status" data-test="returning-customer">
                        <strong>{i18n.text(Key::ReturningCustomer)}</strong>
                        " — "
                        {parts.join(sep)}
                    </p>
                }
                .into_any(),
            )
        }
    }
}

fn grade_letter(grade: Grade) -> &'static str {
    grade.as_str()
}

fn days_ago(i18n: I18n, ms: i64) -> String {
    let midnight = |ms: f64| {
        let d = js_sys::Date::new(&ms.into());
        d.set_hours(0);
        d.set_minutes(0);
        d.set_seconds(0);
        d.set_milliseconds(0);
        d.get_time()
    };
    let days =
        ((midnight(js_sys::Date::now()) - midnight(ms as f64)) / 86_400_000.0).round() as i64;
    match days {
        i64::MIN..=0 => i18n.tr(Key::LastVisitToday).to_owned(),
        1 => i18n.tr(Key::LastVisitYesterday).to_owned(),
        n => fill(i18n.tr(Key::LastVisitDaysAgo), "n", n),
    }
}

fn focus_phone() {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("phone"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

// --- the rotation board ---------------------------------------------------------------

#[component]
fn RotationBoard(ctx: Ctx) -> impl IntoView {
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

// --- today's log ----------------------------------------------------------------------

#[component]
fn TodayLog(ctx: Ctx, form: Form) -> impl IntoView {
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
            let message = r.message.clone();
            let text = move || {
                if message.is_empty() {
                    i18n.tr(Key::UnexpectedError).to_owned()
                } else {
                    message.clone()
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
                                    form.restore(visit.clone(), Some(r.clone()));
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

/// Who a row is about: name and number, or that the visitor gave none.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Known(String),
    Declined,
}

fn who(name: Option<&str>, number: Option<&str>) -> Who {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let number = number
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| phone::normalize(n).map_or_else(|_| n.to_owned(), |n| phone::display(&n)));
    match (name, number) {
        (Some(n), Some(p)) => Who::Known(format!("{n} · {p}")),
        (Some(n), None) => Who::Known(n.to_owned()),
        (None, Some(p)) => Who::Known(p),
        (None, None) => Who::Declined,
    }
}

#[component]
fn WhoLabel(who: Who) -> impl IntoView {
    let i18n = use_i18n();
    match who {
        Who::Known(text) => {
            view! { <span class="visit-who" data-test="visit-who">{text}</span> }.into_any()
        }
        Who::Declined => view! {
            <span class="visit-who declined" data-test="visit-who">
                {i18n.text(Key::DeclinedDetails)}
            </span>
        }
        .into_any(),
    }
}

// --- small helpers --------------------------------------------------------------------

fn source_key(source: Source) -> Key {
    match source {
        Source::WalkIn => Key::SourceWalkIn,
        Source::Phone => Key::SourcePhone,
        Source::Event => Key::SourceEvent,
        Source::Referral => Key::SourceReferral,
        Source::Outbound => Key::SourceOutbound,
        Source::Online => Key::SourceOnline,
    }
}

fn kind_key(kind: VisitKind) -> Key {
    match kind {
        VisitKind::WalkIn => Key::KindWalkIn,
        VisitKind::PhoneIn => Key::KindPhoneIn,
    }
}

/// An RFC 3339 time as the shared types' timestamp type.
fn parse_time<T: DeserializeOwned>(rfc3339: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(rfc3339.to_owned())).ok()
}

/// `HH:MM` in the tablet's time zone.
fn clock(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// "3 people", following the language.
fn party_of(i18n: I18n, size: i32) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        let key = if size == 1 {
            Key::PartyOfOne
        } else {
            Key::PartyOf
        };
        fill(i18n.tr(key), "n", size)
    }
}

/// "stayed 25 min" for a stay of `ms` milliseconds.
fn stay(i18n: I18n, ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    if minutes < 1 {
        i18n.tr(Key::StayedUnderMinute).to_owned()
    } else if minutes < 60 {
        fill(i18n.tr(Key::StayedMinutes), "n", minutes)
    } else {
        fill(
            &fill(i18n.tr(Key::StayedHours), "h", minutes / 60),
            "m",
            minutes % 60,
        )
    }
}
