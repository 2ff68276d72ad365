//! Demo data: one store with its catalogue and staff, loaded once into an empty database.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{
    Delivery, NewCampaign, NewFollowUp, NewOrder, NewProspect, NewStore, NewVisit, ProspectPatch,
};
use keyuan_shared::{FollowUpChannel, Grade, LoyaltyStatus, Role, SaleType, Source, VisitKind};

use crate::auth::hash_password_blocking;
use crate::error::ApiResult;
use crate::models::NewUserRow;
use crate::queries::prospects;
use crate::queries::scope::Scope;
use crate::queries::{campaigns, stores, users, vehicle_models, visits};
use crate::schema;

pub const DEMO_STORE: &str = "演示店";
pub const DEMO_PASSWORD: &str = "keyuan-demo";
pub const DEMO_MODELS: &[&str] = &["福瑞迪", "狮跑", "智跑", "K2", "K5", "秀儿", "赛拉图"];
/// (login, name, role)
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin", "系统管理员", Role::Admin),
    ("manager", "赵敏", Role::Manager),
    ("reception", "李娜", Role::Receptionist),
    ("consultant1", "王磊", Role::Consultant),
    ("consultant2", "刘洋", Role::Consultant),
    ("consultant3", "陈静", Role::Consultant),
];

/// How much of the demo to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// Store, catalogue and staff: what tests build on.
    StaffOnly,
    /// Also a realistic showroom day, so a first run shows a living screen.
    WithActivity,
}

/// Loads the demo store unless the database already has users; returns whether it did.
pub async fn load_demo_data(conn: &mut AsyncPgConnection, demo: Demo) -> ApiResult<bool> {
    let existing: i64 = schema::users::table.count().get_result(conn).await?;
    if existing > 0 {
        return Ok(false);
    }
    // One hash for all demo accounts: they share the published password anyway.
    let password_hash = hash_password_blocking(DEMO_PASSWORD.to_owned()).await?;
    conn.transaction(async |conn| {
        let store = NewStore {
            name: DEMO_STORE.to_owned(),
            time_zone: None,
        };
        let store = stores::create(conn, None, &store).await?;
        for name in DEMO_MODELS {
            vehicle_models::create(conn, None, store.id, name).await?;
        }
        let mut receptionist = None;
        let mut manager = None;
        let mut consultants = Vec::new();
        for (login, name, role) in DEMO_USERS {
            let store_id = role.has_store().then_some(store.id);
            let row = NewUserRow {
                store_id,
                name,
                login,
                password_hash: &password_hash,
                role: *role,
            };
            let user = users::create(conn, None, row).await?;
            match role {
                Role::Receptionist => receptionist = Some(user.id),
                Role::Manager => manager = Some(user.id),
                Role::Consultant => consultants.push(user.id),
                _ => {}
            }
        }
        if demo == Demo::WithActivity {
            let models: Vec<i64> = vehicle_models::list(conn, Some(store.id))
                .await?
                .iter()
                .map(|m| m.id)
                .collect();
            let receptionist = receptionist.expect("the demo staff has a receptionist");
            let manager = manager.expect("the demo staff has a manager");
            let campaign = load_demo_campaign(conn, manager, store.id).await?;
            load_demo_visits(conn, receptionist, store.id, &models, campaign).await?;
            for (index, consultant) in consultants.iter().enumerate() {
                load_demo_prospects(conn, store.id, *consultant, index, &models).await?;
            }
        }
        Ok(true)
    })
    .await
}

/// (minutes before now, kind, party, source, phone, name, model index, test drive, stayed minutes)
type DemoVisit = (
    i64,
    VisitKind,
    i32,
    Source,
    Option<&'static str>,
    &'static str,
    Option<usize>,
    bool,
    Option<i64>,
);

