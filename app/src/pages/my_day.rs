//! 我的一天 My day: a consultant's phone screen. Today's 5-20-30 activity against the
//! store's targets, a warning when the pipeline runs low, and the prospect cards: overdue
//! first, then due today, then upcoming, with a search and a grade filter. A prospect met
//! outside the showroom (外拓, 转介绍, 网络线索) is added here.

use std::time::Duration;

use keyuan_shared::api::{MyDay, NewProspect, VehicleModel};
use keyuan_shared::prospects as rules;
use keyuan_shared::{Grade, Role, Source};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{use_api, ApiError};
use crate::components::card_list::{CardList, ListCutNotice};
use crate::components::choice::ChoiceButton;
use crate::components::field::FormError;
use crate::components::prospect_bits::{ProspectCards, ProspectFilters};
use crate::components::referrer_picker::ReferrerPicker;
use crate::components::screen_page::ScreenPage;
use crate::components::visit_fields::{ContactFields, FieldProblem, ModelChips, NoteField};
use crate::i18n::{fill, use_i18n, Key};
use crate::live::live_refresh;
use crate::screens::Screen;

#[component]
pub fn MyDayPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let cards = CardList::new(api, true);
    let day = RwSignal::new(None::<MyDay>);
    let load_day = move || {
        spawn_local(async move {
            if let Ok(d) = api.my_day().await {
                day.set(Some(d));
            }
        })
    };
    load_day();
    live_refresh(api, move || {
        load_day();
        cards.load(Duration::ZERO);
    });
    let creating = RwSignal::new(false);

    view! {
        <ScreenPage screen=Screen::MyDay role=role>
            <ActivityHeader day=day />
            <div class="list-head">
                <ProspectFilters grade=cards.grade q=cards.q />
                <button
                    type="button"
                    class="btn btn-primary new-prospect"
                    data-test="new-prospect"
                    aria-haspopup="dialog"
                    on:click=move |_| creating.set(true)
                >
                    {i18n.text(Key::NewProspect)}
                </button>
            </div>
            <ProspectCards
                list=cards.list
                error=cards.error
                on_retry=Callback::new(move |_| cards.load(Duration::ZERO))
            />
            <ListCutNotice more=cards.more />
            {move || creating.get().then(|| view! { <NewProspectSheet open=creating /> })}
        </ScreenPage>
    }
}

/// Today's follow-ups against the 5-20-30 targets, and the pipeline warning.
#[component]
fn ActivityHeader(day: RwSignal<Option<MyDay>>) -> impl IntoView {
    let i18n = use_i18n();
    let meter = move |hook: &'static str, label: Key, pick: fn(&MyDay) -> (i64, i32)| {
        let value = move || day.with(|d| d.as_ref().map(pick).unwrap_or((0, 0)));
        view! {
            <div class="meter" data-test=hook data-done=move || value().0 data-target=move || value().1>
                <div class="meter-head">
                    <span class="meter-label">{i18n.text(label)}</span>
                    <span class="meter-value">
                        <strong>{move || value().0}</strong>
                        "/"
                        {move || value().1}
                    </span>
                </div>
                <div class="meter-bar" aria-hidden="true">
                    <span
                        class="meter-fill"
                        class:full=move || { let (d, t) = value(); t > 0 && d >= t as i64 }
                        style:width=move || {
                            let (d, t) = value();
                            let pct = if t > 0 { (d as f64 / t as f64 * 100.0).min(100.0) } else { 0.0 };
                            format!("{pct:.0}%")
                        }
                    ></span>
                </div>
            </div>
        }
    };
    view! {
        <section class="card activity" data-test="activity" aria-label=i18n.text(Key::ActivityTitle)>
            <div class="meters">
                {meter("activity-meetings", Key::ActivityMeetings, |d| (d.activity.meetings, d.targets.meetings))}
                {meter("activity-calls", Key::ActivityCalls, |d| (d.activity.calls, d.targets.calls))}
                {meter("activity-messages", Key::ActivityMessages, |d| (d.activity.messages, d.targets.messages))}
            </div>
            {move || {
                day.get()
                    .map(|d| {
                        let low = d.open_prospects < d.pipeline_size as i64;
                        let text = fill(
                            &fill(
                                i18n.tr(if low { Key::PipelineLow } else { Key::PipelineOk }),
                                "n",
                                d.open_prospects,
                            ),
                            "size",
                            d.pipeline_size,
                        );
                        let due = fill(
                            &fill(i18n.tr(Key::DueSummary), "overdue", d.overdue),
                            "today",
                            d.due_today,
                        );
                        let due_class = if d.overdue > 0 { "due-summary has-overdue" } else { "due-summary" };
                        view! {
                            <p class="pipeline" class:low=low data-test=if low { "pipeline-warning" } else { "pipeline" } role=low.then_some("status")>
                                {text}
                            </p>
                            <p class=due_class data-test="due-summary">{due}</p>
                            {(d.loyalty_due > 0).then(|| view! {
                                <a class="loyalty-due" href="/loyalty" data-test="loyalty-due" data-count=d.loyalty_due>
                                    {fill(i18n.tr(Key::LoyaltyDueLink), "n", d.loyalty_due)}
                                </a>
                            })}
                        }
                    })
            }}
        </section>
    }
}

