//! Several requests for the same screen part may overlap (a typed search, a live refresh):
//! only the answer to the newest one may be shown, whatever order the answers come in.

use leptos::prelude::*;

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
}
