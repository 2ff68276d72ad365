//! Demo data: one store with its catalogue and staff, loaded once into an empty database.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{NewStore, NewVisit};
use keyuan_shared::{Role, Source, VisitKind};

use crate::auth::hash_password_blocking;
use crate::error::ApiResult;
use crate::models::NewUserRow;
use crate::queries::{stores, users, vehicle_models, visits};
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
            if *role == Role::Receptionist {
                receptionist = Some(user.id);
            }
        }
        if demo == Demo::WithActivity {
            let models: Vec<i64> = vehicle_models::list(conn, Some(store.id))
                .await?
                .iter()
                .map(|m| m.id)
                .collect();
            let receptionist = receptionist.expect("the demo staff has a receptionist");
            load_demo_visits(conn, receptionist, store.id, &models).await?;
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
        };
        visits::create(conn, receptionist, store_id, &new, None).await?;
    }
    Ok(())
}
