//! Recording a campaign, or correcting the one picked in the table: name, first and last
//! day, cost. Checked by the server's own rule before it is sent.

use chrono::NaiveDate;
use keyuan_shared::api::{Campaign, CampaignPatch, NewCampaign};
use keyuan_shared::errors::{render, Reason};
use keyuan_shared::validate::{FieldError, Validate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, ApiError};
use crate::components::field::{DateField, FormError, TextField};
use crate::i18n::{fill, use_i18n, I18n, Key};

/// The form's inputs as typed.
#[derive(Clone, Copy)]
struct Inputs {
    name: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    cost: RwSignal<String>,
}

impl Inputs {
    fn fill(self, campaign: Option<&Campaign>) {
        self.name
            .set(campaign.map(|c| c.name.clone()).unwrap_or_default());
        self.starts_on.set(
            campaign
                .map(|c| c.starts_on.to_string())
                .unwrap_or_default(),
        );
        self.ends_on
            .set(campaign.map(|c| c.ends_on.to_string()).unwrap_or_default());
        self.cost
            .set(campaign.map(|c| c.cost.to_string()).unwrap_or_default());
    }

    /// The campaign typed, checked; the first field at fault otherwise.
    fn campaign(self) -> Result<NewCampaign, FieldError> {
        let date = |field: &str, value: RwSignal<String>| {
            value
                .get_untracked()
                .trim()
                .parse::<NaiveDate>()
                .map_err(|_| FieldError::new(field, Reason::BadDate))
        };
        let cost = self.cost.get_untracked();
        let cost = match cost.trim() {
            "" => 0,
            typed => typed
                .parse()
                .map_err(|_| FieldError::new("cost", Reason::BadValue).with("detail", typed))?,
        };
        let campaign = NewCampaign {
            name: self.name.get_untracked().trim().to_owned(),
            starts_on: date("starts_on", self.starts_on)?,
            ends_on: date("ends_on", self.ends_on)?,
            cost,
        };
        campaign.validate()?;
        Ok(campaign)
    }
}

/// Which field is at fault and the sentence to show.
#[derive(Debug, Clone, PartialEq)]
struct Problem {
    field: Option<String>,
    text: String,
}

/// The form's own captions: a campaign's `name` is not a person's name.
fn sentence(i18n: I18n, field: Option<&str>, said: String) -> String {
    let label = match field {
        Some("name") => Key::CampaignName,
        Some("starts_on") => Key::CampaignStarts,
        Some("ends_on") => Key::CampaignEnds,
        Some("cost") => Key::CampaignCost,
        _ => return said,
    };
    format!("{}{}{said}", i18n.tr(label), i18n.tr(Key::FieldSeparator))
}

fn checked(i18n: I18n, e: FieldError) -> Problem {
    let said = render(i18n.locale.get_untracked(), e.reason, &e.params);
    Problem {
        text: sentence(i18n, Some(&e.field), said),
        field: Some(e.field),
    }
}

fn refused(i18n: I18n, e: &ApiError) -> Problem {
    let locale = i18n.locale.get_untracked();
    match e {
        ApiError::Server { detail, .. } => Problem {
            field: detail.field.clone(),
            text: sentence(
                i18n,
                detail.field.as_deref(),
                render(locale, detail.reason, &detail.params),
            ),
        },
        other => Problem {
            field: None,
            text: other.message(locale),
        },
    }
}

#[component]
pub(super) fn CampaignForm(
    editing: RwSignal<Option<Campaign>>,
    on_saved: Callback<Campaign>,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let inputs = Inputs {
        name: RwSignal::new(String::new()),
        starts_on: RwSignal::new(String::new()),
        ends_on: RwSignal::new(String::new()),
        cost: RwSignal::new(String::new()),
    };
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    // picking a row in the table (or cancelling) puts its values in the inputs
    Effect::new(move |_| {
        editing.with(|c| inputs.fill(c.as_ref()));
        problem.set(None);
    });
    let invalid = move |field: &'static str| {
        Signal::derive(move || {
            problem.with(|p| p.as_ref().and_then(|p| p.field.as_deref()) == Some(field))
        })
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let campaign = match inputs.campaign() {
            Ok(c) => c,
            Err(e) => {
                saved.set(false);
                problem.set(Some(checked(i18n, e)));
                return;
            }
        };
        let id = editing.get_untracked().map(|c| c.id);
        busy.set(true);
        saved.set(false);
        problem.set(None);
        spawn_local(async move {
            let result = match id {
                Some(id) => {
                    let patch = CampaignPatch {
                        name: Some(campaign.name),
                        starts_on: Some(campaign.starts_on),
                        ends_on: Some(campaign.ends_on),
                        cost: Some(campaign.cost),
                    };
                    api.update_campaign(id, &patch).await
                }
                None => api.create_campaign(&campaign).await,
            };
            busy.try_set(false);
            match result {
                Ok(campaign) => {
                    editing.try_set(None);
                    inputs.fill(None);
                    saved.try_set(true);
                    on_saved.run(campaign);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    problem.try_set(Some(refused(i18n, &e)));
                }
            }
        });
    };
    let title = move || match editing.get() {
        Some(c) => fill(i18n.tr(Key::CampaignFormEdit), "name", c.name),
        None => i18n.tr(Key::CampaignFormNew).to_owned(),
    };
    let message = Signal::derive(move || problem.get().map(|p| p.text));
    view! {
        <form class="card campaign-form" data-test="campaign-form" on:submit=submit aria-labelledby="campaign-form-title" novalidate=true>
            <h2 class="chart-title" id="campaign-form-title">{title}</h2>
            <div class="form-grid">
                <TextField hook="campaign-name" label=Key::CampaignName value=inputs.name invalid=invalid("name") />
                <DateField hook="campaign-starts" label=Key::CampaignStarts value=inputs.starts_on />
                <DateField hook="campaign-ends" label=Key::CampaignEnds value=inputs.ends_on />
                <TextField hook="campaign-cost" label=Key::CampaignCost value=inputs.cost invalid=invalid("cost") kind="number" />
            </div>
            <div class="save-row">
                <button type="submit" class="btn btn-primary" data-test="save-campaign" disabled=move || busy.get()>
                    {i18n.text(Key::SaveCampaign)}
                </button>
                {move || editing.get().is_some().then(|| view! {
                    <button type="button" class="btn" data-test="cancel-campaign" on:click=move |_| editing.set(None)>
                        {i18n.text(Key::Cancel)}
                    </button>
                })}
                {move || saved.get().then(|| view! { <span class="added" role="status" data-test="campaign-saved">{i18n.tr(Key::CampaignSaved)}</span> })}
            </div>
            <FormError hook="campaign-error" message=message />
        </form>
    }
}
