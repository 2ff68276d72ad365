//! A manager's answer to a consultant's 战败 request, on the prospect card and in the
//! manager's approvals list alike.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::field::FormError;
use crate::components::prospect_bits::lost_decision;
use crate::i18n::{use_i18n, Key};
use crate::submit::Submit;

/// A comment (required to send the request back), confirm and send back, and the refusal
/// line. `deal` is the request waiting (none: the buttons do nothing); `on_decided` hears
/// a decision the server took. The hooks are the `data-test`s of the comment, the two
/// buttons and the error line.
#[component]
pub fn LostDecisionForm(
    #[prop(into)] deal: Signal<Option<i64>>,
    /// The comment input's element id.
    comment_id: String,
    comment_hook: &'static str,
    confirm_hook: &'static str,
    reject_hook: &'static str,
    error_hook: &'static str,
    on_decided: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let comment = RwSignal::new(String::new());
    let submit = Submit::new(i18n);
    let decide = move |confirm: bool| {
        let Some(id) = deal.get_untracked() else {
            return;
        };
        if submit.is_busy() {
            return;
        }
        let Some(body) = lost_decision(confirm, &comment.get_untracked()) else {
            submit.refuse(i18n.tr(Key::CommentRequired));
            return;
        };
        submit.send(
            async move { api.decide_lost(id, confirm, &body).await },
            move |_| on_decided.run(()),
        );
    };
    view! {
        <label class="field" for=comment_id.clone()>
            <span class="field-label">{i18n.text(Key::CommentLabel)}</span>
            <input id=comment_id.clone() data-test=comment_hook type="text" autocomplete="off"
                prop:value=move || comment.get()
                on:input=move |ev| comment.set(event_target_value(&ev)) />
        </label>
        <div class="save-row">
            <button type="button" class="btn btn-danger" data-test=confirm_hook disabled=move || submit.busy.get() on:click=move |_| decide(true)>
                {i18n.text(Key::ConfirmLost)}
            </button>
            <button type="button" class="btn" data-test=reject_hook disabled=move || submit.busy.get() on:click=move |_| decide(false)>
                {i18n.text(Key::RejectLost)}
            </button>
        </div>
        <FormError hook=error_hook message=submit.error />
    }
}
