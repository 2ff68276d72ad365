//! Who may do what: the one table of the roles' rights. The server checks every request
//! against it (403 otherwise) and the app builds its menus from it, so a screen is offered
//! exactly to the roles whose requests the server will accept.
//!
//! Rights say *whether* a role may act; *whose rows* it reaches is [`prospect_reach`]
//! (a consultant their own cards, a manager the whole store) and, for everything else,
//! the caller's store (an admin: all stores).

use crate::domain::Role;

/// Something a role may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create and change stores and their settings (admin only).
    ManageStores,
    /// Add and change user accounts (an admin anyone; a manager see [`assignable_roles`]).
    ManageUsers,
    /// Add and rename vehicle models.
    ManageVehicleModels,
    /// The showroom log: check in, departures, rotation and duty, the customer look-up.
    WorkShowroomLog,
    /// Change a visit of an earlier store-local day (the receptionist only today's).
    EditPastVisits,
    /// Prospect cards: follow-ups, orders, lost-deal requests, the customer timeline.
    WorkProspects,
    /// The consultant's own day: My day and its 5-20-30.
    WorkOwnDay,
    /// The whole store's cards: the store list, reassignment, lost-deal decisions.
    ManageProspects,
    /// Loyalty contacts after delivery.
    WorkLoyaltyContacts,
    /// Search the store's customers by name or number (e.g. to name a referrer).
    SearchCustomers,
    /// The store's figures: dashboard, reports.
    ViewStoreFigures,
    /// Record the store's campaigns (展示/活动): name, dates, cost.
    ManageCampaigns,
    /// Every store's figures side by side (a dealer group's head office), and any one
    /// store's figures.
    CompareStores,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ManageStores,
        Action::ManageUsers,
        Action::ManageVehicleModels,
        Action::WorkShowroomLog,
        Action::EditPastVisits,
        Action::WorkProspects,
        Action::WorkOwnDay,
        Action::ManageProspects,
        Action::WorkLoyaltyContacts,
        Action::SearchCustomers,
        Action::ViewStoreFigures,
        Action::ManageCampaigns,
        Action::CompareStores,
    ];

    /// The roles allowed to do this.
    pub const fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::ManageStores => &[Admin],
            Action::ManageUsers | Action::ManageVehicleModels => &[Admin, Manager],
            Action::WorkShowroomLog => &[Receptionist, Manager],
            Action::EditPastVisits => &[Manager],
            Action::WorkProspects => &[Consultant, Manager],
            Action::WorkOwnDay => &[Consultant],
            Action::ManageProspects => &[Manager],
            Action::WorkLoyaltyContacts => &[Consultant, Manager],
            Action::SearchCustomers => &[Manager, Consultant, Receptionist],
            Action::ViewStoreFigures | Action::ManageCampaigns => &[Manager],
            Action::CompareStores => &[Admin],
        }
    }
}

/// Whether `role` may do `action`.
pub fn may(role: Role, action: Action) -> bool {
    action.roles().contains(&role)
}

/// Whose prospect cards a role works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every card of the store.
    Store,
    /// The cards the caller owns.
    Own,
}

/// The cards a role reaches; `None` for roles that work no cards (admin, receptionist).
pub fn prospect_reach(role: Role) -> Option<Reach> {
    match role {
        Role::Manager => Some(Reach::Store),
        Role::Consultant => Some(Reach::Own),
        Role::Admin | Role::Receptionist => None,
    }
}

/// The roles an account manager may give (and the accounts they may change): an admin
/// any, a manager the staff of their showroom floor, nobody else none.
pub const fn assignable_roles(by: Role) -> &'static [Role] {
    match by {
        Role::Admin => Role::ALL,
        Role::Manager => &[Role::Consultant, Role::Receptionist],
        Role::Receptionist | Role::Consultant => &[],
    }
}

/// Whether `by` may create or change an account of `role`.
pub fn may_assign(by: Role, role: Role) -> bool {
    assignable_roles(by).contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_table() {
        assert!(may(Role::Admin, Action::ManageStores));
        assert!(!may(Role::Manager, Action::ManageStores));
        assert!(may(Role::Manager, Action::ManageUsers));
        assert!(!may(Role::Consultant, Action::ManageUsers));
        assert!(may(Role::Receptionist, Action::WorkShowroomLog));
        assert!(!may(Role::Consultant, Action::WorkShowroomLog));
        assert!(!may(Role::Receptionist, Action::EditPastVisits));
        assert!(may(Role::Consultant, Action::WorkProspects));
        assert!(!may(Role::Receptionist, Action::WorkProspects));
        assert!(!may(Role::Admin, Action::WorkProspects));
        assert!(may(Role::Receptionist, Action::SearchCustomers));
        assert!(!may(Role::Admin, Action::ViewStoreFigures));
        // every action belongs to somebody
        for action in Action::ALL {
            assert!(!action.roles().is_empty(), "{action:?}");
        }
    }

    #[test]
    fn reach_follows_the_rights() {
        for role in Role::ALL {
            assert_eq!(
                prospect_reach(*role).is_some(),
                may(*role, Action::WorkProspects),
                "{role:?}"
            );
        }
        assert_eq!(prospect_reach(Role::Manager), Some(Reach::Store));
        assert_eq!(prospect_reach(Role::Consultant), Some(Reach::Own));
    }

    #[test]
    fn managers_give_floor_roles_only() {
        assert!(may_assign(Role::Manager, Role::Consultant));
        assert!(may_assign(Role::Manager, Role::Receptionist));
        assert!(!may_assign(Role::Manager, Role::Manager));
        assert!(!may_assign(Role::Manager, Role::Admin));
        assert!(may_assign(Role::Admin, Role::Manager));
        assert!(!may_assign(Role::Consultant, Role::Consultant));
        for role in Role::ALL {
            assert_eq!(
                !assignable_roles(*role).is_empty(),
                may(*role, Action::ManageUsers)
            );
        }
    }
}
