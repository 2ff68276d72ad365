//! 客户档案 One customer's timeline (`/customers/:id`), phone and desktop: who they are
//! (tap to call, how many customers they referred, who referred them), then one vertical
//! line, newest first and grouped by month: first the road ahead (loyalty contacts still
//! to come, drawn lighter), then everything that happened — visits, follow-ups, grade
//! changes, order, delivery, loyalty contacts, referrals and lost deals. A contact due
//! today or overdue is completed right on the line. Consultants and managers use it.

use keyuan_shared::api::{Timeline, TimelineEvent, TimelineKind};
use keyuan_shared::{FollowUpChannel, LostDealStatus, LoyaltyChannel, LoyaltyStatus, VisitKind};
use leptos::prelude::*;

use crate::api::{use_api, Api};
use crate::components::loyalty_bits::{
    days_between, loyalty_status_key, month_label, outcome_key, step_label, year_month,
    CompleteForm, Completion, CompletionNotice, StoreZone,
};
use crate::components::prospect_bits::{
    channel_key, display_name, reason_key, sale_key, GradeBadge,
};
use crate::components::record_page::{record_route, RecordPage, TelLink};
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::screens::Screen;

/// How many contacts of the road ahead show before "show all".
const AHEAD_SHOWN: usize = 4;

/// `/customers/:id`: consultants and managers; everybody else goes home.
#[component]
pub fn CustomerRoute() -> impl IntoView {
    record_route(|_, id| view! { <CustomerPage id=id /> })
}

#[derive(Debug, Clone, Copy)]
struct Ctx {
    api: Api,
    i18n: I18n,
    zone: StoreZone,
    id: i64,
    timeline: RwSignal<Option<Timeline>>,
    error: RwSignal<Option<String>>,
    completion: Completion,
    generation: Latest,
}

impl Ctx {
    fn load(self) {
        let request = self.api.customer_timeline(self.id);
        self.generation
            .load(request, self.timeline, self.error, self.i18n);
    }

    /// The store-local day an event is drawn at: a contact still to be made stands at its
    /// due date.
    fn day_of(self, e: &TimelineEvent) -> String {
        match (e.kind, e.status, e.due_on) {
            (
                TimelineKind::LoyaltyContact,
                Some(LoyaltyStatus::Due | LoyaltyStatus::Cancelled),
                Some(d),
            ) => d.to_string(),
            _ => self.zone.day(e.at.timestamp_millis()),
        }
    }
}

/// A loyalty contact still ahead (due after today, or cancelled for a later date).
fn is_ahead(e: &TimelineEvent, today: &str) -> bool {
    e.kind == TimelineKind::LoyaltyContact
        && e.status != Some(LoyaltyStatus::Done)
        && e.due_on.is_some_and(|d| d.to_string().as_str() > today)
}

#[component]
fn CustomerPage(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = Ctx {
        api: use_api(),
        i18n,
        zone: StoreZone::load(),
        id,
        timeline: RwSignal::new(None),
        error: RwSignal::new(None),
        completion: Completion::new(),
        generation: Latest::new(),
    };
    ctx.load();
    let loaded = Memo::new(move |_| ctx.timeline.with(|t| t.is_some()));

    view! {
        <RecordPage
            class="customer-screen"
            hook="customer-timeline"
            id=id
            back=Screen::Loyalty.path()
            label=Key::CustomerTimelineTitle
            error_hook="timeline-error"
            error=ctx.error
            loaded=loaded
            retry=Callback::new(move |_| ctx.load())
        >
            <CustomerHead ctx=ctx />
            <CompletionNotice completion=ctx.completion />
            <Line ctx=ctx />
        </RecordPage>
    }
}

/// Name, tap-to-call, referrals, the referrer and the prospect card.
#[component]
fn CustomerHead(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    move || {
        let Some(t) = ctx.timeline.get() else {
            return ().into_any();
        };
        let c = t.customer;
        let name = display_name(&c.name, &c.phone);
        let referrals = c.referrals;
        let has_referrals = referrals > 0;
        let card = t.events.iter().find_map(|e| e.prospect_id);
        view! {
            <div class="card tl-head">
                <h1 class="tl-name" data-test="timeline-customer-name">{name}</h1>
                <TelLink phone=c.phone />
                <div class="tl-facts">
                    <span class="tag tag-referrals" class:some=has_referrals data-test="timeline-referrals" data-count=referrals>
                        {move || fill(i18n.tr(Key::ReferralsCount), "n", referrals)}
                    </span>
                    {c.referred_by.map(|r| {
                        let referrer = c.referred_by_name.clone().unwrap_or_default();
                        view! {
                            <a class="tl-link" href=format!("/customers/{r}") data-test="referred-by">
                                {move || fill(i18n.tr(Key::ReferredByLink), "name", &referrer)}
                            </a>
                        }
                    })}
                    {card.map(|p| view! {
                        <a class="tl-link" href=format!("/prospects/{p}") data-test="open-card">
                            {i18n.text(Key::OpenProspectCard)}
                        </a>
                    })}
                </div>
            </div>
        }
        .into_any()
    }
}

