//! 设置 Set-up: stores (admin), users and vehicle models.

use keyuan_shared::api::{
    NewStore, NewUser, NewVehicleModel, Store, User, UserPatch, VehicleModel, VehicleModelPatch,
};
use keyuan_shared::validate::{FieldError, Validate};
use keyuan_shared::{Role, DEFAULT_TIME_ZONE};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, ApiError};
use crate::app::Screen;
use crate::components::field::{FormError, TextField};
use crate::components::screen_page::ScreenPage;
use crate::i18n::{role_key, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::session::use_session;

/// Time zones offered for a new store (any IANA name may be typed).
const TIME_ZONES: &[&str] = &[
    "Asia/Shanghai",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
];

/// Data that is being fetched.
#[derive(Debug, Clone, PartialEq)]
enum Remote<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

impl<T> Remote<T> {
    fn from_result(result: Result<T, ApiError>) -> Self {
        match result {
            Ok(v) => Remote::Ready(v),
            Err(e) => Remote::Failed(e),
        }
    }
}

/// Why a form was not accepted.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    /// A pre-check failed before sending.
    Hint { field: String, key: Key },
    /// The server refused.
    Api(ApiError),
}

impl Problem {
    fn check(error: FieldError) -> Self {
        let key = match error.field.as_str() {
            "login" => Key::HintLogin,
            "password" => Key::HintPassword,
            "time_zone" => Key::HintTimeZone,
            "store_id" => Key::HintStore,
            _ => Key::HintName,
        };
        Problem::Hint {
            field: error.field,
            key,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Problem::Hint { field, .. } => Some(field),
            Problem::Api(e) => e.field(),
        }
    }

    fn text(&self, i18n: I18n) -> String {
        match self {
            Problem::Hint { key, .. } => i18n.tr(*key).to_owned(),
            Problem::Api(e) => e.message(i18n.locale.get()),
        }
    }
}

/// The state of one add-form.
#[derive(Debug, Clone, Copy)]
struct FormState {
    busy: RwSignal<bool>,
    problem: RwSignal<Option<Problem>>,
    added: RwSignal<bool>,
}

impl FormState {
    fn new() -> Self {
        FormState {
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            added: RwSignal::new(false),
        }
    }

    fn reject(self, problem: Problem) {
        self.added.set(false);
        self.problem.set(Some(problem));
    }

    fn start(self) {
        self.busy.set(true);
        self.added.set(false);
        self.problem.set(None);
    }

    fn finish(self, result: Result<(), ApiError>) {
        self.busy.set(false);
        match result {
            Ok(()) => self.added.set(true),
            // The sign-in screen takes over.
            Err(ApiError::SignedOut) => {}
            Err(e) => self.problem.set(Some(Problem::Api(e))),
        }
    }

    /// Whether `field` is the one at fault.
    fn invalid(self, field: &'static str) -> Signal<bool> {
        Signal::derive(move || {
            self.problem
                .with(|p| p.as_ref().and_then(Problem::field) == Some(field))
        })
    }

    fn message(self, i18n: I18n) -> Signal<Option<String>> {
        Signal::derive(move || self.problem.with(|p| p.as_ref().map(|p| p.text(i18n))))
    }
}

/// What every section of the screen shares.
#[derive(Debug, Clone, Copy)]
struct SetupCtx {
    admin: bool,
    /// The signed-in user (never toggled off by themselves).
    me: i64,
    /// A manager's store.
    my_store: Option<i64>,
    stores: RwSignal<Remote<Vec<Store>>>,
}

impl SetupCtx {
    fn store_list(self) -> Vec<Store> {
        self.stores.with(|s| match s {
            Remote::Ready(list) => list.clone(),
            _ => Vec::new(),
        })
    }

    fn store_name(self, id: Option<i64>) -> Option<String> {
        let id = id?;
        self.stores.with(|s| match s {
            Remote::Ready(list) => list.iter().find(|s| s.id == id).map(|s| s.name.clone()),
            _ => None,
        })
    }
}

