//! Pieces shared by the loyalty work list and the customer timeline: the wording of a
//! step ("交车后3个月 回访电话" / "Month 3 call"), outcomes and statuses, dates in the
//! store's time zone, and the outcome form that completes a contact.

use keyuan_shared::api::{CompleteLoyaltyContact, LoyaltyCompleted};
use keyuan_shared::loyalty::Offset;
use keyuan_shared::{LoyaltyChannel, LoyaltyOutcome, LoyaltyStatus, LoyaltyStep};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::api::use_api;
use crate::components::choice::ChoiceButton;
use crate::components::field::FormError;
use crate::components::prospect_bits::display_name;
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::submit::Submit;

/// "交车后3个月 回访电话" / "Month 3 call".
pub fn step_label(i18n: I18n, step: LoyaltyStep, channel: LoyaltyChannel) -> String {
    let when = match step.offset() {
        Offset::Days(n) => fill(i18n.tr(Key::StepDays), "n", n),
        Offset::Months(n) => fill(i18n.tr(Key::StepMonths), "n", n),
    };
    let how = match channel {
        LoyaltyChannel::Call => i18n.tr(Key::LoyaltyCall),
        LoyaltyChannel::Mail => i18n.tr(Key::LoyaltyMail),
    };
    format!("{when} {how}")
}

pub fn outcome_key(outcome: LoyaltyOutcome) -> Key {
    match outcome {
        LoyaltyOutcome::Reached => Key::OutcomeReached,
        LoyaltyOutcome::NoAnswer => Key::OutcomeNoAnswer,
        LoyaltyOutcome::WrongNumber => Key::OutcomeWrongNumber,
        LoyaltyOutcome::Declined => Key::OutcomeDeclined,
    }
}

pub fn loyalty_status_key(status: LoyaltyStatus) -> Key {
    match status {
        LoyaltyStatus::Due => Key::LoyaltyStatusDue,
        LoyaltyStatus::Done => Key::LoyaltyStatusDone,
        LoyaltyStatus::Cancelled => Key::LoyaltyStatusCancelled,
    }
}

/// The store's IANA time zone, once known (`GET /stores`); dates and times are shown in it
/// so that "today" means the store's today whatever the device says.
#[derive(Debug, Clone, Copy)]
pub struct StoreZone(pub RwSignal<Option<String>>);

impl StoreZone {
    /// Starts asking for the caller's store.
    pub fn load() -> Self {
        let zone = StoreZone(RwSignal::new(None));
        let api = use_api();
        spawn_local(async move {
            if let Ok(stores) = api.stores().await {
                if let Some(store) = stores.into_iter().next() {
                    zone.0.try_set(Some(store.time_zone));
                }
            }
        });
        zone
    }

    /// `[year, month, day, hour, minute]` of an instant in the store's zone (the device's
    /// until the store has answered).
    pub fn parts(self, ms: i64) -> [u32; 5] {
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
        };
        set("year", "numeric");
        set("month", "2-digit");
        set("day", "2-digit");
        set("hour", "2-digit");
        set("minute", "2-digit");
        set("hourCycle", "h23");
        if let Some(tz) = self.0.get() {
            set("timeZone", &tz);
        }
        let locales = js_sys::Array::of1(&JsValue::from_str("en-CA"));
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        let date = js_sys::Date::new(&(ms as f64).into());
        let text: String = format
            .format()
            .call1(&format, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let mut out = [0u32; 5];
        for (slot, number) in out.iter_mut().zip(
            text.split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty()),
        ) {
            *slot = number.parse().unwrap_or(0);
        }
        out
    }

    /// `YYYY-MM-DD` in the store's zone.
    pub fn day(self, ms: i64) -> String {
        let [y, m, d, ..] = self.parts(ms);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `YYYY-MM-DD HH:MM` in the store's zone.
    pub fn stamp(self, ms: i64) -> String {
        let [y, m, d, h, min] = self.parts(ms);
        format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}")
    }
}

/// "2026年11月" / "Nov 2026" for a year and month, in the interface language.
pub fn month_label(i18n: I18n, year: u32, month: u32) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"year".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"month".into(), &"short".into());
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    let locales = js_sys::Array::of1(&JsValue::from_str(i18n.locale.get().as_str()));
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    let ms = js_sys::Date::utc(year as f64, (month as f64) - 1.0) + 14.0 * 86_400_000.0;
    let date = js_sys::Date::new(&ms.into());
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{year}-{month:02}"))
}

