//! Pieces of the prospect cards shared by My day, the card detail and the manager's list:
//! the grade badge, the MAN dots, one card of a list, and the wording of the prospect
//! enums and dates.

use keyuan_shared::api::{LostDecision, Prospect};
use keyuan_shared::prospects::{Due, ManAdvice};
use keyuan_shared::{
    FollowUpChannel, Grade, LostReason, LostReasonGroup, ProspectStatus, SaleType,
};

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::components::choice::ChoiceButton;
use crate::i18n::{fill, use_i18n, I18n, Key};

pub fn grade_meaning(grade: Grade) -> Key {
    match grade {
        Grade::O => Key::GradeMeaningO,
        Grade::H => Key::GradeMeaningH,
        Grade::A => Key::GradeMeaningA,
        Grade::B => Key::GradeMeaningB,
        Grade::C => Key::GradeMeaningC,
    }
}

pub fn advice_key(advice: ManAdvice) -> Key {
    match advice {
        ManAdvice::PushForOrder => Key::AdvicePush,
        ManAdvice::CreateNeed => Key::AdviceCreateNeed,
        ManAdvice::FindDecider => Key::AdviceFindDecider,
        ManAdvice::OfferFinancing => Key::AdviceFinancing,
        ManAdvice::Nurture => Key::AdviceNurture,
        ManAdvice::NotACustomer => Key::AdviceNotCustomer,
    }
}

pub fn status_key(status: ProspectStatus) -> Key {
    match status {
        ProspectStatus::Active => Key::StatusActive,
        ProspectStatus::Dormant => Key::StatusDormant,
        ProspectStatus::LostPending => Key::StatusLostPending,
        ProspectStatus::Lost => Key::StatusLost,
        ProspectStatus::Won => Key::StatusWon,
    }
}

pub fn channel_key(channel: FollowUpChannel) -> Key {
    match channel {
        FollowUpChannel::Call => Key::ChannelCall,
        FollowUpChannel::Visit => Key::ChannelVisit,
        FollowUpChannel::Message => Key::ChannelMessage,
        FollowUpChannel::TestDrive => Key::ChannelTestDrive,
        FollowUpChannel::Other => Key::ChannelOther,
    }
}

pub fn sale_key(sale: SaleType) -> Key {
    match sale {
        SaleType::Retail => Key::SaleRetail,
        SaleType::Secondary => Key::SaleSecondary,
        SaleType::Fleet => Key::SaleFleet,
    }
}

pub fn group_key(group: LostReasonGroup) -> Key {
    match group {
        LostReasonGroup::Product => Key::GroupProduct,
        LostReasonGroup::Price => Key::GroupPrice,
        LostReasonGroup::Salesperson => Key::GroupSalesperson,
        LostReasonGroup::Management => Key::GroupManagement,
        LostReasonGroup::Other => Key::GroupOther,
    }
}

pub fn reason_key(reason: LostReason) -> Key {
    match reason {
        LostReason::Brand => Key::ReasonBrand,
        LostReason::Exterior => Key::ReasonExterior,
        LostReason::Interior => Key::ReasonInterior,
        LostReason::Configuration => Key::ReasonConfiguration,
        LostReason::Performance => Key::ReasonPerformance,
        LostReason::Quality => Key::ReasonQuality,
        LostReason::Price => Key::ReasonPrice,
        LostReason::BadQuote => Key::ReasonBadQuote,
        LostReason::Unenthusiastic => Key::ReasonUnenthusiastic,
        LostReason::Unprofessional => Key::ReasonUnprofessional,
        LostReason::BrokenPromise => Key::ReasonBrokenPromise,
        LostReason::PoorService => Key::ReasonPoorService,
        LostReason::SlowFollowUp => Key::ReasonSlowFollowUp,
        LostReason::Other => Key::ReasonOther,
    }
}

pub fn due_key(due: Due) -> Key {
    match due {
        Due::Overdue => Key::DueOverdue,
        Due::Today => Key::DueToday,
        Due::Upcoming => Key::DueUpcoming,
        Due::Unscheduled => Key::DueUnscheduled,
    }
}

