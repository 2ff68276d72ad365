//! The screens of the signed-in app, and which of them each role may use.

use keyuan_shared::Role;

use crate::i18n::Key;

/// A screen of the signed-in app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Dashboard,
    Checkin,
    Prospects,
    MyDay,
    Loyalty,
    Setup,
}

impl Screen {
    pub const fn path(self) -> &'static str {
        match self {
            Screen::Dashboard => "/dashboard",
            Screen::Checkin => "/checkin",
            Screen::Prospects => "/prospects",
            Screen::MyDay => "/my-day",
            Screen::Loyalty => "/loyalty",
            Screen::Setup => "/setup",
        }
    }

    /// A stable name for test hooks and CSS (`data-screen`, `nav-<slug>`).
    pub const fn slug(self) -> &'static str {
        match self {
            Screen::Dashboard => "dashboard",
            Screen::Checkin => "checkin",
            Screen::Prospects => "prospects",
            Screen::MyDay => "my-day",
            Screen::Loyalty => "loyalty",
            Screen::Setup => "setup",
        }
    }

    pub const fn title(self) -> Key {
        match self {
            Screen::Dashboard => Key::ScreenDashboard,
            Screen::Checkin => Key::ScreenCheckin,
            Screen::Prospects => Key::ScreenProspects,
            Screen::MyDay => Key::ScreenMyDay,
            Screen::Loyalty => Key::ScreenLoyalty,
            Screen::Setup => Key::ScreenSetup,
        }
    }
}

/// The screens a role may use, in navigation order; the first is the role's home.
pub const fn screens_for(role: Role) -> &'static [Screen] {
    match role {
        Role::Admin => &[Screen::Setup],
        Role::Manager => &[
            Screen::Dashboard,
            Screen::Checkin,
            Screen::Prospects,
            Screen::Loyalty,
            Screen::Setup,
        ],
        Role::Receptionist => &[Screen::Checkin],
        Role::Consultant => &[Screen::MyDay, Screen::Loyalty],
    }
}

pub const fn home_of(role: Role) -> Screen {
    screens_for(role)[0]
}

pub fn may_use(role: Role, screen: Screen) -> bool {
    screens_for(role).contains(&screen)
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
    }
}
