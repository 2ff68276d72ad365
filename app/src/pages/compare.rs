//! 门店对比 Store comparison: a dealer group's head office sees every store's figures for
//! the same period, one row per store, sortable.

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::screen_page::ScreenPage;
use crate::i18n::{use_i18n, Key};
use crate::pages::dashboard::period::{PeriodPicker, RangeChoice};
use crate::pages::dashboard::table::{FiguresTable, STORE_COLUMNS};
use crate::screens::Screen;

#[component]
pub fn ComparePage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let choice = RangeChoice::new();
    let range = choice.range;
    let stores = LocalResource::new(move || {
        let range = range.get();
        async move { api.store_comparison(range).await }
    });
    let rows = Signal::derive(move || {
        stores
            .get()
            .and_then(Result::ok)
            .map(|c| c.stores)
            .unwrap_or_default()
    });
    let error = move || {
        stores
            .get()
            .and_then(Result::err)
            .map(|e| e.message(i18n.locale.get()))
    };
    view! {
        <ScreenPage screen=Screen::Compare role=role>
            <p class="lede">{i18n.text(Key::CompareIntro)}</p>
            <PeriodPicker choice=choice />
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <FiguresTable
                title=Key::ScreenCompare
                hint=None
                hook="stores"
                columns=STORE_COLUMNS
                rows=rows
                name_header=Key::ColStore
                no_name=Key::ColStore
                on_pick=None
                picked=Signal::derive(|| None)
            />
        </ScreenPage>
    }
}