/// The road ahead, then the past, each grouped by month, newest first.
#[component]
fn Line(ctx: Ctx) -> impl IntoView {
    let i18n = ctx.i18n;
    let show_all = RwSignal::new(false);
    move || {
        // days and months are the store's: draw again once its time zone is known
        ctx.zone.0.track();
        let Some(t) = ctx.timeline.get() else {
            return ().into_any();
        };
        let today = t.today.to_string();
        let (ahead, past): (Vec<TimelineEvent>, Vec<TimelineEvent>) =
            t.events.into_iter().partition(|e| is_ahead(e, &today));
        let ahead_total = ahead.len();
        // the nearest few unless asked for all (the list is newest first: keep its tail)
        let ahead: Vec<TimelineEvent> = if show_all.get() || ahead_total <= AHEAD_SHOWN {
            ahead
        } else {
            ahead[ahead_total - AHEAD_SHOWN..].to_vec()
        };
        let ahead_view = (ahead_total > 0).then(|| {
            view! {
                <section class="tl-section tl-ahead" data-test="road-ahead" data-count=ahead_total>
                    <h2 class="section-title">{i18n.text(Key::RoadAhead)}</h2>
                    <p class="muted tl-hint">{i18n.text(Key::RoadAheadHint)}</p>
                    {(ahead_total > AHEAD_SHOWN).then(|| view! {
                        <button type="button" class="btn btn-quiet tl-toggle" data-test="ahead-toggle"
                            aria-expanded=move || show_all.get().to_string()
                            on:click=move |_| show_all.update(|s| *s = !*s)>
                            {move || if show_all.get() { i18n.tr(Key::ShowFewerAhead).to_owned() } else { fill(i18n.tr(Key::ShowAllAhead), "n", ahead_total) }}
                        </button>
                    })}
                    <Months ctx=ctx events=ahead today=today.clone() />
                </section>
            }
        });
        view! {
            {ahead_view}
            <section class="tl-section tl-past" data-test="timeline-past">
                <h2 class="section-title">{i18n.text(Key::SoFar)}</h2>
                {if past.is_empty() {
                    view! { <p class="muted list-state">{i18n.text(Key::NoneYet)}</p> }.into_any()
                } else {
                    view! { <Months ctx=ctx events=past today=today.clone() /> }.into_any()
                }}
            </section>
        }
        .into_any()
    }
}

/// Events of one month, each with its store-local day.
type MonthGroup = ((u32, u32), Vec<(TimelineEvent, String)>);

/// Events under month headings.
#[component]
fn Months(ctx: Ctx, events: Vec<TimelineEvent>, today: String) -> impl IntoView {
    let i18n = ctx.i18n;
    let mut groups: Vec<MonthGroup> = Vec::new();
    for e in events {
        let day = ctx.day_of(&e);
        let ym = year_month(&day);
        match groups.last_mut() {
            Some((key, list)) if *key == ym => list.push((e, day)),
            _ => groups.push((ym, vec![(e, day)])),
        }
    }
    groups
        .into_iter()
        .map(|((y, m), list)| {
            let today = today.clone();
            view! {
                <div class="tl-month" data-test="month-group" data-month=format!("{y:04}-{m:02}")>
                    <h3 class="month-head" data-test="month-head">{move || month_label(i18n, y, m)}</h3>
                    <ol class="tl-events">
                        {list.into_iter().map(|(e, day)| view! { <Event ctx=ctx event=e day=day today=today.clone() /> }).collect_view()}
                    </ol>
                </div>
            }
        })
        .collect_view()
}