/// A showroom day: yesterday's full log and the last hours of today, some visitors still
/// in the showroom, some who left no details, one returning customer.
#[rustfmt::skip]
const DEMO_VISITS: &[DemoVisit] = &[
    (1500, VisitKind::WalkIn,  2, Source::WalkIn,   Some("13811112222"), "周先生", Some(1), true,  Some(55)),
    (1470, VisitKind::PhoneIn, 1, Source::Phone,    Some("13922223333"), "吴女士", Some(4), false, None),
    (1440, VisitKind::WalkIn,  3, Source::Event,    Some("13733334444"), "郑先生", Some(2), false, Some(35)),
    (1400, VisitKind::WalkIn,  1, Source::WalkIn,   None,                "",       None,    false, Some(12)),
    (1360, VisitKind::WalkIn,  2, Source::Referral, Some("13644445555"), "孙女士", Some(5), true,  Some(70)),
    (1320, VisitKind::WalkIn,  1, Source::Online,   Some("13555556666"), "钱先生", Some(3), false, Some(25)),
    (1290, VisitKind::WalkIn,  4, Source::WalkIn,   None,                "",       Some(0), false, Some(18)),
    (1250, VisitKind::PhoneIn, 1, Source::Phone,    Some("13466667777"), "冯先生", Some(6), false, None),
    (1220, VisitKind::WalkIn,  2, Source::WalkIn,   Some("13377778888"), "陈女士", Some(1), true,  Some(48)),
    (250,  VisitKind::WalkIn,  2, Source::WalkIn,   Some("13811112222"), "周先生", Some(1), true,  Some(40)),
    (200,  VisitKind::WalkIn,  1, Source::WalkIn,   None,                "",       None,    false, Some(8)),
    (160,  VisitKind::PhoneIn, 1, Source::Phone,    Some("15088889999"), "褚先生", Some(4), false, None),
    (120,  VisitKind::WalkIn,  3, Source::Event,    Some("15199990000"), "卫女士", Some(2), false, Some(45)),
    (75,   VisitKind::WalkIn,  2, Source::Online,   Some("15200001111"), "蒋先生", Some(5), true,  Some(30)),
    (40,   VisitKind::WalkIn,  1, Source::WalkIn,   Some("15311112222"), "沈女士", Some(0), false, None),
    (15,   VisitKind::WalkIn,  2, Source::Referral, Some("15422223333"), "韩先生", Some(3), false, None),
];

async fn load_demo_visits(
    conn: &mut AsyncPgConnection,
    receptionist: i64,
    store_id: i64,
    models: &[i64],
    campaign: i64,
) -> ApiResult<()> {
    let now = Utc::now();
    for (minutes_ago, kind, party_size, source, phone, name, model, test_drive, stayed) in
        DEMO_VISITS
    {
        let arrived_at = now - Duration::minutes(*minutes_ago);
        let left_at = stayed
            .map(|m| arrived_at + Duration::minutes(m))
            .filter(|left| *left < now);
        let new = NewVisit {
            kind: *kind,
            party_size: *party_size,
            source: *source,
            arrived_at: Some(arrived_at),
            left_at,
            phone: phone.map(str::to_owned),
            name: Some(name.to_string()).filter(|n| !n.is_empty()),
            vehicle_model_id: model.and_then(|i| models.get(i).copied()),
            consultant_id: None,
            test_drive: Some(*test_drive),
            note: None,
            referred_by: None,
            campaign_id: (*source == Source::Event).then_some(campaign),
        };
        visits::create(conn, receptionist, store_id, &new).await?;
    }
    Ok(())
}

/// One demo prospect: (surname, title, grade, days since created, days since last
/// contact, next follow-up relative to today, M, A, N, source).
type DemoProspect = (
    &'static str,
    &'static str,
    Grade,
    i64,
    i64,
    i64,
    bool,
    bool,
    bool,
    Source,
);

/// A consultant's book: every grade, a few overdue, a few due today, one order waiting for
/// delivery. The same shape for each consultant, with their own customers.
#[rustfmt::skip]
const DEMO_PROSPECTS: &[DemoProspect] = &[
    ("赵", "先生", Grade::O, 20, 1, 1, true, true, true, Source::WalkIn),
    ("钱", "女士", Grade::H, 12, 3, -1, true, true, true, Source::Referral),
    ("孙", "先生", Grade::H, 9, 2, 0, true, false, true, Source::WalkIn),
    ("李", "女士", Grade::A, 15, 4, 0, true, true, false, Source::Online),
    ("周", "先生", Grade::A, 18, 6, -2, false, true, true, Source::Event),
    ("吴", "女士", Grade::A, 7, 1, 3, true, false, false, Source::WalkIn),
    ("郑", "先生", Grade::B, 25, 9, -2, true, true, false, Source::Outbound),
    ("王", "女士", Grade::B, 30, 5, 2, false, false, true, Source::WalkIn),
    ("冯", "先生", Grade::B, 21, 7, 0, true, false, true, Source::Phone),
    ("陈", "女士", Grade::B, 40, 3, 4, false, true, false, Source::Referral),
    ("褚", "先生", Grade::C, 45, 20, -5, false, false, true, Source::WalkIn),
    ("卫", "女士", Grade::C, 35, 10, 5, false, false, false, Source::Online),
    ("蒋", "先生", Grade::C, 60, 14, 1, true, false, false, Source::Event),
    ("沈", "女士", Grade::C, 50, 8, 7, false, true, false, Source::Outbound),
    ("韩", "先生", Grade::C, 28, 13, 2, false, false, true, Source::WalkIn),
];

