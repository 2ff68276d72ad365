//! Keyuan (客源) web front-end: a Leptos client-side-rendered single-page app, served by
//! the API server on the same origin.

mod api;
mod app;
mod components;
mod i18n;
mod latest;
mod live;
mod outbox;
mod pages;
mod screens;
mod session;
mod submit;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
