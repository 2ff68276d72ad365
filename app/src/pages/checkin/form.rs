//! The check-in form: visit kind, party, contact, source, model, consultant, test drive
//! and note, saved to the tablet's outbox at the tap.

use std::time::Duration;

use keyuan_shared::phone;
use keyuan_shared::validate::Validate;
use keyuan_shared::{Source, VisitKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::campaign_chips::CampaignChips;
use super::customer_hint::{CustomerHint, Lookup};

use super::inputs::Form;
use super::state::Ctx;
use crate::components::choice::ChoiceButton;
use crate::components::referrer_picker::ReferrerPicker;
use crate::components::visit_fields::{
    consultant_options, ConsultantSelect, ContactFields, FieldError, FieldProblem, ModelChips,
    NoteField, PartyStepper, TestDriveToggle,
};
use crate::i18n::{fill, source_key, use_i18n, Key};
use crate::latest::Latest;
use crate::outbox::{self, Pending};

/// The pause after the last keystroke before a number is looked up.
const LOOKUP_DELAY: Duration = Duration::from_millis(300);
/// How long the "checked in" confirmation stays.
const DONE_FOR: Duration = Duration::from_secs(4);

#[component]
pub(super) fn CheckinForm(ctx: Ctx, form: Form) -> impl IntoView {
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
            <ChoiceButton class="segment" hook=format!("kind-{}", kind.as_str())
                pressed=move || form.kind.get() == kind on_press=move || form.set_kind(kind)>
                {i18n.text(label)}
            </ChoiceButton>
        }
    };

    let source_chip = move |source: Source| {
        let pick = move || {
            form.source.set(source);
            form.source_picked.set(true);
        };
        view! {
            <ChoiceButton class="chip" hook=format!("source-{}", source.as_str())
                pressed=move || form.source.get() == source on_press=pick>
                {i18n.text(source_key(source))}
            </ChoiceButton>
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
        consultant_options(i18n, entries, chosen, Key::NobodyFree, (), move |e| {
            let mut label = e.name.clone();
            if owner == Some(e.consultant_id) {
                label.push_str(i18n.tr(Key::OwnerSuffix));
            } else if next == Some(e.consultant_id) {
                label = format!("{label} · {}", i18n.tr(Key::NextUp));
            }
            label
        })
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
            <ContactFields phone=form.phone name=form.name problem=form.problem phone_hook="phone" name_id="visitor-name" name_hook="name" />
            <CustomerHint lookup=lookup />
            <fieldset class="chip-group">
                <legend class="field-label">{i18n.text(Key::SourceLabel)}</legend>
                <div class="chips">{Source::ALL.iter().map(|s| source_chip(*s)).collect_view()}</div>
            </fieldset>
            {move || (form.source.get() == Source::Referral).then(|| view! { <ReferrerPicker chosen=form.referrer /> })}
            {move || (form.source.get() == Source::Event).then(|| view! { <CampaignChips ctx=ctx chosen=form.campaign /> })}
            <FieldError problem=form.problem field="campaign_id" />
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
                                | "consultant_id" | "arrived_at" | "left_at" | "referred_by" | "campaign_id"
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

pub(super) fn focus_phone() {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("phone"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}