/// `(year, month)` of a `YYYY-MM-DD` text.
pub fn year_month(day: &str) -> (u32, u32) {
    let mut parts = day.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// Whole days from `from` to `to` (both `YYYY-MM-DD`).
pub fn days_between(from: &str, to: &str) -> i64 {
    let ms = |d: &str| {
        let mut p = d.split('-').map(|x| x.parse::<f64>().unwrap_or(0.0));
        let (y, m, day) = (
            p.next().unwrap_or(0.0),
            p.next().unwrap_or(1.0),
            p.next().unwrap_or(1.0),
        );
        js_sys::Date::utc(y, m - 1.0) + (day - 1.0) * 86_400_000.0
    };
    ((ms(to) - ms(from)) / 86_400_000.0).round() as i64
}

/// Which contact's outcome form is open and what the last completion did; every field
/// is a cheap handle.
#[derive(Debug, Clone, Copy)]
pub struct Completion {
    /// The contact whose outcome form is open.
    pub form: RwSignal<Option<i64>>,
    /// What the last completion did: (text, whether contacts were cancelled).
    pub notice: RwSignal<Option<(String, bool)>>,
}

impl Completion {
    pub fn new() -> Self {
        Completion {
            form: RwSignal::new(None),
            notice: RwSignal::new(None),
        }
    }

    /// A contact was completed: close its form and say so, with how many later contacts
    /// that cancelled.
    pub fn completed(self, i18n: I18n, result: &LoyaltyCompleted) {
        let task = &result.contact;
        let name = display_name(&task.customer_name, &task.customer_phone);
        let text = if result.cancelled > 0 {
            fill(
                &fill(i18n.tr(Key::CancelledNotice), "name", &name),
                "n",
                result.cancelled,
            )
        } else {
            fill(i18n.tr(Key::ContactDone), "name", &name)
        };
        self.notice.set(Some((text, result.cancelled > 0)));
        self.form.set(None);
    }
}

/// What the last completion did, as a status line.
#[component]
pub fn CompletionNotice(completion: Completion) -> impl IntoView {
    move || {
        completion.notice.get().map(|(text, cancelled)| {
            view! {
                <p
                    class="notice loyalty-notice"
                    class:cancelled=cancelled
                    role="status"
                    data-test=if cancelled { "cancelled-notice" } else { "done-notice" }
                >
                    {text}
                </p>
            }
        })
    }
}

/// The inline form that completes a contact: four big outcome buttons, an optional note
/// and save.
#[component]
pub fn CompleteForm(
    contact_id: i64,
    #[prop(into)] on_done: Callback<LoyaltyCompleted>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<LoyaltyOutcome>);
    let note = RwSignal::new(String::new());
    let submit = Submit::new(i18n);

    let save = submit.on_submit(move || {
        let Some(chosen) = outcome.get_untracked() else {
            submit.refuse(i18n.tr(Key::ChooseOutcome));
            return;
        };
        let text = note.get_untracked().trim().to_owned();
        let body = CompleteLoyaltyContact {
            outcome: chosen,
            note: (!text.is_empty()).then_some(text),
        };
        submit.send(
            async move { api.complete_loyalty_contact(contact_id, &body).await },
            move |done| on_done.run(done),
        );
    });

    let option = move |value: LoyaltyOutcome| {
        let pick = move || {
            outcome.set(Some(value));
            submit.error.set(None);
        };
        view! {
            <ChoiceButton class=format!("outcome-option outcome-{}", value.as_str()) hook=format!("outcome-{}", value.as_str())
                pressed=move || outcome.get() == Some(value) on_press=pick>
                {i18n.text(outcome_key(value))}
            </ChoiceButton>
        }
    };

    let note_id = format!("complete-note-{contact_id}");
    view! {
        <form class="complete-form" data-test="complete-form" data-id=contact_id on:submit=save novalidate=true>
            <fieldset class="outcome-group">
                <legend class="field-label">{i18n.text(Key::OutcomeLabel)}</legend>
                <div class="outcome-options">
                    {LoyaltyOutcome::ALL.iter().map(|o| option(*o)).collect_view()}
                </div>
            </fieldset>
            {move || (outcome.get() == Some(LoyaltyOutcome::Declined)).then(|| view! {
                <p class="notice decline-warning" data-test="decline-warning">{i18n.text(Key::DeclineWarning)}</p>
            })}
            <label class="field" for=note_id.clone()>
                <span class="field-label">{i18n.text(Key::NoteLabel)}</span>
                <textarea
                    id=note_id.clone()
                    class="complete-note"
                    data-test="complete-note"
                    rows="2"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FormError hook="complete-error" message=submit.error />
            <div class="complete-actions">
                <button type="submit" class="btn btn-primary" data-test="complete-save" disabled=move || submit.busy.get()>
                    {move || i18n.tr(if submit.busy.get() { Key::Saving } else { Key::SaveOutcome })}
                </button>
                <button type="button" class="btn btn-quiet" data-test="complete-cancel" on:click=move |_| on_cancel.run(())>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}
