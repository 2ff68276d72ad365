//! Campaign results (展示/活动效果): what each campaign brought in, its cost per order and
//! the store's average campaign beside it. The rules of which visits belong to a campaign
//! are in `shared/README.md` (Campaigns); the counts come from the showroom figures'
//! counts grouped by campaign, so a campaign's first visits are counted exactly as the
//! dashboard counts first visits.

use chrono::NaiveDate;

use crate::api::{
    Campaign, CampaignAverage, CampaignCounts, CampaignPatch, CampaignReport, CampaignResult,
    NewCampaign, ShowroomCounts,
};
use crate::errors::Reason;
use crate::validate::{name, Checked, FieldError, Validate};

/// The most a campaign may cost, in yuan (一亿元): anything above is a typing slip.
pub const CAMPAIGN_COST_MAX: i64 = 100_000_000;

/// A campaign's figures out of the showroom counts of its visits, prospects and orders:
/// visits are its walk-ins, prospects those its visits opened (whatever their grade now),
/// orders theirs of every sale type.
pub fn campaign_counts(c: &ShowroomCounts) -> CampaignCounts {
    CampaignCounts {
        visits: c.walk_ins,
        first_visits: c.first_visits,
        captured: c.captured,
        test_drives: c.test_drives,
        prospects: c.grades.total(),
        orders: c.orders(),
    }
}

/// Yuan per order; `None` with no order (shown as "—").
pub fn cost_per_order(cost: f64, orders: f64) -> Option<f64> {
    (orders > 0.0).then(|| cost / orders)
}

/// Yuan rounded to the yuan with thousands grouped: `¥13,333`; "—" for none.
pub fn format_yuan(yuan: Option<f64>) -> String {
    let Some(yuan) = yuan else {
        return "—".to_owned();
    };
    let digits = (yuan.round() as i64).unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    let sign = if yuan.round() < 0.0 { "-" } else { "" };
    format!("{sign}¥{grouped}")
}

/// Whether `date` (store-local) is one of the campaign's days: the days a receptionist
/// may tie a visitor to it.
pub fn is_on(campaign: &Campaign, date: NaiveDate) -> bool {
    campaign.starts_on <= date && date <= campaign.ends_on
}

/// The report: each campaign with its figures and cost per order, and the average.
pub fn campaign_report(
    from: NaiveDate,
    to: NaiveDate,
    campaigns: Vec<(Campaign, CampaignCounts)>,
) -> CampaignReport {
    let average = average(&campaigns);
    let campaigns = campaigns
        .into_iter()
        .map(|(campaign, counts)| CampaignResult {
            cost_per_order: cost_per_order(campaign.cost as f64, counts.orders as f64),
            campaign,
            counts,
        })
        .collect();
    CampaignReport {
        from,
        to,
        campaigns,
        average,
    }
}

fn average(campaigns: &[(Campaign, CampaignCounts)]) -> Option<CampaignAverage> {
    if campaigns.is_empty() {
        return None;
    }
    let n = campaigns.len() as f64;
    let sum = |f: fn(&CampaignCounts) -> i64| campaigns.iter().map(|(_, c)| f(c)).sum::<i64>();
    let cost: i64 = campaigns.iter().map(|(c, _)| c.cost).sum();
    let orders = sum(|c| c.orders);
    Some(CampaignAverage {
        visits: sum(|c| c.visits) as f64 / n,
        first_visits: sum(|c| c.first_visits) as f64 / n,
        captured: sum(|c| c.captured) as f64 / n,
        test_drives: sum(|c| c.test_drives) as f64 / n,
        prospects: sum(|c| c.prospects) as f64 / n,
        orders: orders as f64 / n,
        cost: cost as f64 / n,
        cost_per_order: cost_per_order(cost as f64, orders as f64),
    })
}

fn check_dates(starts_on: NaiveDate, ends_on: NaiveDate) -> Checked {
    if ends_on < starts_on {
        return Err(FieldError::new("ends_on", Reason::EndsBeforeStart));
    }
    Ok(())
}

fn check_cost(cost: i64) -> Checked {
    if !(0..=CAMPAIGN_COST_MAX).contains(&cost) {
        return Err(FieldError::new("cost", Reason::OutOfRange)
            .with("min", 0)
            .with("max", CAMPAIGN_COST_MAX));
    }
    Ok(())
}

/// Name, dates in order, cost within 0..=[`CAMPAIGN_COST_MAX`].
pub fn check_campaign(name_: &str, starts_on: NaiveDate, ends_on: NaiveDate, cost: i64) -> Checked {
    name("name", name_)?;
    check_dates(starts_on, ends_on)?;
    check_cost(cost)
}

impl Validate for NewCampaign {
    fn validate(&self) -> Checked {
        check_campaign(&self.name, self.starts_on, self.ends_on, self.cost)
    }
}

