//! 看板 Dashboard: the manager's live showroom figures. A later release builds it; until then it says what it will do.

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::components::screen_page::ScreenPage;
use crate::i18n::Key;
use crate::screens::Screen;

#[component]
pub fn DashboardPage(role: Role) -> impl IntoView {
    view! {
        <ScreenPage screen=Screen::Dashboard role=role>
            <ComingSoon about=Key::AboutDashboard />
        </ScreenPage>
    }
}