pub fn due_slug(due: Due) -> &'static str {
    match due {
        Due::Overdue => "overdue",
        Due::Today => "today",
        Due::Upcoming => "upcoming",
        Due::Unscheduled => "unscheduled",
    }
}

/// A `YYYY-MM-DD` (a date input's value) as the shared types' date type.
pub fn parse_date<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_owned())).ok()
}

/// A manager's decision on a lost deal from the comment typed, or `None` when a send-back
/// has no comment.
pub fn lost_decision(confirm: bool, comment: &str) -> Option<LostDecision> {
    let comment = comment.trim();
    let decision = LostDecision {
        comment: (!comment.is_empty()).then(|| comment.to_owned()),
    };
    decision.is_complete(confirm).then_some(decision)
}

/// Today on this device as `YYYY-MM-DD` (the store's today comes from the server; this is
/// only a default for inputs before it has answered).
pub fn device_today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// "3 days ago", "yesterday", "today" or "never".
pub fn last_contact(i18n: I18n, days_since_contact: Option<i64>) -> String {
    match days_since_contact {
        None => i18n.tr(Key::NeverContacted).to_owned(),
        Some(i64::MIN..=0) => i18n.tr(Key::ContactToday).to_owned(),
        Some(1) => i18n.tr(Key::ContactYesterday).to_owned(),
        Some(n) => fill(i18n.tr(Key::ContactDaysAgo), "n", n),
    }
}

/// "in 2 days", "tomorrow", "today", "3 days overdue" for a date `days` from today.
pub fn relative_days(i18n: I18n, days: i64) -> String {
    match days {
        i64::MIN..=-1 => fill(i18n.tr(Key::OverdueDays), "n", -days),
        0 => i18n.tr(Key::TodayWord).to_owned(),
        1 => i18n.tr(Key::Tomorrow).to_owned(),
        n => fill(i18n.tr(Key::InDays), "n", n),
    }
}

