//! The lost-deal analysis (战败客户分析表): the matrix reason × vehicle model made from the
//! database's counts of confirmed lost deals, with its shares and the groups' subtotals.
//! The server counts; everything made from the counts is here.

use std::collections::{BTreeMap, BTreeSet};

use super::{ratio, DateRange};
use crate::api::{LostAnalysis, LostCell, LostGroup, LostModel, LostReasonRow};
use crate::{LostReason, LostReasonGroup};

/// Confirmed lost deals of one reason and one model (`None`: the prospect named none), as
/// the database groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LostCount {
    pub reason: LostReason,
    pub vehicle_model_id: Option<i64>,
    pub count: i64,
}

/// The analysis of `store_id` over `range` from its `counts` (in any order; counts of the
/// same cell add up, zeros are left out). `model_name` names a model's column.
///
/// Rows are the reasons with a lost deal, in `LostReason::ALL` order; columns the models
/// with one, by name (then id), the column without a model last; every row has a cell for
/// every column. The groups are all five, in `LostReasonGroup::ALL` order.
pub fn lost_analysis(
    store_id: i64,
    range: DateRange,
    counts: &[LostCount],
    model_name: impl Fn(i64) -> Option<String>,
) -> LostAnalysis {
    let mut cells: BTreeMap<(LostReason, Option<i64>), i64> = BTreeMap::new();
    for c in counts.iter().filter(|c| c.count != 0) {
        *cells.entry((c.reason, c.vehicle_model_id)).or_default() += c.count;
    }
    let total: i64 = cells.values().sum();

    let ids: BTreeSet<Option<i64>> = cells.keys().map(|(_, model)| *model).collect();
    let mut models: Vec<LostModel> = ids
        .into_iter()
        .map(|id| LostModel {
            vehicle_model_id: id,
            name: id.and_then(&model_name),
            total: cells
                .iter()
                .filter(|((_, m), _)| *m == id)
                .map(|(_, n)| n)
                .sum(),
        })
        .collect();
    models.sort_by(|a, b| {
        let key = |m: &LostModel| {
            (
                m.vehicle_model_id.is_none(),
                m.name.clone(),
                m.vehicle_model_id,
            )
        };
        key(a).cmp(&key(b))
    });

    // one row of cells, for the reasons `takes` picks
    let row = |takes: &dyn Fn(LostReason) -> bool| -> (i64, Vec<LostCell>) {
        let cells: Vec<LostCell> = models
            .iter()
            .map(|m| {
                let count = cells
                    .iter()
                    .filter(|((r, id), _)| takes(*r) && *id == m.vehicle_model_id)
                    .map(|(_, n)| n)
                    .sum();
                LostCell {
                    vehicle_model_id: m.vehicle_model_id,
                    count,
                    share_of_model: ratio(count, m.total),
                }
            })
            .collect();
        (cells.iter().map(|c| c.count).sum(), cells)
    };

    let reasons = LostReason::ALL
        .iter()
        .filter_map(|&reason| {
            let (n, cells) = row(&|r| r == reason);
            (n != 0).then(|| LostReasonRow {
                reason,
                group: reason.group(),
                total: n,
                share: ratio(n, total),
                cells,
            })
        })
        .collect();
    let groups = LostReasonGroup::ALL
        .iter()
        .map(|&group| {
            let (n, cells) = row(&|r| r.group() == group);
            LostGroup {
                group,
                total: n,
                share: ratio(n, total),
                cells,
            }
        })
        .collect();

    LostAnalysis {
        store_id,
        from: range.from,
        to: range.to,
        total,
        models,
        reasons,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LostReason as R;
    use LostReasonGroup as G;

    fn range() -> DateRange {
        DateRange {
            from: "2026-01-01".parse().unwrap(),
            to: "2026-01-31".parse().unwrap(),
        }
    }

    fn count(reason: LostReason, model: Option<i64>, count: i64) -> LostCount {
        LostCount {
            reason,
            vehicle_model_id: model,
            count,
        }
    }

    fn names(id: i64) -> Option<String> {
        match id {
            1 => Some("狮跑".to_owned()),
            2 => Some("K5".to_owned()),
            _ => None,
        }
    }

    fn analysis(counts: &[LostCount]) -> LostAnalysis {
        lost_analysis(7, range(), counts, names)
    }

    #[test]
    fn shares_are_of_the_models_column_and_of_the_total() {
        let a = analysis(&[
            count(R::Price, Some(1), 3),
            count(R::Price, Some(2), 1),
            count(R::Brand, Some(1), 1),
            count(R::Other, None, 3),
        ]);
        assert_eq!((a.store_id, a.from, a.to), (7, range().from, range().to));
        assert_eq!(a.total, 8);
        let columns: Vec<(Option<i64>, Option<&str>, i64)> = a
            .models
            .iter()
            .map(|m| (m.vehicle_model_id, m.name.as_deref(), m.total))
            .collect();
        assert_eq!(
            columns,
            [
                (Some(2), Some("K5"), 1),
                (Some(1), Some("狮跑"), 4),
                (None, None, 3)
            ],
            "by name, the column without a model last"
        );
        let price = a.reasons.iter().find(|r| r.reason == R::Price).unwrap();
        assert_eq!(
            (price.group, price.total, price.share),
            (G::Price, 4, Some(0.5))
        );
        assert_eq!(
            price.cells,
            [
                LostCell {
                    vehicle_model_id: Some(2),
                    count: 1,
                    share_of_model: Some(1.0)
                },
                LostCell {
                    vehicle_model_id: Some(1),
                    count: 3,
                    share_of_model: Some(0.75)
                },
                LostCell {
                    vehicle_model_id: None,
                    count: 0,
                    share_of_model: Some(0.0)
                },
            ]
        );
        let shares: f64 = a.reasons.iter().filter_map(|r| r.share).sum();
        assert!(
            (shares - 1.0).abs() < 1e-9,
            "the reasons' shares add up to 1"
        );
    }

    #[test]
    fn reasons_come_in_the_forms_order_and_only_with_a_deal() {
        let a = analysis(&[
            count(R::SlowFollowUp, Some(1), 1),
            count(R::Brand, Some(1), 2),
            count(R::BadQuote, Some(1), 1),
            count(R::Exterior, Some(2), 0),
        ]);
        let order: Vec<LostReason> = a.reasons.iter().map(|r| r.reason).collect();
        assert_eq!(order, [R::Brand, R::BadQuote, R::SlowFollowUp]);
        assert_eq!(
            a.models.len(),
            1,
            "a zero count makes no column: {:?}",
            a.models
        );
    }

    #[test]
    fn the_same_cell_counted_twice_adds_up() {
        let a = analysis(&[count(R::Price, Some(1), 2), count(R::Price, Some(1), 3)]);
        assert_eq!(a.total, 5);
        assert_eq!(a.reasons.len(), 1);
        assert_eq!(a.reasons[0].cells[0].count, 5);
    }

    #[test]
    fn groups_add_their_reasons_up_by_model() {
        let a = analysis(&[
            count(R::Brand, Some(1), 1),
            count(R::Quality, Some(2), 2),
            count(R::Price, Some(1), 1),
            count(R::Unprofessional, None, 1),
            count(R::BrokenPromise, None, 1),
        ]);
        let groups: Vec<(LostReasonGroup, i64, Option<f64>)> = a
            .groups
            .iter()
            .map(|g| (g.group, g.total, g.share))
            .collect();
        assert_eq!(
            groups,
            [
                (G::Product, 3, Some(0.5)),
                (G::Price, 1, Some(1.0 / 6.0)),
                (G::Salesperson, 2, Some(1.0 / 3.0)),
                (G::Management, 0, Some(0.0)),
                (G::Other, 0, Some(0.0)),
            ],
            "all five groups, zeros included"
        );
        let product: Vec<(Option<i64>, i64, Option<f64>)> = a.groups[0]
            .cells
            .iter()
            .map(|c| (c.vehicle_model_id, c.count, c.share_of_model))
            .collect();
        // columns: K5 (2), 狮跑 (1), none
        assert_eq!(
            product,
            [
                (Some(2), 2, Some(1.0)),
                (Some(1), 1, Some(0.5)),
                (None, 0, Some(0.0))
            ]
        );
    }

    #[test]
    fn nothing_lost_is_an_empty_matrix_with_no_shares() {
        let a = analysis(&[]);
        assert_eq!(a.total, 0);
        assert!(a.models.is_empty() && a.reasons.is_empty());
        assert_eq!(a.groups.len(), LostReasonGroup::ALL.len());
        assert!(a
            .groups
            .iter()
            .all(|g| g.total == 0 && g.share.is_none() && g.cells.is_empty()));
    }

    #[test]
    fn the_column_without_a_model_comes_last() {
        let a = analysis(&[
            count(R::Price, None, 1),
            count(R::Price, Some(9), 1),
            count(R::Price, Some(1), 1),
        ]);
        let ids: Vec<Option<i64>> = a.models.iter().map(|m| m.vehicle_model_id).collect();
        assert_eq!(
            ids,
            [Some(9), Some(1), None],
            "an unnamed model before a named one, no model last"
        );
    }
}
