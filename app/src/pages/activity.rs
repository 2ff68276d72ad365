//! 活动日报 Daily activity (销售活动日报表): per consultant, the day's (or the week's)
//! meetings, calls and messages logged against the store's 5-20-30 over the days so
//! far, the prospects they added and their overdue follow-ups. Counted by the server
//! with My day's rule; live like the dashboard.

use keyuan_shared::api::{Activity, ActivityLine, ActivityReport};
use keyuan_shared::metrics::Period;
use keyuan_shared::Role;
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::field::FormError;
use crate::components::report_table::ReportTable;
use crate::components::screen_page::ScreenPage;
use crate::i18n::{fill, use_i18n, I18n, Key};
use crate::pages::dashboard::period::{PeriodPicker, RangeChoice};
use crate::pages::dashboard::{live_report, LiveReport};
use crate::screens::Screen;

/// The 5-20-30 columns: caption, test hook, the value of an [`Activity`].
type TargetColumn = (Key, &'static str, fn(&Activity) -> i64);
const TARGET_COLUMNS: [TargetColumn; 3] = [
    (Key::ActivityMeetings, "meetings", |a| a.meetings),
    (Key::ActivityCalls, "calls", |a| a.calls),
    (Key::ActivityMessages, "messages", |a| a.messages),
];

#[component]
pub fn ActivityPage(role: Role) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let choice = RangeChoice::starting(Period::Today);
    let LiveReport { loaded, error, .. } =
        live_report(api, choice.range, move |range| api.activity_report(range));
    let due = move || {
        loaded.get().map(|r| {
            let text = fill(i18n.tr(Key::ActivityDue), "days", r.days_due);
            let text = fill(&text, "meetings", r.due.meetings);
            let text = fill(&text, "calls", r.due.calls);
            view! { <p class="facts" data-test="activity-due">{fill(&text, "messages", r.due.messages)}</p> }
        })
    };
    view! {
        <ScreenPage screen=Screen::Activity role=role>
            <p class="lede">{i18n.text(Key::ActivityIntro)}</p>
            <PeriodPicker choice=choice />
            <FormError hook="report-error" message=error />
            {due}
            <ActivityTable report=loaded />
        </ScreenPage>
    }
}

fn row(i18n: I18n, line: ActivityLine, due: Activity) -> impl IntoView {
    let cells = TARGET_COLUMNS
        .iter()
        .map(|(_, hook, value)| {
            let (done, owed) = (value(&line.activity), value(&due));
            let short = done < owed;
            let said = fill(&fill(i18n.tr(Key::DoneOfDue), "done", done), "due", owed);
            view! { <td class:flagged=short data-test=format!("activity-{hook}")>{said}</td> }
        })
        .collect_view();
    let late = line.overdue > 0;
    view! {
        <tr data-test="activity-line" data-id=line.consultant_id>
            <th scope="row">{line.name}</th>
            {cells}
            <td data-test="activity-added">{line.prospects_added}</td>
            <td class:flagged=late data-test="activity-overdue">{line.overdue}</td>
        </tr>
    }
}

#[component]
fn ActivityTable(report: Signal<Option<ActivityReport>>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = std::iter::once(Key::ColConsultant)
        .chain(TARGET_COLUMNS.iter().map(|(k, ..)| *k))
        .chain([Key::ColProspectsAdded, Key::ColOverdue])
        .collect();
    let rows = move || {
        report.get().map(|r| {
            let due = r.due;
            r.consultants
                .into_iter()
                .map(|line| row(i18n, line, due))
                .collect_view()
        })
    };
    view! {
        <ReportTable hook="activity-lines" title=Key::ActivityReportTitle hint=Key::ActivityHint columns=columns>
            {rows}
        </ReportTable>
    }
}
