//! What the customer lookup found for the number being typed, and the hint under the
//! number that says so.

use keyuan_shared::api::CustomerLookup;
use keyuan_shared::Grade;
use leptos::prelude::*;

use super::format::days_ago;
use crate::i18n::{use_i18n, Key};

/// What the customer lookup found for the number being typed.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Lookup {
    Idle,
    Found(CustomerLookup),
    New,
}

/// "Returning customer — owner: 王磊, grade A, last visit 3 days ago".
#[component]
pub(super) fn CustomerHint(lookup: RwSignal<Lookup>) -> impl IntoView {
    let i18n = use_i18n();
    move || match lookup.get() {
        Lookup::Idle => None,
        Lookup::New => Some(
            view! {
                <p class="customer-hint new" role="status" data-test="new-customer">
                    {i18n.text(Key::NewCustomer)}
                </p>
            }
            .into_any(),
        ),
        Lookup::Found(c) => {
            let mut parts = Vec::new();
            if !c.name.trim().is_empty() {
                parts.push(c.name.clone());
            }
            if let Some(owner) = c.owner_name.as_ref().filter(|o| !o.is_empty()) {
                parts.push(format!("{}{owner}", i18n.tr(Key::OwnerIs)));
            }
            if let Some(grade) = c.grade {
                parts.push(format!("{}{}", i18n.tr(Key::GradeIs), grade_letter(grade)));
            }
            if let Some(ms) = c.last_visit_at.map(|t| t.timestamp_millis()) {
                parts.push(days_ago(i18n, ms));
            }
            let sep = if i18n.locale.get() == keyuan_shared::Locale::En {
                ", "
            } else {
                "，"
            };
            Some(
                view! {
                    <p class="customer-hint returning" role="status" data-test="returning-customer">
                        <strong>{i18n.text(Key::ReturningCustomer)}</strong>
                        " — "
                        {parts.join(sep)}
                    </p>
                }
                .into_any(),
            )
        }
    }
}

fn grade_letter(grade: Grade) -> &'static str {
    grade.as_str()
}
