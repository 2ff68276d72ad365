//! The inputs of a visit, shared by the check-in form and the editor of a saved visit.
//!
//! Each widget edits the signals it is given and reads the form's field problem for its
//! invalid state. `prefix` is put before every `data-test` hook (and id), so the form's
//! `party-plus` is the editor's `edit-party-plus`; browser tests rely on these hooks.

use keyuan_shared::api::{RotationEntry, VehicleModel};
use keyuan_shared::validate::PARTY_SIZE_MAX;
use leptos::prelude::*;

use crate::components::choice::ChoiceButton;
use crate::i18n::{use_i18n, I18n, Key};

/// A field the form or the server found at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub field: String,
    /// The server's sentence, when it came from the server.
    pub message: Option<String>,
}

impl FieldProblem {
    pub fn text(&self, i18n: I18n) -> String {
        if let Some(m) = self.message.as_ref().filter(|m| !m.is_empty()) {
            return m.clone();
        }
        i18n.tr(match self.field.as_str() {
            "phone" => Key::HintPhone,
            "party_size" => Key::HintPartySize,
            "name" => Key::HintVisitName,
            "note" => Key::HintNote,
            "test_drive" => Key::HintTestDrive,
            _ => Key::HintInvalid,
        })
        .to_owned()
    }
}

/// Whether `problem` is about `field`.
pub fn invalid(problem: RwSignal<Option<FieldProblem>>, field: &'static str) -> Signal<bool> {
    Signal::derive(move || problem.with(|p| p.as_ref().is_some_and(|p| p.field == field)))
}

/// Sets `signal` only when `value` differs (a `change` event after `input` events).
pub fn set_changed(signal: RwSignal<String>, value: String) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

/// The error line of one field: `data-test="error-<field>"`.
#[component]
pub fn FieldError(problem: RwSignal<Option<FieldProblem>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problem.get().filter(|p| p.field == field).map(|p| {
            view! {
                <p class="field-error" role="alert" data-test=format!("error-{field}")>
                    {p.text(i18n)}
                </p>
            }
        })
    }
}

/// The phone and name inputs side by side, then their error lines.
#[component]
pub fn ContactFields(
    phone: RwSignal<String>,
    name: RwSignal<String>,
    problem: RwSignal<Option<FieldProblem>>,
    /// Id and `data-test` of the phone input.
    phone_hook: &'static str,
    /// Id of the name input (the form's is `visitor-name`, not its hook `name`).
    name_id: &'static str,
    /// `data-test` of the name input.
    name_hook: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-grid">
            <label class="field" class:invalid=invalid(problem, "phone") for=phone_hook>
                <span class="field-label">{i18n.text(Key::PhoneLabel)}</span>
                <input
                    id=phone_hook
                    data-test=phone_hook
                    name="phone"
                    type="tel"
                    inputmode="tel"
                    autocomplete="off"
                    placeholder=i18n.text(Key::PhonePlaceholder)
                    aria-invalid=move || invalid(problem, "phone").get().then_some("true")
                    prop:value=move || phone.get()
                    on:input=move |ev| {
                        phone.set(event_target_value(&ev));
                        // A corrected number clears its complaint at once.
                        if problem.with_untracked(|p| p.as_ref().is_some_and(|p| p.field == "phone")) {
                            problem.set(None);
                        }
                    }
                    on:change=move |ev| set_changed(phone, event_target_value(&ev))
                />
            </label>
            <label class="field" class:invalid=invalid(problem, "name") for=name_id>
                <span class="field-label">{i18n.text(Key::VisitorName)}</span>
                <input
                    id=name_id
                    data-test=name_hook
                    name="name"
                    type="text"
                    autocomplete="off"
                    placeholder=i18n.text(Key::NamePlaceholder)
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    on:change=move |ev| set_changed(name, event_target_value(&ev))
                />
            </label>
        </div>
        <FieldError problem=problem field="phone" />
        <FieldError problem=problem field="name" />
    }
}

/// The party size, 1 to [`PARTY_SIZE_MAX`], with − and + buttons.
#[component]
pub fn PartyStepper(party: RwSignal<i32>, prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="stepper" role="group" aria-label=i18n.text(Key::PartySize)>
            <span class="field-label">{i18n.text(Key::PartySize)}</span>
            <button
                type="button"
                class="step"
                data-test=format!("{prefix}party-minus")
                aria-label=i18n.text(Key::Fewer)
                disabled=move || { party.get() <= 1 }
                on:click=move |_| party.update(|n| *n = (*n - 1).max(1))
            >
                "−"
            </button>
            <output class="step-value" data-test=format!("{prefix}party-size") aria-live="polite">
                {move || party.get()}
            </output>
            <button
                type="button"
                class="step"
                data-test=format!("{prefix}party-plus")
                aria-label=i18n.text(Key::More)
                disabled=move || { party.get() >= PARTY_SIZE_MAX }
                on:click=move |_| party.update(|n| *n = (*n + 1).min(PARTY_SIZE_MAX))
            >
                "+"
            </button>
        </div>
    }
}