/// The sheet that adds a prospect met outside the showroom, then opens its card.
#[component]
fn NewProspectSheet(open: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let source = RwSignal::new(Source::Outbound);
    let model = RwSignal::new(None::<i64>);
    let grade = RwSignal::new(Grade::C);
    let note = RwSignal::new(String::new());
    let referrer = RwSignal::new(None::<i64>);
    let problem = RwSignal::new(None::<FieldProblem>);
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let models = RwSignal::new(Vec::<VehicleModel>::new());
    spawn_local(async move {
        if let Ok(list) = api.vehicle_models(None).await {
            models.set(list.into_iter().filter(|m| m.active).collect());
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let typed = phone.get_untracked();
        let normalized = match keyuan_shared::phone::normalize(&typed) {
            Ok(n) => n,
            Err(_) => {
                problem.set(Some(FieldProblem {
                    field: "phone".into(),
                    message: None,
                }));
                return;
            }
        };
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let body = NewProspect {
            phone: normalized,
            name: text(name),
            source: source.get_untracked(),
            grade: Some(grade.get_untracked()),
            vehicle_model_id: model.get_untracked(),
            budget: None,
            note: text(note),
            referred_by: referrer
                .get_untracked()
                .filter(|_| source.get_untracked() == Source::Referral),
            owner_id: None,
        };
        saving.set(true);
        problem.set(None);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api.create_prospect(&body).await {
                Ok(p) => {
                    open.set(false);
                    navigate(&format!("/prospects/{}", p.id), NavigateOptions::default());
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => {
                    let message = e.message(i18n.locale.get_untracked());
                    match e.field() {
                        Some(f) => problem.set(Some(FieldProblem {
                            field: f.to_owned(),
                            message: Some(message),
                        })),
                        None => error.set(Some(message)),
                    }
                }
            }
            saving.set(false);
        });
    };

    let source_chip = move |s: Source, label: Key| {
        view! {
            <ChoiceButton class="chip" hook=format!("new-source-{}", s.as_str())
                pressed=move || source.get() == s on_press=move || source.set(s)>
                {i18n.text(label)}
            </ChoiceButton>
        }
    };
    let grade_chip = move |g: Grade| {
        view! {
            <ChoiceButton class="chip grade-chip" hook=format!("new-grade-{}", g.as_str())
                pressed=move || grade.get() == g on_press=move || grade.set(g)>
                {g.as_str()}
            </ChoiceButton>
        }
    };

    view! {
        <div class="sheet-backdrop" on:click=move |_| open.set(false)></div>
        <form
            class="card sheet"
            role="dialog"
            aria-modal="true"
            data-test="new-prospect-form"
            on:submit=save
            novalidate=true
        >
            <div class="sheet-head">
                <h2 class="section-title">{i18n.text(Key::NewProspectTitle)}</h2>
            </div>
            <ContactFields
                phone=phone
                name=name
                problem=problem
                phone_hook="new-phone"
                name_id="new-name"
                name_hook="new-name"
            />
            <fieldset class="chip-group">
                <legend class="field-label">{i18n.text(Key::SourceLabel)}</legend>
                <div class="chips">
                    {source_chip(Source::Outbound, Key::SourceOutbound)}
                    {source_chip(Source::Referral, Key::SourceReferral)}
                    {source_chip(Source::Online, Key::SourceOnline)}
                </div>
            </fieldset>
            {move || (source.get() == Source::Referral).then(|| view! { <ReferrerPicker chosen=referrer prefix="new-" /> })}
            <fieldset class="chip-group">
                <legend class="field-label">{i18n.text(Key::GradeLabel)}</legend>
                <div class="chips">{Grade::ALL.iter().filter(|g| rules::grade_allowed(**g, false)).map(|g| grade_chip(*g)).collect_view()}</div>
                <p class="muted grade-meaning">{move || i18n.tr(crate::components::prospect_bits::grade_meaning(grade.get()))}</p>
            </fieldset>
            <ModelChips models=models chosen=model problem=problem prefix="new-" />
            <NoteField note=note problem=problem hook="new-note" />
            <FormError hook="new-prospect-error" message=error />
            <div class="save-row sheet-actions new-prospect-actions">
                <button type="submit" class="btn btn-primary btn-save" data-test="create-prospect" disabled=move || saving.get()>
                    {move || i18n.tr(if saving.get() { Key::Saving } else { Key::CreateProspect })}
                </button>
                <button type="button" class="btn btn-cancel" data-test="cancel-new-prospect" on:click=move |_| open.set(false)>
                    {i18n.text(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}
