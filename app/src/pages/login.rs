//! The sign-in screen.

use keyuan_shared::api::{codes, ErrorDetail, LoginRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;

use crate::api::{reason_text, use_api, ApiError};
use crate::components::field::{Field, FormError};
use crate::components::lang_switch::LangSwitch;
use crate::i18n::{fill, use_i18n, Key};
use crate::screens::home_of;
use crate::session::use_session;

/// Why the last sign-in failed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    Text(Key),
    /// Locked after too many wrong passwords, for this many more minutes.
    Locked(u64),
    /// Another refusal of the server, said in the user's language from its reason.
    Server(ErrorDetail),
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let role = Memo::new(move |_| session.user().map(|u| u.role));
    move || match role.get() {
        Some(role) => view! { <Redirect path=home_of(role).path() /> }.into_any(),
        None => view! { <SignInForm /> }.into_any(),
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let i18n = use_i18n();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let request = LoginRequest {
            login: login.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        if request.login.is_empty() || request.password.is_empty() {
            failure.set(Some(Failure::Text(Key::MissingCredentials)));
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api.login(&request).await {
                Ok(answer) => {
                    password.set(String::new());
                    session.sign_in(answer.token, answer.user);
                }
                Err(e) => failure.set(Some(describe(&e))),
            }
            busy.set(false);
        });
    };

    let failure_text = move || {
        failure.get().map(|f| match f {
            Failure::Text(key) => i18n.tr(key).to_owned(),
            Failure::Locked(minutes) => fill(i18n.tr(Key::TooManyAttempts), "n", minutes),
            Failure::Server(detail) => reason_text(i18n.locale.get(), &detail),
        })
    };

    view! {
        <div class="login-page" data-test="login-page">
            <div class="login-top">
                <LangSwitch />
            </div>
            <form class="card login-card" on:submit=submit novalidate=true>
                <div class="login-brand">
                    <span class="brand-mark" aria-hidden="true">
                        "客"
                    </span>
                    <div>
                        <p class="brand-name">{i18n.text(Key::AppName)}</p>
                        <p class="muted">{i18n.text(Key::Tagline)}</p>
                    </div>
                </div>
                <h1 class="login-title">{i18n.text(Key::SignInTitle)}</h1>
                {move || {
                    session
                        .notice
                        .get()
                        .map(|key| {
                            view! {
                                <p class="notice" data-test="login-notice">
                                    {i18n.text(key)}
                                </p>
                            }
                        })
                }}
                <Field input="login" label=Key::LoginLabel>
                    <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
                        prop:value=move || login.get()
                        on:input=move |ev| login.set(event_target_value(&ev)) />
                </Field>
                <Field input="password" label=Key::PasswordLabel>
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </Field>
                <FormError hook="login-error" message=Signal::derive(failure_text) />
                <button id="sign-in" type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.tr(Key::SigningIn) } else { i18n.tr(Key::SignInButton) }}
                </button>
            </form>
        </div>
    }
}

fn describe(error: &ApiError) -> Failure {
    match error {
        ApiError::Server { status: 401, .. } => Failure::Text(Key::WrongCredentials),
        e if e.code() == Some(codes::INVALID_CREDENTIALS) => Failure::Text(Key::WrongCredentials),
        ApiError::Server { detail, .. } if detail.code == codes::TOO_MANY_ATTEMPTS => {
            Failure::Locked(detail.retry_after.unwrap_or(60).div_ceil(60))
        }
        ApiError::Server { detail, status } if *status < 500 => Failure::Server(detail.clone()),
        ApiError::Network => Failure::Text(Key::NetworkError),
        _ => Failure::Text(Key::UnexpectedError),
    }
}
