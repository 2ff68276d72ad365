//! The screens of the signed-in app, and which of them each role may use.

use keyuan_shared::permissions::{self, Action};
use keyuan_shared::Role;

use crate::i18n::Key;

/// A screen of the signed-in app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Dashboard,
    /// 战败客户分析表: why deals are lost.
    Lost,
    /// 月度客源开发目标: next month's prospect target.
    Planner,
    /// 客源管理行动计划表: the month's targets by week, with actuals.
    Weekly,
    /// 展示/活动效果: the store's campaigns and what each brought in.
    Campaigns,
    /// 诚信报告: the reception's log against the cards, bursts, pushed dates.
    Honesty,
    /// 销售活动日报表: the consultants' 5-20-30 by day or week.
    Activity,
    Checkin,
    Prospects,
    MyDay,
    Loyalty,
    Setup,
    /// The head office's stores side by side.
    Compare,
}

impl Screen {
    pub const fn path(self) -> &'static str {
        match self {
            Screen::Dashboard => "/dashboard",
            Screen::Lost => "/lost",
            Screen::Planner => "/planner",
            Screen::Weekly => "/weekly",
            Screen::Campaigns => "/campaigns",
            Screen::Honesty => "/honesty",
            Screen::Activity => "/activity",
            Screen::Checkin => "/checkin",
            Screen::Prospects => "/prospects",
            Screen::MyDay => "/my-day",
            Screen::Loyalty => "/loyalty",
            Screen::Setup => "/setup",
            Screen::Compare => "/compare",
        }
    }

    /// A stable name for test hooks and CSS (`data-screen`, `nav-<slug>`).
    pub const fn slug(self) -> &'static str {
        match self {
            Screen::Dashboard => "dashboard",
            Screen::Lost => "lost",
            Screen::Planner => "planner",
            Screen::Weekly => "weekly",
            Screen::Campaigns => "campaigns",
            Screen::Honesty => "honesty",
            Screen::Activity => "activity",
            Screen::Checkin => "checkin",
            Screen::Prospects => "prospects",
            Screen::MyDay => "my-day",
            Screen::Loyalty => "loyalty",
            Screen::Setup => "setup",
            Screen::Compare => "compare",
        }
    }

    pub const fn title(self) -> Key {
        match self {
            Screen::Dashboard => Key::ScreenDashboard,
            Screen::Lost => Key::ScreenLost,
            Screen::Planner => Key::ScreenPlanner,
            Screen::Weekly => Key::ScreenWeekly,
            Screen::Campaigns => Key::ScreenCampaigns,
            Screen::Honesty => Key::ScreenHonesty,
            Screen::Activity => Key::ScreenActivity,
            Screen::Checkin => Key::ScreenCheckin,
            Screen::Prospects => Key::ScreenProspects,
            Screen::MyDay => Key::ScreenMyDay,
            Screen::Loyalty => Key::ScreenLoyalty,
            Screen::Setup => Key::ScreenSetup,
            Screen::Compare => Key::ScreenCompare,
        }
    }
}

impl Screen {
    /// Navigation order: a role's menu is this list, less what it may not do.
    pub const ALL: &'static [Screen] = &[
        Screen::Dashboard,
        Screen::Lost,
        Screen::Planner,
        Screen::Weekly,
        Screen::Campaigns,
        Screen::Activity,
        Screen::Honesty,
        Screen::MyDay,
        Screen::Checkin,
        Screen::Prospects,
        Screen::Loyalty,
        Screen::Setup,
        Screen::Compare,
    ];

    /// What a role must be allowed (`shared::permissions`) to use this screen; the
    /// server refuses the screen's requests to everybody else.
    pub const fn needs(self) -> Action {
        match self {
            Screen::Dashboard => Action::ViewStoreFigures,
            Screen::Lost => Action::ViewStoreFigures,
            Screen::Planner => Action::ViewStoreFigures,
            Screen::Weekly => Action::ViewStoreFigures,
            Screen::Campaigns => Action::ManageCampaigns,
            Screen::Honesty => Action::ViewStoreFigures,
            Screen::Activity => Action::ViewStoreFigures,
            Screen::MyDay => Action::WorkOwnDay,
            Screen::Checkin => Action::WorkShowroomLog,
            Screen::Prospects => Action::ManageProspects,
            Screen::Loyalty => Action::WorkLoyaltyContacts,
            Screen::Setup => Action::ManageUsers,
            Screen::Compare => Action::CompareStores,
        }
    }
}

/// The screens a role may use, in navigation order; the first is the role's home.
pub fn screens_for(role: Role) -> Vec<Screen> {
    Screen::ALL
        .iter()
        .copied()
        .filter(|s| permissions::may(role, s.needs()))
        .collect()
}

pub fn home_of(role: Role) -> Screen {
    screens_for(role)[0]
}

pub fn may_use(role: Role, screen: Screen) -> bool {
    permissions::may(role, screen.needs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_and_navigation_follow_the_roles() {
        assert_eq!(home_of(Role::Admin), Screen::Setup);
        assert_eq!(home_of(Role::Manager), Screen::Dashboard);
        assert_eq!(home_of(Role::Receptionist), Screen::Checkin);
        assert_eq!(home_of(Role::Consultant), Screen::MyDay);
        assert!(may_use(Role::Manager, Screen::Setup));
        assert!(!may_use(Role::Consultant, Screen::Setup));
        assert!(may_use(Role::Consultant, Screen::Loyalty));
        assert!(may_use(Role::Manager, Screen::Loyalty));
        assert!(!may_use(Role::Receptionist, Screen::Loyalty));
        assert!(!may_use(Role::Receptionist, Screen::Prospects));
        assert!(!may_use(Role::Admin, Screen::Dashboard));
        assert_eq!(screens_for(Role::Admin), [Screen::Setup, Screen::Compare]);
        assert!(!may_use(Role::Manager, Screen::Compare));
        assert_eq!(
            screens_for(Role::Manager),
            [
                Screen::Dashboard,
                Screen::Lost,
                Screen::Planner,
                Screen::Weekly,
                Screen::Campaigns,
                Screen::Activity,
                Screen::Honesty,
                Screen::Checkin,
                Screen::Prospects,
                Screen::Loyalty,
                Screen::Setup
            ]
        );
        assert_eq!(
            screens_for(Role::Consultant),
            [Screen::MyDay, Screen::Loyalty]
        );
        // every role has a home
        for role in Role::ALL {
            assert!(!screens_for(*role).is_empty(), "{role}");
        }
    }
}
