//! Editing one of today's saved visits: the sheet opened from a row of the log.

use keyuan_shared::api::{Visit, VisitPatch};
use keyuan_shared::phone;
use keyuan_shared::validate::Validate;
use keyuan_shared::VisitKind;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::format::{clock, kind_key, who, WhoLabel};
use super::state::Ctx;
use crate::api::ApiError;
use crate::components::visit_fields::{
    consultant_options, ConsultantSelect, ContactFields, FieldError, FieldProblem, ModelChips,
    NoteField, PartyStepper, TestDriveToggle,
};
use crate::i18n::{use_i18n, Key};

/// The visit being edited and the editor's inputs. It lives above the log's rows, so a
/// refresh of the log (a live event) does not lose what is being typed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Editor {
    /// The visit as it was when the editor opened; `None` when closed.
    pub(super) visit: RwSignal<Option<Visit>>,
    test_drive: RwSignal<bool>,
    phone: RwSignal<String>,
    name: RwSignal<String>,
    consultant: RwSignal<Option<i64>>,
    model: RwSignal<Option<i64>>,
    party: RwSignal<i32>,
    note: RwSignal<String>,
    problem: RwSignal<Option<FieldProblem>>,
    /// A refusal that names no field (a past day's visit, the network).
    error: RwSignal<Option<ApiError>>,
    saving: RwSignal<bool>,
}

impl Editor {
    pub(super) fn new() -> Self {
        Editor {
            visit: RwSignal::new(None),
            test_drive: RwSignal::new(false),
            phone: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            consultant: RwSignal::new(None),
            model: RwSignal::new(None),
            party: RwSignal::new(1),
            note: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            error: RwSignal::new(None),
            saving: RwSignal::new(false),
        }
    }

    pub(super) fn open(self, visit: &Visit) {
        self.test_drive.set(visit.test_drive);
        self.phone.set(String::new());
        self.name
            .set(visit.customer_name.clone().unwrap_or_default());
        self.consultant.set(visit.consultant_id);
        self.model.set(visit.vehicle_model_id);
        self.party.set(visit.party_size);
        self.note.set(visit.note.clone());
        self.problem.set(None);
        self.error.set(None);
        self.saving.set(false);
        self.visit.set(Some(visit.clone()));
    }

    fn close(self) {
        self.visit.set(None);
    }

    /// Only what differs from the visit as it was.
    fn patch(self, visit: &Visit) -> VisitPatch {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let changed = |now: Option<i64>, was: Option<i64>| now.filter(|_| now != was);
        let no_customer = visit.customer_id.is_none();
        let phone = text(self.phone);
        let name = text(self.name);
        let note = text(self.note);
        let test_drive = self.test_drive.get_untracked();
        let party = self.party.get_untracked();
        VisitPatch {
            left_at: None,
            test_drive: (visit.kind == VisitKind::WalkIn && test_drive != visit.test_drive)
                .then_some(test_drive),
            phone: (no_customer && !phone.is_empty())
                .then(|| phone::normalize(&phone).unwrap_or(phone)),
            name: (no_customer
                && !name.is_empty()
                && visit.customer_name.as_deref().map(str::trim) != Some(name.as_str()))
            .then_some(name),
            consultant_id: changed(self.consultant.get_untracked(), visit.consultant_id),
            vehicle_model_id: changed(self.model.get_untracked(), visit.vehicle_model_id),
            party_size: (party != visit.party_size).then_some(party),
            note: (note != visit.note.trim()).then_some(note),
        }
    }
}

