//! The vehicle models section: a store's catalog, switching models on and off, and the
//! add-model form.

use keyuan_shared::api::{NewVehicleModel, VehicleModel, VehicleModelPatch};
use keyuan_shared::validate::Validate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::state::{replace_row, FormState, Problem, Remote};
use super::widgets::{empty, loading, rows_view, ActiveToggle, AddForm, StoreSelect, ToggleError};
use super::SetupCtx;
use crate::api::{use_api, ApiError};
use crate::components::field::TextField;
use crate::i18n::{use_i18n, Key};

#[component]
pub(super) fn ModelsSection(ctx: SetupCtx) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    // Whose catalog is shown: the admin picks; a manager sees their own.
    let store = RwSignal::new(if ctx.admin { None } else { ctx.my_store });
    let list_error = RwSignal::new(None::<ApiError>);

    if ctx.admin {
        Effect::new(move |_| {
            let first = ctx.stores.with(|s| match s {
                Remote::Ready(list) => list.first().map(|s| s.id),
                _ => None,
            });
            if store.get_untracked().is_none() && first.is_some() {
                store.set(first);
            }
        });
    }

    // Loaded again whenever the chosen store changes (an admin waits for a choice); a
    // late answer for an earlier store is dropped by the resource itself.
    let models = LocalResource::new(move || {
        let chosen = store.get();
        async move {
            if chosen.is_some() || !ctx.admin {
                api.vehicle_models(chosen).await
            } else {
                Ok(Vec::new())
            }
        }
    });

    let name = RwSignal::new(String::new());
    let form = FormState::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let store_id = store.get_untracked();
        let body = NewVehicleModel {
            name: name.get_untracked().trim().to_owned(),
            store_id: if ctx.admin { store_id } else { None },
        };
        if let Err(e) = body.validate() {
            form.reject(Problem::check(e));
            return;
        }
        if ctx.admin && store_id.is_none() {
            form.reject(Problem::store_missing());
            return;
        }
        form.send(
            async move { api.create_vehicle_model(&body).await },
            move |model| {
                if store.get_untracked().is_none_or(|s| s == model.store_id) {
                    models.update(|m| match m {
                        Some(Ok(list)) => list.push(model),
                        other => *other = Some(Ok(vec![model])),
                    });
                }
                name.set(String::new());
            },
        );
    };

    let toggle = move |model: VehicleModel| {
        let patch = VehicleModelPatch {
            active: Some(!model.active),
            ..VehicleModelPatch::default()
        };
        replace_row(models, list_error, async move {
            api.patch_vehicle_model(model.id, &patch).await
        });
    };

    let row = move |model: VehicleModel| {
        let active = model.active;
        let target = model.clone();
        view! {
            <li class="row" class:inactive=!active data-test="model-row" data-id=model.id data-active=active.to_string()>
                <div class="row-main">
                    <span class="row-title" data-test="model-name">{model.name}</span>
                </div>
                <ActiveToggle hook="model-active-toggle" active=active enabled=true on_toggle=move || toggle(target.clone()) />
            </li>
        }
    };

    let no_store = move || ctx.admin && store.get().is_none();

    view! {
        <section class="card setup-section" data-test="models-section">
            <div class="section-head">
                <h2>{i18n.text(Key::SectionModels)}</h2>
                {ctx.admin.then(|| view! {
                    <StoreSelect ctx=ctx hook="model-store" class="inline-field" chosen=store />
                })}
            </div>
            <ToggleError hook="model-toggle-error" error=list_error />
            {move || {
                if no_store() {
                    let loading_stores = ctx.stores.with(|s| matches!(s, Remote::Loading));
                    return if loading_stores { loading(i18n) } else { empty(i18n, Key::ChooseStoreFirst) };
                }
                rows_view(i18n, Remote::of(models.get()), "model-list", "model-list-error", Key::NoModels, move |_| models.refetch(), row)
            }}
            <AddForm hook="model-form" form=form on_submit=submit action="add-model" label=Key::AddModel error_hook="model-form-error">
                <TextField hook="new-model-name" label=Key::ModelName value=name invalid=form.invalid("name") />
            </AddForm>
        </section>
    }
}
