//! 回访 Loyalty contacts. A consultant's phone work list: the contacts due today and
//! overdue (overdue in red, with how late), each with tap-to-call, the car and the step,
//! completed inline with an outcome and a note; below, what was done today. A manager sees
//! the on-time report by consultant for a date range, then the store's work list.

use keyuan_shared::api::{LoyaltyCompleted, LoyaltyList, LoyaltyReport, LoyaltyTask};
use keyuan_shared::permissions::{self, Action};
use keyuan_shared::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{use_api, Api, ApiError, LoyaltyPart};
use crate::components::loyalty_bits::{
    days_between, outcome_key, step_label, CompleteForm, Completion, CompletionNotice, StoreZone,
};
use crate::components::prospect_bits::display_name;
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::latest::Latest;
use crate::screens::Screen;

#[component]
pub fn LoyaltyPage(role: Role) -> impl IntoView {
    view! {
        <ScreenPage screen=Screen::Loyalty role=role>
            {if permissions::may(role, Action::ManageProspects) {
                view! { <ManagerLoyalty /> }.into_any()
            } else {
                view! { <WorkList show_assignee=false /> }.into_any()
            }}
        </ScreenPage>
    }
}

/// The work list's state; every field is a cheap handle.
#[derive(Debug, Clone, Copy)]
struct Lists {
    api: Api,
    i18n: I18n,
    zone: StoreZone,
    open: RwSignal<Option<LoyaltyList>>,
    done: RwSignal<Option<LoyaltyList>>,
    error: RwSignal<Option<String>>,
    completion: Completion,
    generation: Latest,
}

impl Lists {
    fn load(self) {
        let api = self.api;
        let request = async move {
            let open = api.loyalty_contacts(LoyaltyPart::Open).await;
            let done = api.loyalty_contacts(LoyaltyPart::Done).await;
            (open, done)
        };
        self.generation.run(request, move |answers| match answers {
            (Ok(open), Ok(done)) => {
                self.open.set(Some(open));
                self.done.set(Some(done));
                self.error.set(None);
            }
            (Err(ApiError::SignedOut), _) | (_, Err(ApiError::SignedOut)) => {}
            (Err(e), _) | (_, Err(e)) => self
                .error
                .set(Some(e.message(self.i18n.locale.get_untracked()))),
        });
    }

    /// A contact was completed: move it at once, then ask the server again.
    fn completed(self, result: LoyaltyCompleted) {
        self.completion.completed(self.i18n, &result);
        let task = result.contact;
        let id = task.contact.id;
        self.open.update(|l| {
            if let Some(l) = l {
                l.contacts.retain(|t| t.contact.id != id);
            }
        });
        self.done.update(|l| {
            if let Some(l) = l {
                l.contacts.retain(|t| t.contact.id != id);
                l.contacts.insert(0, task);
            }
        });
        self.load();
    }

    /// The store's today, once the server has said.
    fn today(self) -> Option<String> {
        self.open.with(|l| l.as_ref().map(|l| l.today.to_string()))
    }
}

