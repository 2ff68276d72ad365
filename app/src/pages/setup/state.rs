//! Data being fetched, why an add-form was not accepted, and the state of one add-form.

use keyuan_shared::validate::FieldError;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{I18n, Key};

/// Data that is being fetched.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Remote<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

impl<T> Remote<T> {
    pub(super) fn from_result(result: Result<T, ApiError>) -> Self {
        match result {
            Ok(v) => Remote::Ready(v),
            Err(e) => Remote::Failed(e),
        }
    }

    /// A `LocalResource`'s value: `None` while the first answer is on its way.
    pub(super) fn of(value: Option<Result<T, ApiError>>) -> Self {
        value.map_or(Remote::Loading, Remote::from_result)
    }
}

/// Why a form was not accepted.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Problem {
    /// A pre-check failed before sending.
    Hint { field: String, key: Key },
    /// The server refused.
    Api(ApiError),
}

impl Problem {
    pub(super) fn check(error: FieldError) -> Self {
        let key = match error.field.as_str() {
            "login" => Key::HintLogin,
            "password" => Key::HintPassword,
            "time_zone" => Key::HintTimeZone,
            "store_id" => Key::HintStore,
            _ => Key::HintName,
        };
        Problem::Hint {
            field: error.field,
            key,
        }
    }

    /// No store chosen for something that belongs to one.
    pub(super) fn store_missing() -> Self {
        Problem::Hint {
            field: "store_id".to_owned(),
            key: Key::HintStore,
        }
    }

    pub(super) fn field(&self) -> Option<&str> {
        match self {
            Problem::Hint { field, .. } => Some(field),
            Problem::Api(e) => e.field(),
        }
    }

    pub(super) fn text(&self, i18n: I18n) -> String {
        match self {
            Problem::Hint { key, .. } => i18n.tr(*key).to_owned(),
            Problem::Api(e) => e.message(i18n.locale.get()),
        }
    }
}

/// The state of one add-form.
#[derive(Debug, Clone, Copy)]
pub(super) struct FormState {
    pub(super) busy: RwSignal<bool>,
    pub(super) problem: RwSignal<Option<Problem>>,
    pub(super) added: RwSignal<bool>,
}

impl FormState {
    pub(super) fn new() -> Self {
        FormState {
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            added: RwSignal::new(false),
        }
    }

    pub(super) fn reject(self, problem: Problem) {
        self.added.set(false);
        self.problem.set(Some(problem));
    }

    fn start(self) {
        self.busy.set(true);
        self.added.set(false);
        self.problem.set(None);
    }

    /// Sends the add `request`; what it added goes to `added` (to show it and clear the
    /// inputs), a refusal to the form's problem.
    pub(super) fn send<T: 'static>(
        self,
        request: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
        added: impl FnOnce(T) + 'static,
    ) {
        self.start();
        leptos::task::spawn_local(async move {
            let result = request.await.map(added);
            self.finish(result);
        });
    }

    fn finish(self, result: Result<(), ApiError>) {
        self.busy.set(false);
        match result {
            Ok(()) => self.added.set(true),
            // The sign-in screen takes over.
            Err(ApiError::SignedOut) => {}
            Err(e) => self.problem.set(Some(Problem::Api(e))),
        }
    }

    /// Whether `field` is the one at fault.
    pub(super) fn invalid(self, field: &'static str) -> Signal<bool> {
        Signal::derive(move || {
            self.problem
                .with(|p| p.as_ref().and_then(Problem::field) == Some(field))
        })
    }

    pub(super) fn message(self, i18n: I18n) -> Signal<Option<String>> {
        Signal::derive(move || self.problem.with(|p| p.as_ref().map(|p| p.text(i18n))))
    }
}

/// A row of a set-up list, found again by its id.
pub(super) trait Row: 'static {
    fn id(&self) -> i64;
}

impl Row for keyuan_shared::api::User {
    fn id(&self) -> i64 {
        self.id
    }
}

impl Row for keyuan_shared::api::VehicleModel {
    fn id(&self) -> i64 {
        self.id
    }
}

/// Sends a change of one row (switching it on or off) and puts the answer in the row's
/// place in `list`; a refusal goes to `error`, and the rows are drawn again so that the
/// button is usable again.
pub(super) fn replace_row<T: Row>(
    list: LocalResource<Result<Vec<T>, ApiError>>,
    error: RwSignal<Option<ApiError>>,
    request: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
) {
    error.set(None);
    leptos::task::spawn_local(async move {
        match request.await {
            Ok(updated) => list.update(|l| {
                if let Some(Ok(rows)) = l {
                    if let Some(row) = rows.iter_mut().find(|r| r.id() == updated.id()) {
                        *row = updated;
                    }
                }
            }),
            Err(ApiError::SignedOut) => {}
            Err(e) => {
                error.set(Some(e));
                list.update(|_| {});
            }
        }
    });
}
