//! Orders, and deliveries that create the loyalty schedule.

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use keyuan_shared::api::{Delivered, Delivery, NewOrder, Order};
use keyuan_shared::errors::Reason;
use keyuan_shared::prospects::{self as rules, ProspectEvent};
use keyuan_shared::{loyalty, Grade, LoyaltyStatus, LoyaltyStep};

use crate::audit;
use crate::error::{ApiError, ApiResult};
use crate::live;
use crate::models::{LoyaltyContactRow, OrderRow, ProspectRow};
use crate::queries::scope::{store_day, Scope};
use crate::queries::vehicle_models::check_model;
use crate::schema::{loyalty_contacts, orders, prospects};
use crate::time::local_date;

use super::{lock, lock_for, model_name, order_api, status_today, step, Locked};

/// `POST /prospects/{id}/orders`: the order, and grade O.
pub async fn order(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: i64,
    new: &NewOrder,
) -> ApiResult<Order> {
    conn.transaction(async |conn| {
        let Locked {
            day, old, status, ..
        } = lock_for(conn, scope, id, ProspectEvent::Order).await?;
        check_model(conn, scope.store_id, new.vehicle_model_id).await?;
        let ordered_at = day.at_or_on(
            new.ordered_at,
            new.ordered_on,
            if new.ordered_at.is_some() {
                "ordered_at"
            } else {
                "ordered_on"
            },
        )?;
        let row: OrderRow = diesel::insert_into(orders::table)
            .values((
                orders::store_id.eq(scope.store_id),
                orders::prospect_id.eq(id),
                orders::consultant_id.eq(old.owner_id),
                orders::vehicle_model_id.eq(new.vehicle_model_id),
                orders::sale_type.eq(new.sale_type),
                orders::ordered_at.eq(ordered_at),
            ))
            .returning(OrderRow::as_returning())
            .get_result(conn)
            .await?;
        let updated: ProspectRow = diesel::update(prospects::table.find(id))
            .set((
                prospects::status.eq(status),
                prospects::grade.eq(Grade::O),
                prospects::vehicle_model_id.eq(Some(new.vehicle_model_id)),
                prospects::next_follow_up_on.eq(Some(rules::next_follow_up(
                    &day.cadence,
                    Grade::O,
                    day.today,
                ))),
                prospects::last_contact_at.eq(Some(Utc::now())),
                prospects::updated_at.eq(diesel::dsl::now),
            ))
            .returning(ProspectRow::as_returning())
            .get_result(conn)
            .await?;
        audit::record(conn, scope.change("order", row.id, None, &row)).await?;
        audit::record(conn, scope.change("prospect", id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "order_created", Some(row.id)).await?;
        let model = model_name(conn, row.vehicle_model_id).await?;
        let created = order_api(row, model);
        Ok(created)
    })
    .await
}

/// `POST /orders/{id}/delivery`: the delivery date, the prospect won, and the 24 loyalty
/// contacts. Again with another date moves the contacts not yet done; nothing is doubled.
pub async fn deliver(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    order_id: i64,
    delivery: &Delivery,
) -> ApiResult<Delivered> {
    conn.transaction(async |conn| {
        let day = store_day(conn, scope.store_id).await?;
        let old: OrderRow = orders::table
            .filter(orders::store_id.eq(scope.store_id))
            .filter(orders::id.eq(order_id))
            .select(OrderRow::as_select())
            .for_update()
            .first(conn)
            .await
            .optional()?
            .ok_or_else(|| ApiError::not_found("order"))?;
        let prospect = lock(conn, scope, old.prospect_id)
            .await
            .map_err(|_| ApiError::not_found("order"))?;
        let field = if delivery.delivered_at.is_some() {
            "delivered_at"
        } else {
            "delivered_on"
        };
        let mut delivered_at = day.at_or_on(delivery.delivered_at, delivery.delivered_on, field)?;
        // delivered the day it was ordered: a date alone means "after the order"
        if delivery.delivered_on == Some(local_date(day.tz, old.ordered_at)) {
            delivered_at = delivered_at.max(old.ordered_at);
        }
        if delivered_at < old.ordered_at {
            return Err(ApiError::invalid(field, Reason::BeforeOrder));
        }
        // a first delivery wins the prospect; a later one only corrects the date
        let status = if old.delivered_at.is_some() {
            prospect.status
        } else {
            step(
                status_today(conn, &day, prospect.id).await?,
                true,
                ProspectEvent::Delivery,
            )?
        };
        let updated: OrderRow = diesel::update(orders::table.find(order_id))
            .set(orders::delivered_at.eq(Some(delivered_at)))
            .returning(OrderRow::as_returning())
            .get_result(conn)
            .await?;
        if status != prospect.status {
            let won: ProspectRow = diesel::update(prospects::table.find(prospect.id))
                .set((
                    prospects::status.eq(status),
                    prospects::next_follow_up_on.eq(None::<NaiveDate>),
                    prospects::last_contact_at.eq(Some(Utc::now())),
                    prospects::updated_at.eq(diesel::dsl::now),
                ))
                .returning(ProspectRow::as_returning())
                .get_result(conn)
                .await?;
            audit::record(
                conn,
                scope.change("prospect", prospect.id, Some(&prospect), &won),
            )
            .await?;
        }
        let delivered_on = local_date(day.tz, delivered_at);
        let schedule = loyalty::schedule(delivered_on);
        let rows: Vec<_> = schedule
            .iter()
            .map(|contact| {
                (
                    loyalty_contacts::store_id.eq(scope.store_id),
                    loyalty_contacts::order_id.eq(order_id),
                    loyalty_contacts::customer_id.eq(prospect.customer_id),
                    loyalty_contacts::assignee_id.eq(old.consultant_id),
                    loyalty_contacts::step.eq(contact.step),
                    loyalty_contacts::channel.eq(contact.channel),
                    loyalty_contacts::due_on.eq(contact.due_on),
                )
            })
            .collect();
        diesel::insert_into(loyalty_contacts::table)
            .values(rows)
            .on_conflict((loyalty_contacts::order_id, loyalty_contacts::step))
            .do_nothing()
            .execute(conn)
            .await?;
        // a corrected date moves the contacts still to be made; done ones stay as they were
        let existing: Vec<(LoyaltyStep, LoyaltyStatus, NaiveDate)> = loyalty_contacts::table
            .filter(loyalty_contacts::order_id.eq(order_id))
            .select((
                loyalty_contacts::step,
                loyalty_contacts::status,
                loyalty_contacts::due_on,
            ))
            .load(conn)
            .await?;
        for (step, due_on) in loyalty::reschedule(&existing, delivered_on) {
            diesel::update(
                loyalty_contacts::table
                    .filter(loyalty_contacts::order_id.eq(order_id))
                    .filter(loyalty_contacts::step.eq(step)),
            )
            .set(loyalty_contacts::due_on.eq(due_on))
            .execute(conn)
            .await?;
        }
        audit::record(conn, scope.change("order", order_id, Some(&old), &updated)).await?;
        live::notify(conn, scope.store_id, "order_delivered", Some(order_id)).await?;
        let contacts: Vec<LoyaltyContactRow> = loyalty_contacts::table
            .filter(loyalty_contacts::order_id.eq(order_id))
            .order((loyalty_contacts::due_on, loyalty_contacts::id))
            .select(LoyaltyContactRow::as_select())
            .load(conn)
            .await?;
        let model = model_name(conn, updated.vehicle_model_id).await?;
        Ok(Delivered {
            order: order_api(updated, model),
            loyalty_contacts: contacts.into_iter().map(Into::into).collect(),
        })
    })
    .await
}
