//! A report's table in its card: heading, an optional hint, the column captions and the
//! rows. `hook` is the card's `data-test`, its extra class and its heading's id stem.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

#[component]
pub fn ReportTable(
    hook: &'static str,
    title: Key,
    #[prop(optional)] hint: Option<Key>,
    /// Every column's caption, the row headers' first.
    columns: Vec<Key>,
    /// The `<tr>`s.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{hook}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class=format!("card figures-table {hook}") data-test=hook aria-labelledby=labelled_by>
            <h2 class="chart-title" id=title_id>{i18n.text(title)}</h2>
            {hint.map(|hint| view! { <p class="facts">{i18n.text(hint)}</p> })}
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>{columns.into_iter().map(|k| view! { <th scope="col">{i18n.text(k)}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>{children()}</tbody>
                </table>
            </div>
        </section>
    }
}
