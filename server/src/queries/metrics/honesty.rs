//! The honesty report (诚信报告): the reception's log against the consultants' cards, the
//! entries logged in bursts, and the follow-ups pushed on without a contact. The rules
//! and their thresholds are `keyuan_shared::honesty`; which rows they read is here.
//!
//! Every read is of one store (`$1`) and of the store-local dates `$2` to `$3`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{
    Burst, BurstEntry, BurstKind, HonestyLine, HonestyReport, HonestyRules, PushedProspect,
};
use keyuan_shared::honesty::{
    bursts, pushes_without_contact, CardEvent, BURST, PUSHES_WITHOUT_CONTACT,
};
use keyuan_shared::metrics::DateRange;
use keyuan_shared::VisitKind;

use super::{in_range, range_params as params, Roster};
use crate::error::ApiResult;
use crate::queries::sql::query_with;

/// `GET /metrics/honesty`: one store's report over `range`.
pub async fn honesty(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<HonestyReport> {
    let roster = Roster::of(conn, store_id).await?;
    let walk_ins = walk_ins(conn, store_id, range).await?;
    let mut bursts = Vec::new();
    for kind in [BurstKind::FollowUps, BurstKind::LoyaltyContacts] {
        bursts.extend(entry_bursts(conn, store_id, range, kind, &roster).await?);
    }
    bursts.sort_by_key(|b| std::cmp::Reverse(b.from));
    let pushed = pushed(conn, store_id, range).await?;

    let others = walk_ins
        .keys()
        .copied()
        .chain(bursts.iter().map(|b| b.consultant_id))
        .chain(pushed.iter().map(|p| p.owner_id));
    let consultants = roster
        .lines(others)
        .into_iter()
        .map(|id| {
            let w = walk_ins.get(&id).copied().unwrap_or_default();
            HonestyLine {
                consultant_id: id,
                name: roster.name(id),
                walk_ins: w.walk_ins,
                captured: w.captured,
                followed_up_in_24h: w.followed_up,
                gap: w.walk_ins - w.followed_up,
                bursts: bursts.iter().filter(|b| b.consultant_id == id).count() as i64,
                pushed_prospects: pushed.iter().filter(|p| p.owner_id == id).count() as i64,
            }
        })
        .collect();
    Ok(HonestyReport {
        from: range.from,
        to: range.to,
        rules: HonestyRules {
            burst_entries: BURST.entries as i64,
            burst_minutes: BURST.within.num_minutes(),
            pushes: PUSHES_WITHOUT_CONTACT as i64,
        },
        consultants,
        bursts,
        pushed,
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct WalkIns {
    walk_ins: i64,
    captured: i64,
    followed_up: i64,
}

/// Per consultant: the walk-ins the log gave them, those with contact details, and those
/// whose card got a follow-up within 24 hours of the arrival.
async fn walk_ins(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<BTreeMap<i64, WalkIns>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        consultant_id: i64,
        #[diesel(sql_type = BigInt)]
        walk_ins: i64,
        #[diesel(sql_type = BigInt)]
        captured: i64,
        #[diesel(sql_type = BigInt)]
        followed_up: i64,
    }
    let sql = format!(
        "SELECT v.consultant_id, count(*) AS walk_ins, count(*) FILTER (WHERE v.captured) AS captured, \
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM follow_ups f WHERE f.prospect_id = v.prospect_id \
           AND f.at >= v.arrived_at AND f.at < v.arrived_at + interval '24 hours')) AS followed_up \
         FROM visits v JOIN stores s ON s.id = v.store_id \
         WHERE v.store_id = $1 AND v.kind = '{walk_in}' AND v.consultant_id IS NOT NULL AND {range} \
         GROUP BY v.consultant_id",
        walk_in = VisitKind::WalkIn.as_str(),
        range = in_range("v.arrived_at"),
    );
    let rows: Vec<Row> = query_with(sql, params(store_id, range)).load(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let counts = WalkIns {
                walk_ins: r.walk_ins,
                captured: r.captured,
                followed_up: r.followed_up,
            };
            (r.consultant_id, counts)
        })
        .collect())
}

/// The bursts in each person's follow-ups (by when they were logged) or completed
/// loyalty contacts.
async fn entry_bursts(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
    kind: BurstKind,
    roster: &Roster,
) -> ApiResult<Vec<Burst>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        id: i64,
        #[diesel(sql_type = BigInt)]
        person_id: i64,
        #[diesel(sql_type = Timestamptz)]
        at: DateTime<Utc>,
        #[diesel(sql_type = Nullable<BigInt>)]
        prospect_id: Option<i64>,
        #[diesel(sql_type = Text)]
        customer_name: String,
        #[diesel(sql_type = Text)]
        what: String,
        #[diesel(sql_type = Text)]
        note: String,
    }
    let sql = match kind {
        BurstKind::FollowUps => format!(
            "SELECT f.id, f.author_id AS person_id, f.at, f.prospect_id, c.name AS customer_name, \
             f.channel AS what, f.note FROM follow_ups f JOIN stores s ON s.id = f.store_id \
             JOIN prospects p ON p.id = f.prospect_id JOIN customers c ON c.id = p.customer_id \
             WHERE f.store_id = $1 AND {} ORDER BY f.author_id, f.at, f.id",
            in_range("f.at")
        ),
        BurstKind::LoyaltyContacts => format!(
            "SELECT l.id, l.completed_by AS person_id, l.completed_at AS at, NULL::bigint AS prospect_id, \
             c.name AS customer_name, l.step AS what, l.note FROM loyalty_contacts l \
             JOIN stores s ON s.id = l.store_id JOIN customers c ON c.id = l.customer_id \
             WHERE l.store_id = $1 AND l.completed_by IS NOT NULL AND {} \
             ORDER BY l.completed_by, l.completed_at, l.id",
            in_range("l.completed_at")
        ),
    };
    let rows: Vec<Row> = query_with(sql, params(store_id, range)).load(conn).await?;
    let mut found = Vec::new();
    for person in rows.chunk_by(|a, b| a.person_id == b.person_id) {
        let times: Vec<DateTime<Utc>> = person.iter().map(|r| r.at).collect();
        for burst in bursts(&times, BURST) {
            let entries: Vec<BurstEntry> = person[burst]
                .iter()
                .map(|r| BurstEntry {
                    id: r.id,
                    at: r.at,
                    prospect_id: r.prospect_id,
                    customer_name: r.customer_name.clone(),
                    what: r.what.clone(),
                    note: r.note.clone(),
                })
                .collect();
            found.push(Burst {
                consultant_id: person[0].person_id,
                name: roster.name(person[0].person_id),
                kind,
                from: entries[0].at,
                to: entries[entries.len() - 1].at,
                entries,
            });
        }
    }
    Ok(found)
}

