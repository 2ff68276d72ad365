//! A sortable table of figures, one row per consultant, vehicle model or store: the
//! league table, the by-model table and the head office's comparison.

use std::cmp::Ordering;

use keyuan_shared::api::KeyedFigures;
use leptos::prelude::*;

use super::tiles::Unit;
use crate::i18n::{use_i18n, Key};

/// One column: its heading and the figure it shows of a row.
pub struct Column {
    label: Key,
    hook: &'static str,
    unit: Unit,
    value: fn(&KeyedFigures) -> Option<f64>,
}

const fn count(label: Key, hook: &'static str, value: fn(&KeyedFigures) -> Option<f64>) -> Column {
    Column {
        label,
        hook,
        unit: Unit::Count,
        value,
    }
}

const fn rate(label: Key, hook: &'static str, value: fn(&KeyedFigures) -> Option<f64>) -> Column {
    Column {
        label,
        hook,
        unit: Unit::Rate,
        value,
    }
}

// The columns that more than one table shows.
const FIRST_VISITS: Column = count(Key::ColFirstVisits, "first-visits", |r| {
    Some(r.figures.first_visits as f64)
});
const TRAFFIC: Column = count(Key::ColTraffic, "traffic", |r| {
    Some(r.figures.traffic_people as f64)
});
const CAPTURE_RATE: Column = rate(Key::ColCaptureRate, "capture-rate", |r| {
    r.figures.rates.capture
});
const TEST_DRIVES: Column = count(Key::ColTestDrives, "test-drives", |r| {
    Some(r.figures.test_drives as f64)
});
const ORDERS: Column = count(Key::ColOrders, "orders", |r| {
    Some(r.figures.sales.total as f64)
});
const CLOSING_RATE: Column = rate(Key::ColClosingRate, "closing-rate", |r| {
    r.figures.rates.closing
});

pub const LEAGUE_COLUMNS: &[Column] = &[
    count(Key::ColWalkIns, "walk-ins", |r| {
        Some(r.figures.walk_ins as f64)
    }),
    count(Key::ColCaptured, "captured", |r| {
        Some(r.figures.captured as f64)
    }),
    TEST_DRIVES,
    ORDERS,
    CLOSING_RATE,
    count(Key::ColOverdue, "overdue", |r| {
        r.overdue_follow_ups.map(|n| n as f64)
    }),
];

pub const MODEL_COLUMNS: &[Column] = &[
    FIRST_VISITS,
    TRAFFIC,
    CAPTURE_RATE,
    TEST_DRIVES,
    ORDERS,
    CLOSING_RATE,
];

pub const STORE_COLUMNS: &[Column] = &[
    TRAFFIC,
    FIRST_VISITS,
    CAPTURE_RATE,
    rate(Key::TileTestDriveRate, "test-drive-rate", |r| {
        r.figures.rates.test_drive
    }),
    CLOSING_RATE,
    count(Key::TileRetail, "retail", |r| {
        Some(r.figures.sales.retail as f64)
    }),
    ORDERS,
];

fn written(column: &Column, row: &KeyedFigures) -> String {
    super::tiles::written(column.unit, (column.value)(row))
}

/// `None`: by name; else by that column. A figure sorts with the largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Order {
    column: Option<usize>,
    descending: bool,
}

fn sorted(mut rows: Vec<KeyedFigures>, columns: &[Column], order: Order) -> Vec<KeyedFigures> {
    rows.sort_by(|a, b| {
        let by = match order.column {
            None => a.name.cmp(&b.name),
            Some(i) => {
                let v = columns[i].value;
                v(a).partial_cmp(&v(b)).unwrap_or(Ordering::Equal)
            }
        };
        if order.descending {
            by.reverse()
        } else {
            by
        }
    });
    rows
}

/// `hook` names the table (`data-test`); `on_pick`, when given, makes each row's name a
/// button that picks that row (the league table filters the tiles to a consultant).
#[component]
pub fn FiguresTable(
    title: Key,
    hint: Option<Key>,
    hook: &'static str,
    columns: &'static [Column],
    rows: Signal<Vec<KeyedFigures>>,
    name_header: Key,
    /// The name of the row of visits with no consultant or model.
    no_name: Key,
    on_pick: Option<Callback<String>>,
    picked: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let order = RwSignal::new(Order {
        column: Some(0),
        descending: true,
    });
    let heading = move |column: Option<usize>, label: Key, hook: String| {
        let sort = move || {
            let o = order.get();
            (o.column == column).then_some(if o.descending {
                "descending"
            } else {
                "ascending"
            })
        };
        let tap = move |_| {
            order.update(|o| {
                *o = if o.column == column {
                    Order {
                        column,
                        descending: !o.descending,
                    }
                } else {
                    Order {
                        column,
                        descending: column.is_some(),
                    }
                }
            })
        };
        view! {
            <th scope="col" aria-sort=sort>
                <button type="button" class="sort" data-test=format!("sort-{hook}") on:click=tap>
                    {i18n.text(label)}
                    <span aria-hidden="true">{move || match sort() { Some("descending") => " ▼", Some(_) => " ▲", None => "" }}</span>
                </button>
            </th>
        }
    };
    let headings = columns
        .iter()
        .enumerate()
        .map(|(i, c)| heading(Some(i), c.label, c.hook.to_owned()))
        .collect_view();
    let body = move || {
        let list = sorted(rows.get(), columns, order.get());
        if list.is_empty() {
            let span = columns.len() + 1;
            return view! { <tr><td colspan=span class="muted">{i18n.tr(Key::TableEmpty)}</td></tr> }.into_any();
        }
        list.into_iter()
            .map(|row| {
                let name = row
                    .name
                    .clone()
                    .unwrap_or_else(|| i18n.tr(no_name).to_owned());
                let key = row.key.clone();
                let is_picked = picked.get().as_deref() == Some(key.as_str());
                let name_cell = match on_pick {
                    Some(pick) => view! {
                        <button type="button" class="row-pick" aria-pressed=is_picked.to_string()
                            data-test="pick" on:click=move |_| pick.run(key.clone())>{name}</button>
                    }
                    .into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                };
                let cells = columns
                    .iter()
                    .map(|c| view! { <td data-test=c.hook>{written(c, &row)}</td> })
                    .collect_view();
                view! {
                    <tr class:picked=is_picked data-test="row" data-key=row.key.clone()>
                        <th scope="row">{name_cell}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    let caption_id = format!("{hook}-title");
    let labelled_by = caption_id.clone();
    view! {
        <section class="card figures-table" data-test=hook aria-labelledby=labelled_by>
            <h2 class="chart-title" id=caption_id>{i18n.text(title)}</h2>
            {hint.map(|h| view! { <p class="facts">{i18n.text(h)}</p> })}
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            {heading(None, name_header, "name".to_owned())}
                            {headings}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}
