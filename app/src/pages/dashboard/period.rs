//! The dashboard's period: today, this week, this month, last month, or a custom range.

use chrono::NaiveDate;
use keyuan_shared::errors;
use keyuan_shared::metrics::{parse_range, DateRange, Period};
use leptos::prelude::*;

use crate::components::choice::ChoiceButton;
use crate::components::field::{DateField, FormError};
use crate::i18n::{tr, use_i18n, I18n, Key};

use super::range_text;

/// Which chip is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chip {
    Preset(Period),
    Custom,
}

/// The chosen period and the custom range being typed.
#[derive(Debug, Clone, Copy)]
pub struct RangeChoice {
    pub chip: RwSignal<Chip>,
    /// The dates the figures are for.
    pub range: RwSignal<DateRange>,
    /// The store's today: the device's until the server has said.
    today: RwSignal<NaiveDate>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    error: RwSignal<Option<String>>,
    i18n: I18n,
}

impl RangeChoice {
    /// This month, until the manager picks another period.
    pub fn new() -> Self {
        Self::starting(Period::ThisMonth)
    }

    /// `period`, until the manager picks another.
    pub fn starting(period: Period) -> Self {
        let today = device_today();
        let range = period.range(today);
        RangeChoice {
            chip: RwSignal::new(Chip::Preset(period)),
            range: RwSignal::new(range),
            today: RwSignal::new(today),
            from: RwSignal::new(range.from.to_string()),
            to: RwSignal::new(range.to.to_string()),
            error: RwSignal::new(None),
            i18n: use_i18n(),
        }
    }

    fn pick(self, period: Period) {
        self.chip.set(Chip::Preset(period));
        self.error.set(None);
        self.range.set(period.range(self.today.get_untracked()));
    }

    /// The store's today, as the server gives it: a period chip follows the store's
    /// calendar (a laptop set to another zone, or past the store's midnight, would
    /// otherwise ask for the wrong days).
    pub fn store_today(self, today: NaiveDate) {
        if self.today.get_untracked() == today {
            return;
        }
        self.today.set(today);
        if let Chip::Preset(period) = self.chip.get_untracked() {
            self.range.set(period.range(today));
        }
    }

    /// The typed range, checked by the same rule the server applies.
    fn apply(self) {
        let locale = self.i18n.locale.get_untracked();
        match parse_range(&self.from.get_untracked(), &self.to.get_untracked()) {
            Ok(range) => {
                self.error.set(None);
                self.range.set(range);
            }
            Err(e) => {
                let field = if e.field == "from" {
                    Key::RangeFrom
                } else {
                    Key::RangeTo
                };
                self.error.set(Some(format!(
                    "{}{}{}",
                    tr(locale, field),
                    tr(locale, Key::FieldSeparator),
                    errors::render(locale, e.reason, &e.params)
                )));
            }
        }
    }
}

/// Today on this device's calendar: the first guess at the store's (see
/// [`RangeChoice::store_today`]).
fn device_today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

const PRESETS: [(Period, Key); 4] = [
    (Period::Today, Key::PeriodToday),
    (Period::ThisWeek, Key::PeriodThisWeek),
    (Period::ThisMonth, Key::PeriodThisMonth),
    (Period::LastMonth, Key::PeriodLastMonth),
];

#[component]
pub fn PeriodPicker(choice: RangeChoice) -> impl IntoView {
    let i18n = use_i18n();
    let chips = PRESETS
        .into_iter()
        .map(|(period, label)| {
            view! {
                <ChoiceButton
                    class="chip"
                    hook=format!("period-{}", period.as_str())
                    pressed=Signal::derive(move || choice.chip.get() == Chip::Preset(period))
                    on_press=move || choice.pick(period)
                >
                    {i18n.text(label)}
                </ChoiceButton>
            }
        })
        .collect_view();
    view! {
        <div class="card period" data-test="period">
            <div class="chips" role="group" aria-label=i18n.text(Key::PeriodLabel)>
                {chips}
                <ChoiceButton
                    class="chip"
                    hook="period-custom"
                    pressed=Signal::derive(move || choice.chip.get() == Chip::Custom)
                    on_press=move || choice.chip.set(Chip::Custom)
                >
                    {i18n.text(Key::PeriodCustom)}
                </ChoiceButton>
            </div>
            {move || (choice.chip.get() == Chip::Custom).then(|| view! {
                <form class="custom-range" on:submit=move |ev| { ev.prevent_default(); choice.apply(); }>
                    <DateField hook="range-from" label=Key::RangeFrom value=choice.from />
                    <DateField hook="range-to" label=Key::RangeTo value=choice.to />
                    <button type="submit" class="btn btn-primary" data-test="range-apply">
                        {i18n.text(Key::RangeApply)}
                    </button>
                </form>
            })}
            <FormError hook="range-error" message=choice.error />
            <p class="facts" data-test="range-shown" aria-live="polite">
                {move || range_text(i18n, choice.range.get())}
            </p>
        </div>
    }
}
