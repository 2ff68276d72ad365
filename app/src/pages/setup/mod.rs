//! 设置 Set-up: stores (admin), users and vehicle models.
//!
//! The parts: [`stores`], [`users`] and [`models`] (one section each), [`state`] (fetched
//! data and the add-forms' state) and [`widgets`] (the pieces the sections share).

use keyuan_shared::api::Store;
use keyuan_shared::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::use_api;
use crate::components::screen_page::ScreenPage;
use crate::i18n::{use_i18n, Key};
use crate::screens::Screen;
use crate::session::use_session;

mod models;
mod state;
mod stores;
mod users;
mod widgets;

use models::ModelsSection;
use state::Remote;
use stores::StoresSection;
use users::UsersSection;

/// What every section of the screen shares.
#[derive(Debug, Clone, Copy)]
struct SetupCtx {
    /// The signed-in role: what it may add and change comes from `shared::permissions`.
    role: Role,
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
        role,
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
