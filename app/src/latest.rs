//! Several requests for the same screen part may overlap (a typed search, a live refresh):
//! only the answer to the newest one may be shown, whatever order the answers come in.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, ApiResult};
use crate::i18n::I18n;

/// Hands out request tickets and tells whether a ticket is still the newest.
#[derive(Debug, Clone, Copy)]
pub struct Latest(StoredValue<u32>);

impl Latest {
    pub fn new() -> Self {
        Latest(StoredValue::new(0))
    }

    /// A ticket for a new request, which makes every earlier one stale; `None` once the
    /// view that owned it is gone.
    pub fn next(self) -> Option<u32> {
        let ticket = self.0.try_get_value()? + 1;
        self.0.set_value(ticket);
        Some(ticket)
    }

    /// Whether `ticket` is still the newest request (and its view still there).
    pub fn is(self, ticket: u32) -> bool {
        self.0.try_get_value() == Some(ticket)
    }

    /// Starts `request` as the newest request and hands its answer to `apply`, unless a
    /// newer one was started meanwhile (or the view is gone).
    pub fn run<T: 'static>(
        self,
        request: impl Future<Output = T> + 'static,
        apply: impl FnOnce(T) + 'static,
    ) {
        let Some(ticket) = self.next() else {
            return;
        };
        spawn_local(async move {
            let answer = request.await;
            if self.is(ticket) {
                apply(answer);
            }
        });
    }

    /// [`Latest::run`] for a screen's record: the answer goes to `data` and clears
    /// `error`, a failure's sentence goes to `error` (being signed out needs none: the
    /// app is on its way to the login screen).
    pub fn load<T: Send + Sync + 'static>(
        self,
        request: impl Future<Output = ApiResult<T>> + 'static,
        data: RwSignal<Option<T>>,
        error: RwSignal<Option<String>>,
        i18n: I18n,
    ) {
        self.run(request, move |result| match result {
            Ok(value) => {
                data.set(Some(value));
                error.set(None);
            }
            Err(ApiError::SignedOut) => {}
            Err(e) => error.set(Some(e.message(i18n.locale.get_untracked()))),
        });
    }
}
