//! 回访 Loyalty contacts: the after-delivery contact schedule. A later release builds it; until then it says what it will do.

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::app::Screen;
use crate::components::coming_soon::ComingSoon;
use crate::components::screen_page::ScreenPage;
use crate::i18n::Key;

#[component]
pub fn LoyaltyPage(role: Role) -> impl IntoView {
    view! {
        <ScreenPage screen=Screen::Loyalty role=role>
            <ComingSoon about=Key::AboutLoyalty />
        </ScreenPage>
    }
}