#[component]
pub fn SetupPage(role: Role) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let i18n = use_i18n();
    let me = session.user_untracked();
    let stores = RwSignal::new(Remote::Loading);
    let ctx = SetupCtx {
        admin: role == Role::Admin,
        me: me.as_ref().map_or(0, |u| u.id),
        my_store: me.and_then(|u| u.store_id),
        stores,
    };
    spawn_local(async move { stores.set(Remote::from_result(api.stores().await)) });

    view! {
        <ScreenPage screen=Screen::Setup role=role>
            <p class="lede">{i18n.text(Key::SetupIntro)}</p>
            <div class="setup-grid" class:has-stores=ctx.admin>
                {ctx.admin.then(|| view! { <StoresSection ctx=ctx /> })}
                <UsersSection ctx=ctx />
                <ModelsSection ctx=ctx />
            </div>
        </ScreenPage>
    }
}

// --- stores ---------------------------------------------------------------------------

#[component]
fn StoresSection(ctx: SetupCtx) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let time_zone = RwSignal::new(DEFAULT_TIME_ZONE.to_owned());
    let form = FormState::new();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let body = NewStore {
            name: name.get_untracked().trim().to_owned(),
            time_zone: Some(time_zone.get_untracked().trim().to_owned()),
        };
        if let Err(e) = body.validate() {
            form.reject(Problem::check(e));
            return;
        }
        form.start();
        spawn_local(async move {
            let result = api.create_store(&body).await.map(|store| {
                ctx.stores.update(|s| match s {
                    Remote::Ready(list) => list.push(store),
                    other => *other = Remote::Ready(vec![store]),
                });
                name.set(String::new());
            });
            form.finish(result);
        });
    };

    let reload = move |_| {
        ctx.stores.set(Remote::Loading);
        spawn_local(async move { ctx.stores.set(Remote::from_result(api.stores().await)) });
    };

    view! {
        <section class="card setup-section" data-test="stores-section">
            <h2>{i18n.text(Key::SectionStores)}</h2>
            {move || match ctx.stores.get() {
                Remote::Loading => loading(i18n),
                Remote::Failed(e) => load_failed(i18n, e, "store-list-error", reload),
                Remote::Ready(list) if list.is_empty() => empty(i18n, Key::NoStores),
                Remote::Ready(list) => {
                    view! {
                        <ul class="rows" data-test="store-list">
                            {list
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <li class="row" data-test="store-row" data-id=s.id>
                                            <div class="row-main">
                                                <span class="row-title">{s.name}</span>
                                                <span class="row-sub">{s.time_zone}</span>
                                            </div>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <form class="add-form" data-test="store-form" on:submit=submit novalidate=true>
                <div class="form-fields">
                    <TextField hook="new-store-name" label=Key::StoreName value=name invalid=form.invalid("name") />
                    <TextField
                        hook="new-store-tz"
                        label=Key::TimeZone
                        value=time_zone
                        invalid=form.invalid("time_zone")
                        list="time-zones"
                    />
                    <datalist id="time-zones">
                        {TIME_ZONES.iter().map(|tz| view! { <option value=*tz></option> }).collect_view()}
                    </datalist>
                </div>
                <FormActions form=form hook="add-store" label=Key::AddStore />
                <FormError hook="store-form-error" message=form.message(i18n) />
            </form>
        </section>
    }
}

// --- users ----------------------------------------------------------------------------

#[component]
fn UsersSection(ctx: SetupCtx) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    // Admin only: which store's users to list (`None`: all).
    let filter = RwSignal::new(None::<i64>);
    let users = RwSignal::new(Remote::<Vec<User>>::Loading);
    let list_error = RwSignal::new(None::<ApiError>);
    let generation = Latest::new();

    let load = move |store: Option<i64>| {
        let Some(this) = generation.next() else {
            return;
        };
        spawn_local(async move {
            let result = api.users(store).await;
            if generation.is(this) {
                users.set(Remote::from_result(result));
            }
        });
    };
    Effect::new(move |_| {
        let store = filter.get();
        load(store);
    });

    // The add form.
    let name = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Consultant);
    let store = RwSignal::new(None::<i64>);
    let form = FormState::new();
    let roles: &'static [Role] = if ctx.admin {
        Role::ALL
    } else {
        &[Role::Consultant, Role::Receptionist]
    };

    // A new user goes to the listed store, else to the first one.
    Effect::new(move |_| {
        let listed = filter.get();
        let first = ctx.stores.with(|s| match s {
            Remote::Ready(list) => list.first().map(|s| s.id),
            _ => None,
        });
        if listed.is_some() {
            store.set(listed);
        } else if store.get_untracked().is_none() {
            store.set(first);
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let role_v = role.get_untracked();
        // A manager's users join the manager's store (the server fills it in).
        let store_id = if ctx.admin && role_v.has_store() {
            store.get_untracked()
        } else {
            None
        };
        let body = NewUser {
            name: name.get_untracked().trim().to_owned(),
            login: login.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            role: role_v,
            store_id,
        };
        if let Err(e) = body.validate() {
            form.reject(Problem::check(e));
            return;
        }
        if ctx.admin && role_v.has_store() && store_id.is_none() {
            form.reject(Problem::check(FieldError::new("store_id", "")));
            return;
        }
        form.start();
        spawn_local(async move {
            let result = api.create_user(&body).await.map(|user| {
                let listed = filter.get_untracked();
                if listed.is_none() || listed == user.store_id {
                    users.update(|u| {
                        if let Remote::Ready(list) = u {
                            list.push(user);
                        }
                    });
                }
                name.set(String::new());
                login.set(String::new());
                password.set(String::new());
            });
            form.finish(result);
        });
    };

    let toggle = move |user: User| {
        list_error.set(None);
        spawn_local(async move {
            let patch = UserPatch {
                active: Some(!user.active),
                ..UserPatch::default()
            };
            match api.patch_user(user.id, &patch).await {
                Ok(updated) => users.update(|u| {
                    if let Remote::Ready(list) = u {
                        if let Some(row) = list.iter_mut().find(|r| r.id == updated.id) {
                            *row = updated;
                        }
                    }
                }),
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    list_error.set(Some(e));
                    // Redraw the rows so the button is usable again.
                    users.update(|_| {});
                }
            }
        });
    };

    let row = move |user: User| {
        // Nobody switches themselves off; a manager manages only their staff.
        let may_toggle = user.id != ctx.me
            && (ctx.admin || matches!(user.role, Role::Consultant | Role::Receptionist));
        let active = user.active;
        let role_label = role_key(user.role);
        let store_id = user.store_id;
        let target = user.clone();
        let login_hook = user.login.clone();
        view! {
            <li class="row" class:inactive=!active data-test="user-row" data-id=user.id data-login=login_hook data-active=active.to_string()>
                <div class="row-main">
                    <span class="row-title">{user.name}</span>
                    <span class="row-sub">
                        <span class="mono">{user.login}</span>
                        <span class="sep">"·"</span>
                        <span data-test="user-role">{i18n.text(role_label)}</span>
                        <span class="sep">"·"</span>
                        <span data-test="user-store">
                            {move || ctx.store_name(store_id).unwrap_or_else(|| i18n.tr(Key::NoStoreValue).to_owned())}
                        </span>
                    </span>
                </div>
                <ActiveToggle hook="user-active-toggle" active=active enabled=may_toggle on_toggle=move || toggle(target.clone()) />
            </li>
        }
    };

    view! {
        <section class="card setup-section" data-test="users-section">
            <div class="section-head">
                <h2>{i18n.text(Key::SectionUsers)}</h2>
                {ctx
                    .admin
                    .then(|| {
                        view! {
                            <label class="inline-field" for="user-store-filter">
                                <span class="field-label">{i18n.text(Key::Store)}</span>
                                <select
                                    id="user-store-filter"
                                    data-test="user-store-filter"
                                    on:change=move |ev| filter.set(event_target_value(&ev).parse().ok())
                                >
                                    <option value="" selected=move || filter.get().is_none()>
                                        {i18n.text(Key::AllStores)}
                                    </option>
                                    {move || store_options(ctx, filter)}
                                </select>
                            </label>
                        }
                    })}
            </div>
            {move || list_error.get().map(|e| view! { <p class="form-error" role="alert" data-test="user-toggle-error">{e.message(i18n.locale.get())}</p> })}
            {move || match users.get() {
                Remote::Loading => loading(i18n),
                Remote::Failed(e) => load_failed(i18n, e, "user-list-error", move |_| load(filter.get_untracked())),
                Remote::Ready(list) if list.is_empty() => empty(i18n, Key::NoUsers),
                Remote::Ready(list) => {
                    view! { <ul class="rows" data-test="user-list">{list.into_iter().map(row).collect_view()}</ul> }.into_any()
                }
            }}
            <form class="add-form" data-test="user-form" on:submit=submit novalidate=true>
                <div class="form-fields">
                    <TextField hook="new-user-name" label=Key::PersonName value=name invalid=form.invalid("name") />
                    <TextField
                        hook="new-user-login"
                        label=Key::Login
                        value=login
                        invalid=form.invalid("login")
                        autocomplete="off"
                    />
                    <TextField
                        hook="new-user-password"
                        label=Key::InitialPassword
                        value=password
                        invalid=form.invalid("password")
                        kind="password"
                        autocomplete="new-password"
                    />
                    <label class="field" class:invalid=form.invalid("role") for="new-user-role">
                        <span class="field-label">{i18n.text(Key::Role)}</span>
                        <select
                            id="new-user-role"
                            data-test="new-user-role"
                            on:change=move |ev| {
                                if let Ok(r) = event_target_value(&ev).parse::<Role>() {
                                    role.set(r);
                                }
                            }
                        >
                            {roles
                                .iter()
                                .map(|r| {
                                    let r = *r;
                                    view! {
                                        <option value=r.as_str() selected=move || role.get() == r>
                                            {i18n.text(role_key(r))}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    {move || {
                        (ctx.admin && role.get().has_store())
                            .then(|| {
                                view! {
                                    <label class="field" class:invalid=form.invalid("store_id") for="new-user-store">
                                        <span class="field-label">{i18n.text(Key::Store)}</span>
                                        <select
                                            id="new-user-store"
                                            data-test="new-user-store"
                                            on:change=move |ev| store.set(event_target_value(&ev).parse().ok())
                                        >
                                            {move || store_options(ctx, store)}
                                        </select>
                                    </label>
                                }
                            })
                    }}
                </div>
                <FormActions form=form hook="add-user" label=Key::AddUser />
                <FormError hook="user-form-error" message=form.message(i18n) />
            </form>
        </section>
    }
}

// --- vehicle models -------------------------------------------------------------------

#[component]
fn ModelsSection(ctx: SetupCtx) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    // Whose catalog is shown: the admin picks; a manager sees their own.
    let store = RwSignal::new(if ctx.admin { None } else { ctx.my_store });
    let models = RwSignal::new(Remote::<Vec<VehicleModel>>::Loading);
    let list_error = RwSignal::new(None::<ApiError>);
    let generation = Latest::new();

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

    let load = move |store: Option<i64>| {
        let Some(this) = generation.next() else {
            return;
        };
        spawn_local(async move {
            let result = api.vehicle_models(store).await;
            if generation.is(this) {
                models.set(Remote::from_result(result));
            }
        });
    };
    Effect::new(move |_| {
        let chosen = store.get();
        if chosen.is_some() || !ctx.admin {
            load(chosen);
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
            form.reject(Problem::check(FieldError::new("store_id", "")));
            return;
        }
        form.start();
        spawn_local(async move {
            let result = api.create_vehicle_model(&body).await.map(|model| {
                if store.get_untracked().is_none_or(|s| s == model.store_id) {
                    models.update(|m| match m {
                        Remote::Ready(list) => list.push(model),
                        other => *other = Remote::Ready(vec![model]),
                    });
                }
                name.set(String::new());
            });
            form.finish(result);
        });
    };

    let toggle = move |model: VehicleModel| {
        list_error.set(None);
        spawn_local(async move {
            let patch = VehicleModelPatch {
                active: Some(!model.active),
                ..VehicleModelPatch::default()
            };
            match api.patch_vehicle_model(model.id, &patch).await {
                Ok(updated) => models.update(|m| {
                    if let Remote::Ready(list) = m {
                        if let Some(row) = list.iter_mut().find(|r| r.id == updated.id) {
                            *row = updated;
                        }
                    }
                }),
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    list_error.set(Some(e));
                    models.update(|_| {});
                }
            }
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
                {ctx
                    .admin
                    .then(|| {
                        view! {
                            <label class="inline-field" for="model-store">
                                <span class="field-label">{i18n.text(Key::Store)}</span>
                                <select
                                    id="model-store"
                                    data-test="model-store"
                                    on:change=move |ev| store.set(event_target_value(&ev).parse().ok())
                                >
                                    {move || store_options(ctx, store)}
                                </select>
                            </label>
                        }
                    })}
            </div>
            {move || list_error.get().map(|e| view! { <p class="form-error" role="alert" data-test="model-toggle-error">{e.message(i18n.locale.get())}</p> })}
            {move || {
                if no_store() {
                    let loading_stores = ctx.stores.with(|s| matches!(s, Remote::Loading));
                    return if loading_stores { loading(i18n) } else { empty(i18n, Key::ChooseStoreFirst) };
                }
                match models.get() {
                    Remote::Loading => loading(i18n),
                    Remote::Failed(e) => load_failed(i18n, e, "model-list-error", move |_| load(store.get_untracked())),
                    Remote::Ready(list) if list.is_empty() => empty(i18n, Key::NoModels),
                    Remote::Ready(list) => {
                        view! { <ul class="rows" data-test="model-list">{list.into_iter().map(row).collect_view()}</ul> }.into_any()
                    }
                }
            }}
            <form class="add-form" data-test="model-form" on:submit=submit novalidate=true>
                <div class="form-fields">
                    <TextField hook="new-model-name" label=Key::ModelName value=name invalid=form.invalid("name") />
                </div>
                <FormActions form=form hook="add-model" label=Key::AddModel />
                <FormError hook="model-form-error" message=form.message(i18n) />
            </form>
        </section>
    }
}

// --- shared pieces --------------------------------------------------------------------

/// `<option>`s for the stores, marking `chosen`.
fn store_options(ctx: SetupCtx, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    ctx.store_list()
        .into_iter()
        .map(|s| {
            let id = s.id;
            view! {
                <option value=id.to_string() selected=move || chosen.get() == Some(id)>
                    {s.name}
                </option>
            }
        })
        .collect_view()
}

/// The submit button with its busy and "added" states.
#[component]
fn FormActions(form: FormState, hook: &'static str, label: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" data-test=hook id=hook disabled=move || form.busy.get()>
                {move || if form.busy.get() { i18n.tr(Key::Saving) } else { i18n.tr(label) }}
            </button>
            {move || {
                form.added
                    .get()
                    .then(|| {
                        view! {
                            <span class="added" role="status" data-test=format!("{hook}-done")>
                                "✓ "
                                {i18n.text(Key::Added)}
                            </span>
                        }
                    })
            }}
        </div>
    }
}

/// The status of a row and the button that flips it.
#[component]
fn ActiveToggle(
    hook: &'static str,
    active: bool,
    enabled: bool,
    on_toggle: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    view! {
        <div class="row-status">
            <span class="status" class:off=!active data-test="status">
                {i18n.text(if active { Key::Active } else { Key::Inactive })}
            </span>
            <button
                type="button"
                class="btn btn-small"
                class:btn-danger=active
                data-test=hook
                aria-pressed=active.to_string()
                disabled=move || !enabled || busy.get()
                on:click=move |_| {
                    busy.set(true);
                    on_toggle();
                }
            >
                {i18n.text(if active { Key::Deactivate } else { Key::Activate })}
            </button>
        </div>
    }
}

fn loading(i18n: I18n) -> AnyView {
    view! {
        <p class="muted list-state" aria-busy="true">
            {i18n.text(Key::Loading)}
        </p>
    }
    .into_any()
}

fn empty(i18n: I18n, key: Key) -> AnyView {
    view! {
        <p class="muted list-state" data-test="empty">
            {i18n.text(key)}
        </p>
    }
    .into_any()
}

fn load_failed(
    i18n: I18n,
    error: ApiError,
    hook: &'static str,
    retry: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> AnyView {
    view! {
        <div class="list-state failed" role="alert" data-test=hook>
            <span>{i18n.text(Key::LoadFailed)} ": " {move || error.message(i18n.locale.get())}</span>
            <button type="button" class="btn btn-small" on:click=retry>
                {i18n.text(Key::Retry)}
            </button>
        </div>
    }
    .into_any()
}