/// One event on the line: its mark, what it was, who and when, and its details.
#[component]
fn Event(ctx: Ctx, event: TimelineEvent, day: String, today: String) -> impl IntoView {
    let i18n = ctx.i18n;
    let e = event;
    let when = match (e.kind, e.status) {
        (TimelineKind::LoyaltyContact, Some(LoyaltyStatus::Due | LoyaltyStatus::Cancelled)) => {
            day.clone()
        }
        _ => ctx.zone.stamp(e.at.timestamp_millis()),
    };
    let status = e.status;
    let overdue = e.overdue == Some(true);
    let due_today = e.kind == TimelineKind::LoyaltyContact
        && status == Some(LoyaltyStatus::Due)
        && day == today;
    let ahead = is_ahead(&e, &today);
    let actionable =
        e.kind == TimelineKind::LoyaltyContact && status == Some(LoyaltyStatus::Due) && !ahead;
    let (mark, title): (&'static str, Box<dyn Fn() -> String + Send + Sync>) = title_of(i18n, &e);
    let tags = tags_of(i18n, &e, &day, &today);
    let details = details_of(i18n, &e);
    let note = e.note.clone();
    let who = e.who.clone();
    let contact_id = e.loyalty_contact_id;
    let status_slug = status.map(|s| s.as_str()).unwrap_or("");
    view! {
        <li
            class=format!("tl-event kind-{} status-{}", e.kind.as_str(), status_slug)
            class:ahead=ahead
            class:overdue=overdue
            class:due-today=due_today
            data-test="timeline-event"
            data-kind=e.kind.as_str()
            data-status=status.map(|s| s.as_str())
            data-step=e.step.map(|s| s.as_str())
            data-outcome=e.outcome.map(|o| o.as_str())
            data-overdue=e.overdue.map(|o| o.to_string())
            data-id=contact_id
        >
            <span class="tl-mark" aria-hidden="true">{mark}</span>
            <div class="tl-body">
                <div class="tl-title">
                    <strong data-test="event-title">{title}</strong>
                    {tags}
                </div>
                <div class="tl-meta">
                    <span class="tl-when" data-test="event-when">{when}</span>
                    {who.map(|w| view! { <span class="sep">"·"</span> <span data-test="event-who">{w}</span> })}
                </div>
                {details}
                {note.map(|n| view! { <p class="log-note" data-test="event-note">{n}</p> })}
                {match (actionable, contact_id) {
                    (true, Some(cid)) => Some(view! {
                        <div class="tl-action">
                            {move || (ctx.completion.form.get() != Some(cid)).then(|| view! {
                                <button type="button" class="btn btn-primary" data-test="timeline-complete"
                                    on:click=move |_| ctx.completion.form.set(Some(cid))>
                                    {i18n.text(Key::CompleteContact)}
                                </button>
                            })}
                            {move || (ctx.completion.form.get() == Some(cid)).then(|| view! {
                                <CompleteForm
                                    contact_id=cid
                                    on_done=Callback::new(move |r: keyuan_shared::api::LoyaltyCompleted| {
                                        ctx.completion.completed(i18n, &r);
                                        ctx.load();
                                    })
                                    on_cancel=Callback::new(move |_| ctx.completion.form.set(None))
                                />
                            })}
                        </div>
                    }),
                    _ => None,
                }}
            </div>
        </li>
    }
}

/// The mark on the line and the event's headline.
#[allow(clippy::type_complexity)]
fn title_of(
    i18n: I18n,
    e: &TimelineEvent,
) -> (&'static str, Box<dyn Fn() -> String + Send + Sync>) {
    let fixed = move |key: Key| -> Box<dyn Fn() -> String + Send + Sync> {
        Box::new(move || i18n.tr(key).to_owned())
    };
    match e.kind {
        TimelineKind::Visit => {
            let phone_in = e.channel.as_deref() == Some(VisitKind::PhoneIn.as_str());
            if phone_in {
                ("☏", fixed(Key::KindPhoneIn))
            } else {
                ("⌂", fixed(Key::KindWalkIn))
            }
        }
        TimelineKind::FollowUp => {
            let channel = e
                .channel
                .as_deref()
                .and_then(|c| c.parse::<FollowUpChannel>().ok());
            (
                "✎",
                Box::new(move || match channel {
                    Some(c) => format!(
                        "{} · {}",
                        i18n.tr(Key::EventFollowUp),
                        i18n.tr(channel_key(c))
                    ),
                    None => i18n.tr(Key::EventFollowUp).to_owned(),
                }),
            )
        }
        TimelineKind::GradeChange => ("⇅", fixed(Key::EventGradeChange)),
        TimelineKind::Order => ("¥", fixed(Key::EventOrder)),
        TimelineKind::Delivery => ("★", fixed(Key::EventDelivery)),
        TimelineKind::LoyaltyContact => {
            let step = e.step;
            let mail = e.channel.as_deref() == Some(LoyaltyChannel::Mail.as_str());
            let channel = if mail {
                LoyaltyChannel::Mail
            } else {
                LoyaltyChannel::Call
            };
            (
                if mail { "✉" } else { "☎" },
                Box::new(move || {
                    step.map(|s| step_label(i18n, s, channel))
                        .unwrap_or_default()
                }),
            )
        }
        TimelineKind::Referral => ("♥", fixed(Key::EventReferral)),
        TimelineKind::LostDeal => ("✕", fixed(Key::EventLostDeal)),
    }
}

/// Small tags after the headline: visit kind, outcome, due state, lost-deal state.
fn tags_of(i18n: I18n, e: &TimelineEvent, day: &str, today: &str) -> AnyView {
    match e.kind {
        TimelineKind::Visit => {
            let first = e.first_visit;
            let drive = e.test_drive == Some(true);
            view! {
                {first.map(|f| view! {
                    <span class="tag" class:tag-first=f class:tag-return=!f>
                        {i18n.text(if f { Key::FirstVisit } else { Key::ReturnVisit })}
                    </span>
                })}
                {drive.then(|| view! { <span class="tag tag-drive">{i18n.text(Key::TestDrive)}</span> })}
            }
            .into_any()
        }
        TimelineKind::LoyaltyContact => {
            let status = e.status.unwrap_or(LoyaltyStatus::Due);
            match status {
                LoyaltyStatus::Done => e
                    .outcome
                    .map(|o| {
                        view! {
                            <span class=format!("tag outcome-tag outcome-{}", o.as_str()) data-test="event-outcome">
                                {i18n.text(outcome_key(o))}
                            </span>
                        }
                    })
                    .into_any(),
                LoyaltyStatus::Cancelled => view! {
                    <span class="tag tag-cancelled" data-test="event-status">{i18n.text(loyalty_status_key(status))}</span>
                }
                .into_any(),
                LoyaltyStatus::Due => {
                    let late = days_between(day, today);
                    let text = move || {
                        if late > 0 {
                            fill(i18n.tr(Key::OverdueDays), "n", late)
                        } else if late == 0 {
                            i18n.tr(Key::DueTodayTag).to_owned()
                        } else {
                            i18n.tr(Key::LoyaltyStatusDue).to_owned()
                        }
                    };
                    let slug = match late {
                        1.. => "due-overdue",
                        0 => "due-today",
                        _ => "due-upcoming",
                    };
                    view! {
                        <span class=format!("due-tag {slug}") data-test="event-status">
                            {text}
                        </span>
                    }
                    .into_any()
                }
            }
        }
        TimelineKind::LostDeal => e
            .lost_status
            .map(|s| {
                let key = match s {
                    LostDealStatus::Pending => Key::LostStatusPending,
                    LostDealStatus::Confirmed => Key::LostStatusConfirmed,
                    LostDealStatus::Rejected => Key::LostStatusRejected,
                };
                view! { <span class=format!("tag lost-{}", s.as_str())>{i18n.text(key)}</span> }
            })
            .into_any(),
        _ => ().into_any(),
    }
}

/// The event's particulars: model, sale type, grades, reason, the referred customer.
fn details_of(i18n: I18n, e: &TimelineEvent) -> AnyView {
    let grades = match (e.grade_before, e.grade_after) {
        (Some(b), Some(a)) if b != a || e.kind == TimelineKind::GradeChange => Some(view! {
            <span class="tl-grades" data-test="event-grades">
                <GradeBadge grade=b />
                <span aria-hidden="true">"→"</span>
                <GradeBadge grade=a />
            </span>
        }),
        _ => None,
    };
    let model = e.vehicle_model_name.clone();
    let sale = e.sale_type;
    let reason = e.reason;
    let referred = e
        .referred_customer_id
        .map(|id| (id, e.referred_customer_name.clone().unwrap_or_default()));
    if grades.is_none()
        && model.is_none()
        && sale.is_none()
        && reason.is_none()
        && referred.is_none()
    {
        return ().into_any();
    }
    view! {
        <div class="tl-details">
            {grades}
            {model.map(|m| view! { <span class="tl-model">{m}</span> })}
            {sale.map(|s| view! { <span class="tag">{i18n.text(sale_key(s))}</span> })}
            {reason.map(|r| view! { <span class="tag tag-reason">{i18n.text(reason_key(r))}</span> })}
            {referred.map(|(id, name)| {
                let label = if name.trim().is_empty() { format!("#{id}") } else { name };
                view! { <a class="tl-link" href=format!("/customers/{id}") data-test="referred-customer">{label}</a> }
            })}
        </div>
    }
    .into_any()
}
