//! 我的一天 My day: a consultant's work list for today. A later release builds it; until then it says what it will do.

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::app::Screen;
use crate::components::coming_soon::ComingSoon;
use crate::components::screen_page::ScreenPage;
use crate::i18n::Key;

#[component]
pub fn MyDayPage(role: Role) -> impl IntoView {
    view! {
        <ScreenPage screen=Screen::MyDay role=role>
            <ComingSoon about=Key::AboutMyDay />
        </ScreenPage>
    }
}
