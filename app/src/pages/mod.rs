//! One module per screen.

pub mod activity;
pub mod campaigns;
pub mod checkin;
pub mod compare;
pub mod customer;
pub mod dashboard;
pub mod honesty;
pub mod login;
pub mod lost;
pub mod loyalty;
pub mod my_day;
pub mod not_found;
pub mod planner;
pub mod prospect;
pub mod prospects;
pub mod setup;
pub mod weekly;

use keyuan_shared::Role;
use leptos::prelude::*;

use crate::screens::Screen;

/// The view of a signed-in screen for a role that may use it.
pub fn screen_view(screen: Screen, role: Role) -> AnyView {
    match screen {
        Screen::Dashboard => view! { <dashboard::DashboardPage role=role /> }.into_any(),
        Screen::Lost => view! { <lost::LostPage role=role /> }.into_any(),
        Screen::Planner => view! { <planner::PlannerPage role=role /> }.into_any(),
        Screen::Weekly => view! { <weekly::WeeklyPage role=role /> }.into_any(),
        Screen::Campaigns => view! { <campaigns::CampaignsPage role=role /> }.into_any(),
        Screen::Activity => view! { <activity::ActivityPage role=role /> }.into_any(),
        Screen::Honesty => view! { <honesty::HonestyPage role=role /> }.into_any(),
        Screen::Checkin => view! { <checkin::CheckinPage role=role /> }.into_any(),
        Screen::Prospects => view! { <prospects::ProspectsPage role=role /> }.into_any(),
        Screen::MyDay => view! { <my_day::MyDayPage role=role /> }.into_any(),
        Screen::Loyalty => view! { <loyalty::LoyaltyPage role=role /> }.into_any(),
        Screen::Setup => view! { <setup::SetupPage role=role /> }.into_any(),
        Screen::Compare => view! { <compare::ComparePage role=role /> }.into_any(),
    }
}