/// The demo store's test-drive weekend, from two days ago to today: the demo's event
/// visitors came for it.
async fn load_demo_campaign(
    conn: &mut AsyncPgConnection,
    manager: i64,
    store_id: i64,
) -> ApiResult<i64> {
    let zone = crate::time::parse_zone(keyuan_shared::DEFAULT_TIME_ZONE);
    let today = crate::time::local_date(zone, Utc::now());
    let campaign = NewCampaign {
        name: "周末试驾会".to_owned(),
        starts_on: today - Duration::days(2),
        ends_on: today,
        cost: 20_000,
    };
    Ok(campaigns::save(conn, manager, store_id, None, &campaign)
        .await?
        .id)
}

/// A demo consultant's prospects, and one customer delivered three months ago whose
/// loyalty calls so far are done and whose three-month call is due today.
async fn load_demo_prospects(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    consultant: i64,
    index: usize,
    models: &[i64],
) -> ApiResult<()> {
    use diesel::sql_types::{BigInt, Date, Timestamptz};
    let scope = Scope {
        actor_id: consultant,
        store_id,
        owner_id: Some(consultant),
    };
    let now = Utc::now();
    let today = crate::time::local_date(
        crate::time::parse_zone(keyuan_shared::DEFAULT_TIME_ZONE),
        now,
    );
    let day = |offset: i64| today + Duration::days(offset);
    for (i, (_, _, grade, created, contacted, next, money, authority, need, source)) in
        DEMO_PROSPECTS.iter().enumerate()
    {
        // each consultant's customers get other names than their colleagues'
        let (surname, title) = {
            let named = &DEMO_PROSPECTS[(i + 5 * index) % DEMO_PROSPECTS.len()];
            (
                named.0,
                if index.is_multiple_of(2) {
                    named.1
                } else {
                    swap_title(named.1)
                },
            )
        };
        let model = models[(i + index) % models.len()];
        let new = NewProspect {
            phone: format!("1870{index}{i:06}"),
            name: Some(format!("{surname}{title}")),
            source: *source,
            grade: None,
            vehicle_model_id: Some(model),
            budget: Some(100_000 + 10_000 * ((i + index) as i32 % 15)),
            note: None,
            referred_by: None,
            owner_id: None,
        };
        let prospect = prospects::create(conn, scope, &new).await?;
        let first_grade = match grade {
            Grade::O => Grade::H,
            other => *other,
        };
        let channel = [
            FollowUpChannel::Call,
            FollowUpChannel::Message,
            FollowUpChannel::Visit,
        ][i % 3];
        let follow_up = NewFollowUp {
            channel,
            note: None,
            grade: Some(first_grade),
            next_follow_up_on: None,
        };
        prospects::follow_up(conn, scope, prospect.id, &follow_up).await?;
        let man = ProspectPatch {
            money: Some(*money),
            authority: Some(*authority),
            need: Some(*need),
            ..Default::default()
        };
        prospects::update(conn, scope, prospect.id, &man).await?;
        if *grade == Grade::O {
            let order = NewOrder {
                vehicle_model_id: model,
                sale_type: SaleType::Retail,
                ordered_at: None,
                ordered_on: Some(day(-*contacted)),
            };
            prospects::order(conn, scope, prospect.id, &order).await?;
        }
        // back-date what was just written to the prospect's story
        let created_at = now - Duration::days(*created);
        let contacted_at = now - Duration::days(*contacted);
        diesel::sql_query(
            "UPDATE prospects SET created_at = $2, last_contact_at = $3, next_follow_up_on = $4 WHERE id = $1",
        )
        .bind::<BigInt, _>(prospect.id)
        .bind::<Timestamptz, _>(created_at)
        .bind::<Timestamptz, _>(contacted_at)
        .bind::<Date, _>(day(*next))
        .execute(conn)
        .await?;
        diesel::sql_query("UPDATE follow_ups SET at = $2 WHERE prospect_id = $1")
            .bind::<BigInt, _>(prospect.id)
            .bind::<Timestamptz, _>(contacted_at)
            .execute(conn)
            .await?;
        backdate_history(conn, prospect.id, created_at, contacted_at).await?;
    }

    // a delivered customer: ordered four months ago, delivered three months ago today
    let delivered_on = today
        .checked_sub_months(chrono::Months::new(3))
        .unwrap_or(today);
    let new = NewProspect {
        phone: format!("1880{index}000001"),
        name: Some(["欧阳先生", "司马女士", "上官先生"][index % 3].to_owned()),
        source: Source::Referral,
        grade: Some(Grade::H),
        vehicle_model_id: Some(models[index % models.len()]),
        budget: Some(160_000),
        note: None,
        referred_by: None,
        owner_id: None,
    };
    let prospect = prospects::create(conn, scope, &new).await?;
    let order = NewOrder {
        vehicle_model_id: models[index % models.len()],
        sale_type: SaleType::Retail,
        ordered_at: None,
        ordered_on: Some(delivered_on - Duration::days(30)),
    };
    let order = prospects::order(conn, scope, prospect.id, &order).await?;
    let delivery = Delivery {
        delivered_at: None,
        delivered_on: Some(delivered_on),
    };
    prospects::deliver(conn, scope, order.id, &delivery).await?;
    let ordered_at =
        crate::time::local_noon(chrono_tz::Asia::Shanghai, delivered_on - Duration::days(30));
    diesel::sql_query("UPDATE prospects SET created_at = $2 WHERE id = $1")
        .bind::<BigInt, _>(prospect.id)
        .bind::<Timestamptz, _>(ordered_at - Duration::days(10))
        .execute(conn)
        .await?;
    backdate_history(
        conn,
        prospect.id,
        ordered_at - Duration::days(10),
        ordered_at,
    )
    .await?;
    diesel::sql_query("UPDATE audit_entries SET at = $2 WHERE entity = 'order' AND entity_id = $1 AND action = 'update'")
        .bind::<BigInt, _>(order.id)
        .bind::<Timestamptz, _>(crate::time::local_noon(chrono_tz::Asia::Shanghai, delivered_on))
        .execute(conn)
        .await?;
    diesel::sql_query(
        "UPDATE loyalty_contacts SET status = $2, outcome = 'reached', note = '车况良好，客户满意', \
         completed_by = assignee_id, completed_at = (due_on + time '10:30') AT TIME ZONE 'Asia/Shanghai' \
         WHERE order_id = $1 AND due_on < $3",
    )
    .bind::<BigInt, _>(order.id)
    .bind::<diesel::sql_types::Text, _>(LoyaltyStatus::Done.as_str())
    .bind::<Date, _>(today)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a demo prospect's ownership and audit trail to when its story says things
/// happened: created at `created_at`, changed at `changed_at`.
async fn backdate_history(
    conn: &mut AsyncPgConnection,
    prospect_id: i64,
    created_at: chrono::DateTime<Utc>,
    changed_at: chrono::DateTime<Utc>,
) -> ApiResult<()> {
    use diesel::sql_types::{BigInt, Timestamptz};
    for statement in [
        "UPDATE prospect_owners SET from_at = $2 WHERE prospect_id = $1",
        "UPDATE audit_entries SET at = $2 WHERE entity = 'prospect' AND entity_id = $1 AND action = 'create'",
        "UPDATE audit_entries SET at = $3 WHERE (entity = 'prospect' AND entity_id = $1 AND action = 'update') \
           OR (entity = 'follow_up' AND entity_id IN (SELECT id FROM follow_ups WHERE prospect_id = $1)) \
           OR (entity = 'order' AND action = 'create' AND entity_id IN (SELECT id FROM orders WHERE prospect_id = $1))",
    ] {
        diesel::sql_query(statement)
            .bind::<BigInt, _>(prospect_id)
            .bind::<Timestamptz, _>(created_at)
            .bind::<Timestamptz, _>(changed_at)
            .execute(conn)
            .await?;
    }
    Ok(())
}

fn swap_title(title: &str) -> &'static str {
    if title == "先生" {
        "女士"
    } else {
        "先生"
    }
}
