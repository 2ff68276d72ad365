//! The users section: the list (by store, for the admin), switching users on and off,
//! and the add-user form.

use keyuan_shared::api::{NewUser, User, UserPatch};
use keyuan_shared::permissions;
use keyuan_shared::validate::Validate;
use keyuan_shared::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::state::{replace_row, FormState, Problem, Remote};
use super::widgets::{rows_view, ActiveToggle, AddForm, StoreSelect, ToggleError};
use super::SetupCtx;
use crate::api::{use_api, ApiError};
use crate::components::field::TextField;
use crate::i18n::{role_key, use_i18n, Key};

#[component]
pub(super) fn UsersSection(ctx: SetupCtx) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    // Admin only: which store's users to list (`None`: all).
    let filter = RwSignal::new(None::<i64>);
    // Loaded again whenever the filter changes; an answer for an earlier filter that
    // arrives late is dropped by the resource itself.
    let users = LocalResource::new(move || {
        let store = filter.get();
        async move { api.users(store).await }
    });
    let list_error = RwSignal::new(None::<ApiError>);

    // The add form.
    let name = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Consultant);
    let store = RwSignal::new(None::<i64>);
    let form = FormState::new();
    let roles: &'static [Role] = permissions::assignable_roles(ctx.role);

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
            form.reject(Problem::store_missing());
            return;
        }
        form.send(async move { api.create_user(&body).await }, move |user| {
            let listed = filter.get_untracked();
            if listed.is_none() || listed == user.store_id {
                users.update(|u| {
                    if let Some(Ok(list)) = u {
                        list.push(user);
                    }
                });
            }
            name.set(String::new());
            login.set(String::new());
            password.set(String::new());
        });
    };

    let toggle = move |user: User| {
        let patch = UserPatch {
            active: Some(!user.active),
            ..UserPatch::default()
        };
        replace_row(users, list_error, async move {
            api.patch_user(user.id, &patch).await
        });
    };

    let row = move |user: User| {
        // Nobody switches themselves off; a manager manages only their staff.
        let may_toggle = user.id != ctx.me && permissions::may_assign(ctx.role, user.role);
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
                {ctx.admin.then(|| view! {
                    <StoreSelect ctx=ctx hook="user-store-filter" class="inline-field" chosen=filter all=Key::AllStores />
                })}
            </div>
            <ToggleError hook="user-toggle-error" error=list_error />
            {move || rows_view(i18n, Remote::of(users.get()), "user-list", "user-list-error", Key::NoUsers, move |_| users.refetch(), row)}
            <AddForm hook="user-form" form=form on_submit=submit action="add-user" label=Key::AddUser error_hook="user-form-error">
                <TextField hook="new-user-name" label=Key::PersonName value=name invalid=form.invalid("name") />
                <TextField hook="new-user-login" label=Key::Login value=login invalid=form.invalid("login") />
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
                                <StoreSelect ctx=ctx hook="new-user-store" class="field" chosen=store invalid=form.invalid("store_id") />
                            }
                        })
                }}
            </AddForm>
        </section>
    }
}