/// The sheet that edits one of today's visits.
#[component]
pub(super) fn VisitEditor(ctx: Ctx, editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let Some(visit) = editor.visit.get_untracked() else {
        return ().into_any();
    };
    let walk_in = visit.kind == VisitKind::WalkIn;
    let has_customer = visit.customer_id.is_some();
    let known = who(
        visit.customer_name.as_deref(),
        visit.customer_phone.as_deref(),
    );
    let original = StoredValue::new(visit.clone());

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if editor.saving.get_untracked() {
            return;
        }
        let Some(visit) = editor.visit.get_untracked() else {
            return;
        };
        let patch = editor.patch(&visit);
        if patch == VisitPatch::default() {
            editor.close();
            return;
        }
        if let Err(e) = patch.validate() {
            editor.problem.set(Some(FieldProblem {
                field: e.field,
                message: None,
            }));
            return;
        }
        editor.problem.set(None);
        editor.error.set(None);
        editor.saving.set(true);
        let id = visit.id;
        spawn_local(async move {
            let result = ctx.api.patch_visit(id, &patch).await;
            editor.saving.set(false);
            match result {
                Ok(saved) => {
                    ctx.log.update(|log| {
                        if let Some(row) = log
                            .as_mut()
                            .and_then(|l| l.visits.iter_mut().find(|v| v.id == saved.id))
                        {
                            *row = saved;
                        }
                    });
                    editor.close();
                    ctx.refresh();
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => match e.field() {
                    Some(field) if !field.is_empty() => editor.problem.set(Some(FieldProblem {
                        field: field.to_owned(),
                        message: Some(e.message(i18n.locale.get_untracked())),
                    })),
                    _ => editor.error.set(Some(e)),
                },
            }
        });
    };

    let consultant_options = move || {
        let entries = ctx.rotation.with(|r| {
            r.as_ref()
                .map(|r| r.consultants.clone())
                .unwrap_or_default()
        });
        let chosen = editor.consultant.get();
        let (was_id, was_name) =
            original.with_value(|v| (v.consultant_id, v.consultant_name.clone()));
        // A consultant no longer in the rotation stays choosable for this visit.
        let absent = was_id
            .filter(|id| !entries.iter().any(|e| e.consultant_id == *id))
            .map(|id| {
                view! {
                    <option value=id.to_string() selected=chosen == Some(id)>
                        {was_name.clone().unwrap_or_default()}
                    </option>
                }
            });
        consultant_options(i18n, entries, chosen, Key::Unassigned, absent, |e| {
            e.name.clone()
        })
    };

    let contact = if has_customer {
        view! {
            <div class="field">
                <span class="field-label">{i18n.text(Key::PhoneLabel)}</span>
                <p class="readonly-value" data-test="edit-phone-readonly">
                    <WhoLabel who=known />
                </p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <ContactFields phone=editor.phone name=editor.name problem=editor.problem phone_hook="edit-phone" name_id="edit-name" name_hook="edit-name" />
        }
        .into_any()
    };

    let title = format!(
        "{} · {}",
        clock(visit.arrived_at.timestamp_millis()),
        i18n.tr(kind_key(visit.kind))
    );

    view! {
        <div class="sheet-backdrop" on:click=move |_| editor.close()></div>
        <form
            class="card sheet visit-editor"
            role="dialog"
            aria-modal="true"
            aria-labelledby="visit-editor-title"
            data-test="visit-editor"
            data-id=visit.id
            on:submit=save
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    editor.close();
                }
            }
            novalidate=true
        >
            <div class="sheet-head">
                <h2 class="section-title" id="visit-editor-title">{i18n.text(Key::EditVisitTitle)}</h2>
                <span class="muted">{title}</span>
            </div>
            {move || {
                editor
                    .error
                    .get()
                    .map(|e| view! { <p class="form-error" role="alert" data-test="edit-error">{e.message(i18n.locale.get())}</p> })
            }}
            {contact}
            <div class="form-row">
                <PartyStepper party=editor.party prefix="edit-" />
                {walk_in
                    .then(|| {
                        view! {
                            <TestDriveToggle value=editor.test_drive hook="edit-test-drive" />
                        }
                    })}
            </div>
            <FieldError problem=editor.problem field="party_size" />
            <FieldError problem=editor.problem field="test_drive" />
            <ModelChips models=ctx.models chosen=editor.model problem=editor.problem prefix="edit-" />
            <ConsultantSelect
                hook="edit-consultant"
                chosen=editor.consultant
                on_pick=Callback::new(move |value| editor.consultant.set(value))
                problem=editor.problem
            >
                {consultant_options}
            </ConsultantSelect>
            <FieldError problem=editor.problem field="consultant_id" />
            <NoteField note=editor.note problem=editor.problem hook="edit-note" />
            {move || {
                editor
                    .problem
                    .get()
                    .filter(|p| {
                        !matches!(
                            p.field.as_str(),
                            "phone" | "name" | "party_size" | "note" | "test_drive" | "vehicle_model_id"
                                | "consultant_id"
                        )
                    })
                    .map(|p| {
                        view! {
                            <p class="form-error" role="alert" data-test=format!("error-{}", p.field)>
                                {p.text(i18n)}
                            </p>
                        }
                    })
            }}
            <div class="save-row sheet-actions">
                <button
                    type="submit"
                    class="btn btn-primary btn-save"
                    data-test="save-edit"
                    disabled=move || editor.saving.get()
                >
                    {move || i18n.tr(if editor.saving.get() { Key::Saving } else { Key::SaveEdit })}
                </button>
                <button type="button" class="btn btn-cancel" data-test="cancel-edit" on:click=move |_| editor.close()>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
