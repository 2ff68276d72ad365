//! The check-in form's inputs, and how they become a check-in (and back).

use keyuan_shared::api::NewVisit;
use keyuan_shared::phone;
use keyuan_shared::Locale;
use keyuan_shared::{Source, VisitKind};
use leptos::prelude::*;

use super::format::parse_time;
use crate::components::visit_fields::FieldProblem;
use crate::outbox::Refusal;

/// The form's inputs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Form {
    pub(super) kind: RwSignal<VisitKind>,
    pub(super) party: RwSignal<i32>,
    pub(super) phone: RwSignal<String>,
    pub(super) name: RwSignal<String>,
    pub(super) source: RwSignal<Source>,
    /// Whether the receptionist picked the source (so switching kind keeps it).
    pub(super) source_picked: RwSignal<bool>,
    pub(super) model: RwSignal<Option<i64>>,
    /// The customer who referred this visitor (source `referral` only).
    pub(super) referrer: RwSignal<Option<i64>>,
    /// The campaign that brought the visitor (source `event` only).
    pub(super) campaign: RwSignal<Option<i64>>,
    /// A consultant the receptionist chose; `None` leaves it to the server (rotation,
    /// or a known customer's owner).
    pub(super) consultant: RwSignal<Option<i64>>,
    pub(super) test_drive: RwSignal<bool>,
    pub(super) note: RwSignal<String>,
    pub(super) problem: RwSignal<Option<FieldProblem>>,
    /// A refused check-in taken back for editing: its arrival time is kept.
    pub(super) editing: RwSignal<Option<NewVisit>>,
}

impl Form {
    pub(super) fn new() -> Self {
        Form {
            kind: RwSignal::new(VisitKind::WalkIn),
            party: RwSignal::new(1),
            phone: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            source: RwSignal::new(Source::WalkIn),
            source_picked: RwSignal::new(false),
            model: RwSignal::new(None),
            referrer: RwSignal::new(None),
            campaign: RwSignal::new(None),
            consultant: RwSignal::new(None),
            test_drive: RwSignal::new(false),
            note: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            editing: RwSignal::new(None),
        }
    }

    pub(super) fn reset(self) {
        self.kind.set(VisitKind::WalkIn);
        self.party.set(1);
        self.phone.set(String::new());
        self.name.set(String::new());
        self.source.set(Source::WalkIn);
        self.source_picked.set(false);
        self.model.set(None);
        self.referrer.set(None);
        self.campaign.set(None);
        self.consultant.set(None);
        self.test_drive.set(false);
        self.note.set(String::new());
        self.problem.set(None);
        self.editing.set(None);
    }

    pub(super) fn set_kind(self, kind: VisitKind) {
        self.kind.set(kind);
        if !self.source_picked.get_untracked() {
            self.source.set(match kind {
                VisitKind::WalkIn => Source::WalkIn,
                VisitKind::PhoneIn => Source::Phone,
            });
        }
        if kind == VisitKind::PhoneIn {
            self.test_drive.set(false);
        }
    }

    /// The check-in as typed, arriving at `arrived_at` (RFC 3339).
    pub(super) fn to_visit(self, arrived_at: &str) -> NewVisit {
        let text = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let kind = self.kind.get_untracked();
        let source = self.source.get_untracked();
        let phone = text(self.phone).map(|p| phone::normalize(&p).unwrap_or(p));
        NewVisit {
            kind,
            party_size: self.party.get_untracked(),
            source,
            arrived_at: parse_time(arrived_at),
            left_at: None,
            phone,
            name: text(self.name),
            vehicle_model_id: self.model.get_untracked(),
            consultant_id: self.consultant.get_untracked(),
            test_drive: Some(kind == VisitKind::WalkIn && self.test_drive.get_untracked()),
            note: text(self.note),
            referred_by: self
                .referrer
                .get_untracked()
                .filter(|_| source == Source::Referral),
            campaign_id: self
                .campaign
                .get_untracked()
                .filter(|_| source == Source::Event),
        }
    }

    /// Puts a refused check-in back into the form.
    pub(super) fn restore(self, visit: NewVisit, problem: Option<Refusal>, locale: Locale) {
        self.kind.set(visit.kind);
        self.party.set(visit.party_size);
        self.phone.set(
            visit
                .phone
                .as_deref()
                .map(|p| phone::normalize(p).map_or_else(|_| p.to_owned(), |n| phone::display(&n)))
                .unwrap_or_default(),
        );
        self.name.set(visit.name.clone().unwrap_or_default());
        self.source.set(visit.source);
        self.source_picked.set(true);
        self.model.set(visit.vehicle_model_id);
        self.referrer.set(visit.referred_by);
        self.campaign.set(visit.campaign_id);
        self.consultant.set(visit.consultant_id);
        self.test_drive.set(visit.test_drive.unwrap_or(false));
        self.note.set(visit.note.clone().unwrap_or_default());
        self.problem.set(problem.map(|r| FieldProblem {
            message: Some(r.text(locale)),
            field: r.field.unwrap_or_default(),
        }));
        self.editing.set(Some(visit));
    }
}
