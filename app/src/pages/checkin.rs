//! 前台登记 Check-in: the receptionist's visitor log. A later release builds it; until then it says what it will do.

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::app::Screen;
use crate::components::coming_soon::ComingSoon;
use crate::components::screen_page::ScreenPage;
use crate::i18n::Key;

#[component]
pub fn CheckinPage(role: Role) -> impl IntoView {
    view! {
        <ScreenPage screen=Screen::Checkin role=role>
            <ComingSoon about=Key::AboutCheckin />
        </ScreenPage>
    }
}