/// `MM-DD HH:MM` on this device.
pub fn short_time(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    format!(
        "{:02}-{:02} {:02}:{:02}",
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `YYYY-MM-DD` on this device.
pub fn short_date(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// The customer's name, or their number when they gave none.
pub fn display_name(name: &str, phone: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        keyuan_shared::phone::display(phone)
    } else {
        name.to_owned()
    }
}

#[component]
pub fn GradeBadge(grade: Grade, #[prop(optional)] hook: Option<&'static str>) -> impl IntoView {
    view! {
        <span class=format!("grade-badge grade-{}", grade.as_str()) data-test=hook data-grade=grade.as_str()>
            {grade.as_str()}
        </span>
    }
}

/// Three dots, filled for the MAN qualifications the prospect has.
#[component]
pub fn ManDots(money: bool, authority: bool, need: bool) -> impl IntoView {
    let i18n = use_i18n();
    let dot = move |letter: &'static str, label: Key, on: bool| {
        view! {
            <span
                class="man-dot"
                class:on=on
                data-test=format!("man-dot-{}", letter.to_lowercase())
                data-on=on.to_string()
                title=i18n.text(label)
            >
                {letter}
            </span>
        }
    };
    view! {
        <span class="man-dots" aria-label=move || {
            format!(
                "MAN {}{}{}",
                if money { "✓" } else { "✗" },
                if authority { "✓" } else { "✗" },
                if need { "✓" } else { "✗" },
            )
        }>
            {dot("M", Key::ManMoney, money)}
            {dot("A", Key::ManAuthority, authority)}
            {dot("N", Key::ManNeed, need)}
        </span>
    }
}

/// One card of a list; tapping it opens the card. `show_owner` for the manager's list.
#[component]
pub fn ProspectItem(prospect: Prospect, #[prop(optional)] show_owner: bool) -> impl IntoView {
    let i18n = use_i18n();
    let p = prospect;
    let name = display_name(&p.customer_name, &p.customer_phone);
    let due = p.due;
    let next = p.next_follow_up_on.map(|d| d.to_string());
    let last = p.days_since_contact;
    let model = p.vehicle_model_name.clone();
    let owner = p.owner_name.clone();
    let status = p.status;
    let flagged = matches!(
        status,
        ProspectStatus::LostPending | ProspectStatus::Dormant
    );
    view! {
        <li class="prospect-item">
            <a
                class=format!("prospect-card due-{}", due_slug(due))
                href=format!("/prospects/{}", p.id)
                data-test="prospect-card"
                data-id=p.id
                data-grade=p.grade.as_str()
                data-due=due_slug(due)
                data-status=status.as_str()
            >
                <div class="pc-top">
                    <GradeBadge grade=p.grade />
                    <span class="pc-name" data-test="prospect-name">{name}</span>
                    <ManDots money=p.money authority=p.authority need=p.need />
                </div>
                <div class="pc-sub">
                    <span class="pc-model">
                        {move || model.clone().unwrap_or_else(|| i18n.tr(Key::NoModelChosen).to_owned())}
                    </span>
                    <span class="sep">"·"</span>
                    <span class="pc-last" data-test="last-contact">
                        {i18n.text(Key::LastContact)} " " {move || last_contact(i18n, last)}
                    </span>
                    {show_owner.then(|| view! {
                        <span class="sep">"·"</span>
                        <span class="pc-owner" data-test="prospect-owner">{owner.clone()}</span>
                    })}
                </div>
                <div class="pc-due">
                    <span class=format!("due-tag due-{}", due_slug(due)) data-test="due-tag">
                        {i18n.text(due_key(due))}
                    </span>
                    {next.map(|d| view! { <span class="pc-next" data-test="prospect-next">{d}</span> })}
                    {flagged.then(|| view! {
                        <span class="tag tag-status" data-test="prospect-status">{i18n.text(status_key(status))}</span>
                    })}
                </div>
            </a>
        </li>
    }
}

/// The search box and the grade chips above a card list.
#[component]
pub fn ProspectFilters(grade: RwSignal<Option<Grade>>, q: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let chip = move |value: Option<Grade>| {
        let slug = value.map_or("all", |g| g.as_str());
        view! {
            <ChoiceButton class="chip grade-chip" hook=format!("filter-grade-{slug}")
                pressed=move || grade.get() == value on_press=move || grade.set(value)>
                {move || match value {
                    Some(g) => g.as_str(),
                    None => i18n.tr(Key::GradeAll),
                }}
            </ChoiceButton>
        }
    };
    view! {
        <div class="prospect-filters">
            <label class="search-field">
                <span class="visually-hidden">{i18n.text(Key::SearchLabel)}</span>
                <input
                    type="search"
                    data-test="prospect-search"
                    inputmode="search"
                    autocomplete="off"
                    placeholder=i18n.text(Key::SearchPlaceholder)
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))
                />
            </label>
            <div class="chips grade-chips" role="group" aria-label=i18n.text(Key::GradeFilter)>
                {chip(None)}
                {Grade::ALL.iter().map(|g| chip(Some(*g))).collect_view()}
            </div>
        </div>
    }
}

/// A list of cards, or why there is none.
#[component]
pub fn ProspectCards(
    #[prop(into)] list: Signal<Option<Vec<Prospect>>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] show_owner: bool,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match list.get() {
        None => match error.get() {
            Some(message) => view! {
                <p class="list-state failed" role="alert" data-test="prospects-error">
                    <span>{i18n.text(Key::LoadFailed)} ": " {message}</span>
                    <button type="button" class="btn btn-small" on:click=move |_| on_retry.run(())>
                        {i18n.text(Key::Retry)}
                    </button>
                </p>
            }
            .into_any(),
            None => view! { <p class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</p> }
                .into_any(),
        },
        Some(list) if list.is_empty() => {
            view! { <p class="muted list-state" data-test="no-prospects">{i18n.text(Key::NoProspects)}</p> }
                .into_any()
        }
        Some(list) => view! {
            <ul class="prospect-list" data-test="prospect-list">
                {list
                    .into_iter()
                    .map(|p| view! { <ProspectItem prospect=p show_owner=show_owner /> })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    }
}
