//! A form's save while it is on its way: one tap sends one request, the button shows it is
//! busy, and a refusal comes back as a sentence in the user's language.

use std::future::Future;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::i18n::I18n;

/// `busy` while a request runs (bind the button's `disabled` to it); `error` holds the
/// last refusal, or a check the form made itself ([`Submit::refuse`]).
#[derive(Clone, Copy)]
pub struct Submit {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    i18n: I18n,
}

impl Submit {
    pub fn new(i18n: I18n) -> Self {
        Submit {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            i18n,
        }
    }

    /// Whether a request is on its way (a second tap should do nothing).
    pub fn is_busy(self) -> bool {
        self.busy.get_untracked()
    }

    /// A form's `on:submit`: keeps the page where it is and runs `save` unless a request
    /// is already on its way.
    pub fn on_submit(
        self,
        save: impl Fn() + Copy + 'static,
    ) -> impl Fn(SubmitEvent) + Copy + 'static {
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if !self.is_busy() {
                save();
            }
        }
    }

    /// Shows a problem the form found before sending anything.
    pub fn refuse(self, message: impl Into<String>) {
        self.error.set(Some(message.into()));
    }

    /// Sends `request` and hands its answer to `done`. A signed-out answer shows nothing:
    /// the app is already on its way to the sign-in screen. `done` may remove the form,
    /// so the form's own signals are only touched while they still exist.
    pub fn send<T: 'static>(
        self,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let result = request.await;
            self.busy.try_set(false);
            match result {
                Ok(answer) => done(answer),
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    self.error
                        .try_set(Some(e.message(self.i18n.locale.get_untracked())));
                }
            }
        });
    }
}