/// A patch alone can only be checked field by field; the dates' order is checked against
/// the stored campaign with [`patched`].
impl Validate for CampaignPatch {
    fn validate(&self) -> Checked {
        if let Some(n) = &self.name {
            name("name", n)?;
        }
        if let (Some(s), Some(e)) = (self.starts_on, self.ends_on) {
            check_dates(s, e)?;
        }
        self.cost.map_or(Ok(()), check_cost)
    }
}

/// `old` with `patch` applied, checked as a whole (a new end before the kept start).
pub fn patched(old: &Campaign, patch: &CampaignPatch) -> Result<NewCampaign, FieldError> {
    let new = NewCampaign {
        name: patch.name.clone().unwrap_or_else(|| old.name.clone()),
        starts_on: patch.starts_on.unwrap_or(old.starts_on),
        ends_on: patch.ends_on.unwrap_or(old.ends_on),
        cost: patch.cost.unwrap_or(old.cost),
    };
    new.validate()?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GradeCounts;
    use chrono::Utc;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn campaign(id: i64, cost: i64) -> Campaign {
        Campaign {
            id,
            store_id: 1,
            name: format!("活动{id}"),
            starts_on: day("2026-11-07"),
            ends_on: day("2026-11-08"),
            cost,
            created_at: Utc::now(),
        }
    }

    fn counts(visits: i64, orders: i64) -> CampaignCounts {
        CampaignCounts {
            visits,
            first_visits: visits - 1,
            captured: visits / 2,
            test_drives: 1,
            prospects: visits / 2,
            orders,
        }
    }

    #[test]
    fn counts_from_the_showroom_counts() {
        let c = ShowroomCounts {
            walk_ins: 12,
            first_visits: 10,
            return_visits: 2,
            phone_ins: 3,
            captured: 7,
            test_drives: 4,
            retail: 2,
            secondary: 1,
            fleet: 1,
            grades: GradeCounts {
                o: 4,
                h: 1,
                a: 2,
                b: 0,
                c: 3,
            },
            ..ShowroomCounts::default()
        };
        assert_eq!(
            campaign_counts(&c),
            CampaignCounts {
                visits: 12,
                first_visits: 10,
                captured: 7,
                test_drives: 4,
                prospects: 10,
                orders: 4,
            }
        );
    }

    #[test]
    fn cost_per_order_and_the_average() {
        let report = campaign_report(
            day("2026-11-01"),
            day("2026-11-30"),
            vec![
                (campaign(1, 30_000), counts(20, 3)),
                (campaign(2, 10_000), counts(10, 0)),
            ],
        );
        assert_eq!(report.campaigns[0].cost_per_order, Some(10_000.0));
        assert_eq!(report.campaigns[1].cost_per_order, None);
        let average = report.average.unwrap();
        assert_eq!(average.visits, 15.0);
        assert_eq!(average.orders, 1.5);
        assert_eq!(average.cost, 20_000.0);
        // the store's campaigns together: 40,000 yuan for 3 orders
        assert!((average.cost_per_order.unwrap() - 13_333.333).abs() < 0.001);
        assert_eq!(
            campaign_report(day("2026-11-01"), day("2026-11-30"), vec![]).average,
            None
        );
    }

    #[test]
    fn yuan_are_grouped_by_thousands() {
        assert_eq!(format_yuan(Some(13_333.333)), "¥13,333");
        assert_eq!(format_yuan(Some(999.5)), "¥1,000");
        assert_eq!(format_yuan(Some(0.0)), "¥0");
        assert_eq!(format_yuan(Some(100_000_000.0)), "¥100,000,000");
        assert_eq!(format_yuan(None), "—");
    }

    #[test]
    fn the_days_of_a_campaign() {
        let c = campaign(1, 0);
        assert!(!is_on(&c, day("2026-11-06")));
        assert!(is_on(&c, day("2026-11-07")));
        assert!(is_on(&c, day("2026-11-08")));
        assert!(!is_on(&c, day("2026-11-09")));
    }

    #[test]
    fn checks_name_dates_and_cost() {
        let new = |name: &str, s: &str, e: &str, cost| NewCampaign {
            name: name.into(),
            starts_on: day(s),
            ends_on: day(e),
            cost,
        };
        assert!(new("试驾日", "2026-11-07", "2026-11-07", 0)
            .validate()
            .is_ok());
        let field = |n: NewCampaign| n.validate().unwrap_err().field;
        assert_eq!(field(new(" ", "2026-11-07", "2026-11-08", 0)), "name");
        assert_eq!(field(new("a", "2026-11-08", "2026-11-07", 0)), "ends_on");
        assert_eq!(field(new("a", "2026-11-07", "2026-11-08", -1)), "cost");
        assert_eq!(
            field(new("a", "2026-11-07", "2026-11-08", CAMPAIGN_COST_MAX + 1)),
            "cost"
        );
        // a patch moving the end before the kept start
        let old = campaign(1, 0);
        let patch = CampaignPatch {
            ends_on: Some(day("2026-11-06")),
            ..CampaignPatch::default()
        };
        assert!(patch.validate().is_ok());
        assert_eq!(patched(&old, &patch).unwrap_err().field, "ends_on");
    }
}
