//! The store's live events (`/api/v1/events`, server-sent): a screen that shows store data
//! refetches when something changes, for as long as it is on screen.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::Api;

/// The open event stream of a screen; closing it stops reconnecting.
#[derive(Clone)]
struct Live {
    source: Rc<RefCell<Option<web_sys::EventSource>>>,
    closed: Rc<Cell<bool>>,
}

/// Calls `refresh` on every live event of the store (a check-in, a grade change, an order,
/// a lost-deal request or decision…) and after a reconnect, until the calling component
/// goes away.
pub fn live_refresh(api: Api, refresh: impl Fn() + Copy + 'static) {
    on_live_events(api, refresh, refresh);
}

/// Calls `on_event` on every live event of the store and `on_open` each time the stream
/// opens (a reconnect may have missed events), until the calling component goes away.
pub fn on_live_events(
    api: Api,
    on_event: impl Fn() + Copy + 'static,
    on_open: impl Fn() + Copy + 'static,
) {
    let live = Live {
        source: Default::default(),
        closed: Default::default(),
    };
    connect(api, live.clone(), on_event, on_open);
    let handle = SendWrapper::new(live);
    on_cleanup(move || {
        let live = handle.take();
        live.closed.set(true);
        let source = live.source.borrow_mut().take();
        if let Some(source) = source {
            source.close();
        }
    });
}

fn connect(
    api: Api,
    live: Live,
    on_event: impl Fn() + Copy + 'static,
    on_open: impl Fn() + Copy + 'static,
) {
    if live.closed.get() {
        return;
    }
    let Some(url) = api.events_url() else {
        return;
    };
    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_ev: web_sys::MessageEvent| {
            on_event()
        });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // The browser reconnects by itself after a dropped connection; a stream the server
    // ended for good is opened again after a pause.
    let again = live.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_ev: web_sys::Event| {
        let closed = again
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
        if closed && !again.closed.get() {
            again.source.borrow_mut().take();
            let retry = again.clone();
            set_timeout(
                move || connect(api, retry, on_event, on_open),
                Duration::from_secs(5),
            );
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let opened = Closure::<dyn FnMut(web_sys::Event)>::new(move |_ev: web_sys::Event| on_open());
    source.set_onopen(Some(opened.as_ref().unchecked_ref()));
    opened.forget();
    *live.source.borrow_mut() = Some(source);
}