/// Today's and overdue contacts, then those done today. `show_assignee` for managers.
/// `today` hears the store's date once the list has loaded.
#[component]
fn WorkList(
    show_assignee: bool,
    #[prop(optional)] today: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lists = Lists {
        api: use_api(),
        i18n,
        zone: StoreZone::load(),
        open: RwSignal::new(None),
        done: RwSignal::new(None),
        error: RwSignal::new(None),
        completion: Completion::new(),
        generation: Latest::new(),
    };
    lists.load();
    if let Some(out) = today {
        Effect::new(move |_| {
            if let Some(t) = lists.today() {
                if out.get_untracked().as_deref() != Some(t.as_str()) {
                    out.set(Some(t));
                }
            }
        });
    }

    let open_view = move || {
        match lists.open.get() {
        None => match lists.error.get() {
            Some(message) => view! {
                <p class="list-state failed" role="alert" data-test="loyalty-error">
                    <span>{i18n.text(Key::LoadFailed)} ": " {message}</span>
                    <button type="button" class="btn btn-small" on:click=move |_| lists.load()>
                        {i18n.text(Key::Retry)}
                    </button>
                </p>
            }
            .into_any(),
            None => view! { <p class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</p> }.into_any(),
        },
        Some(list) if list.contacts.is_empty() => view! {
            <p class="muted list-state" data-test="loyalty-nothing-due">{i18n.text(Key::LoyaltyNothingDue)}</p>
        }
        .into_any(),
        Some(list) => {
            let today = list.today.to_string();
            view! {
                <ul class="loyalty-list" data-test="loyalty-open">
                    {list
                        .contacts
                        .into_iter()
                        .map(|t| view! { <OpenTask lists=lists task=t today=today.clone() show_assignee=show_assignee /> })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    }
    };

    let done_view = move || {
        let Some(list) = lists.done.get() else {
            return ().into_any();
        };
        let today = list.today.to_string();
        let zone = lists.zone;
        let todays: Vec<LoyaltyTask> = list
            .contacts
            .into_iter()
            .filter(|t| {
                t.contact
                    .completed_at
                    .is_some_and(|at| zone.day(at.timestamp_millis()) == today)
            })
            .collect();
        if todays.is_empty() {
            return view! {
                <p class="muted list-state" data-test="loyalty-none-done">{i18n.text(Key::LoyaltyNoneDone)}</p>
            }
            .into_any();
        }
        view! {
            <ul class="loyalty-list done-list" data-test="loyalty-done">
                {todays
                    .into_iter()
                    .map(|t| view! { <DoneTask lists=lists task=t show_assignee=show_assignee /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    let count = move || {
        lists
            .open
            .with(|l| l.as_ref().map(|l| l.contacts.len()))
            .map(|n| format!(" ({n})"))
    };

    view! {
        <div class="loyalty-work">
            <CompletionNotice completion=lists.completion />
            <section class="loyalty-section" data-test="loyalty-open-section">
                <h2 class="section-title">
                    {i18n.text(if show_assignee { Key::StoreLoyaltyTitle } else { Key::LoyaltyOpenTitle })}
                    {count}
                </h2>
                {open_view}
            </section>
            <section class="loyalty-section" data-test="loyalty-done-section">
                <h2 class="section-title">{i18n.text(Key::LoyaltyDoneTitle)}</h2>
                {done_view}
            </section>
        </div>
    }
}

/// One contact still to be made: who, how to call them, the car, the step, how late.
#[component]
fn OpenTask(lists: Lists, task: LoyaltyTask, today: String, show_assignee: bool) -> impl IntoView {
    let i18n = lists.i18n;
    let c = task.contact.clone();
    let id = c.id;
    let name = display_name(&task.customer_name, &task.customer_phone);
    let phone = keyuan_shared::phone::display(&task.customer_phone);
    let tel = format!("tel:{}", task.customer_phone);
    let due = c.due_on.to_string();
    let late = days_between(&due, &today).max(0);
    let overdue = task.overdue;
    let (step, channel) = (c.step, c.channel);
    let model = task.vehicle_model_name.clone();
    let assignee = task.assignee_name.clone();
    let call_label = format!("{} {}", i18n.tr(Key::CallCustomer), phone);
    view! {
        <li
            class="loyalty-task"
            class:overdue=overdue
            data-test="loyalty-task"
            data-id=id
            data-step=step.as_str()
            data-customer-id=c.customer_id
            data-overdue=overdue.to_string()
        >
            <div class="lt-top">
                <a class="lt-name" href=format!("/customers/{}", c.customer_id) data-test="task-customer">
                    {name}
                </a>
                <span class="due-tag" class:due-overdue=overdue class:due-today=!overdue data-test="task-due">
                    {move || if overdue { fill(i18n.tr(Key::OverdueDays), "n", late) } else { i18n.tr(Key::DueTodayTag).to_owned() }}
                </span>
            </div>
            <div class="lt-step" data-test="task-step">{move || step_label(i18n, step, channel)}</div>
            <div class="lt-sub">
                <span>{model}</span>
                <span class="sep">"·"</span>
                <span data-test="task-due-on">{move || fill(i18n.tr(Key::DueOnDate), "date", &due)}</span>
                {show_assignee.then(|| view! {
                    <span class="sep">"·"</span>
                    <span data-test="task-assignee">{assignee.clone()}</span>
                })}
            </div>
            <div class="lt-actions">
                <a class="btn lt-call" href=tel data-test="task-tel" aria-label=call_label>
                    <span aria-hidden="true">"☎"</span>
                    <span class="lt-phone">{phone}</span>
                </a>
                <button
                    type="button"
                    class="btn btn-primary lt-complete"
                    data-test="complete-open"
                    aria-expanded=move || (lists.completion.form.get() == Some(id)).to_string()
                    on:click=move |_| lists.completion.form.update(|f| *f = if *f == Some(id) { None } else { Some(id) })
                >
                    {i18n.text(Key::CompleteContact)}
                </button>
            </div>
            {move || (lists.completion.form.get() == Some(id)).then(|| view! {
                <CompleteForm
                    contact_id=id
                    on_done=Callback::new(move |r| lists.completed(r))
                    on_cancel=Callback::new(move |_| lists.completion.form.set(None))
                />
            })}
        </li>
    }
}

/// One contact done today, with its outcome and note.
#[component]
fn DoneTask(lists: Lists, task: LoyaltyTask, show_assignee: bool) -> impl IntoView {
    let i18n = lists.i18n;
    let c = task.contact;
    let name = display_name(&task.customer_name, &task.customer_phone);
    let (step, channel) = (c.step, c.channel);
    let outcome = c.outcome;
    let at = c
        .completed_at
        .map(|t| lists.zone.stamp(t.timestamp_millis()));
    let note = c.note.clone();
    let assignee = task.assignee_name.clone();
    view! {
        <li
            class="loyalty-task done"
            data-test="done-task"
            data-id=c.id
            data-step=step.as_str()
            data-outcome=outcome.map(|o| o.as_str())
        >
            <div class="lt-top">
                <a class="lt-name" href=format!("/customers/{}", c.customer_id) data-test="task-customer">{name}</a>
                {outcome.map(|o| view! {
                    <span class=format!("tag outcome-tag outcome-{}", o.as_str()) data-test="task-outcome">
                        {i18n.text(outcome_key(o))}
                    </span>
                })}
            </div>
            <div class="lt-step">{move || step_label(i18n, step, channel)}</div>
            <div class="lt-sub">
                <span>{task.vehicle_model_name.clone()}</span>
                {at.map(|at| view! {
                    <span class="sep">"·"</span>
                    <span>{move || fill(i18n.tr(Key::DoneAt), "time", &at)}</span>
                })}
                {show_assignee.then(|| view! {
                    <span class="sep">"·"</span>
                    <span>{assignee.clone()}</span>
                })}
            </div>
            {(!note.is_empty()).then(|| view! { <p class="log-note" data-test="task-note">{note.clone()}</p> })}
        </li>
    }
}

/// The manager's screen: the on-time report for a range, then the store's work list.
#[component]
fn ManagerLoyalty() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let today = RwSignal::new(None::<String>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let report = RwSignal::new(None::<LoyaltyReport>);
    let error = RwSignal::new(None::<String>);
    let generation = Latest::new();

    // default range: this month up to the store's today
    Effect::new(move |_| {
        if let Some(t) = today.get() {
            if to.get_untracked().is_empty() {
                from.set(format!("{}-01", &t[..7]));
                to.set(t);
            }
        }
    });
    Effect::new(move |_| {
        let (f, t) = (from.get(), to.get());
        if f.len() != 10 || t.len() != 10 {
            return;
        }
        let Some(this) = generation.next() else {
            return;
        };
        spawn_local(async move {
            let result = api.loyalty_report(&f, &t).await;
            if !generation.is(this) {
                return;
            }
            match result {
                Ok(r) => {
                    report.set(Some(r));
                    error.set(None);
                }
                Err(ApiError::SignedOut) => {}
                Err(e) => error.set(Some(e.message(i18n.locale.get_untracked()))),
            }
        });
    });

    let rate = |on_time: i64, late: i64, missed: i64| {
        let due = on_time + late + missed;
        if due == 0 {
            "—".to_owned()
        } else {
            format!("{:.0}%", on_time as f64 * 100.0 / due as f64)
        }
    };

    let table = move || {
        let Some(r) = report.get() else {
            return view! { <p class="muted list-state" aria-busy="true">{i18n.text(Key::Loading)}</p> }.into_any();
        };
        if r.by_consultant.is_empty() {
            return view! { <p class="muted list-state" data-test="report-empty">{i18n.text(Key::ReportEmpty)}</p> }.into_any();
        }
        let total = r.total.clone();
        view! {
            <div class="table-scroll">
                <table class="report-table" data-test="loyalty-report">
                    <thead>
                        <tr>
                            <th scope="col" class="name-col">{i18n.text(Key::ReportConsultant)}</th>
                            <th scope="col">{i18n.text(Key::ReportOnTime)}</th>
                            <th scope="col">{i18n.text(Key::ReportLate)}</th>
                            <th scope="col">{i18n.text(Key::ReportMissed)}</th>
                            <th scope="col">{i18n.text(Key::ReportPending)}</th>
                            <th scope="col">{i18n.text(Key::ReportOnTimeRate)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.by_consultant.into_iter().map(|c| view! {
                            <tr data-test="report-row" data-consultant=c.consultant_name.clone()
                                data-on-time=c.on_time data-late=c.late data-missed=c.missed data-pending=c.pending>
                                <th scope="row" class="name-col">{c.consultant_name.clone()}</th>
                                <td class="num ok" class:zero={c.on_time == 0}>{c.on_time}</td>
                                <td class="num warn" class:zero={c.late == 0}>{c.late}</td>
                                <td class="num bad" class:zero={c.missed == 0}>{c.missed}</td>
                                <td class="num">{c.pending}</td>
                                <td class="num">{rate(c.on_time, c.late, c.missed)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr data-test="report-total" data-on-time=total.on_time data-late=total.late
                            data-missed=total.missed data-pending=total.pending>
                            <th scope="row" class="name-col">{i18n.text(Key::ReportTotal)}</th>
                            <td class="num">{total.on_time}</td>
                            <td class="num">{total.late}</td>
                            <td class="num">{total.missed}</td>
                            <td class="num">{total.pending}</td>
                            <td class="num">{rate(total.on_time, total.late, total.missed)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        }
        .into_any()
    };

    let date_field = move |hook: &'static str, label: Key, value: RwSignal<String>| {
        view! {
            <label class="field" for=hook>
                <span class="field-label">{i18n.text(label)}</span>
                <input
                    id=hook
                    data-test=hook
                    type="date"
                    prop:value=move || value.get()
                    on:change=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
    };

    view! {
        <div class="loyalty-manager">
            <section class="card loyalty-report" data-test="loyalty-report-section">
                <h2 class="section-title">{i18n.text(Key::ReportTitle)}</h2>
                <div class="report-range">
                    {date_field("report-from", Key::ReportFrom, from)}
                    {date_field("report-to", Key::ReportTo, to)}
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-test="report-error">{e}</p> })}
                {table}
                <p class="muted report-hint">{i18n.text(Key::ReportHint)}</p>
            </section>
            <WorkList show_assignee=true today=today />
        </div>
    }
}
