//! The reason × model matrix (战败客户分析表): each group's subtotal row above its reasons,
//! each cell a count with its share of the model's column, a tap on it lists the deals.

use keyuan_shared::api::{LostAnalysis, LostCell, LostModel};
use keyuan_shared::metrics::format_rate;
use keyuan_shared::{LostReason, LostReasonGroup};
use leptos::prelude::*;

use crate::api::{LostCellPick, ModelPick};
use crate::components::prospect_bits::{group_key, reason_key};
use crate::i18n::{fill, use_i18n, I18n, Key};

fn model_pick(id: Option<i64>) -> ModelPick {
    id.map_or(ModelPick::NoModel, ModelPick::Model)
}

pub fn model_name(i18n: I18n, model: &LostModel) -> String {
    model
        .name
        .clone()
        .unwrap_or_else(|| i18n.tr(Key::NoModel).to_owned())
}

/// What a row of the matrix stands for.
#[derive(Debug, Clone, Copy)]
enum Line {
    Group(LostReasonGroup),
    Reason(LostReason),
}

impl Line {
    fn pick(self, model: ModelPick) -> LostCellPick {
        let (reason, group) = match self {
            Line::Group(g) => (None, Some(g)),
            Line::Reason(r) => (Some(r), None),
        };
        LostCellPick {
            reason,
            group,
            model,
        }
    }

    fn label(self, i18n: I18n) -> &'static str {
        match self {
            Line::Group(g) => i18n.tr(group_key(g)),
            Line::Reason(r) => i18n.tr(reason_key(r)),
        }
    }
}

#[component]
pub fn LostMatrix(
    analysis: Signal<Option<LostAnalysis>>,
    picked: RwSignal<Option<LostCellPick>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let table = move || {
        let a = analysis.get()?;
        let headings = a
            .models
            .iter()
            .map(|m| view! { <th scope="col">{model_name(i18n, m)}</th> })
            .collect_view();
        // a count the manager can tap: the deals behind it
        let count_button = move |line: Line,
                                 model: ModelPick,
                                 model_label: String,
                                 count: i64,
                                 share: Option<f64>| {
            let pick = line.pick(model);
            let said = fill(
                &fill(
                    &fill(i18n.tr(Key::CellLabel), "reason", line.label(i18n)),
                    "model",
                    &model_label,
                ),
                "n",
                count,
            );
            if count == 0 {
                return view! { <span class="muted">"0"</span> }.into_any();
            }
            view! {
                <button type="button" class="cell-pick" aria-label=said
                    aria-pressed=move || (picked.get() == Some(pick)).to_string()
                    data-test="cell" on:click=move |_| picked.set(Some(pick))>
                    <span class="cell-count">{count}</span>
                    {share.map(|s| view! { <span class="cell-share">{format_rate(Some(s))}</span> })}
                </button>
            }
            .into_any()
        };
        let row = |line: Line,
                   cells: &[LostCell],
                   total: i64,
                   share: Option<f64>,
                   class: &'static str| {
            let cells = cells
                .iter()
                .zip(&a.models)
                .map(|(cell, model)| {
                    let name = model_name(i18n, model);
                    view! { <td>{count_button(line, model_pick(cell.vehicle_model_id), name, cell.count, cell.share_of_model)}</td> }
                })
                .collect_view();
            let all = i18n.tr(Key::AllModels).to_owned();
            view! {
                <tr class=class>
                    <th scope="row">{line.label(i18n)}</th>
                    {cells}
                    <td>{count_button(line, ModelPick::Every, all, total, None)}</td>
                    <td>{format_rate(share)}</td>
                </tr>
            }
        };
        let body = a
            .groups
            .iter()
            .filter(|g| g.total > 0)
            .map(|g| {
                let reasons = a
                    .reasons
                    .iter()
                    .filter(|r| r.group == g.group)
                    .map(|r| {
                        row(
                            Line::Reason(r.reason),
                            &r.cells,
                            r.total,
                            r.share,
                            "reason-row",
                        )
                    })
                    .collect_view();
                view! {
                    {row(Line::Group(g.group), &g.cells, g.total, g.share, "group-row")}
                    {reasons}
                }
            })
            .collect_view();
        let totals = a
            .models
            .iter()
            .map(|m| view! { <td>{m.total}</td> })
            .collect_view();
        Some(view! {
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Key::ColReason)}</th>
                        {headings}
                        <th scope="col">{i18n.tr(Key::ColTotal)}</th>
                        <th scope="col">{i18n.tr(Key::ColShare)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{i18n.tr(Key::ColTotal)}</th>
                        {totals}
                        <td data-test="lost-total">{a.total}</td>
                        <td>{format_rate(Some(1.0).filter(|_| a.total > 0))}</td>
                    </tr>
                </tfoot>
            </table>
        })
    };
    view! {
        <section class="card figures-table lost-matrix" data-test="lost-matrix" aria-labelledby="lost-matrix-title">
            <h2 class="chart-title" id="lost-matrix-title">{i18n.text(Key::LostMatrixTitle)}</h2>
            <div class="table-scroll">{table}</div>
        </section>
    }
}
