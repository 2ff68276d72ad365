//! The check-in screen's shared state: today's log, the rotation, the active models and
//! the check-ins still on the tablet, with the outbox flush that sends them.

use keyuan_shared::api::{Campaign, Rotation, VehicleModel, VisitLog};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, ApiError};
use crate::latest::Latest;
use crate::outbox::{self, Outcome, Pending};

/// The screen's shared state; every field is a cheap handle.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    pub(super) api: Api,
    pub(super) log: RwSignal<Option<VisitLog>>,
    pub(super) log_error: RwSignal<Option<ApiError>>,
    pub(super) rotation: RwSignal<Option<Rotation>>,
    pub(super) models: RwSignal<Vec<VehicleModel>>,
    /// The store's campaigns, for a visitor who came for one.
    pub(super) campaigns: RwSignal<Vec<Campaign>>,
    /// Check-ins not yet on the server, oldest first (mirrors `localStorage`).
    pub(super) pending: RwSignal<Vec<Pending>>,
    /// The key of the check-in being sent right now.
    pub(super) in_flight: RwSignal<Option<String>>,
    /// Whether the last attempt to reach the server got no answer.
    pub(super) offline: RwSignal<bool>,
    log_generation: Latest,
    rotation_generation: Latest,
}

impl Ctx {
    pub(super) fn new(api: Api) -> Self {
        Ctx {
            api,
            log: RwSignal::new(None),
            log_error: RwSignal::new(None),
            rotation: RwSignal::new(None),
            models: RwSignal::new(Vec::new()),
            campaigns: RwSignal::new(Vec::new()),
            pending: RwSignal::new(outbox::load()),
            in_flight: RwSignal::new(None),
            offline: RwSignal::new(false),
            log_generation: Latest::new(),
            rotation_generation: Latest::new(),
        }
    }

    pub(super) fn refresh_log(self) {
        self.log_generation
            .run(self.api.visits(None), move |result| match result {
                Ok(log) => {
                    self.log.set(Some(log));
                    self.log_error.set(None);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => self.log_error.set(Some(e)),
            });
    }

    fn refresh_rotation(self) {
        self.rotation_generation
            .run(self.api.rotation(), move |result| {
                if let Ok(rotation) = result {
                    self.rotation.set(Some(rotation));
                }
            });
    }

    pub(super) fn refresh(self) {
        self.refresh_log();
        self.refresh_rotation();
    }

    pub(super) fn load_models(self) {
        spawn_local(async move {
            if let Ok(models) = self.api.vehicle_models(None).await {
                self.models
                    .set(models.into_iter().filter(|m| m.active).collect());
            }
        });
    }

    pub(super) fn load_campaigns(self) {
        spawn_local(async move {
            if let Ok(campaigns) = self.api.campaigns().await {
                self.campaigns.set(campaigns);
            }
        });
    }

    /// Changes the waiting list and writes it to `localStorage` at once.
    pub(super) fn change_pending(self, f: impl FnOnce(&mut Vec<Pending>)) {
        self.pending.update(|list| {
            f(list);
            outbox::store(list);
        });
    }

    /// Keeps a check-in on the tablet, then sends it.
    pub(super) fn enqueue(self, item: Pending) {
        self.change_pending(|list| list.push(item));
        self.flush();
    }

    /// Sends the oldest waiting check-in, then the next, until one fails.
    pub(super) fn flush(self) {
        if self
            .in_flight
            .try_with_untracked(|k| k.is_some())
            .unwrap_or(true)
        {
            return;
        }
        let Some(item) = self
            .pending
            .try_with_untracked(|list| list.iter().find(|p| p.problem.is_none()).cloned())
        else {
            return;
        };
        let Some(item) = item else { return };
        self.in_flight.set(Some(item.key.clone()));
        spawn_local(async move {
            let result = self.api.create_visit(&item.visit, &item.key).await;
            self.in_flight.set(None);
            match outbox::outcome(&result) {
                Outcome::Sent => {
                    self.offline.set(false);
                    self.change_pending(|list| list.retain(|p| p.key != item.key));
                    self.refresh();
                    self.flush();
                }
                Outcome::Retry => {
                    self.offline.set(matches!(result, Err(ApiError::Network)));
                }
                Outcome::Refused(refusal) => {
                    self.offline.set(false);
                    self.change_pending(|list| {
                        if let Some(p) = list.iter_mut().find(|p| p.key == item.key) {
                            p.problem = Some(refusal);
                        }
                    });
                    self.flush();
                }
            }
        });
    }

    /// The next consultant in the rotation.
    pub(super) fn next_up(self) -> Option<i64> {
        self.rotation
            .with(|r| r.as_ref().and_then(|r| r.next_consultant_id))
    }
}