/// Prospects whose next follow-up date was moved later [`PUSHES_WITHOUT_CONTACT`] times
/// or more with no contact between, read from the cards' audit trail: an update that
/// moves `last_contact_at` is a contact (a follow-up, a visit); one that only moves
/// `next_follow_up_on` later is a push.
async fn pushed(
    conn: &mut AsyncPgConnection,
    store_id: i64,
    range: DateRange,
) -> ApiResult<Vec<PushedProspect>> {
    #[derive(QueryableByName)]
    struct Change {
        #[diesel(sql_type = BigInt)]
        prospect_id: i64,
        #[diesel(sql_type = Bool)]
        contact: bool,
        #[diesel(sql_type = Bool)]
        pushed: bool,
    }
    let sql = format!(
        "SELECT a.entity_id AS prospect_id, \
         (a.new_values->>'last_contact_at') IS DISTINCT FROM (a.old_values->>'last_contact_at') AS contact, \
         coalesce((a.new_values->>'next_follow_up_on')::date > (a.old_values->>'next_follow_up_on')::date, false) AS pushed \
         FROM audit_entries a JOIN stores s ON s.id = a.store_id \
         WHERE a.store_id = $1 AND a.entity = 'prospect' AND a.action = 'update' AND {} \
         ORDER BY a.entity_id, a.at, a.id",
        in_range("a.at")
    );
    let changes: Vec<Change> = query_with(sql, params(store_id, range)).load(conn).await?;
    let mut flagged: BTreeMap<i64, i64> = BTreeMap::new();
    for card in changes.chunk_by(|a, b| a.prospect_id == b.prospect_id) {
        let events: Vec<CardEvent> = card
            .iter()
            .filter_map(|c| match (c.contact, c.pushed) {
                (true, _) => Some(CardEvent::Contact),
                (false, true) => Some(CardEvent::PushedOn),
                (false, false) => None,
            })
            .collect();
        let pushes = pushes_without_contact(&events);
        if pushes >= PUSHES_WITHOUT_CONTACT {
            flagged.insert(card[0].prospect_id, pushes as i64);
        }
    }
    if flagged.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(QueryableByName)]
    struct Card {
        #[diesel(sql_type = BigInt)]
        id: i64,
        #[diesel(sql_type = Text)]
        customer_name: String,
        #[diesel(sql_type = BigInt)]
        owner_id: i64,
        #[diesel(sql_type = Text)]
        owner_name: String,
        #[diesel(sql_type = Nullable<Date>)]
        next_follow_up_on: Option<NaiveDate>,
    }
    let ids: Vec<i64> = flagged.keys().copied().collect();
    let cards: Vec<Card> = diesel::sql_query(
        "SELECT p.id, c.name AS customer_name, p.owner_id, u.name AS owner_name, p.next_follow_up_on \
         FROM prospects p JOIN customers c ON c.id = p.customer_id JOIN users u ON u.id = p.owner_id \
         WHERE p.store_id = $1 AND p.id = ANY($2) ORDER BY p.id",
    )
    .bind::<BigInt, _>(store_id)
    .bind::<diesel::sql_types::Array<BigInt>, _>(&ids)
    .load(conn)
    .await?;
    Ok(cards
        .into_iter()
        .map(|c| PushedProspect {
            pushes: flagged[&c.id],
            prospect_id: c.id,
            customer_name: c.customer_name,
            owner_id: c.owner_id,
            owner_name: c.owner_name,
            next_follow_up_on: c.next_follow_up_on,
        })
        .collect())
}
