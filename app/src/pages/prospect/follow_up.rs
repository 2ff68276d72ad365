//! "Log follow-up": one tap per channel, with an optional note, the grade after it and the
//! next follow-up date the store's cadence proposes for that grade (which the consultant
//! may change).

use keyuan_shared::api::NewFollowUp;
use keyuan_shared::prospects as rules;
use keyuan_shared::prospects::next_follow_up;
use keyuan_shared::{FollowUpChannel, Grade};
use leptos::prelude::*;

use super::{logged_text, Ctx};
use crate::components::choice::ChoiceButton;
use crate::components::field::{Field, FormError};
use crate::components::prospect_bits::{channel_key, grade_meaning, parse_date};
use crate::i18n::Key;
use crate::submit::Submit;

#[component]
pub(super) fn FollowUpForm(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let note = RwSignal::new(String::new());
    let grade = RwSignal::new(ctx.grade().unwrap_or(Grade::C));
    // What the cadence proposes for the chosen grade, from the store's today.
    let proposed = Memo::new(move |_| {
        let g = grade.get();
        ctx.detail.with(|d| {
            d.as_ref()
                .map(|d| next_follow_up(&d.cadence, g, d.today).to_string())
        })
    });
    let date = RwSignal::new(proposed.get_untracked().unwrap_or_default());
    // A new grade proposes its own date again.
    Effect::new(move |_| {
        if let Some(p) = proposed.get() {
            date.set(p);
        }
    });
    let done = RwSignal::new(None::<String>);
    let submit = Submit::new(i18n);

    let log = move |channel: FollowUpChannel| {
        if submit.is_busy() {
            return;
        }
        let typed = date.get_untracked();
        let next = if typed.trim().is_empty() {
            None
        } else {
            match parse_date(&typed) {
                Some(d) => Some(d),
                None => {
                    submit.refuse(i18n.tr(Key::HintInvalid));
                    return;
                }
            }
        };
        let chosen = grade.get_untracked();
        let body = NewFollowUp {
            channel,
            note: Some(note.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
            grade: (ctx.grade() != Some(chosen)).then_some(chosen),
            next_follow_up_on: next,
        };
        done.set(None);
        submit.send(
            async move {
                ctx.api.log_follow_up(ctx.id, &body).await?;
                // Show the outcome from the card as the server now has it (busy until then).
                Ok(ctx.api.prospect(ctx.id).await)
            },
            move |card| {
                note.set(String::new());
                match card {
                    Ok(d) => {
                        done.set(logged_text(i18n, &d));
                        grade.set(d.prospect.grade);
                        ctx.detail.set(Some(d));
                    }
                    Err(_) => ctx.load(),
                }
            },
        );
    };

    let grade_chip = move |g: Grade| {
        view! {
            <ChoiceButton class=format!("chip grade-chip grade-{}", g.as_str()) hook=format!("follow-grade-{}", g.as_str())
                pressed=move || grade.get() == g on_press=move || grade.set(g)>
                {g.as_str()}
            </ChoiceButton>
        }
    };
    let channel_button = move |channel: FollowUpChannel, icon: &'static str| {
        view! {
            <button
                type="button"
                class="btn log-channel"
                data-test=format!("log-{}", channel.as_str())
                disabled=move || submit.busy.get() || !ctx.workable()
                on:click=move |_| log(channel)
            >
                <span class="log-icon" aria-hidden="true">{icon}</span>
                <span>{i18n.text(channel_key(channel))}</span>
            </button>
        }
    };
    // O is an order's grade: offered only once there is one.
    let grades = move || {
        Grade::ALL
            .iter()
            .copied()
            .filter(|g| rules::grade_allowed(*g, ctx.has_order()))
            .map(grade_chip)
            .collect_view()
    };

    view! {
        <section class="card pd-section follow-up-form" data-test="follow-up-form">
            <h2 class="section-title">{i18n.text(Key::LogFollowUp)}</h2>
            <p class="muted small">{i18n.text(Key::LogHint)}</p>
            <Field input="follow-note" label=Key::NoteLabel>
                <input id="follow-note" data-test="follow-note" type="text" autocomplete="off"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev)) />
            </Field>
            <div class="follow-grid">
                <fieldset class="chip-group">
                    <legend class="field-label">{i18n.text(Key::GradeAfter)}</legend>
                    <div class="chips">{grades}</div>
                </fieldset>
                <Field input="follow-next-date" label=Key::NextDateLabel>
                    <input
                        id="follow-next-date"
                        data-test="follow-next-date"
                        type="date"
                        data-proposed=move || proposed.get()
                        min=move || ctx.detail.with(|d| d.as_ref().map(|d| d.today.to_string()))
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                        on:change=move |ev| date.set(event_target_value(&ev))
                    />
                </Field>
            </div>
            <p class="muted small" data-test="follow-grade-meaning">{move || i18n.tr(grade_meaning(grade.get()))}</p>
            <div class="log-channels">
                {channel_button(FollowUpChannel::Call, "☎")}
                {channel_button(FollowUpChannel::Visit, "⌂")}
                {channel_button(FollowUpChannel::Message, "✉")}
                {channel_button(FollowUpChannel::TestDrive, "⚑")}
            </div>
            <FormError message=submit.error hook="follow-up-error" />
            {move || done.get().map(|t| view! { <p class="notice done-notice" role="status" data-test="follow-up-done">"✓ " {t}</p> })}
        </section>
    }
}