/// The test-drive switch. `hook` is its `data-test`.
#[component]
pub fn TestDriveToggle(
    value: RwSignal<bool>,
    hook: &'static str,
    /// A phone-in cannot have had a test drive.
    #[prop(into, optional)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ChoiceButton class="toggle" hook=hook pressed=value disabled=disabled
            on_press=move || value.update(|t| *t = !*t)>
            <span class="toggle-knob" aria-hidden="true"></span>
            {move || i18n.tr(if value.get() { Key::TestDriveYes } else { Key::TestDriveNo })}
        </ChoiceButton>
    }
}

/// One chip per vehicle model; a second tap on the chosen one clears it.
#[component]
pub fn ModelChips(
    #[prop(into)] models: Signal<Vec<VehicleModel>>,
    chosen: RwSignal<Option<i64>>,
    problem: RwSignal<Option<FieldProblem>>,
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let chips = move || {
        models
            .get()
            .into_iter()
            .map(|m| {
                let id = m.id;
                let toggle =
                    move || chosen.update(|c| *c = if *c == Some(id) { None } else { Some(id) });
                view! {
                    <ChoiceButton class="chip" hook=format!("{prefix}model-{id}")
                        pressed=move || chosen.get() == Some(id) on_press=toggle>
                        {m.name}
                    </ChoiceButton>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="chip-group" class:invalid=invalid(problem, "vehicle_model_id")>
            <legend class="field-label">{i18n.text(Key::ModelLabel)}</legend>
            <div class="chips">{chips}</div>
        </fieldset>
        <FieldError problem=problem field="vehicle_model_id" />
    }
}

/// The consultant select; the caller gives the `<option>`s (they differ: the form marks
/// who is next up, the editor keeps a consultant who left the rotation) and what a pick
/// does. `hook` is the id and `data-test`.
#[component]
pub fn ConsultantSelect(
    hook: &'static str,
    #[prop(into)] chosen: Signal<Option<i64>>,
    #[prop(into)] on_pick: Callback<Option<i64>>,
    problem: RwSignal<Option<FieldProblem>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field" class:invalid=invalid(problem, "consultant_id") for=hook>
            <span class="field-label">{i18n.text(Key::ConsultantLabel)}</span>
            <select
                id=hook
                data-test=hook
                prop:value=move || chosen.get().map(|id| id.to_string()).unwrap_or_default()
                on:change=move |ev| on_pick.run(event_target_value(&ev).parse::<i64>().ok())
            >
                {children()}
            </select>
        </label>
    }
}

/// The rotation's consultants as the `<option>`s of a [`ConsultantSelect`], `chosen`
/// selected: while nobody is, a first empty option saying `none`; then `extra` (one the
/// screen keeps choosable), then each consultant as `label` names them, "off duty" added
/// where so.
pub fn consultant_options(
    i18n: I18n,
    entries: Vec<RotationEntry>,
    chosen: Option<i64>,
    none: Key,
    extra: impl IntoView,
    label: impl Fn(&RotationEntry) -> String,
) -> impl IntoView {
    let placeholder = chosen.is_none().then(|| {
        view! {
            <option value="" selected=true>
                {i18n.tr(none)}
            </option>
        }
    });
    let options = entries
        .into_iter()
        .map(|e| {
            let mut text = label(&e);
            if !e.on_duty {
                text.push_str(i18n.tr(Key::OffDutySuffix));
            }
            view! {
                <option value=e.consultant_id.to_string() selected=chosen == Some(e.consultant_id)>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! { {placeholder} {extra} {options} }
}

/// The free-text note, then its error line. `hook` is the id and `data-test`.
#[component]
pub fn NoteField(
    note: RwSignal<String>,
    problem: RwSignal<Option<FieldProblem>>,
    hook: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field" class:invalid=invalid(problem, "note") for=hook>
            <span class="field-label">{i18n.text(Key::NoteLabel)}</span>
            <input
                id=hook
                data-test=hook
                name="note"
                type="text"
                autocomplete="off"
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))
                on:change=move |ev| set_changed(note, event_target_value(&ev))
            />
        </label>
        <FieldError problem=problem field="note" />
    }
}
